import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/cli.js';

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built `softmax serve` with `args` (asynchronously), on a free port unless args say one, and
 * resolves with the URL it prints. Rejects with its stderr if it exits first.
 */
export function startServe(args: string[] = [], timeoutMs = 20_000): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`softmax serve did not print its URL in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const m = /softmax serve: (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`softmax serve exited (${code}) before printing its URL: ${stderr}`));
    });
  });
}
