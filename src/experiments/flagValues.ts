import { InputError } from '../util/errors.js';

/**
 * Parsers for the experiment commands' own flags. They run in the command's action, not as commander
 * argument parsers, so that a bad value is an InputError: one line naming the flag and the value.
 */

/** A whole number of at least `min`. */
export function parseCount(flag: string, raw: string, min: number): number {
  const v = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(v) || v < min) {
    throw new InputError(`${flag}: must be a whole number of at least ${min}, got '${raw}'`);
  }
  return v;
}

/** A number in (0, max]. */
export function parseFraction(flag: string, raw: string, max: number): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0 || v > max) {
    throw new InputError(`${flag}: must be a number greater than 0 and at most ${max}, got '${raw}'`);
  }
  return v;
}

export function parseChoice<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) {
    throw new InputError(`${flag}: must be one of ${choices.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}
