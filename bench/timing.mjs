// Timing helpers for the benchmark: wall-clock runs after a warm-up, summarised as median/min/max.
import { performance } from 'node:perf_hooks';

/**
 * Runs fn once to warm up (JIT, and for the WebAssembly backends the one-time copy and encoding of the
 * data), then `runs` more times. Returns every time in milliseconds, the warm-up's separately.
 */
export function timeRuns(fn, runs) {
  let t = performance.now();
  fn();
  const firstMs = performance.now() - t;
  const times = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { firstMs: round(firstMs), ...summarise(times) };
}

export function summarise(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    medianMs: round(median),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
    runsMs: times.map(round),
  };
}

function round(ms) {
  return Math.round(ms * 100) / 100;
}
