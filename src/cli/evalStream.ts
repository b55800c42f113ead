import { columnMap } from '../data/preprocess.js';
import type { Evaluation } from '../metrics/evaluate.js';
import type { SoftmaxClassifier } from '../node/classifier.js';
import { scanCsv, openCsvStream } from '../node/csvStream.js';
import { openIdxStream } from '../node/streamSource.js';
import { evaluateSource } from '../model/scoreSource.js';
import { InputError } from '../util/errors.js';
import type { CsvPlan, IdxPlan, StreamPlan } from './streamFlags.js';
import type { BatchSource } from '../data/batchSource.js';

/**
 * `softmax eval` over a test set read from disk a block at a time (--stream, a data set whose training
 * file is over --memory-limit, or a model that was trained streamed): only the test files are read, and
 * the sums behind the metrics are taken block by block, so a test set larger than memory is scored in a
 * few blocks' memory and the (larger still) training file is never opened. The rows are made under the
 * model's own preprocessing, as in memory.
 */
export async function evaluateStreamed(
  clf: SoftmaxClassifier,
  plan: StreamPlan,
  modelPath: string,
  labelColumn: string | undefined,
): Promise<{ evaluation: Evaluation; where: string }> {
  const names = clf.classNames;
  const preprocess = clf.preprocessing;
  const { test, where } =
    plan.kind === 'idx' ? openIdxTest(clf, plan, modelPath) : openCsvTest(clf, plan, modelPath, labelColumn);
  try {
    const backend = await clf.ensureBackend();
    const evaluation = evaluateSource(
      backend,
      test,
      clf.params,
      columnMap(preprocess),
      clf.options.strategy,
      names,
    );
    return { evaluation, where: `${where} (streamed)` };
  } finally {
    test.close();
  }
}

type TestStream = { test: BatchSource & { close(): void }; where: string };

/** The IDX test files, streamed under the model's preprocessing, once they fit the model. */
function openIdxTest(clf: SoftmaxClassifier, plan: IdxPlan, modelPath: string): TestStream {
  const shape = clf.inputShape;
  const names = clf.classNames;
  if (shape.kind !== 'images' || shape.channels !== 1) {
    throw new InputError(
      `${modelPath}: the model reads ${describe(shape)}, not the grey images of ${plan.dir}`,
    );
  }
  const test = openIdxStream(plan.testImages, plan.testLabels, { preprocess: clf.preprocessing, slots: 2 });
  try {
    if (test.height !== shape.height || test.width !== shape.width) {
      throw new InputError(
        `${modelPath}: the model takes ${shape.height}×${shape.width} images (${shape.height * shape.width} pixels) but ${plan.testImages} holds ${test.height}×${test.width} images`,
      );
    }
    if (test.maxLabel >= names.length) {
      throw new InputError(
        `${plan.testLabels}: label ${test.maxLabel} out of range: the model knows ${names.length} classes (0..${names.length - 1})`,
      );
    }
  } catch (err) {
    test.close();
    throw err;
  }
  return { test, where: plan.testImages };
}

/** The --test-data CSV, streamed, once its columns are the model's. */
function openCsvTest(
  clf: SoftmaxClassifier,
  plan: CsvPlan,
  modelPath: string,
  labelColumn: string | undefined,
): TestStream {
  const shape = clf.inputShape;
  if (shape.kind !== 'table') {
    throw new InputError(`${modelPath}: the model reads ${describe(shape)}, not the table ${plan.testFile}`);
  }
  const scan = scanCsv(plan.testFile, { labelColumn, classNames: clf.classNames });
  if (scan.featureNames.join(',') !== shape.featureNames.join(',')) {
    throw new InputError(
      `${plan.testFile}: has the columns ${scan.featureNames.join(', ')}; the model reads ${shape.featureNames.join(', ')}`,
    );
  }
  return { test: openCsvStream(scan, { slots: 2 }), where: plan.testFile };
}

function describe(shape: SoftmaxClassifier['inputShape']): string {
  if (shape.kind === 'table') return `rows of ${shape.featureNames.length} columns`;
  return `${shape.height}×${shape.width} images with ${shape.channels} channel${shape.channels === 1 ? '' : 's'}`;
}
