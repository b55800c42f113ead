import type { EpochDone } from '../../kernels/backend.js';
import type { Params } from '../../kernels/types.js';
import type { ObjectiveSpec } from '../objective.js';
import type { Solver } from './solver.js';

/** What a fused epoch needs of the objective: the objective's own spec. */
export type FusedObjective = ObjectiveSpec;

/** One epoch's per-step losses and correct counts, reused from epoch to epoch. */
export interface FusedSteps {
  losses: Float64Array;
  correct: Float64Array;
}

/** Whether this solver's epochs can run in this backend's kernels. */
export function canFuse(objective: FusedObjective, solver: Solver): boolean {
  return (
    solver.batching === 'mini-batch' &&
    objective.backend.trainEpoch !== undefined &&
    solver.updateRule !== undefined &&
    solver.tookSteps !== undefined
  );
}

/**
 * A whole mini-batch epoch in the backend's kernels (Backend.trainEpoch): the batches of `batch` rows of
 * index[0 .. count) (index null: all rows in order), each an evaluation of the objective and the solver's
 * update, with no JavaScript between steps. Returns what the kernels did (steps may stop short of the
 * epoch's end on divergence, as model/train.ts's loop does); steps' losses and correct counts go to out.
 */
export function runFusedEpoch(
  objective: FusedObjective,
  solver: Solver,
  params: Params,
  index: Int32Array | null,
  count: number,
  batch: number,
  lr: number,
  divergenceFactor: number,
  firstLoss: number,
  out: FusedSteps,
): EpochDone {
  const { backend } = objective;
  if (!backend.trainEpoch || !solver.updateRule || !solver.tookSteps)
    throw new Error(`fused epoch: ${backend.name} or ${solver.name} cannot run one`);
  const done = backend.trainEpoch({
    data: objective.data,
    labels: objective.labels,
    weights: objective.weights ?? null,
    index,
    count,
    batch,
    params,
    link: objective.link,
    lambda: objective.weightDecay,
    columns: objective.columns,
    rule: solver.updateRule(lr),
    divergenceFactor,
    firstLoss,
    losses: out.losses,
    correct: out.correct,
  });
  solver.tookSteps(done.steps, done.t);
  return done;
}

/** Room for an epoch of count rows in batches of batch. */
export function fusedSteps(count: number, batch: number): FusedSteps {
  const steps = Math.ceil(count / batch);
  return { losses: new Float64Array(steps), correct: new Float64Array(steps) };
}
