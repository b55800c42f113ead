import { featureCount } from '../data/features.js';
import { OPTION_KEYS, flagOf, specOf, type ClassifierOptions } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { executeRuns } from './execute.js';
import { expandGrid } from './grid.js';
import type { Axis, OptionKey, OptionValue } from './gridFlags.js';
import { planRuns, type ConcreteSolver, type RunPlan, type TrainingShape } from './plan.js';
import { experimentProgress } from './progress.js';
import {
  unscored,
  type CheckpointResult,
  type CurvePoint,
  type ExperimentData,
  type RunResult,
} from './runPlan.js';

/** One combination of the grid and its figures (accuracies 0..1, as `softmax train --json`). */
export interface SweepRow extends CheckpointResult {
  /** 1-based, in grid order. */
  row: number;
  /** Index into the report's runs: rows of one run differ only in epochs. */
  run: number;
  /** The solver that trained it ('auto' resolved on the training data). */
  solver: ConcreteSolver;
  /** The swept options' values for this row, by option name. */
  swept: Partial<Record<OptionKey, OptionValue>>;
  options: ClassifierOptions;
  status: 'ok' | 'diverged';
  /** The epoch (iteration) at which the run diverged, if it did at or before this row's epochs. */
  divergedAtEpoch: number | null;
}

/** A run as trained: its options, checkpoints and per-epoch curve (for plots in a report). */
export interface SweepRun {
  id: number;
  /** The options it trained with, 'auto' resolved. */
  options: ClassifierOptions;
  /** Epochs at which it was scored while training; empty: scored at its end (lbfgs, early stopping). */
  checkpoints: readonly number[];
  backend: string;
  trainSeconds: number;
  diverged: RunResult['diverged'];
  history: CurvePoint[];
}

export interface SweepReport {
  axes: { key: OptionKey; flag: string; values: readonly OptionValue[] }[];
  /** The options every row shares (epochs included when not swept). */
  fixed: Partial<ClassifierOptions>;
  combinations: number;
  /** Images scored at each checkpoint (the test set or the validation split). */
  evalCount: number;
  jobs: number;
  /** Wall-clock time of the whole sweep. */
  seconds: number;
  rows: SweepRow[];
  runs: SweepRun[];
}

export interface SweepSpec {
  base: Partial<ClassifierOptions>;
  axes: readonly Axis[];
  data: ExperimentData;
  jobs: number;
  progress: boolean;
  workerUrl?: URL;
}

/** Expands the grid, trains each distinct run once (in parallel with jobs > 1) and tabulates every combination. */
export async function runSweep(spec: SweepSpec): Promise<SweepReport> {
  const t0 = performance.now();
  const configs = expandGrid(spec.base, spec.axes);
  const { runs, cells } = planRuns(configs, trainingShape(spec.data));
  const results = await trainWithProgress(runs, spec.data, spec.jobs, spec.progress, 'sweep', spec.workerUrl);
  const swept = new Set(spec.axes.map((a) => a.key));
  const fixed = sharedOptions(resolveOptions(spec.base, flagOf), configs, swept);
  return {
    axes: spec.axes.map((a) => ({ key: a.key, flag: flagOf(a.key), values: a.values })),
    fixed,
    combinations: configs.length,
    evalCount: spec.data.evalSet.n,
    jobs: Math.min(spec.jobs, runs.length),
    seconds: (performance.now() - t0) / 1000,
    rows: configs.map((options, i) => {
      const cell = cells[i];
      const result = results[cell.run];
      const checkpoint = checkpointOf(result, cell.epochs);
      const dv = result.diverged;
      const diverged = dv !== null && (cell.epochs === null || dv.epoch <= cell.epochs);
      return {
        row: i + 1,
        run: cell.run,
        solver: result.solver,
        swept: Object.fromEntries([...swept].map((k) => [k, options[k]])),
        options,
        ...checkpoint,
        status: diverged ? 'diverged' : 'ok',
        divergedAtEpoch: diverged ? dv.epoch : null,
      };
    }),
    runs: runs.map((r, i) => toSweepRun(r, results[i])),
  };
}

/**
 * The options every configuration shares: those of `base` less the swept ones and any that still differ
 * between rows, as a default that follows a swept option does (the learning rate when --solver sweeps
 * sgd,adam).
 */
export function sharedOptions(
  base: ClassifierOptions,
  configs: readonly ClassifierOptions[],
  swept: ReadonlySet<OptionKey>,
): Partial<ClassifierOptions> {
  const fixed: Partial<ClassifierOptions> = { ...base };
  for (const k of OPTION_KEYS) {
    const same = configs.every((c) => specOf(k).format(c[k]) === specOf(k).format(base[k]));
    if (swept.has(k) || !same) delete fixed[k];
  }
  return fixed;
}

/** What planRuns decides 'auto' on: the training labels, the class count and the features per image. */
export function trainingShape(data: ExperimentData): TrainingShape {
  return { labels: data.train.labels, k: data.classNames.length, d: featureCount(data.train) };
}

/** A cell's figures: at its checkpoint, or at the end of the run (null: unscored if it diverged). */
export function checkpointOf(result: RunResult, epochs: number | null): CheckpointResult {
  if (epochs !== null) return result.checkpoints.find((c) => c.epochs === epochs) as CheckpointResult;
  return result.final ?? unscored(null);
}

/** A plan and its result, as stored in sweep.json and reproduce.json. */
export function toSweepRun(plan: RunPlan, result: RunResult): SweepRun {
  const { backend, trainSeconds, diverged, history } = result;
  return {
    id: plan.id,
    options: plan.options,
    checkpoints: plan.checkpoints,
    backend,
    trainSeconds,
    diverged,
    history,
  };
}

/** Trains the runs with one progress display over all of them. */
export async function trainWithProgress(
  runs: readonly RunPlan[],
  data: ExperimentData,
  jobs: number,
  progress: boolean,
  label: string,
  workerUrl?: URL,
): Promise<RunResult[]> {
  const bar = experimentProgress(runs, progress, label);
  try {
    return await executeRuns(runs, data, {
      jobs,
      workerUrl,
      onEpoch: (run, epoch) => bar.epoch(run, epoch),
      onRunDone: (run) => bar.runDone(run),
    });
  } finally {
    bar.stop();
  }
}
