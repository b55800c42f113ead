/**
 * The training settings on the page: the knobs (one per option of the schema, built by ui/knobs.ts), the
 * seed as a number, and the table defaults the page puts in place when a CSV is loaded and takes back
 * when images are loaded again, as `softmax train` does for what the user does not give.
 */
import type * as P from '../../src/browser/protocol.js';
import { tableDefaults } from '../../src/data/tableDefaults.js';
import { DEFAULTS } from '../../src/model/options.js';
import { byId } from '../ui/dom.js';
import { buildKnobs } from '../ui/knobs.js';

export const knobs = buildKnobs(byId('knobs'), byId('knobs-more'));

/** True while the settings hold the table defaults the page set for a CSV (see showData). */
let tableDefaultsSet = false;

/** The seed setting as a number (its default while it does not parse): it draws a CSV's test rows. */
export function seedSetting(): number {
  const v = Number(byId<HTMLInputElement>('opt-seed').value.trim());
  return Number.isInteger(v) && v >= 0 ? v : DEFAULTS.seed;
}

/**
 * The settings `softmax train` uses on such data for what the user does not give: on a table, the
 * table defaults (standardize, auto, λ = 1/n: data/tableDefaults.ts); on images again, the image
 * defaults back in place of those. Returns the note saying so.
 */
export function useDefaultsFor(s: P.DataSummary): string[] {
  if (s.kind === 'table') {
    const set = tableDefaults(s.trainCount);
    knobs.set(set);
    tableDefaultsSet = true;
    return [
      `settings for a table, as softmax train uses on a CSV: preprocessing ${set.preprocessing}, solver ${set.solver}, λ = 1/${s.trainCount}`,
    ];
  }
  if (tableDefaultsSet) {
    const { preprocessing, solver, weightDecay } = DEFAULTS;
    knobs.set({ preprocessing, solver, weightDecay });
    tableDefaultsSet = false;
  }
  return [];
}
