import { memoryBatches, type BatchSource } from '../data/batchSource.js';
import { FASHION_MNIST_CLASSES, FASHION_TEST_LABELS_SHA256 } from '../data/fashionMnist.js';
import { toByteRows } from '../data/preprocess.js';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import type { EpochRecord } from '../model/train.js';
import { evaluateSource } from '../model/scoreSource.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import { readIdxFile, sha256 } from '../node/idxFile.js';
import { openIdxStream, type IdxStream } from '../node/streamSource.js';
import { InputError } from '../util/errors.js';
import type { SourceFlagValues } from './dataSource.js';
import { flagOf, trainingOptionsFrom } from './flags.js';
import { epochProgress } from './progress.js';
import { openRunDir } from './runDir.js';
import type { StreamFlagValues, StreamPlan } from './streamFlags.js';
import { finishRun } from './train.js';

type Flags = SourceFlagValues &
  StreamFlagValues & {
    out?: string;
    json?: boolean;
    progress: boolean;
    validation?: number;
    figures?: boolean;
  };

const mb = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

/**
 * `softmax train` on an IDX folder read from disk: the training images streamed by mini-batches
 * (node/streamSource.ts), the test set held in memory when it is small (a quarter of the memory limit)
 * and streamed as well otherwise. Options that need every row in memory are refused in one line.
 */
export async function runStreamTrain(flags: Flags, plan: StreamPlan): Promise<void> {
  const why =
    plan.reason === 'flag'
      ? '--stream'
      : `the training images, ${mb(plan.trainBytes)}, are over --memory-limit ${mb(plan.limit)}`;
  const refused: [string, unknown][] = [
    ['--validation', flags.validation],
    ['--test-data', flags.testData],
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
  if (o.preprocessing === 'standardize') {
    throw new InputError(
      `--preprocessing standardize: needs per-pixel statistics over every image first; streaming (${why}) takes scale or minmax`,
    );
  }
  const solver = o.solver === 'adam' ? 'adam' : 'sgd';
  const preprocess = { kind: o.preprocessing } as const;
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };

  const closers: (() => void)[] = [];
  const run = openRunDir(flags.out);
  try {
    const train = openIdxStream(plan.trainImages, plan.trainLabels, { preprocess });
    closers.push(() => train.close());
    const d = train.height * train.width;
    let evalSource: BatchSource;
    let testSet: { pixels: Uint8Array; labels: Uint8Array; n: number } | null = null;
    let testMax: number;
    let isFashionMnist = false;
    if (plan.testBytes <= plan.limit / 4) {
      const images = readIdxFile(plan.testImages, { expectedDims: 3, maxBytes: plan.testBytes });
      const labels = readIdxFile(plan.testLabels, { expectedDims: 1 }).data;
      const [n, h, w] = images.dims;
      if (h !== train.height || w !== train.width) {
        throw new InputError(
          `image size differs: training images are ${train.height}×${train.width}, test images ${h}×${w}`,
        );
      }
      if (labels.length !== n) {
        throw new InputError(`${plan.testLabels}: holds ${labels.length} labels for ${n} test images`);
      }
      testSet = { pixels: images.data, labels, n };
      evalSource = memoryBatches(toByteRows(preprocess, images.data, n, d), labels, null);
      testMax = labels.reduce((m, y) => Math.max(m, y), 0);
      isFashionMnist = sha256(labels) === FASHION_TEST_LABELS_SHA256;
    } else {
      const test: IdxStream = openIdxStream(plan.testImages, plan.testLabels, { preprocess, slots: 2 });
      closers.push(() => test.close());
      if (test.height !== train.height || test.width !== train.width) {
        throw new InputError(
          `image size differs: training images are ${train.height}×${train.width}, test images ${test.height}×${test.width}`,
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
    const classNames = isFashionMnist
      ? [...FASHION_MNIST_CLASSES]
      : Array.from({ length: k }, (_, i) => String(i));
    const backendName = (await clf.ensureBackend()).name;
    const shuffled = flags.shuffle === false ? 'in file order' : 'chunks in random order';
    log(
      `Streaming ${train.count.toLocaleString('en-US')} images of ${train.height}×${train.width} from ${plan.dir} (${why}): ` +
        `${shuffled}, shuffle buffer ${train.blockRows.toLocaleString('en-US')} rows, ${mb(train.bufferBytes)} read ahead on a worker`,
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
        shape: { kind: 'images', height: train.height, width: train.width, channels: 1 },
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
        height: train.height,
        width: train.width,
      });
      evaluation = evaluate(proba, testSet.labels, classNames);
    } else {
      const backend = await clf.ensureBackend();
      evaluation = evaluateSource(backend, evalSource, clf.params, null, o.strategy, classNames);
    }
    await finishRun(run, flags, {
      clf,
      result,
      evaluation,
      gallery:
        testSet === null ? undefined : { ...testSet, height: train.height, width: train.width, channels: 1 },
      proba,
      classNames,
      evaluatedOn: 'test',
      data: {
        dir: plan.dir,
        format: 'idx',
        path: plan.dir,
        test: { from: 'source' },
        settings: { bundled: false, streamed: true },
        trainCount: train.count,
        testCount: evaluation.testCount,
        height: train.height,
        width: train.width,
        channels: 1,
        isFashionMnist,
      },
      backendName,
    });
  } finally {
    for (const close of closers) close();
    run.close();
    clf.dispose();
  }
}
