/**
 * The building blocks of the options schema (options.ts): one `OptionSpec` per option says its type,
 * range, default, flag, help and report label, and knows how to parse its flag text and check a value.
 * Everything else that lists options (the TypeScript type, DEFAULTS, validation, the model file, the
 * command line's flags and --help, the sweep's comma lists, the report's labels) is derived from the specs.
 */

/** Where an option belongs: 'model' options describe the model and are saved with it; 'run' options
 *  say how to run on this machine (backend, threads) and come from the caller each time. */
export type OptionScope = 'model' | 'run';

/**
 * A default that depends on the value of another option, for the few options whose good value differs
 * by that choice (Adam's learning rate is not sgd's). Values of `on` not listed take the plain `default`.
 */
export interface DependentDefault<T> {
  /** The option whose value picks the default (a key of OPTIONS, checked by the schema test). */
  readonly on: string;
  /** The default for each listed value of `on`. */
  readonly values: Readonly<Record<string, T>>;
}

export interface OptionSpec<T> {
  /** The default when `defaultBy` (if any) lists no other for the option it depends on. */
  readonly default: T;
  /** A default that depends on another option's value; an explicitly given value always wins. */
  readonly defaultBy?: DependentDefault<T>;
  /** The command-line flag, e.g. '--lr'. */
  readonly flag: `--${string}`;
  /** Other spellings the command line accepts for the same option. */
  readonly aliases?: readonly `--${string}`[];
  /** One phrase for --help, without the default (added from `default`). */
  readonly help: string;
  /** What the report and tables call it. */
  readonly label: string;
  /** A short form for chart legends ("lr 0.1"). */
  readonly short?: string;
  readonly scope: OptionScope;
  /** Whether `softmax sweep` takes a comma list of values for it. */
  readonly sweep: boolean;
  /** The allowed values, for choices (shown in --help and used to check). */
  readonly choices?: readonly string[];
  /** A value from flag text; throws an Error whose message says why (e.g. "must be a number"). */
  parse(text: string): T;
  /** null when `value` is allowed, else why not ("must be greater than 0"). */
  check(value: unknown): string | null;
  /** The value as a flag would spell it. */
  format(value: T): string;
}

/** The option's value type. */
export type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;

/**
 * What every factory takes. The scope is a type parameter so that each spec keeps its literal scope
 * ('model' or 'run') in its type: ModelOptionKey (options.ts) is computed from it.
 */
type Common<S extends OptionScope> = Pick<
  OptionSpec<unknown>,
  'flag' | 'help' | 'label' | 'short' | 'sweep' | 'aliases'
> & {
  readonly scope: S;
};

/** A spec whose scope is known to the type system. */
type Scoped<T, S extends OptionScope> = OptionSpec<T> & { readonly scope: S };

class WhyError extends Error {}

/** The error a spec's parse throws; its message is the reason alone. */
export function isParseError(err: unknown): err is Error {
  return err instanceof WhyError;
}

function whyNot(why: string): never {
  throw new WhyError(why);
}

interface Range {
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
}

function rangeWhy(v: number, r: Range): string | null {
  if (r.above !== undefined && !(v > r.above)) return `must be greater than ${r.above}`;
  if (r.min !== undefined && !(v >= r.min)) return `must be at least ${r.min}`;
  if (r.below !== undefined && !(v < r.below)) return `must be less than ${r.below}`;
  if (r.max !== undefined && !(v <= r.max)) return `must be at most ${r.max}`;
  return null;
}

function rangeText(r: Range): string {
  const lo = r.above !== undefined ? `(${r.above}` : r.min !== undefined ? `[${r.min}` : '(−∞';
  const hi = r.below !== undefined ? `${r.below})` : r.max !== undefined ? `${r.max}]` : '∞)';
  return `${lo}, ${hi}`;
}

function parseNumberText(text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) whyNot('must be a number');
  return v;
}

function parseIntegerText(text: string): number {
  const v = Number(text);
  if (!/^\s*[-+]?\d+\s*$/.test(text) || !Number.isSafeInteger(v)) whyNot('must be a whole number');
  return v;
}

/** A real number in a range. */
export function numberOption<S extends OptionScope>(
  c: Common<S> & { default: number; defaultBy?: DependentDefault<number> } & Range,
): Scoped<number, S> {
  return {
    ...c,
    parse: (text) => parseNumberText(text),
    check: (v) =>
      typeof v !== 'number' || !Number.isFinite(v)
        ? `must be a finite number in ${rangeText(c)}`
        : rangeWhy(v, c),
    format: String,
  };
}

/** A whole number in a range. */
export function integerOption<S extends OptionScope>(
  c: Common<S> & { default: number } & Range,
): Scoped<number, S> {
  return {
    ...c,
    parse: (text) => parseIntegerText(text),
    check: (v) =>
      typeof v !== 'number' || !Number.isSafeInteger(v)
        ? `must be a whole number in ${rangeText(c)}`
        : rangeWhy(v, c),
    format: String,
  };
}

export function booleanOption<S extends OptionScope>(
  c: Common<S> & { default: boolean },
): Scoped<boolean, S> {
  return {
    ...c,
    parse: (text) =>
      text === 'true' ? true : text === 'false' ? false : whyNot("must be 'true' or 'false'"),
    check: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
    format: String,
  };
}

/** One of a fixed list of words. */
export function choiceOption<T extends string, S extends OptionScope>(
  choices: readonly T[],
  c: Common<S> & { default: NoInfer<T> },
): Scoped<T, S> {
  const why = `must be one of ${choices.join(', ')}`;
  return {
    ...c,
    choices,
    parse: (text) => ((choices as readonly string[]).includes(text) ? (text as T) : whyNot(why)),
    check: (v) => ((choices as readonly unknown[]).includes(v) ? null : why),
    format: String,
  };
}

/** A whole number of at least `min`, or one of some words (e.g. a batch size or 'full'). */
export function integerOrWordOption<W extends string, S extends OptionScope>(
  words: readonly W[],
  c: Common<S> & { default: number | NoInfer<W>; min: number },
): Scoped<number | W, S> {
  const why = `must be ${words.map((w) => `'${w}'`).join(' or ')} or a whole number of at least ${c.min}`;
  return {
    ...c,
    parse: (text) => {
      if ((words as readonly string[]).includes(text)) return text as W;
      if (!/^\s*\d+\s*$/.test(text)) whyNot(why);
      return parseIntegerText(text);
    },
    check: (v) =>
      (words as readonly unknown[]).includes(v) || (Number.isSafeInteger(v) && (v as number) >= c.min)
        ? null
        : why,
    format: String,
  };
}

/** One of some words, or a list of positive numbers (e.g. class weights: 'balanced' or 1,2.5,1). */
export function wordOrNumbersOption<W extends string, S extends OptionScope>(
  words: readonly W[],
  c: Common<S> & { default: NoInfer<W> },
): Scoped<W | number[], S> {
  const why = `must be ${words.map((w) => `'${w}'`).join(' or ')} or a comma list of positive numbers`;
  return {
    ...c,
    parse: (text) => {
      if ((words as readonly string[]).includes(text)) return text as W;
      const values = text.split(',').map((s) => Number(s.trim()));
      if (text.trim() === '' || values.some((v) => !Number.isFinite(v) || v <= 0)) whyNot(why);
      return values;
    },
    check: (v) =>
      (words as readonly unknown[]).includes(v) ||
      (Array.isArray(v) &&
        v.length > 0 &&
        v.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0))
        ? null
        : why,
    format: (v) => (Array.isArray(v) ? v.join(',') : String(v)),
  };
}
