import { availableParallelism } from 'node:os';
import type { Backend } from '../kernels/backend.js';
import { MAX_THREADS_PER_CORE, type BackendName } from '../kernels/select.js';
import { backendKind, createBackend } from '../node/backend.js';
import type { RunPlan } from './plan.js';
import { runPool } from './pool.js';
import { runPlan, type ExperimentData, type RunResult } from './runPlan.js';
import { shareData } from './sharedData.js';

/** The default for --jobs: one worker per core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** Jobs beyond a few per core only add memory (each holds a model and a thread): larger requests are capped. */
export function capJobs(jobs: number): number {
  return Math.min(jobs, MAX_THREADS_PER_CORE * Math.max(1, availableParallelism()));
}

export interface ExecuteOptions {
  /** Runs in parallel: 1 trains on this thread, more start worker threads. */
  jobs: number;
  /** The worker script; the compiled sweepWorker.js next to this module by default. */
  workerUrl?: URL;
  onEpoch?: (run: number, epoch: number) => void;
  onRunDone?: (run: number) => void;
}

/**
 * Trains every planned run and returns their results in plan order. With one job they run here, one
 * after another; with more, on worker threads, longest first. Each run is self-contained (own seed,
 * own model, same data), so the results are identical whatever the number of jobs.
 */
export async function executeRuns(
  runs: readonly RunPlan[],
  data: ExperimentData,
  o: ExecuteOptions,
): Promise<RunResult[]> {
  const jobs = capJobs(o.jobs);
  if (jobs <= 1 || runs.length <= 1) return executeHere(runs, data, o);
  const order = runs
    .map((_, i) => i)
    .sort((a, b) => runs[b].options.epochs - runs[a].options.epochs || a - b);
  return runPool<RunPlan, RunResult, number>({
    script: o.workerUrl ?? new URL('./sweepWorker.js', import.meta.url),
    workerData: shareData(data),
    threads: jobs,
    jobs: await pinBackends(runs),
    order,
    onProgress: (i, epoch) => o.onEpoch?.(i, epoch),
    onDone: (i) => o.onRunDone?.(i),
  });
}

/**
 * Decides 'auto' once, on this thread, and hands workers the concrete backend: every run then trains on
 * the backend a one-job sweep would use, and a worker that cannot load it fails loudly instead of
 * quietly falling back to another backend with other rounding.
 */
async function pinBackends(runs: readonly RunPlan[]): Promise<RunPlan[]> {
  const chosen = new Map<number, BackendName>();
  const pinned: RunPlan[] = [];
  for (const r of runs) {
    const { backend, threads } = r.options;
    if (backend !== 'auto') {
      pinned.push(r);
      continue;
    }
    let name = chosen.get(threads);
    if (name === undefined) {
      const b = await createBackend({ backend, threads });
      name = backendKind(b.name);
      b.dispose();
      chosen.set(threads, name);
    }
    pinned.push({ ...r, options: { ...r.options, backend: name } });
  }
  return pinned;
}

async function executeHere(
  runs: readonly RunPlan[],
  data: ExperimentData,
  o: ExecuteOptions,
): Promise<RunResult[]> {
  const backends = new Map<string, Backend>();
  try {
    const results: RunResult[] = [];
    for (const [i, plan] of runs.entries()) {
      const { backend, threads } = plan.options;
      const key = `${backend}/${threads}`;
      let b = backends.get(key);
      if (b === undefined) {
        b = await createBackend({ backend, threads });
        backends.set(key, b);
      }
      results.push(await runPlan(plan, data, b, (epoch) => o.onEpoch?.(i, epoch)));
      o.onRunDone?.(i);
    }
    return results;
  } finally {
    for (const b of backends.values()) b.dispose();
  }
}
