import { InvalidArgumentError, Option, type Command } from 'commander';
import { isParseError, type OptionSpec } from '../model/optionSpec.js';
import { DEFAULTS, OPTION_KEYS, specOf, type ClassifierOptions, type OptionKey } from '../model/options.js';

/**
 * The training flags, derived from the options schema (model/options.ts): each option's flag, its
 * parser, its choices and its help with the default from DEFAULTS, so help, docs and code cannot drift.
 */

/** commander's property name for a flag: '--weight-decay' → 'weightDecay'. */
export function attrOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A commander argument parser from a spec's parse: its reason becomes "FLAG: reason, got 'text'". */
function argParser<T>(flag: string, parse: (text: string) => T) {
  return (text: string): T => {
    try {
      return parse(text);
    } catch (err) {
      if (isParseError(err)) throw new InvalidArgumentError(`${flag}: ${err.message}, got '${text}'`);
      throw err;
    }
  };
}

export function parseNumber(flag: string) {
  return argParser(flag, (text) => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v))
      throw new InvalidArgumentError(`${flag}: must be a number, got '${text}'`);
    return v;
  });
}

export function parseInteger(flag: string) {
  return (text: string): number => {
    const v = Number(text);
    if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(v)) {
      throw new InvalidArgumentError(`${flag}: must be a whole number, got '${text}'`);
    }
    return v;
  };
}

function helpOf(spec: OptionSpec<unknown>, shown: unknown, dependent: boolean): string {
  const choices = spec.choices ? ` [${spec.choices.join(', ')}]` : '';
  return `${spec.help}${choices} (default: ${spec.format(shown)}${dependent ? otherDefaults(spec) : ''})`;
}

/** A default that depends on another option, as help says it: ", or 0.01 with --solver adam". */
function otherDefaults(spec: OptionSpec<unknown>): string {
  const by = spec.defaultBy;
  if (by === undefined) return '';
  const flag = specOf(by.on as OptionKey).flag;
  return Object.entries(by.values)
    .map(([choice, v]) => `, or ${spec.format(v)} with ${flag} ${choice}`)
    .join('');
}

/**
 * Adds every training flag (or those of `keys`) to a command, each with its parser and the default from
 * DEFAULTS (or `overrides`) in its help. Aliases (e.g. --max-epochs for --epochs) are accepted, hidden.
 */
export function addTrainingFlags(
  cmd: Command,
  overrides: Partial<ClassifierOptions> = {},
  keys: readonly OptionKey[] = OPTION_KEYS,
): Command {
  for (const key of keys) {
    const spec = specOf(key);
    const shown = overrides[key] ?? DEFAULTS[key];
    const help = helpOf(spec, shown, overrides[key] === undefined);
    cmd.addOption(new Option(`${spec.flag} <value>`, help).argParser(argParser(spec.flag, spec.parse)));
    for (const alias of spec.aliases ?? []) {
      cmd.addOption(new Option(`${alias} <value>`).hideHelp().argParser(argParser(alias, spec.parse)));
    }
  }
  return cmd;
}

/**
 * Adds every sweepable training flag as a comma list (parsed later, item by item, by parseAxis), with the
 * option's help.
 */
export function addSweepFlags(cmd: Command): Command {
  for (const key of OPTION_KEYS) {
    const spec = specOf(key);
    const help = `${spec.help}${spec.choices ? ` [${spec.choices.join(', ')}]` : ''}`;
    if (!spec.sweep) {
      cmd.addOption(
        new Option(`${spec.flag} <value>`, `${help}; one value`).argParser(argParser(spec.flag, spec.parse)),
      );
      continue;
    }
    cmd.addOption(new Option(`${spec.flag} <values>`, `${help}; a comma list sweeps it`));
    for (const alias of spec.aliases ?? []) cmd.addOption(new Option(`${alias} <values>`).hideHelp());
  }
  return cmd;
}

/** The raw value a user gave for an option under its flag or one of its aliases; refuses both at once. */
export function flagValue(parsed: Record<string, unknown>, key: OptionKey): unknown {
  const spec = specOf(key);
  const given = [spec.flag, ...(spec.aliases ?? [])].filter((f) => parsed[attrOf(f)] !== undefined);
  if (given.length > 1) throw new InvalidArgumentError(`${given.join(' and ')}: the same option, give one`);
  return given.length === 0 ? undefined : parsed[attrOf(given[0])];
}

/** The training options a user gave on the command line (others stay undefined and fall to defaults). */
export function trainingOptionsFrom(parsed: Record<string, unknown>): Partial<ClassifierOptions> {
  const out: Partial<Record<OptionKey, unknown>> = {};
  for (const key of OPTION_KEYS) {
    const v = flagValue(parsed, key);
    if (v !== undefined) out[key] = v;
  }
  return out as Partial<ClassifierOptions>;
}

export { flagOf } from '../model/options.js';
