import { workerData } from 'node:worker_threads';
import type { Backend } from '../kernels/backend.js';
import { createBackend } from '../node/backend.js';
import { serveJobs } from './jobServer.js';
import type { RunPlan } from './plan.js';
import { runPlan, type ExperimentData, type RunResult } from './runPlan.js';

/**
 * A sweep worker: trains the runs it is handed on the shared data, reporting each finished epoch.
 * Backends are created once per worker (per backend choice) and reused across its runs.
 */
const data = workerData as ExperimentData;
const backends = new Map<string, Promise<Backend>>();

serveJobs<RunPlan, RunResult, number>(async (plan, progress) => {
  const { backend, threads } = plan.options;
  const key = `${backend}/${threads}`;
  let b = backends.get(key);
  if (b === undefined) {
    b = createBackend({ backend, threads });
    backends.set(key, b);
  }
  return runPlan(plan, data, await b, progress);
});
