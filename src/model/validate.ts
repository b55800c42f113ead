import { PREPROCESSINGS } from '../data/preprocess.js';
import { BACKEND_NAMES } from '../kernels/select.js';
import { InputError } from '../util/errors.js';
import { DEFAULTS, INITS, STRATEGIES, type ClassifierOptions } from './options.js';

/**
 * Merges options over DEFAULTS and checks every value once, at the boundary. `label` turns an option's
 * name into what the user typed (the CLI passes its flag names), so messages name the thing and its value.
 */
export function resolveOptions(
  partial: Partial<ClassifierOptions>,
  label: (key: keyof ClassifierOptions) => string = (k) => k,
): ClassifierOptions {
  const o: ClassifierOptions = { ...DEFAULTS, ...stripUndefined(partial) };
  const bad = (key: keyof ClassifierOptions, why: string): never => {
    throw new InputError(`${label(key)}: ${why}, got ${String(o[key])}`);
  };
  const finite = (key: keyof ClassifierOptions): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(key, 'must be a finite number');
    return v as number;
  };
  const oneOf = (key: keyof ClassifierOptions, allowed: readonly string[]): void => {
    if (!allowed.includes(o[key] as string)) bad(key, `must be one of ${allowed.join(', ')}`);
  };

  if (finite('learningRate') <= 0) bad('learningRate', 'must be greater than 0');
  const mu = finite('momentum');
  if (mu < 0 || mu >= 1) bad('momentum', 'must be in [0, 1)');
  if (finite('weightDecay') < 0) bad('weightDecay', 'must be 0 or more');
  if (finite('lrDecay') <= 0) bad('lrDecay', 'must be greater than 0');
  if (!Number.isInteger(o.epochs) || o.epochs < 1) bad('epochs', 'must be a whole number of at least 1');
  if (o.batchSize !== 'full' && (!Number.isInteger(o.batchSize) || o.batchSize < 1)) {
    bad('batchSize', "must be 'full' or a whole number of at least 1");
  }
  if (!Number.isInteger(o.seed) || o.seed < 0) bad('seed', 'must be a whole number of at least 0');
  if (!Number.isInteger(o.threads) || o.threads < 0) bad('threads', 'must be a whole number of at least 0');
  if (finite('divergenceFactor') <= 1) bad('divergenceFactor', 'must be greater than 1');
  if (typeof o.nesterov !== 'boolean') bad('nesterov', 'must be true or false');
  oneOf('strategy', STRATEGIES);
  oneOf('init', INITS);
  oneOf('preprocessing', PREPROCESSINGS);
  oneOf('backend', BACKEND_NAMES);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
