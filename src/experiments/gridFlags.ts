import { flagOf, TRAINING_FLAGS } from '../cli/flags.js';
import type { ClassifierOptions } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { InputError } from '../util/errors.js';

export type OptionKey = keyof ClassifierOptions;
export type OptionValue = ClassifierOptions[OptionKey];

/** One swept option and the values it takes, in the order the user listed them. */
export interface Axis {
  readonly key: OptionKey;
  readonly values: readonly OptionValue[];
}

/**
 * Reads one training flag's comma list (`--lr 0.8,0.1`) into checked values. This is the boundary: every
 * value is parsed by the flag's own rule and then checked by resolveOptions over `base`, so a bad value
 * fails here, as one line naming the flag and the value, before anything trains.
 */
export function parseAxis(key: OptionKey, raw: string, base: Partial<ClassifierOptions>): Axis {
  const spec = TRAINING_FLAGS[key];
  const values: OptionValue[] = [];
  const seen = new Set<string>();
  for (const item of raw.split(',').map((s) => s.trim())) {
    if (item === '') throw new InputError(`${spec.flag}: empty value in '${raw}'`);
    const value = parseItem(key, item);
    const id = String(value);
    if (seen.has(id)) throw new InputError(`${spec.flag}: ${id} is listed twice in '${raw}'`);
    seen.add(id);
    resolveOptions({ ...base, [key]: value }, flagOf);
    values.push(value);
  }
  return { key, values };
}

function parseItem(key: OptionKey, item: string): OptionValue {
  const spec = TRAINING_FLAGS[key];
  const bad = (why: string): never => {
    throw new InputError(`${spec.flag}: ${why}, got '${item}'`);
  };
  switch (spec.parse) {
    case 'number': {
      const v = Number(item);
      return Number.isFinite(v) ? v : bad('must be a number');
    }
    case 'int':
      return /^-?\d+$/.test(item) && Number.isSafeInteger(Number(item))
        ? Number(item)
        : bad('must be a whole number');
    case 'batch':
      if (item === 'full') return 'full';
      return /^\d+$/.test(item) && Number.isSafeInteger(Number(item))
        ? Number(item)
        : bad("must be 'full' or a whole number");
    case 'bool':
      return item === 'true' ? true : item === 'false' ? false : bad("must be 'true' or 'false'");
    case 'choice':
      return (spec.choices ?? []).includes(item)
        ? (item as OptionValue)
        : bad(`must be one of ${(spec.choices ?? []).join(', ')}`);
  }
}
