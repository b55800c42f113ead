import cliProgress from 'cli-progress';
import { plannedSteps, type RunPlan } from './plan.js';

/** One progress display for a whole experiment: every epoch (L-BFGS iteration) of every run, whichever
 *  worker trains it. */
export interface ExperimentProgress {
  epoch(run: number, epoch: number): void;
  /** A run ended (perhaps early, by diverging): its remaining epochs count as done. */
  runDone(run: number): void;
  stop(): void;
}

/**
 * A bar on stderr over the total number of epochs (iterations) the runs will train at most, with runs finished and time
 * left. Drawn only when stderr is a terminal: pipes, logs and CI get nothing.
 */
export function experimentProgress(
  runs: readonly RunPlan[],
  enabled: boolean,
  label = 'sweep',
): ExperimentProgress {
  if (!enabled || !process.stderr.isTTY) return { epoch() {}, runDone() {}, stop() {} };
  const planned = runs.map((r) => plannedSteps(r.options));
  const doneEpochs = runs.map(() => 0);
  const total = planned.reduce((a, b) => a + b, 0);
  let value = 0;
  let runsDone = 0;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | epoch {value}/{total} | runs {runsDone}/{runs} | {duration_formatted} elapsed, ~{eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { runsDone: 0, runs: runs.length });
  return {
    epoch(run) {
      doneEpochs[run]++;
      bar.update(++value, { runsDone });
    },
    runDone(run) {
      value += planned[run] - doneEpochs[run];
      doneEpochs[run] = planned[run];
      bar.update(value, { runsDone: ++runsDone });
    },
    stop() {
      bar.stop();
    },
  };
}
