import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { listRuns } from './runList.js';

export interface ServeOptions {
  /** The built page (dist/web). */
  webDir: string;
  /** The bundled data set's folder, served at /data/fashion-mnist/. */
  dataDir: string;
  /** Run folders, served read-only at /runs/ and listed at /runs.json. */
  runsDir?: string;
}

/**
 * Sent with everything: cross-origin isolation (COOP + COEP, so the page may share memory between its
 * workers), same-origin resources only, no MIME sniffing, and no caching of files that change per build.
 */
const HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page's HTTP server: the built page at /, the data at /data/fashion-mnist/, run folders at /runs/
 * (and their list at /runs.json), GET and HEAD only, nothing writable. A request for anything outside
 * those folders is refused: `..` segments (raw or percent-encoded), NUL bytes, backslashes, and paths
 * whose real location (symlinks resolved) leaves the folder all get 404, without saying why.
 */
export function createPageServer(opts: ServeOptions): Server {
  const roots = {
    web: realpathSync(opts.webDir),
    data: realpathSync(opts.dataDir),
    runs: opts.runsDir === undefined ? null : realpathSync(opts.runsDir),
  };
  return createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    }
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    const segments = pathSegments(req.url ?? '/');
    if (segments === null) return send(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
    const [first, ...rest] = segments;
    if (first === 'runs.json') {
      if (roots.runs === null || rest.length > 0) return notFound(res);
      return send(
        res,
        200,
        TYPES['.json'],
        JSON.stringify({ runs: listRuns(roots.runs) }),
        req.method === 'HEAD',
      );
    }
    // Browsers ask for /favicon.ico for pages that name no icon (a run's report.html): nothing, not a 404.
    if (first === 'favicon.ico' && rest.length === 0) {
      res.writeHead(204, HEADERS);
      res.end();
      return;
    }
    if (first === 'runs' && (rest.length === 0 || (rest.length === 1 && rest[0] === ''))) {
      return roots.runs === null ? notFound(res) : serveFile(req, res, roots.web, ['runs.html']);
    }
    if (first === 'runs') return roots.runs === null ? notFound(res) : serveFile(req, res, roots.runs, rest);
    if (first === 'data' && rest[0] === 'fashion-mnist')
      return serveFile(req, res, roots.data, rest.slice(1));
    if (segments.length === 1 && first === '') return serveFile(req, res, roots.web, ['index.html']);
    return serveFile(req, res, roots.web, segments);
  }
}

/**
 * The URL's path as decoded segments, or null when it could step outside a folder or is malformed:
 * a `.` or `..` segment (however encoded), an encoded slash or backslash, or a NUL byte.
 */
export function pathSegments(url: string): string[] | null {
  const raw = url.split('?')[0].split('#')[0];
  if (!raw.startsWith('/')) return null;
  const out: string[] = [];
  for (const part of raw.slice(1).split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (s === '.' || s === '..' || /[\\/\0]/.test(s)) return null;
    out.push(s);
  }
  return out;
}

function serveFile(req: IncomingMessage, res: ServerResponse, root: string, segments: string[]): void {
  if (segments.length === 0 || segments.some((s) => s === '')) return notFound(res);
  let real: string;
  try {
    real = realpathSync(join(root, ...segments));
  } catch {
    return notFound(res);
  }
  // A symlink may point anywhere: only what really lies inside the root is served.
  if (!real.startsWith(root + sep)) return notFound(res);
  const stat = statSync(real);
  if (!stat.isFile()) return notFound(res);
  // no-cache means "ask first": the tag lets the answer be 304, so the training worker's import of the
  // chunk the page has just loaded costs no second download.
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const type = TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...HEADERS, ETag: etag });
    res.end();
    return;
  }
  res.writeHead(200, {
    ...HEADERS,
    'Content-Type': type,
    'Content-Length': String(stat.size),
    ETag: etag,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(real)
    .on('error', () => res.destroy())
    .pipe(res);
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, {
    ...HEADERS,
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(headOnly ? undefined : body);
}
