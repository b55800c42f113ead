import { InputError } from '../util/errors.js';
import {
  DEFAULTS,
  OPTION_KEYS,
  defaultFor,
  specOf,
  type ClassifierOptions,
  type OptionKey,
} from './options.js';

/** How an option is named in messages: the library's key, a flag, or "model.json: options.key". */
export type OptionLabel = (key: OptionKey) => string;

/**
 * Merges options over DEFAULTS (an option whose default depends on another, e.g. the learning rate on
 * the solver, takes the default for that option's value) and checks every value once, at the boundary, by its spec in options.ts.
 * `label` turns an option's key into what the user wrote (the CLI passes flag names, a model reader
 * "FILE: options.key"), so messages name the thing and its value. Unknown keys are refused, so a typo
 * (`{ lr: 0.1 }`) is not silently ignored.
 */
export function resolveOptions(
  partial: Partial<ClassifierOptions> | undefined,
  label: OptionLabel = (k) => `options.${k}`,
): ClassifierOptions {
  if (partial === undefined) return { ...DEFAULTS };
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new InputError(`options: must be an object, got ${describe(partial)}`);
  }
  for (const key of Object.keys(partial)) {
    if (!(OPTION_KEYS as string[]).includes(key)) {
      const near = OPTION_KEYS.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 3)));
      throw new InputError(
        `options.${key}: unknown option${near ? ` (did you mean ${near}?)` : ''}; known: ${OPTION_KEYS.join(', ')}`,
      );
    }
  }
  const o = { ...DEFAULTS } as Record<OptionKey, unknown>;
  for (const key of OPTION_KEYS) {
    const v = (partial as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const why = specOf(key).check(v);
    if (why !== null) throw new InputError(`${label(key)}: ${why}, got ${describe(v)}`);
    o[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  // Defaults that depend on another option (the learning rate on the solver) follow that option's
  // value, given or default; a value given for the option itself was kept above and wins.
  for (const key of OPTION_KEYS) {
    if (specOf(key).defaultBy !== undefined && (partial as Record<string, unknown>)[key] === undefined) {
      o[key] = defaultFor(key, o);
    }
  }
  return o as ClassifierOptions;
}

/** A value as a message shows it: strings quoted, arrays and objects as short JSON. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 60 ? v.slice(0, 60) + '…' : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? s.slice(0, 60) + '…' : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
