import { memoryBatches, type BatchSource } from '../data/batchSource.js';
import { FASHION_MNIST_CLASSES, FASHION_TEST_LABELS_SHA256 } from '../data/fashionMnist.js';
import { columnMap, toByteRows, type Preprocessing, type PreprocessState } from '../data/preprocess.js';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import type { EpochRecord } from '../model/train.js';
import { evaluateSource } from '../model/scoreSource.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import { readIdxFile, sha256 } from '../node/idxFile.js';
import { openIdxStream } from '../node/streamSource.js';
import { InputError } from '../util/errors.js';
import type { SourceFlagValues } from './sourceFlags.js';
import { flagOf, trainingOptionsFrom } from './flags.js';
import { epochProgress } from './progress.js';
import { openRunDir } from './runDir.js';
import type { CsvPlan, IdxPlan, StreamFlagValues, StreamPlan } from './streamFlags.js';
import { openCsvStream, scanCsv } from '../node/csvStream.js';
import type { InputShape } from '../data/features.js';
import { finishRun } from './finishRun.js';
import { grouped } from '../util/grouped.js';

type Flags = SourceFlagValues &
  StreamFlagValues & {
    out?: string;
    json?: boolean;
    progress: boolean;
    validation?: number;
    figures?: boolean;
  };

const mb = (bytes: number): string => `${grouped(Math.round(bytes / 1e6))} MB`;

/**
 * `softmax train` on an IDX folder read from disk: the training images streamed by mini-batches
 * (node/streamSource.ts), the test set held in memory when it is small (a quarter of the memory limit)
 * and streamed as well otherwise. Options that need every row in memory are refused in one line.
 */
export async function runStreamTrain(flags: Flags, plan: StreamPlan): Promise<void> {
  const why =
    plan.reason === 'flag'
      ? '--stream'
      : `the training ${plan.kind === 'idx' ? 'images' : 'file'}, ${mb(plan.trainBytes)}, ${plan.kind === 'idx' ? 'are' : 'is'} over --memory-limit ${mb(plan.limit)}`;
  const refused: [string, unknown][] = [
    ['--validation', flags.validation],
    ['--test-data', plan.kind === 'idx' ? flags.testData : undefined],
    ['--impute mean', flags.impute === 'mean' ? true : undefined],
    ['--test-fraction', flags.testFraction],
    ['--train-limit', flags.trainLimit],
    ['--test-limit', flags.testLimit],
  ];
  for (const [flag, value] of refused) {
    if (value !== undefined) throw new InputError(`${flag}: not available when streaming (${why})`);
  }
  const given = trainingOptionsFrom(flags as unknown as Record<string, unknown>);
  const clf = new SoftmaxClassifier(given, flagOf);
  const o = clf.options;
  if (o.solver === 'lbfgs') {
    throw new InputError(
      `--solver lbfgs: takes full-batch steps over rows held in memory; streaming (${why}) trains with sgd or adam`,
    );
  }
  if (o.earlyStopping) {
    throw new InputError(`--early-stopping: holds rows out in memory, not available when streaming (${why})`);
  }
  if (o.classWeight !== 'none') {
    throw new InputError(`--class-weight ${o.classWeight}: not available when streaming (${why})`);
  }
  if (o.batchSize === 'full') {
    throw new InputError(`--batch-size full: streaming (${why}) trains by mini-batches`);
  }
  if (plan.kind === 'idx' && o.preprocessing === 'standardize') {
    throw new InputError(
      `--preprocessing standardize: needs per-pixel statistics over every image first; streaming (${why}) takes scale or minmax`,
    );
  }
  if (plan.kind === 'csv' && given.preprocessing !== undefined && given.preprocessing !== 'standardize') {
    throw new InputError(
      `--preprocessing ${given.preprocessing}: is for image bytes; a CSV's real-valued columns take standardize`,
    );
  }
  const solver = o.solver === 'adam' ? 'adam' : 'sgd';
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };

  const closers: (() => void)[] = [];
  const run = openRunDir(flags.out);
  try {
    const opened = plan.kind === 'idx' ? openIdx(plan, o.preprocessing) : openCsv(plan, flags);
    closers.push(...opened.closers);
    const { train, evalSource, testSet, classNames, preprocess } = opened;
    if (plan.kind === 'csv' && given.weightDecay === undefined) o.weightDecay = 1 / train.count;
    if (plan.kind === 'csv') o.preprocessing = 'standardize';
    const backendName = (await clf.ensureBackend()).name;
    const shuffled = flags.shuffle === false ? 'in file order' : 'chunks in random order';
    log(
      `Streaming ${grouped(train.count)} ${opened.what} from ${plan.kind === 'idx' ? plan.dir : plan.file} (${why}): ` +
        `${shuffled}, shuffle buffer ${grouped(train.blockRows)} rows, ${mb(train.bufferBytes)} read ahead on a worker`,
    );
    log(
      `Training ${o.strategy} (${classNames.length} classes) with ${solver}: ${o.epochs} epochs, batch ${o.batchSize}, ` +
        `lr ${o.learningRate}${solver === 'sgd' ? `, momentum ${o.momentum}${o.nesterov ? ' (Nesterov)' : ''}` : ''}, ` +
        `tol ${o.tol}, λ ${o.weightDecay}, ${o.preprocessing}; backend ${backendName}`,
    );
    const progress = epochProgress(o.epochs, flags.progress && !flags.json);
    let result;
    try {
      result = await clf.fitSource(train, {
        shape: opened.shape,
        classNames,
        preprocess,
        evalSource,
        shuffle: flags.shuffle,
        onEpoch: (r: EpochRecord) => progress.update(r.epoch, r.loss, r.trainAccuracy),
      });
    } finally {
      progress.stop();
    }
    let evaluation: Evaluation;
    let proba: Float32Array | null = null;
    if (testSet !== null) {
      proba = clf.predictProba({
        pixels: testSet.pixels,
        n: testSet.n,
        height: testSet.height,
        width: testSet.width,
      });
      evaluation = evaluate(proba, testSet.labels, classNames);
    } else {
      const backend = await clf.ensureBackend();
      evaluation = evaluateSource(
        backend,
        evalSource,
        clf.params,
        columnMap(preprocess),
        o.strategy,
        classNames,
      );
    }
    await finishRun(run, flags, {
      clf,
      result,
      evaluation,
      gallery: testSet === null ? undefined : { ...testSet, channels: 1 },
      proba,
      classNames,
      evaluatedOn: 'test',
      data: { ...opened.record, trainCount: train.count, testCount: evaluation.testCount },
      backendName,
    });
  } finally {
    for (const close of closers) close();
    run.close();
    clf.dispose();
  }
}

interface Opened {
  train: BatchSource & { close(): void; readonly blockRows: number; readonly bufferBytes: number };
  evalSource: BatchSource;
  /** The test images when held in memory (for the report's galleries). */
  testSet: { pixels: Uint8Array; labels: Uint8Array; n: number; height: number; width: number } | null;
  classNames: string[];
  preprocess: PreprocessState;
  shape: InputShape;
  /** "60,000 images of 28×28", "1,000,000 rows of 12 columns". */
  what: string;
  /** metrics.json's data record but the counts. */
  record: Record<string, unknown>;
  closers: (() => void)[];
}

/** An IDX folder: training images streamed; the test set in memory when small, streamed otherwise. */
function openIdx(plan: IdxPlan, kind: Preprocessing): Opened {
  const preprocess = { kind };
  const closers: (() => void)[] = [];
  const train = openIdxStream(plan.trainImages, plan.trainLabels, { preprocess });
  closers.push(() => train.close());
  try {
    const { height, width } = train;
    const d = height * width;
    let evalSource: BatchSource;
    let testSet: Opened['testSet'] = null;
    let testMax: number;
    let isFashionMnist = false;
    if (plan.testBytes <= plan.limit / 4) {
      const images = readIdxFile(plan.testImages, { expectedDims: 3, maxBytes: plan.testBytes });
      const labels = readIdxFile(plan.testLabels, { expectedDims: 1 }).data;
      const [n, h, w] = images.dims;
      if (h !== height || w !== width) {
        throw new InputError(
          `image size differs: training images are ${height}×${width}, test images ${h}×${w}`,
        );
      }
      if (labels.length !== n) {
        throw new InputError(`${plan.testLabels}: holds ${labels.length} labels for ${n} test images`);
      }
      testSet = { pixels: images.data, labels, n, height, width };
      evalSource = memoryBatches(toByteRows(preprocess, images.data, n, d), labels, null);
      testMax = labels.reduce((m, y) => Math.max(m, y), 0);
      isFashionMnist = sha256(labels) === FASHION_TEST_LABELS_SHA256;
    } else {
      const test = openIdxStream(plan.testImages, plan.testLabels, { preprocess, slots: 2 });
      closers.push(() => test.close());
      if (test.height !== height || test.width !== width) {
        throw new InputError(
          `image size differs: training images are ${height}×${width}, test images ${test.height}×${test.width}`,
        );
      }
      evalSource = test;
      testMax = test.maxLabel;
    }
    const k = train.maxLabel + 1;
    if (testMax >= k) {
      throw new InputError(
        `${plan.testLabels}: label ${testMax} out of range: the training labels span 0..${k - 1}`,
      );
    }
    isFashionMnist &&= k === 10;
    return {
      train,
      evalSource,
      testSet,
      classNames: isFashionMnist
        ? [...FASHION_MNIST_CLASSES]
        : Array.from({ length: k }, (_, i) => String(i)),
      preprocess,
      shape: { kind: 'images', height, width, channels: 1 },
      what: `images of ${height}×${width}`,
      record: {
        dir: plan.dir,
        format: 'idx',
        path: plan.dir,
        test: { from: 'source' },
        settings: { bundled: false, streamed: true },
        height,
        width,
        channels: 1,
        isFashionMnist,
      },
      closers,
    };
  } catch (err) {
    for (const close of closers) close();
    throw err;
  }
}

/** A CSV file and its --test-data CSV, both scanned once and streamed; standardize from the training scan. */
function openCsv(plan: CsvPlan, flags: Flags): Opened {
  const scan = scanCsv(plan.file, { labelColumn: flags.labelColumn, idColumn: flags.idColumn });
  const testScan = scanCsv(plan.testFile, {
    labelColumn: scan.labelColumn,
    idColumn: flags.idColumn,
    classNames: scan.classNames,
  });
  if (testScan.featureNames.join(',') !== scan.featureNames.join(',')) {
    throw new InputError(
      `--test-data: ${plan.testFile} has the columns ${testScan.featureNames.join(', ')}; the training file ${scan.featureNames.join(', ')}`,
    );
  }
  const closers: (() => void)[] = [];
  const train = openCsvStream(scan);
  closers.push(() => train.close());
  const test = openCsvStream(testScan, { slots: 2 });
  closers.push(() => test.close());
  const d = scan.featureNames.length;
  return {
    train,
    evalSource: test,
    testSet: null,
    classNames: scan.classNames,
    preprocess: { kind: 'standardize', mean: scan.mean, std: scan.std },
    shape: { kind: 'table', featureNames: scan.featureNames },
    what: `rows of ${d} column${d === 1 ? '' : 's'}`,
    record: {
      dir: plan.file,
      format: 'csv',
      path: plan.file,
      test: { from: 'path', path: plan.testFile, format: 'csv' },
      settings: { labelColumn: scan.labelColumn, impute: 'none', streamed: true },
      height: 1,
      width: d,
      features: d,
      featureNames: scan.featureNames,
      isFashionMnist: false,
    },
    closers,
  };
}
