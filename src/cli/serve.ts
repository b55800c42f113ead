import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { BUNDLED_DATA_DIR } from '../node/bundledData.js';
import { InputError } from '../util/errors.js';

/** The built page: dist/web beside dist/cli (npm run build writes it). */
const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url));

interface ServeFlags {
  port: string;
  host: string;
  runs?: string;
  open?: boolean;
}

export const DEFAULT_PORT = 8321;

/**
 * `softmax serve`: the web page, with the headers that let it share memory between its workers, the
 * bundled data and (with --runs) run folders, read-only, on 127.0.0.1 unless --host says otherwise.
 * Runs until Ctrl-C. A port in use, a bad port or a missing folder is one line and exit code 2.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the web page (train, watch and try the classifier in a browser) and run folders')
    .option('--port <n>', 'TCP port; 0 picks a free one', String(DEFAULT_PORT))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--runs <dir>', 'a folder of run folders to list, open and compare, read-only')
    .option('--open', 'open the page in the default browser')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) {
        throw new InputError(`--port: must be a whole number from 0 to 65535, got '${flags.port}'`);
      }
      if (flags.runs !== undefined && !isDir(flags.runs)) {
        throw new InputError(`--runs: not a folder: ${flags.runs}`);
      }
      if (!existsSync(`${WEB_DIR}/index.html`)) {
        throw new InputError(`the page is not built: ${WEB_DIR} has no index.html (run npm run build)`);
      }
      // Loaded once the flags are valid: the run list reads run folders with zod.
      const { createPageServer } = await import('../node/server.js');
      const server = createPageServer({ webDir: WEB_DIR, dataDir: BUNDLED_DATA_DIR, runsDir: flags.runs });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => {
          const where = `${flags.host}:${port}`;
          if (err.code === 'EADDRINUSE')
            reject(new InputError(`--port: ${where} is in use (choose another port, or 0 for any free one)`));
          else if (err.code === 'EACCES') reject(new InputError(`--port: not allowed to listen on ${where}`));
          else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
            reject(new InputError(`--host: cannot listen on '${flags.host}' (${err.code})`));
          else reject(err);
        });
        server.listen(port, flags.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `http://${host}:${address.port}/`;
      process.stdout.write(`softmax serve: ${url}\n`);
      if (flags.runs !== undefined) process.stdout.write(`runs from ${flags.runs}: ${url}runs/\n`);
      process.stdout.write('Ctrl-C stops it.\n');
      if (flags.open) openBrowser(url);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          server.close();
          server.closeAllConnections();
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The platform's opener, detached; if there is none, the printed URL is enough. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () =>
      process.stderr.write(`softmax serve: could not start ${cmd}; open ${url} yourself\n`),
    );
    child.unref();
  } catch {
    process.stderr.write(`softmax serve: open ${url} yourself\n`);
  }
}
