import { InvalidArgumentError, Option, type Command } from 'commander';
import { PREPROCESSINGS } from '../data/preprocess.js';
import { BACKEND_NAMES } from '../kernels/select.js';
import { DEFAULTS, INITS, STRATEGIES, type ClassifierOptions } from '../model/options.js';

/**
 * The training flags, each tied to one option of ClassifierOptions. Help text shows the value from
 * DEFAULTS, so help, docs and code cannot drift apart.
 */
export const TRAINING_FLAGS: Record<
  keyof ClassifierOptions,
  {
    flag: string;
    help: string;
    parse: 'number' | 'int' | 'batch' | 'choice' | 'bool';
    choices?: readonly string[];
  }
> = {
  strategy: {
    flag: '--strategy',
    help: 'softmax, or one-vs-rest logistic regression (ovr)',
    parse: 'choice',
    choices: STRATEGIES,
  },
  learningRate: { flag: '--lr', help: 'learning rate α', parse: 'number' },
  momentum: { flag: '--momentum', help: 'momentum μ in v ← μv + α∇, W ← W − v', parse: 'number' },
  nesterov: { flag: '--nesterov', help: "Nesterov momentum ('true' or 'false')", parse: 'bool' },
  weightDecay: { flag: '--weight-decay', help: 'L2 penalty λ in loss + ½λ‖W‖²', parse: 'number' },
  lrDecay: { flag: '--lr-decay', help: 'learning rate multiplier after each epoch', parse: 'number' },
  epochs: { flag: '--epochs', help: 'passes over the training set', parse: 'int' },
  batchSize: {
    flag: '--batch-size',
    help: "rows per step, or 'full' for full-batch gradient descent",
    parse: 'batch',
  },
  init: {
    flag: '--init',
    help: 'initial W: zeros, uniform (0.001·U[0,1), the original) or gaussian',
    parse: 'choice',
    choices: INITS,
  },
  preprocessing: {
    flag: '--preprocessing',
    help: 'scale (x/255), minmax (per image) or standardize (per pixel)',
    parse: 'choice',
    choices: PREPROCESSINGS,
  },
  seed: { flag: '--seed', help: 'random seed (same seed, same weights)', parse: 'int' },
  backend: { flag: '--backend', help: 'numeric backend', parse: 'choice', choices: BACKEND_NAMES },
  threads: { flag: '--threads', help: 'worker threads, 0 = one per core', parse: 'int' },
  divergenceFactor: {
    flag: '--divergence-factor',
    help: 'stop when the loss exceeds this multiple of its first value',
    parse: 'number',
  },
};

/** Flag name for an option key, for error messages. */
export function flagOf(key: keyof ClassifierOptions): string {
  return TRAINING_FLAGS[key].flag;
}

/** commander's property name for a flag: '--weight-decay' → 'weightDecay'. */
export function attrOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function parseNumber(flag: string) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v))
      throw new InvalidArgumentError(`${flag} must be a number, got '${value}'`);
    return v;
  };
}

export function parseInteger(flag: string) {
  return (value: string): number => {
    const v = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(v)) {
      throw new InvalidArgumentError(`${flag} must be a whole number, got '${value}'`);
    }
    return v;
  };
}

function parseBatch(flag: string) {
  return (value: string): number | 'full' => (value === 'full' ? 'full' : parseInteger(flag)(value));
}

function parseBool(flag: string) {
  return (value: string): boolean => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new InvalidArgumentError(`${flag} must be 'true' or 'false', got '${value}'`);
  };
}

/** Adds every training flag to a command, with the default from DEFAULTS (or `overrides`) in its help. */
export function addTrainingFlags(cmd: Command, overrides: Partial<ClassifierOptions> = {}): Command {
  for (const [key, spec] of Object.entries(TRAINING_FLAGS) as [
    keyof ClassifierOptions,
    (typeof TRAINING_FLAGS)[keyof ClassifierOptions],
  ][]) {
    const shown = overrides[key] ?? DEFAULTS[key];
    const opt = new Option(`${spec.flag} <value>`, `${spec.help} (default: ${String(shown)})`);
    switch (spec.parse) {
      case 'number':
        opt.argParser(parseNumber(spec.flag));
        break;
      case 'int':
        opt.argParser(parseInteger(spec.flag));
        break;
      case 'batch':
        opt.argParser(parseBatch(spec.flag));
        break;
      case 'bool':
        opt.argParser(parseBool(spec.flag));
        break;
      case 'choice':
        opt.choices(spec.choices ?? []);
        break;
    }
    cmd.addOption(opt);
  }
  return cmd;
}

/** The training options a user gave on the command line (others stay undefined and fall to defaults). */
export function trainingOptionsFrom(parsed: Record<string, unknown>): Partial<ClassifierOptions> {
  const out: Partial<Record<keyof ClassifierOptions, unknown>> = {};
  for (const [key, spec] of Object.entries(TRAINING_FLAGS)) {
    const v = parsed[attrOf(spec.flag)];
    if (v !== undefined) out[key as keyof ClassifierOptions] = v;
  }
  return out as Partial<ClassifierOptions>;
}
