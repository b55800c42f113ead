import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The run folder: --out DIR, or runs/<timestamp>/ (with a suffix if two runs start in one second). */
export function makeRunDir(out: string | undefined, root = 'runs'): string {
  if (out !== undefined) {
    const dir = resolve(out);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  let dir = resolve(root, stamp);
  for (let i = 2; existsSync(dir); i++) dir = resolve(root, `${stamp}-${i}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const RUN_FILES = {
  model: 'model.json',
  metrics: 'metrics.json',
  history: 'history.json',
  report: 'report.html',
} as const;

export function runFile(dir: string, name: keyof typeof RUN_FILES): string {
  return join(dir, RUN_FILES[name]);
}
