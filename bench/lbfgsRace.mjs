// Issue 9's L-BFGS race inside `npm run bench -- --peers`: bench/lbfgs.mjs --peers in a fresh process
// (ours, scikit-learn's and torch.optim.LBFGS to within 1e-5 of the Fashion-MNIST optimum 0.379477),
// its lines printed as they are, its JSON returned for bench/results.json.
// --lbfgs-limit N (with --lbfgs-target T) runs it on the first N training images, for a quick check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export function runLbfgsRace(log, argv = process.argv) {
  const pass = [];
  for (const [from, to] of [
    ['--lbfgs-limit', '--limit'],
    ['--lbfgs-target', '--target'],
    ['--lbfgs-max-seconds', '--max-seconds'],
  ]) {
    const i = argv.indexOf(from);
    if (i >= 0 && i + 1 < argv.length) pass.push(to, argv[i + 1]);
  }
  const dir = mkdtempSync(join(tmpdir(), 'softmax-lbfgs-'));
  const out = join(dir, 'lbfgs.json');
  log('L-BFGS race: running bench/lbfgs.mjs --peers (ours, scikit-learn, PyTorch) ...');
  try {
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('lbfgs.mjs', import.meta.url)), '--peers', ...pass, '--out', out],
      { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    process.stdout.write(r.stdout ?? '');
    if (r.status !== 0) {
      log(`L-BFGS race: failed (exit ${r.status})`);
      return null;
    }
    // The per-iteration trace stays out of bench/results.json: the summary and the ratio are what it keeps.
    const summary = JSON.parse(readFileSync(out, 'utf8'));
    delete summary.trace;
    return summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
