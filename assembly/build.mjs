#!/usr/bin/env node
// Builds build/kernels.wasm from assembly/ with AssemblyScript, unless it is newer than every source
// (and the asc compiler itself): `npm test` runs the build each time, and recompiling unchanged kernels
// cost it several seconds. `--force` always compiles.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'build', 'kernels.wasm');
const ascPackage = createRequire(import.meta.url).resolve('assemblyscript/package.json');
const sources = [
  ...readdirSync(here)
    .filter((f) => f.endsWith('.ts') || f.endsWith('.json'))
    .map((f) => join(here, f)),
  ascPackage,
];
const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
if (!process.argv.includes('--force') && existsSync(target) && statSync(target).mtimeMs >= newest) {
  process.exit(0);
}
const asc = join(dirname(ascPackage), 'bin', 'asc.js');
const r = spawnSync(process.execPath, [asc, '--config', join(here, 'asconfig.json'), '--target', 'release'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
