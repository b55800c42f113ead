import type { ClassifierOptions } from '../model/options.js';

/**
 * One training run: the options (with `epochs` the last checkpoint) and the epoch counts at which the
 * model is scored. A run scored after 50 epochs is exactly a 50-epoch run with the same seed, because
 * the trajectory (initialisation, shuffles, learning-rate schedule) does not depend on the total.
 */
export interface RunPlan {
  readonly id: number;
  readonly options: ClassifierOptions;
  readonly checkpoints: readonly number[];
}

/** Where a configuration's figures come from: run `run`, scored after `epochs` epochs. */
export interface Cell {
  readonly run: number;
  readonly epochs: number;
}

/**
 * Groups configurations that differ only in their number of epochs into one run evaluated at each
 * checkpoint: 50, 150, 250 and 350 epochs cost 350 epochs, not 800. Identical configurations share a
 * cell. Runs keep the order of their first configuration.
 */
export function planRuns(configs: readonly ClassifierOptions[]): { runs: RunPlan[]; cells: Cell[] } {
  const byKey = new Map<string, { options: ClassifierOptions; checkpoints: Set<number>; id: number }>();
  const cells: Cell[] = [];
  for (const o of configs) {
    const key = runKey(o);
    let group = byKey.get(key);
    if (group === undefined) {
      group = { options: o, checkpoints: new Set(), id: byKey.size };
      byKey.set(key, group);
    }
    group.checkpoints.add(o.epochs);
    cells.push({ run: group.id, epochs: o.epochs });
  }
  const runs = [...byKey.values()].map(({ options, checkpoints, id }) => {
    const sorted = [...checkpoints].sort((a, b) => a - b);
    return { id, options: { ...options, epochs: sorted[sorted.length - 1] }, checkpoints: sorted };
  });
  return { runs, cells };
}

/** Everything but epochs, keys sorted, so equal options give equal keys whatever their order. */
function runKey(o: ClassifierOptions): string {
  const rest: Record<string, unknown> = { ...o };
  delete rest.epochs;
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
}
