import type { ClassifierOptions, SolverName } from '../options.js';
import { AdamSolver } from './adam.js';
import { LbfgsSolver } from './lbfgs.js';
import { SgdSolver } from './sgd.js';
import type { Solver } from './solver.js';

/**
 * The largest data set, in values n·d (images × pixels), for which `--solver auto` picks full-batch
 * L-BFGS: 10 million, e.g. 12,755 images of 28×28 or 156,250 of 8×8. A full pass over that many
 * values takes a few milliseconds on the wasm backend, so the few hundred passes L-BFGS needs to
 * converge cost seconds; above it, mini-batch steps reach a good model in fewer passes.
 */
export const AUTO_LBFGS_MAX_VALUES = 10_000_000;

/** The solver that `auto` stands for on n rows of d features; any other name is itself. */
export function resolveSolver(name: SolverName, n: number, d: number): Exclude<SolverName, 'auto'> {
  if (name !== 'auto') return name;
  return n * d <= AUTO_LBFGS_MAX_VALUES ? 'lbfgs' : 'sgd';
}

export type SolverOptions = Pick<
  ClassifierOptions,
  'momentum' | 'nesterov' | 'beta1' | 'beta2' | 'adamEpsilon' | 'historySize'
>;

/** `featureMeans` (d entries, or null) lets L-BFGS centre its variables; the other solvers ignore it. */
export function createSolver(
  name: Exclude<SolverName, 'auto'>,
  d: number,
  k: number,
  o: SolverOptions,
  featureMeans: Float64Array | null = null,
): Solver {
  switch (name) {
    case 'sgd':
      return new SgdSolver(d, k, o.momentum, o.nesterov);
    case 'adam':
      return new AdamSolver(d, k, o.beta1, o.beta2, o.adamEpsilon);
    case 'lbfgs':
      return new LbfgsSolver(d, k, o.historySize, featureMeans);
  }
}
