// Floating-point work per workload and this machine's peak for its instruction set, so that the benchmark
// can print each backend's GFLOP/s and its share of the limit.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Flops of the kernels' arithmetic: a loss-and-gradient pass is 4·n·d·k (scores 2·n·d·k, gradient the
 * same), a prediction pass 2·n·d·k. Softmax, the penalty and the updates are O(n·k + d·k): left out.
 * Zero pixels that the byte path skips are counted as done, so GFLOP/s reads as for dense arithmetic.
 */
export function workloadFlops(workload, { n, test, d, k }) {
  if (workload === 'predict10k' || workload === 'predict') return 2 * test * d * k;
  return 4 * n * d * k; // fullBatch(Epoch), miniBatchEpoch: every training row once
}

/**
 * The machine's float32 peak from /proc/cpuinfo: FMA lanes of its widest vector (AVX-512: 16; AVX2 with
 * FMA: 8; else SSE, 4 lanes of separate multiply and add, counted the same way) × 2 FMA units per core ×
 * 2 flops per FMA × the clock ('cpu MHz', the highest a core reports now: not the boost clock) × the
 * logical cores Node sees. Assumptions, said with the figure: two FMA units per core (true of Intel
 * since Haswell and of AMD Zen; Zen 4 runs a 512-bit FMA as two 256-bit halves, so there AVX-512's real
 * peak is the AVX2 figure), and logical cores that are whole cores (on a VM with SMT siblings, half).
 */
export function machinePeak() {
  let text = '';
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(text)?.[1] ?? '').split(/\s+/));
  const mhz = Math.max(...[...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1])), 0);
  if (!mhz) return null;
  const isa = flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') && flags.has('fma') ? 'AVX2+FMA' : 'SSE';
  const lanes = isa === 'AVX-512' ? 16 : isa === 'AVX2+FMA' ? 8 : 4;
  const cores = availableParallelism();
  const ghz = mhz / 1000;
  const gflops = lanes * 2 * 2 * ghz * cores;
  const perCore = lanes * 2 * 2 * ghz;
  return {
    isa,
    lanes,
    ghz,
    cores,
    gflops,
    perCoreGflops: perCore,
    assumption:
      `${isa}: ${lanes} float32 lanes × 2 FMA units × 2 flops × ${ghz.toFixed(2)} GHz (cpu MHz now, not boost) × ` +
      `${cores} cores = ${gflops.toFixed(0)} GFLOP/s` +
      (isa === 'AVX-512' && splitsWideFma(text)
        ? ' (this CPU, AMD Zen 4, runs a 512-bit FMA as two 256-bit halves: it has half of it)'
        : ''),
  };
}

/**
 * Whether the CPU runs 512-bit FMAs as two 256-bit halves: AMD family 25 (Zen 3 has no AVX-512, so Zen 4).
 * Zen 5 (family 26) and Intel's AVX-512 cores have full-width units.
 */
function splitsWideFma(cpuinfo) {
  const vendor = /^vendor_id\s*:\s*(\S+)/m.exec(cpuinfo)?.[1];
  const family = Number(/^cpu family\s*:\s*(\d+)/m.exec(cpuinfo)?.[1]);
  return vendor === 'AuthenticAMD' && family === 25;
}

/** GFLOP/s of a workload at its median time, and its share of the peak for the threads it used. */
export function rate(workload, medianMs, shape, backendName, peak) {
  const gflops = workloadFlops(workload, shape) / (medianMs * 1e6);
  const threads = Number(/×(\d+)$/.exec(backendName)?.[1] ?? 1);
  const limit = peak ? peak.perCoreGflops * Math.min(threads, peak.cores) : null;
  return { gflops, ofPeak: limit ? gflops / limit : null };
}
