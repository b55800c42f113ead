import { PREPROCESSINGS } from '../data/preprocess.js';
import { BACKEND_NAMES } from '../kernels/backendName.js';
import type { Link } from '../kernels/types.js';
import {
  booleanOption,
  choiceOption,
  integerOption,
  integerOrWordOption,
  numberOption,
  wordOrNumbersOption,
  type OptionSpec,
  type ValueOf,
} from './optionSpec.js';

export type Init = 'zeros' | 'uniform' | 'gaussian';
export const INITS: readonly Init[] = ['zeros', 'uniform', 'gaussian'];
export type Strategy = Link;
export const STRATEGIES: readonly Strategy[] = ['softmax', 'ovr'];
export type SolverName = 'auto' | 'sgd' | 'adam' | 'lbfgs';
export const SOLVERS: readonly SolverName[] = ['auto', 'sgd', 'adam', 'lbfgs'];
export type ClassWeightMode = 'none' | 'balanced';
export const CLASS_WEIGHT_MODES: readonly ClassWeightMode[] = ['none', 'balanced'];

/** Most worker threads any run may ask for; the Node layer caps further to the machine's cores. */
export const MAX_THREADS = 256;

/**
 * Every option that shapes a run, once: type, range, default, flag, help and report label. The order is
 * the order of --help and of the report's settings table.
 */
export const OPTIONS = {
  strategy: choiceOption(STRATEGIES, {
    default: 'softmax',
    flag: '--strategy',
    help: 'softmax, or one-vs-rest logistic regression (ovr)',
    label: 'strategy',
    scope: 'model',
    sweep: true,
  }),
  solver: choiceOption(SOLVERS, {
    default: 'auto',
    flag: '--solver',
    help: 'sgd (mini-batch momentum), adam (mini-batch), lbfgs (full batch), or auto: lbfgs when images × features ≤ 10 million, else sgd',
    label: 'solver',
    scope: 'model',
    sweep: true,
  }),
  learningRate: numberOption({
    default: 0.1,
    // Adam's steps are scaled per weight, so it wants a smaller rate than sgd: 0.01 was best on the
    // validation split (docs/tuning-log.txt, "Adam's learning rate"). lbfgs ignores the rate, and 'auto'
    // trains sgd whenever it does not pick lbfgs, so both keep sgd's 0.1: that is the rate 'auto' uses.
    defaultBy: { on: 'solver', values: { adam: 0.01 } satisfies Partial<Record<SolverName, number>> },
    above: 0,
    flag: '--lr',
    help: 'learning rate α (sgd, adam)',
    label: 'learning rate',
    short: 'lr',
    scope: 'model',
    sweep: true,
  }),
  momentum: numberOption({
    default: 0.9,
    min: 0,
    below: 1,
    flag: '--momentum',
    help: 'momentum μ in v ← μv + α∇, W ← W − v (sgd)',
    label: 'momentum',
    short: 'μ',
    scope: 'model',
    sweep: true,
  }),
  nesterov: booleanOption({
    default: true,
    flag: '--nesterov',
    help: "Nesterov momentum, 'true' or 'false' (sgd)",
    label: 'Nesterov momentum',
    scope: 'model',
    sweep: true,
  }),
  weightDecay: numberOption({
    default: 1e-4,
    min: 0,
    flag: '--weight-decay',
    help: 'L2 penalty λ in loss + ½λ‖W‖²',
    label: 'weight decay (λ)',
    short: 'λ',
    scope: 'model',
    sweep: true,
  }),
  lrDecay: numberOption({
    default: 0.8,
    above: 0,
    flag: '--lr-decay',
    help: 'learning rate multiplier after each epoch (sgd, adam)',
    label: 'learning-rate decay per epoch',
    short: 'decay',
    scope: 'model',
    sweep: true,
  }),
  epochs: integerOption({
    default: 15,
    min: 1,
    flag: '--epochs',
    aliases: ['--max-epochs'],
    help: 'most passes over the training set (sgd, adam)',
    label: 'epochs',
    scope: 'model',
    sweep: true,
  }),
  batchSize: integerOrWordOption(['full'] as const, {
    default: 256,
    min: 1,
    flag: '--batch-size',
    help: "rows per step, or 'full' for full-batch gradient descent (sgd, adam)",
    label: 'batch size',
    short: 'batch',
    scope: 'model',
    sweep: true,
  }),
  maxIter: integerOption({
    default: 1000,
    min: 1,
    flag: '--max-iter',
    help: 'most iterations (lbfgs)',
    label: 'most iterations',
    scope: 'model',
    sweep: true,
  }),
  tol: numberOption({
    default: 1e-4,
    min: 0,
    flag: '--tol',
    help: "stop when lbfgs's gradient ∞-norm, or for sgd and adam the relative change of the epoch's objective, falls to this (0: never)",
    label: 'tolerance',
    scope: 'model',
    sweep: true,
  }),
  earlyStopping: booleanOption({
    default: false,
    flag: '--early-stopping',
    help: "hold out --validation-fraction of the training set and stop when its accuracy stops improving, 'true' or 'false'",
    label: 'early stopping',
    scope: 'model',
    sweep: true,
  }),
  validationFraction: numberOption({
    default: 0.1,
    above: 0,
    below: 1,
    flag: '--validation-fraction',
    help: 'share of the training set held out for early stopping (stratified, seeded)',
    label: 'validation fraction',
    scope: 'model',
    sweep: true,
  }),
  patience: integerOption({
    default: 5,
    min: 1,
    flag: '--patience',
    help: 'epochs without a better validation accuracy before early stopping stops',
    label: 'patience',
    scope: 'model',
    sweep: true,
  }),
  classWeight: wordOrNumbersOption(CLASS_WEIGHT_MODES, {
    default: 'none',
    flag: '--class-weight',
    help: "weight of each class in the loss: 'none', 'balanced' (n / (k·count)), or w0,w1,… one per class",
    label: 'class weights',
    scope: 'model',
    sweep: false,
  }),
  beta1: numberOption({
    default: 0.9,
    min: 0,
    below: 1,
    flag: '--beta1',
    help: 'decay of the mean of gradients β₁ (adam)',
    label: 'Adam β₁',
    scope: 'model',
    sweep: true,
  }),
  beta2: numberOption({
    default: 0.999,
    min: 0,
    below: 1,
    flag: '--beta2',
    help: 'decay of the mean of squared gradients β₂ (adam)',
    label: 'Adam β₂',
    scope: 'model',
    sweep: true,
  }),
  adamEpsilon: numberOption({
    default: 1e-8,
    above: 0,
    flag: '--adam-epsilon',
    help: 'ε added to the root of the squared-gradient mean (adam)',
    label: 'Adam ε',
    scope: 'model',
    sweep: true,
  }),
  historySize: integerOption({
    default: 30,
    min: 1,
    max: 1000,
    flag: '--history-size',
    help: 'curvature pairs kept, m (lbfgs)',
    label: 'L-BFGS history size',
    scope: 'model',
    sweep: true,
  }),
  init: choiceOption(INITS, {
    default: 'zeros',
    flag: '--init',
    help: 'initial W: zeros, uniform (0.001·U[0,1), the original) or gaussian',
    label: 'initial weights',
    scope: 'model',
    sweep: true,
  }),
  preprocessing: choiceOption(PREPROCESSINGS, {
    default: 'scale',
    flag: '--preprocessing',
    help: 'scale (x/255), minmax (per image) or standardize (per pixel)',
    label: 'preprocessing',
    scope: 'model',
    sweep: true,
  }),
  seed: integerOption({
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
    flag: '--seed',
    help: 'random seed (same seed, same weights)',
    label: 'random seed',
    scope: 'model',
    sweep: true,
  }),
  divergenceFactor: numberOption({
    default: 20,
    above: 1,
    flag: '--divergence-factor',
    help: 'stop when the loss exceeds this multiple of its first value',
    label: 'divergence factor',
    scope: 'model',
    sweep: true,
  }),
  backend: choiceOption(BACKEND_NAMES, {
    default: 'auto',
    flag: '--backend',
    help: 'numeric backend',
    label: 'backend requested',
    scope: 'run',
    sweep: true,
  }),
  threads: integerOption({
    default: 0,
    min: 0,
    max: MAX_THREADS,
    flag: '--threads',
    help: 'worker threads, 0 = one per core',
    label: 'threads (0 = one per core)',
    scope: 'run',
    sweep: true,
  }),
} satisfies Record<string, OptionSpec<never> | OptionSpec<unknown>>;

export type OptionKey = keyof typeof OPTIONS;

/** Everything that shapes a training run, derived from OPTIONS. */
export type ClassifierOptions = { -readonly [K in OptionKey]: ValueOf<(typeof OPTIONS)[K]> };

/** Options saved in a model file: what the model is, not how this machine runs it. */
export type ModelOptionKey = {
  [K in OptionKey]: (typeof OPTIONS)[K]['scope'] extends 'model' ? K : never;
}[OptionKey];

export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];
export const MODEL_OPTION_KEYS = OPTION_KEYS.filter((k) => OPTIONS[k].scope === 'model') as ModelOptionKey[];
export const RUN_OPTION_KEYS = OPTION_KEYS.filter((k) => OPTIONS[k].scope === 'run');

/** The spec of one option, typed loosely for code that walks all of them. */
export function specOf(key: OptionKey): OptionSpec<unknown> {
  return OPTIONS[key] as OptionSpec<unknown>;
}

/**
 * The default of `key` given the other options' values: its `defaultBy` entry for the value of the option
 * it depends on (e.g. learningRate 0.01 when solver is 'adam'), else its plain default. `others` holds
 * the values given or already resolved; a missing one counts as its own plain default.
 */
export function defaultFor(key: OptionKey, others: Partial<Record<OptionKey, unknown>>): unknown {
  const spec = specOf(key);
  const by = spec.defaultBy;
  if (by === undefined) return spec.default;
  const on = by.on as OptionKey;
  const choice = others[on] ?? specOf(on).default;
  return Object.hasOwn(by.values, String(choice)) ? by.values[String(choice)] : spec.default;
}

/**
 * The recommended recipe (what `npm start` trains), with each option's plain default. An option with a
 * `defaultBy` (learningRate) takes another default when the option it depends on is given otherwise:
 * resolveOptions applies it, so merge partial options with resolveOptions, not over DEFAULTS. Chosen on a validation split of the training set
 * (the last 10,000 training images), never on the test set: see README, "Choosing the defaults".
 */
export const DEFAULTS: Readonly<ClassifierOptions> = Object.freeze(
  Object.fromEntries(OPTION_KEYS.map((k) => [k, OPTIONS[k].default])) as ClassifierOptions,
);

/** The original write-up's recipe (Table 1 and 2), on the first 30,000 training images. */
export const ORIGINAL_RECIPE: Readonly<Partial<ClassifierOptions>> = Object.freeze({
  strategy: 'softmax',
  solver: 'sgd',
  learningRate: 0.1,
  momentum: 0.9,
  nesterov: false,
  weightDecay: 1e-3,
  lrDecay: 0.99,
  batchSize: 'full',
  tol: 0,
  earlyStopping: false,
  classWeight: 'none',
  init: 'uniform',
  preprocessing: 'minmax',
});

/** The command-line flag of an option, for messages from code that checks options given as flags. */
export function flagOf(key: OptionKey): string {
  return OPTIONS[key].flag;
}
