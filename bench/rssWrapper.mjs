// Runs the `softmax` command line in this process and, on exit, writes the process's peak resident
// memory (kB) to the file named by SOFTMAX_BENCH_RSS: how the benchmark measures a whole command.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  if (process.env.SOFTMAX_BENCH_RSS)
    writeFileSync(process.env.SOFTMAX_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
await import('../dist/bin/softmax.js');
