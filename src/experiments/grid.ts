import { flagOf, type ClassifierOptions } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import type { Axis } from './gridFlags.js';

/**
 * Every combination of the axes' values over `base`, as full checked options. The first axis varies
 * slowest; epochs, wherever it was given, varies fastest, so the checkpoints of one run sit together.
 */
export function expandGrid(base: Partial<ClassifierOptions>, axes: readonly Axis[]): ClassifierOptions[] {
  const ordered = [...axes.filter((a) => a.key !== 'epochs'), ...axes.filter((a) => a.key === 'epochs')];
  let combos: Partial<ClassifierOptions>[] = [{}];
  for (const axis of ordered) {
    combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v })));
  }
  return combos.map((c) => resolveOptions({ ...base, ...c }, flagOf));
}
