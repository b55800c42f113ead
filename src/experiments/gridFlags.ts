import { isParseError } from '../model/optionSpec.js';
import { flagOf, specOf, type ClassifierOptions, type OptionKey } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { InputError } from '../util/errors.js';

export type { OptionKey } from '../model/options.js';
export type OptionValue = ClassifierOptions[OptionKey];

/** One swept option and the values it takes, in the order the user listed them. */
export interface Axis {
  readonly key: OptionKey;
  readonly values: readonly OptionValue[];
}

/**
 * Reads one training flag's comma list (`--lr 0.8,0.1`) into checked values. This is the boundary: every
 * value is parsed by the option's own spec and then checked by resolveOptions over `base`, so a bad value
 * fails here, as one line naming the flag and the value, before anything trains. Options that are not
 * sweepable (a value that is itself a list, like class weights) take exactly one value.
 */
export function parseAxis(key: OptionKey, raw: string, base: Partial<ClassifierOptions>): Axis {
  const spec = specOf(key);
  const items = spec.sweep ? raw.split(',').map((s) => s.trim()) : [raw];
  const values: OptionValue[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item === '') throw new InputError(`${spec.flag}: empty value in '${raw}'`);
    let value: OptionValue;
    try {
      value = spec.parse(item) as OptionValue;
    } catch (err) {
      if (isParseError(err)) throw new InputError(`${spec.flag}: ${err.message}, got '${item}'`);
      throw err;
    }
    const id = spec.format(value);
    if (seen.has(id)) throw new InputError(`${spec.flag}: ${id} is listed twice in '${raw}'`);
    seen.add(id);
    resolveOptions({ ...base, [key]: value }, flagOf);
    values.push(value);
  }
  return { key, values };
}
