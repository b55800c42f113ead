import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJsonFile } from '../node/jsonFile.js';
import { maxBytesFor } from '../data/fileLimits.js';
import { RUN_FILES } from '../node/runFiles.js';
import {
  DATA_FORMATS,
  type DataFormat,
  type DataSet,
  type LabeledRows,
  type Provenance,
  type ReadOptions,
} from '../data/dataSource.js';
import {
  describeShape,
  featureCount,
  isFloatMatrix,
  shapeOf,
  type ByteImages,
  type FloatMatrix,
  type InputShape,
} from '../data/features.js';
import type { SoftmaxClassifier } from '../model/SoftmaxClassifier.js';
import { limitLabeled, sliceLabeled, stratifiedHoldOut } from '../data/split.js';
import type { ClassifierOptions, OptionKey } from '../model/options.js';
import { Rng } from '../model/rng.js';
import { loadData } from '../node/loadData.js';
import { tableDefaults } from '../data/tableDefaults.js';
import type { DataBundle } from '../data/imageSet.js';
import { loadDataset } from '../node/dataset.js';
import { InputError } from '../util/errors.js';
import { capFromFlags, type DataFlagValues } from './dataFlags.js';
import { checkSourceFlags, DEFAULT_TEST_FRACTION, type SourceFlagValues } from './sourceFlags.js';
import { grouped } from '../util/grouped.js';

/** The reader options the flags give; `model` fixes the shape and class names (eval, predict). */
export function readOptionsFrom(
  flags: SourceFlagValues,
  model?: Pick<ReadOptions, 'shape' | 'classNames'>,
): ReadOptions {
  return {
    labelColumn: flags.labelColumn,
    idColumn: flags.idColumn,
    impute: flags.impute,
    channels: flags.channels,
    imageSize: flags.imageSize,
    strict: flags.strict,
    maxFileBytes: flags.maxFileSize === undefined ? undefined : capFromFlags(flags, 'data'),
    trainLimit: flags.trainLimit,
    testLimit: flags.testLimit,
    ...model,
  };
}

/** What train scores on, and how it came to be. */
export interface TrainingData {
  readonly data: DataSet;
  readonly train: LabeledRows & { y: Uint8Array };
  readonly evalSet: LabeledRows & { y: Uint8Array };
  readonly evaluatedOn: 'test' | 'validation';
  readonly classNames: string[];
  readonly test: Provenance['test'];
  /** Warnings of the readers and what was chosen for the user, one line each, for stderr. */
  readonly notes: string[];
}

/**
 * Reads --data (and --test-data) and chooses the rows to train and score on:
 * - the test set is --test-data, else the source's own split (IDX; an image folder with train/ and test/),
 *   else a stratified, seeded --test-fraction (default DEFAULT_TEST_FRACTION, said in a note);
 * - --validation N scores on N training rows instead: the last N for IDX (as before), a stratified,
 *   seeded N for the other formats (whose rows may be sorted by class);
 * - --train-limit / --test-limit take the first rows.
 */
export async function loadTrainingData(
  flags: SourceFlagValues & { validation?: number },
  seed: number,
): Promise<TrainingData> {
  checkSourceFlags(flags);
  const data = await loadData(flags.data, { ...readOptionsFrom(flags), format: flags.format });
  const notes = [...data.warnings];
  const k = data.classNames.length;
  if (data.train.y === null) throw new InputError(`${data.provenance.path}: the training data has no labels`);
  const rng = new Rng(seed);
  let train = data.train as TrainingData['train'];
  let test: LabeledRows;
  let testFrom: Provenance['test'];
  if (flags.testData !== undefined) {
    const other = await loadData(flags.testData, {
      ...readOptionsFrom(flags, { shape: data.shape, classNames: data.classNames }),
      imputeMeans: isFloatMatrix(data.train.X) ? columnMeans(data.train.X) : undefined,
    });
    notes.push(...other.warnings);
    test = other.test ?? other.train;
    testFrom = { from: 'path', path: other.provenance.path, format: other.provenance.format };
    if (test.y === null)
      throw new InputError(`--test-data: ${other.provenance.path}: has no labels to score against`);
  } else if (data.test !== null) {
    if (flags.testFraction !== undefined) {
      throw new InputError(
        `--test-fraction: ${data.provenance.path} has a test split of its own; --test-fraction is for data without one`,
      );
    }
    test = data.test;
    testFrom = { from: 'source' };
  } else {
    const fraction = flags.testFraction ?? DEFAULT_TEST_FRACTION;
    const split = stratifiedHoldOut(train, k, fraction, rng, '--test-fraction');
    train = split.kept as TrainingData['train'];
    test = split.held;
    testFrom = { from: 'fraction', fraction, seed };
    if (flags.testFraction === undefined) {
      notes.push(
        `${data.provenance.path} has no test split: ${test.X.n} rows (${100 * fraction}%, stratified, seed ${seed}) held out as the test set (--test-fraction, --test-data)`,
      );
    }
  }
  if (data.provenance.format !== 'idx') {
    train = limitLabeled(train, flags.trainLimit) as TrainingData['train'];
    test = limitLabeled(test, flags.testLimit);
  }
  let evalSet = test as TrainingData['evalSet'];
  let evaluatedOn: 'test' | 'validation' = 'test';
  if (flags.validation !== undefined) {
    const n = train.X.n;
    if (flags.validation < 1 || flags.validation >= n) {
      throw new InputError(
        `--validation: must be between 1 and ${n - 1} (the training rows less one), got ${flags.validation}`,
      );
    }
    evaluatedOn = 'validation';
    if (data.provenance.format === 'idx') {
      const cut = n - flags.validation;
      evalSet = sliceLabeled(train, cut, n) as TrainingData['evalSet'];
      train = sliceLabeled(train, 0, cut) as TrainingData['train'];
    } else {
      const split = stratifiedHoldOut(train, k, flags.validation / n, rng, '--validation');
      train = split.kept as TrainingData['train'];
      evalSet = split.held as TrainingData['evalSet'];
    }
  }
  return { data, train, evalSet, evaluatedOn, classNames: [...data.classNames], test: testFrom, notes };
}

/** "150 rows of 4 columns", "60,000 images of 28×28", "1,000 colour images of 32×32". */
export function describeRows(rows: LabeledRows): string {
  const n = grouped(rows.X.n);
  if (isFloatMatrix(rows.X)) return `${n} rows of ${rows.X.d} column${rows.X.d === 1 ? '' : 's'}`;
  const X = rows.X as ByteImages;
  return `${n} ${X.channels === 3 ? 'colour ' : ''}images of ${X.height}×${X.width}`;
}

/** What metrics.json records about the data: where it came from (read back by eval and report), its shape, the counts. */
export function dataRecord(td: TrainingData): Record<string, unknown> {
  const { data } = td;
  const shape = shapeOf(td.train.X);
  return {
    dir: data.provenance.path,
    format: data.provenance.format,
    path: data.provenance.path,
    test: td.test,
    settings: data.provenance.settings,
    trainCount: td.train.X.n,
    testCount: td.evalSet.X.n,
    ...(shape.kind === 'images'
      ? { height: shape.height, width: shape.width, channels: shape.channels }
      : {
          height: 1,
          width: featureCount(td.train.X),
          features: shape.featureNames.length,
          featureNames: shape.featureNames,
        }),
    isFashionMnist: data.isFashionMnist ?? false,
  };
}

/** The evaluation rows as the report's galleries take them (grey or colour images), or undefined for tables. */
export function galleryImages(
  rows: LabeledRows & { y: Uint8Array },
):
  | { pixels: Uint8Array; labels: Uint8Array; n: number; height: number; width: number; channels?: number }
  | undefined {
  if (isFloatMatrix(rows.X)) return undefined;
  const X = rows.X;
  return { pixels: X.pixels, labels: rows.y, n: X.n, height: X.height, width: X.width, channels: X.channels };
}

export { tableDefaults };

/** Sets the table defaults on `options` for the options the user left out; returns what it set. */
export function applyTableDefaults(
  options: ClassifierOptions,
  given: Partial<ClassifierOptions>,
  rows: LabeledRows,
): Partial<ClassifierOptions> {
  if (!isFloatMatrix(rows.X)) return {};
  const set: Partial<Record<OptionKey, unknown>> = {};
  for (const [key, value] of Object.entries(tableDefaults(rows.X.n)) as [OptionKey, unknown][]) {
    if (given[key] !== undefined) continue;
    (options as Record<OptionKey, unknown>)[key] = value;
    set[key] = value;
  }
  return set as Partial<ClassifierOptions>;
}

/** Where a run's data came from, as metrics.json records it (dataRecord), read back by eval and report. */
export interface RecordedSource {
  readonly format: DataFormat;
  readonly path: string;
  readonly test: Provenance['test'];
  readonly settings: Record<string, unknown>;
}

/**
 * The data source recorded in the metrics.json beside a model file, or null when there is none or it
 * does not say (runs from before issue 10 recorded only `data.dir`, an IDX folder).
 */
export function recordedSource(modelPath: string): RecordedSource | null {
  const file = join(dirname(modelPath), RUN_FILES.metrics);
  if (!existsSync(file)) return null;
  let data: Record<string, unknown> | undefined;
  try {
    data = (readJsonFile(file, maxBytesFor('model')) as { data?: Record<string, unknown> }).data;
  } catch {
    return null;
  }
  if (data === undefined || data === null || typeof data !== 'object') return null;
  const format = (data.format ?? 'idx') as DataFormat;
  const path = data.path ?? data.dir;
  if (!DATA_FORMATS.includes(format) || typeof path !== 'string') return null;
  const test = (data.test ?? { from: 'source' }) as Provenance['test'];
  const settings = (data.settings ?? {}) as Record<string, unknown>;
  return { format, path, test, settings };
}

/** The rows a model is evaluated on: --test-data, --data's test split, its --test-fraction hold-out, or all its rows; `from` is the path they were read from. */
export async function loadForModel(
  flags: SourceFlagValues,
  model: { inputShape: InputShape; classNames: string[]; imputeMeans?: readonly number[] },
  opts: { labelsOptional?: boolean; seed?: number } = {},
): Promise<{ data: DataSet; rows: LabeledRows; from: string }> {
  const read = {
    ...readOptionsFrom(flags, { shape: model.inputShape, classNames: model.classNames }),
    imputeMeans: model.imputeMeans,
    labelsOptional: opts.labelsOptional,
  };
  const data = await loadData(flags.data, { ...read, format: flags.format });
  let rows = data.test ?? data.train;
  let from = data.provenance.path;
  if (flags.testData !== undefined) {
    const other = await loadData(flags.testData, read);
    rows = other.test ?? other.train;
    from = other.provenance.path;
  } else if (flags.testFraction !== undefined && data.test === null) {
    rows = stratifiedHoldOut(
      data.train,
      data.classNames.length,
      flags.testFraction,
      new Rng(opts.seed ?? 1),
      '--test-fraction',
    ).held;
  }
  return { data, rows: limitLabeled(rows, flags.testLimit), from };
}

/**
 * The rows a finished run was scored on, chosen again as `softmax train` chose them, from what its
 * metrics.json recorded (dataRecord): the same path, format and reader settings, the same test split
 * (the source's own, --test-data, or the same stratified fraction and seed), the same --validation
 * hold-out and the same counts. `softmax report` draws its galleries from them for any format.
 */
export async function reloadEvaluationRows(
  data: Record<string, unknown>,
  evaluatedOn: 'test' | 'validation',
  seed: number,
): Promise<LabeledRows & { y: Uint8Array }> {
  const format = (data.format ?? 'idx') as DataFormat;
  const path = data.path ?? data.dir;
  if (!DATA_FORMATS.includes(format) || typeof path !== 'string') {
    throw new InputError('metrics.json does not say where the data came from');
  }
  const s = (data.settings ?? {}) as Record<string, unknown>;
  const test = (data.test ?? { from: 'source' }) as Provenance['test'];
  const count = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const trainCount = count(data.trainCount);
  const testCount = count(data.testCount);
  const validation = evaluatedOn === 'validation' ? testCount : undefined;
  const height = count(s.height);
  const width = count(s.width);
  const flags: SourceFlagValues & { validation?: number } = {
    data: format === 'idx' && s.bundled === true ? undefined : path,
    format,
    labelColumn: text(s.labelColumn),
    idColumn: text(s.idColumn),
    impute: s.impute === 'mean' ? 'mean' : undefined,
    channels: s.channels === 1 || s.channels === 3 ? s.channels : undefined,
    imageSize: format === 'images' && height && width ? { height, width } : undefined,
    testData: test.from === 'path' ? test.path : undefined,
    testFraction: test.from === 'fraction' ? test.fraction : undefined,
    validation,
    // IDX takes the first N rows before the split; the other formats after it (loadTrainingData).
    trainLimit: trainCount === undefined ? undefined : trainCount + (validation ?? 0),
    testLimit: evaluatedOn === 'test' ? testCount : undefined,
  };
  const td = await loadTrainingData(flags, test.from === 'fraction' ? test.seed : seed);
  return td.evalSet;
}

/** One line naming the model, the data and both shapes when they differ. */
export function checkModelFits(modelPath: string, model: InputShape, data: InputShape, where: string): void {
  if (model.kind === 'images' && data.kind === 'images' && model.channels === 1 && data.channels === 1) {
    if (model.height !== data.height || model.width !== data.width) {
      throw new InputError(
        `${modelPath}: the model takes ${model.height}×${model.width} images (${model.height * model.width} pixels) but ${where} holds ${data.height}×${data.width} images`,
      );
    }
    return;
  }
  const same =
    JSON.stringify(model.kind === 'table' ? model.featureNames.length : model) ===
    JSON.stringify(data.kind === 'table' ? data.featureNames.length : data);
  if (!same) {
    throw new InputError(
      `${modelPath}: the model takes ${describeShape(model)} but ${where} holds ${describeShape(data)}`,
    );
  }
}

/** Each column's mean (float64 sums): what --impute mean fills the test data's gaps with. */
export function columnMeans(X: FloatMatrix): number[] {
  const sums = new Float64Array(X.d);
  for (let i = 0; i < X.n; i++) for (let j = 0; j < X.d; j++) sums[j] += X.values[i * X.d + j];
  return Array.from(sums, (v) => v / Math.max(X.n, 1));
}

/**
 * The training means a model's --impute mean fills gaps with: its standardize means (the training
 * rows' column means, gaps filled, which does not move them); undefined for other preprocessing, where
 * a file's own column means are used.
 */
export function modelImputeMeans(clf: SoftmaxClassifier): readonly number[] | undefined {
  if (clf.inputShape.kind !== 'table') return undefined;
  const p = clf.preprocessing;
  return p.kind === 'standardize' && p.mean !== undefined ? p.mean : undefined;
}

/** The IDX data set sweep and reproduce train on (--data, the limits and --max-file-size checked first). */
export function loadFromFlags(flags: DataFlagValues): DataBundle {
  for (const [flag, v] of [
    ['--train-limit', flags.trainLimit],
    ['--test-limit', flags.testLimit],
  ] as const) {
    if (v !== undefined && v < 1) throw new InputError(`${flag}: must be at least 1, got ${v}`);
  }
  return loadDataset({
    dir: flags.data,
    trainLimit: flags.trainLimit,
    testLimit: flags.testLimit,
    maxFileBytes: capFromFlags(flags, 'data'),
  });
}
