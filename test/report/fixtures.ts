import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/node/dataset.js';
import { encodeIdx } from '../../src/data/idx.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import type { TrainSummary } from '../../src/cli/finishRun.js';

export interface FixtureRun {
  dir: string;
  dataDir: string;
  height: number;
  width: number;
  k: number;
}

/**
 * Learnable little images: class c lights up band c (a band of rows), plus noise, so a model trained for
 * a few epochs is right on most and wrong on some. Deliberately not 28×28 and not 10 classes.
 */
function images(
  n: number,
  height: number,
  width: number,
  k: number,
  seed: number,
): { px: Uint8Array; y: Uint8Array } {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const px = new Uint8Array(n * height * width);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let r = 0; r < height; r++) {
      const lit = Math.floor((r * k) / height) === c;
      for (let col = 0; col < width; col++) {
        px[(i * height + r) * width + col] = Math.min(255, Math.floor((lit ? 140 : 20) + rand() * 150));
      }
    }
  }
  return { px, y };
}

/** A run folder as `softmax train` leaves it (metrics.json, history.json, model.json) on a made-up data set. */
export async function makeRunFolder(
  opts: { height?: number; width?: number; k?: number } = {},
): Promise<FixtureRun> {
  const height = opts.height ?? 6;
  const width = opts.width ?? 5;
  const k = opts.k ?? 4;
  const root = mkdtempSync(join(tmpdir(), 'softmax-report-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const train = images(240, height, width, k, 1);
  const test = images(80, height, width, k, 2);
  writeFileSync(join(dataDir, 'train-images-idx3-ubyte'), encodeIdx([240, height, width], train.px));
  writeFileSync(join(dataDir, 'train-labels-idx1-ubyte'), encodeIdx([240], train.y));
  writeFileSync(join(dataDir, 't10k-images-idx3-ubyte'), encodeIdx([80, height, width], test.px));
  writeFileSync(join(dataDir, 't10k-labels-idx1-ubyte'), encodeIdx([80], test.y));

  const bundle = loadDataset({ dir: dataDir });
  const clf = new SoftmaxClassifier({ epochs: 3, batchSize: 32, backend: 'js', learningRate: 0.05 });
  const result = await clf.fit(bundle.train, bundle.train.labels, {
    classNames: bundle.classNames,
    evalSet: { X: bundle.test, y: bundle.test.labels },
  });
  const e = evaluate(clf.predictProba(bundle.test), bundle.test.labels, bundle.classNames);
  const dir = join(root, 'run');
  mkdirSync(dir);
  const summary: TrainSummary & { command: string } = {
    accuracy: e.accuracy,
    accuracyFirst2000: e.accuracyFirst2000,
    meanPerClassAccuracy: e.meanPerClassAccuracy,
    logLoss: e.logLoss,
    confusionMatrix: e.confusionMatrix,
    perClass: e.perClass.map(({ name, accuracy, precision, recall }) => ({
      name,
      accuracy,
      precision,
      recall,
    })),
    mostConfused: e.mostConfused,
    classNames: bundle.classNames,
    evaluatedOn: 'test',
    epochs: result.history.length,
    trainSeconds: result.trainSeconds,
    msPerEpoch: (1000 * result.trainSeconds) / result.history.length,
    solver: result.solver,
    stopReason: result.stopReason,
    iterations: result.iterations,
    finalObjective: result.finalObjective,
    gradNorm: result.gradNorm,
    bestEpoch: result.bestEpoch,
    backend: 'js',
    options: clf.options,
    history: result.history.map((h) => ({
      ...h,
      testAccuracy: h.testAccuracy ?? null,
      testLoss: h.testLoss ?? null,
    })),
    data: { dir: dataDir, trainCount: 240, testCount: 80, height, width, isFashionMnist: false },
    outDir: dir,
    command: 'softmax train --data "a folder" --epochs 3',
  };
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(summary));
  writeFileSync(join(dir, 'history.json'), JSON.stringify(result.history));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(clf.toJSON()));
  clf.dispose();
  return { dir, dataDir, height, width, k };
}

/** Every data: PNG in a page, decoded by its base64 payload. */
export function dataUriPngs(html: string): Buffer[] {
  return [...html.matchAll(/src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1], 'base64'),
  );
}
