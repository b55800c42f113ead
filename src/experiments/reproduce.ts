import { ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import type { ClassifierOptions } from '../model/options.js';
import { percent } from './format.js';
import { planRuns } from './plan.js';
import { describeRecipe, PUBLISHED_TABLE1, PUBLISHED_TABLE2, TOLERANCE_POINTS } from './recipe.js';
import type { CheckpointResult, ExperimentData } from './runPlan.js';
import { checkpointOf, toSweepRun, trainingShape, trainWithProgress, type SweepRun } from './sweep.js';

export interface Table1Row {
  epochs: number;
  /** Ours, in percent, on the first 2,000 test images; null if the run diverged first. */
  accuracy: number | null;
  published: number;
  /** Ours minus published, in percentage points. */
  difference: number | null;
}

export interface Table2Row {
  lr: number;
  accuracy: number | null;
  published: number;
  difference: number | null;
}

/** Softmax against one-vs-rest, same recipe and data, after the final epoch. Accuracies in percent. */
export interface StrategyFigures {
  accuracyFirst2000: number | null;
  accuracy: number | null;
  trainSeconds: number | null;
}

export interface ReproduceReport {
  table1: Table1Row[];
  table2: Table2Row[];
  recipe: {
    description: string[];
    options: ClassifierOptions;
    trainCount: number;
    testCount: number;
    scoredTestCount: number;
    learningRates: number[];
    checkpoints: number[];
    /** 1 for the real recipe; less only under the hidden test flag --epochs-scale. */
    epochsScale: number;
  };
  comparison: {
    learningRate: number;
    epochs: number;
    testCount: number;
    softmax: StrategyFigures;
    ovr: StrategyFigures;
  };
  checks: {
    table1RisesWithEpochs: boolean;
    table2FallsWithLearningRate: boolean;
    tolerance: number;
    largestGap: number | null;
    allWithinTolerance: boolean;
  };
  backend: string;
  jobs: number;
  seconds: number;
  runs: SweepRun[];
}

export interface ReproduceSpec {
  /** The original recipe (epochs = Table 2's 350, learning rate = Table 1's 0.1). */
  options: ClassifierOptions;
  epochsScale: number;
  data: ExperimentData;
  jobs: number;
  progress: boolean;
  workerUrl?: URL;
}

/** A published epoch count under --epochs-scale (never below one epoch). */
export function scaleEpochs(epochs: number, scale: number): number {
  return Math.max(1, Math.round(epochs * scale));
}

/**
 * Runs both tables and the one-vs-rest comparison as five runs: softmax at learning rate 0.1, scored at
 * 50, 150, 250 and 350 epochs, serves Table 1, Table 2's second row and the comparison; 0.8, 0.01,
 * 0.001 and one-vs-rest at 0.1 run 350 epochs each.
 */
export async function runReproduce(spec: ReproduceSpec): Promise<ReproduceReport> {
  const t0 = performance.now();
  const o = spec.options;
  const finalEpochs = scaleEpochs(PUBLISHED_TABLE2.epochs, spec.epochsScale);
  const at = (lr: number, epochs: number, strategy: ClassifierOptions['strategy'] = o.strategy) => ({
    ...o,
    learningRate: lr,
    epochs,
    strategy,
  });
  const t1 = PUBLISHED_TABLE1.rows.map((r) =>
    at(PUBLISHED_TABLE1.learningRate, scaleEpochs(r.epochs, spec.epochsScale)),
  );
  const t2 = PUBLISHED_TABLE2.rows.map((r) => at(r.lr, finalEpochs));
  const softmax = at(PUBLISHED_TABLE1.learningRate, finalEpochs, 'softmax');
  const ovr = at(PUBLISHED_TABLE1.learningRate, finalEpochs, 'ovr');
  // The two strategies come first so that, with two or more jobs, they train side by side under the
  // same load and their training times compare fairly.
  const configs = [softmax, ovr, ...t1, ...t2];
  const { runs, cells } = planRuns(configs, trainingShape(spec.data));
  const results = await trainWithProgress(
    runs,
    spec.data,
    spec.jobs,
    spec.progress,
    'reproduce',
    spec.workerUrl,
  );

  const figures = (config: ClassifierOptions): CheckpointResult => {
    const cell = cells[configs.indexOf(config)];
    return checkpointOf(results[cell.run], cell.epochs);
  };
  const share = (x: number | null): number | null => (x === null ? null : percent(x));
  const versus = (accuracy: number | null, published: number) => ({
    accuracy,
    published,
    difference: accuracy === null ? null : Math.round((accuracy - published) * 100) / 100,
  });
  const table1 = PUBLISHED_TABLE1.rows.map((r, i) => ({
    epochs: t1[i].epochs,
    ...versus(share(figures(t1[i]).accuracyFirst2000), r.accuracy),
  }));
  const table2 = PUBLISHED_TABLE2.rows.map((r, i) => ({
    lr: r.lr,
    ...versus(share(figures(t2[i]).accuracyFirst2000), r.accuracy),
  }));
  const strategy = (config: ClassifierOptions): StrategyFigures => {
    const c = figures(config);
    return {
      accuracyFirst2000: share(c.accuracyFirst2000),
      accuracy: share(c.accuracy),
      trainSeconds: c.trainSeconds,
    };
  };
  const gaps = [...table1, ...table2].map((r) => r.difference);
  const largestGap = gaps.some((g) => g === null)
    ? null
    : Math.max(...gaps.map((g) => Math.abs(g as number)));

  return {
    table1,
    table2,
    recipe: {
      description: describeRecipe(o, spec.data.train.n, spec.data.evalSet.n),
      options: { ...o, epochs: finalEpochs },
      trainCount: spec.data.train.n,
      testCount: spec.data.evalSet.n,
      scoredTestCount: Math.min(ORIGINAL_TEST_COUNT, spec.data.evalSet.n),
      learningRates: PUBLISHED_TABLE2.rows.map((r) => r.lr),
      checkpoints: t1.map((c) => c.epochs),
      epochsScale: spec.epochsScale,
    },
    comparison: {
      learningRate: PUBLISHED_TABLE1.learningRate,
      epochs: finalEpochs,
      testCount: spec.data.evalSet.n,
      softmax: strategy(softmax),
      ovr: strategy(ovr),
    },
    checks: {
      table1RisesWithEpochs: monotone(
        table1.map((r) => r.accuracy),
        1,
      ),
      table2FallsWithLearningRate: monotone(
        table2.map((r) => r.accuracy),
        -1,
      ),
      tolerance: TOLERANCE_POINTS,
      largestGap,
      allWithinTolerance: largestGap !== null && largestGap <= TOLERANCE_POINTS,
    },
    backend: results[0]?.backend ?? '',
    jobs: Math.min(spec.jobs, runs.length),
    seconds: (performance.now() - t0) / 1000,
    runs: runs.map((r, i) => toSweepRun(r, results[i])),
  };
}

/** Whether the figures never go down (direction 1) or never go up (−1); false if any is missing. */
function monotone(xs: (number | null)[], direction: 1 | -1): boolean {
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1];
    const b = xs[i];
    if (a === null || b === null || direction * (b - a) < 0) return false;
  }
  return xs.every((x) => x !== null);
}
