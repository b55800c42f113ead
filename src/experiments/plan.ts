import type { ClassifierOptions, SolverName } from '../model/options.js';
import { resolveSolver } from '../model/solvers/createSolver.js';
import { heldOutCount } from '../model/validationSplit.js';

/** A solver as it runs: 'auto' decided. */
export type ConcreteSolver = Exclude<SolverName, 'auto'>;

/**
 * One training run: the options (solver resolved; with `epochs` the last checkpoint) and the epoch counts
 * at which the model is scored while it trains. A run scored after 50 epochs is exactly a 50-epoch run
 * with the same seed, because the trajectory (initialisation, shuffles, learning-rate schedule) does not
 * depend on the total. No checkpoints: the run is scored once, at its end.
 */
export interface RunPlan {
  readonly id: number;
  readonly options: ClassifierOptions & { solver: ConcreteSolver };
  readonly checkpoints: readonly number[];
}

/**
 * Where a configuration's figures come from: run `run`, scored after `epochs` epochs, or at the end of
 * the run when `epochs` is null (lbfgs, whose length is iterations; early stopping, which keeps its best
 * weights only at the end).
 */
export interface Cell {
  readonly run: number;
  readonly epochs: number | null;
}

/** What `--solver auto` is decided on: the training images' labels (their count, and the early-stopping
 *  split's), the class count and the features per image. */
export interface TrainingShape {
  readonly labels: Uint8Array;
  readonly k: number;
  readonly d: number;
}

/**
 * The solver a configuration trains with on this data: `resolveSolver`'s rule on the rows `fit` trains on
 * (all of them, or those left after the early-stopping hold-out), so a planned run resolves 'auto' as a
 * `softmax train` of the same configuration does.
 */
export function solverFor(o: ClassifierOptions, shape: TrainingShape): ConcreteSolver {
  const n = shape.labels.length;
  const trained = o.earlyStopping ? n - heldOutCount(shape.labels, shape.k, o.validationFraction) : n;
  return resolveSolver(o.solver, trained, shape.d);
}

/** The steps a run takes at most: epochs (sgd, adam) or iterations (lbfgs), e.g. for a progress bar. */
export function plannedSteps(o: RunPlan['options']): number {
  return o.solver === 'lbfgs' ? o.maxIter : o.epochs;
}

/**
 * Groups configurations that differ only in their number of epochs into one run. For epoch-based solvers
 * (sgd, adam) without early stopping, the run is scored at each checkpoint: 50, 150, 250 and 350 epochs
 * cost 350 epochs, not 800. lbfgs ignores epochs (it runs up to maxIter iterations), so such
 * configurations are one and the same run, scored at its end; with early stopping each configuration is
 * its own run, scored at its end (the best weights are restored only then). Identical configurations
 * share a cell. Runs keep the order of their first configuration.
 */
export function planRuns(
  configs: readonly ClassifierOptions[],
  shape: TrainingShape,
): { runs: RunPlan[]; cells: Cell[] } {
  const byKey = new Map<
    string,
    { options: RunPlan['options']; checkpoints: Set<number>; atEnd: boolean; id: number }
  >();
  const cells: Cell[] = [];
  for (const config of configs) {
    const o = { ...config, solver: solverFor(config, shape) };
    const checkpointed = o.solver !== 'lbfgs' && !o.earlyStopping;
    const key = checkpointed || o.solver === 'lbfgs' ? runKey(o, 'epochs') : runKey(o);
    let group = byKey.get(key);
    if (group === undefined) {
      group = { options: o, checkpoints: new Set(), atEnd: !checkpointed, id: byKey.size };
      byKey.set(key, group);
    }
    if (checkpointed) group.checkpoints.add(o.epochs);
    cells.push({ run: group.id, epochs: checkpointed ? o.epochs : null });
  }
  const runs = [...byKey.values()].map(({ options, checkpoints, atEnd, id }) => {
    if (atEnd) return { id, options, checkpoints: [] };
    const sorted = [...checkpoints].sort((a, b) => a - b);
    return { id, options: { ...options, epochs: sorted[sorted.length - 1] }, checkpoints: sorted };
  });
  return { runs, cells };
}

/** The options but `without`, keys sorted, so equal options give equal keys whatever their order. */
function runKey(o: ClassifierOptions, without?: keyof ClassifierOptions): string {
  const rest: Record<string, unknown> = { ...o };
  if (without !== undefined) delete rest[without];
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
}
