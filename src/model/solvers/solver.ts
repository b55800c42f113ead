import type { UpdateRule } from '../../kernels/backend.js';
import type { GradOut, Params } from '../../kernels/types.js';

/**
 * The seam between the training loop and the update rules. The loop (model/train.ts) owns epochs and
 * iterations, batching, the learning-rate schedule, callbacks, history, divergence and stopping; a solver
 * owns only its update and the state it keeps between updates (momentum, Adam's moments, L-BFGS's
 * curvature pairs). Like torch.optim, a solver sees the objective only through a closure that writes J
 * and ∇J at given parameters, so it never knows about rows, batches or backends.
 */

/** The objective on the current batch: sets grad.loss to J(p), grad.gW, grad.gb to ∇J(p), grad.correct. */
export type Evaluate = (p: Params, grad: GradOut) => void;

/** What one step did, for the loop's history and stopping rules. */
export interface StepReport {
  /**
   * J on the batch: at the point the step started from for gradient steps (sgd, adam, as they have no
   * other), at the point it reached for lbfgs.
   */
  loss: number;
  /** Rows of the batch whose highest score was their label, at that same point. */
  correct: number;
  /** Evaluations of the objective the step made. */
  evaluations: number;
  /** The step size used: the learning rate (sgd, adam) or the line search's accepted t (lbfgs). */
  stepSize: number;
  /** Full-batch solvers: the ∞-norm of ∇J at the point reached. */
  gradNorm?: number;
  /** No step along the search direction lowers J in the arithmetic used: further steps cannot move. */
  stalled?: boolean;
}

export interface Solver {
  readonly name: 'sgd' | 'adam' | 'lbfgs';
  /**
   * 'mini-batch': the loop calls step once per batch of (shuffled) rows, an epoch being one pass;
   * 'full': once per iteration, every call on all training rows (so the solver may keep J and ∇J at its
   * current point from one call to the next).
   */
  readonly batching: 'mini-batch' | 'full';
  /** Updates params in place. `grad` is scratch the caller owns; lr is the loop's current learning rate. */
  step(params: Params, evaluate: Evaluate, grad: GradOut, lr: number): StepReport;
  /**
   * Mini-batch solvers whose update a backend can run itself (Backend.trainEpoch): the update at
   * learning rate lr over the solver's own state, and, after the backend ran `steps` of it, the state
   * to carry on from (Adam's step count t). Steps taken this way equal step()'s up to float rounding.
   */
  updateRule?(lr: number): UpdateRule;
  tookSteps?(steps: number, t: number): void;
}
