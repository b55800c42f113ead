/**
 * `softmax serve` through the built CLI: the isolation headers, the page, the data and run folders
 * served read-only, every way out of them refused (raw and encoded `..`, NUL, a symlink pointing out),
 * and a port in use or a bad flag as one line and exit code 2.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startServe, type Served } from './startServe.js';

/** A GET (or other method) with the path sent exactly as written, not normalised by a URL parser. */
function get(
  base: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('latin1').on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('softmax serve', () => {
  let served: Served;
  let runs: string;
  let outside: string;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'softmax-serve-'));
    runs = join(root, 'runs');
    outside = join(root, 'secret');
    mkdirSync(join(runs, 'first'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'not for the web\n');
    writeFileSync(
      join(runs, 'first', 'history.json'),
      JSON.stringify([
        { epoch: 1, loss: 0.7, trainAccuracy: 0.75, testAccuracy: 0.8 },
        { epoch: 2, loss: 0.5, trainAccuracy: 0.82, testAccuracy: 0.83 },
      ]),
    );
    writeFileSync(
      join(runs, 'first', 'metrics.json'),
      JSON.stringify({ accuracy: 0.83, epochs: 2, backend: 'wasm' }),
    );
    symlinkSync(outside, join(runs, 'escape'));
    symlinkSync(join(outside, 'secret.txt'), join(runs, 'first', 'link.txt'));
    served = await startServe(['--runs', runs]);
  });

  afterAll(async () => {
    await served?.stop();
  });

  it('binds 127.0.0.1 and serves the page with the isolation headers', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await get(served.url, '/');
    expect(res.status).toBe(200);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Softmax classifier');
    const wasm = await get(served.url, '/kernels.wasm');
    expect(wasm.headers['content-type']).toBe('application/wasm');
  });

  it('serves the bundled data and the run folders, and lists the runs', async () => {
    const labels = await get(served.url, '/data/fashion-mnist/t10k-labels-idx1-ubyte.gz');
    expect(labels.status).toBe(200);
    expect(labels.body.charCodeAt(0)).toBe(0x1f);
    const history = await get(served.url, '/runs/first/history.json');
    expect(JSON.parse(history.body)).toHaveLength(2);
    const list = JSON.parse((await get(served.url, '/runs.json')).body) as {
      runs: { name: string; accuracy: number }[];
    };
    expect(list.runs.map((r) => [r.name, r.accuracy])).toEqual([['first', 0.83]]);
    expect((await get(served.url, '/runs/')).body).toContain('runs.js');
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/data/fashion-mnist/../../package.json',
    '/data/fashion-mnist/..%2f..%2fpackage.json',
    '/runs/..%5c..%5csecret/secret.txt',
    '/runs/first/%00history.json',
    '/runs/escape/secret.txt',
    '/runs/first/link.txt',
    '/data/LICENSE',
    '/runs/first',
    '/%ff',
  ])('refuses %s', async (path) => {
    const res = await get(served.url, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('not for the web');
    expect(res.body).not.toContain('"name": "softmax-classifier"');
  });

  it('is read-only', async () => {
    const res = await get(served.url, '/index.html', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('a port in use is one line and exit code 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const res = await runCli(['serve', '--port', String(port)], { timeoutMs: 20_000 });
    blocker.close();
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `softmax: --port: 127.0.0.1:${port} is in use (choose another port, or 0 for any free one)\n`,
    );
  });

  it.each([
    [['--port', 'http'], /--port: must be a whole number from 0 to 65535, got 'http'/],
    [['--port', '70000'], /--port: must be a whole number/],
    [['--runs', '/nonexistent/runs'], /--runs: not a folder: \/nonexistent\/runs/],
  ])('%j is one line and exit code 2', async (args, message) => {
    const res = await runCli(['serve', ...args], { timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
});
