import { existsSync } from 'node:fs';
import type { ImageSet } from '../../data/imageSet.js';
import { loadDataset } from '../../node/dataset.js';
import { isFloatMatrix } from '../../data/features.js';
import type { LabeledRows } from '../../data/dataSource.js';
import { argmaxRows } from '../../metrics/argmax.js';
import { SoftmaxClassifier } from '../../model/SoftmaxClassifier.js';
import { REPORT_LIMITS } from '../limits.js';
import { displayNames } from '../text.js';
import type { RunFolder } from './runFolder.js';

/** The evaluation images of a run with the saved model's probabilities for them. */
export interface EvalPredictions {
  set: ImageSet;
  proba: Float32Array;
  pred: Uint8Array;
  k: number;
  classNames: string[];
  /** Which set the images are: the test set, or the held-out end of the training set. */
  label: 'test' | 'validation';
  /** Set when the recomputed accuracy differs from the saved one (the data folder may have changed). */
  warning?: string;
}

/** Evaluation images already in memory, with the model's probabilities for them (n × k). */
export interface Evaluated {
  set: ImageSet;
  proba: Float32Array;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Recomputed and saved accuracy may differ by a few images across backends; more means other data. */
const ACCURACY_TOLERANCE = 0.005;

/**
 * Rebuilds the evaluation set exactly as `softmax train` chose it (the first testCount test images, or
 * with --validation the testCount training images after the first trainCount) and scores it with the
 * saved model. The galleries need per-image predictions, which the run folder does not keep: storing them
 * would make every run folder several megabytes for a page that may never be opened.
 */
/** Reads a run's evaluation rows again from its metrics.json's record (the command line supplies it). */
export type ReloadRows = (
  data: Record<string, unknown>,
  evaluatedOn: 'test' | 'validation',
  seed: number,
) => Promise<LabeledRows & { y: Uint8Array }>;

export async function predictEvaluationSet(
  run: RunFolder,
  evaluated?: Evaluated,
  reloadRows?: ReloadRows,
): Promise<Outcome<EvalPredictions>> {
  const m = run.metrics;
  if (run.model === null) return { ok: false, reason: 'the run folder has no usable model.json' };
  const { galleryClasses, galleryMaxPixels } = REPORT_LIMITS;
  const k = run.model.numClasses;
  if (k > galleryClasses) {
    return {
      ok: false,
      reason: `the model has ${k} classes; the galleries are drawn up to ${galleryClasses}`,
    };
  }
  if (run.model.height * run.model.width > galleryMaxPixels) {
    return {
      ok: false,
      reason: `images of ${run.model.height} × ${run.model.width} pixels are too large to inline`,
    };
  }
  const classNames = displayNames(run.model.classNames);
  const label = m?.evaluatedOn ?? 'test';
  if (evaluated !== undefined) {
    const pred = new Uint8Array(evaluated.set.n);
    argmaxRows(evaluated.proba, evaluated.set.n, k, pred);
    return { ok: true, value: { ...evaluated, pred, k, classNames, label } };
  }
  const data = m?.data;
  if (!data?.dir || data.testCount === undefined) {
    return { ok: false, reason: 'metrics.json does not say which data set the model was evaluated on' };
  }
  if (data.testCount === 0) return { ok: false, reason: 'metrics.json says no image was evaluated' };
  if (!existsSync(data.dir))
    return { ok: false, reason: `the data folder ${data.dir} is not on this machine` };

  let set: ImageSet;
  try {
    if (data.format !== undefined && data.format !== 'idx') {
      // CSV or image folders, and any test split: read again through the data-source seam, by the
      // reader the caller passed (the command line's).
      if (reloadRows === undefined)
        return { ok: false, reason: `no reader for ${data.format} data was given` };
      const seed = typeof m?.options?.seed === 'number' ? m.options.seed : 1;
      const rows = await reloadRows(
        data as unknown as Record<string, unknown>,
        m?.evaluatedOn ?? 'test',
        seed,
      );
      if (isFloatMatrix(rows.X)) return { ok: false, reason: 'the data set is a table, not images' };
      const X = rows.X;
      set = {
        pixels: X.pixels,
        labels: rows.y,
        n: X.n,
        height: X.height,
        width: X.width,
        channels: X.channels,
      };
    } else {
      const bundle = loadDataset({ dir: data.dir });
      if (m?.evaluatedOn === 'validation') {
        const start = data.trainCount ?? 0;
        set = slice(bundle.train, start, data.testCount);
      } else {
        set = slice(bundle.test, 0, data.testCount);
      }
    }
  } catch (err) {
    return { ok: false, reason: `could not read the data set: ${(err as Error).message}` };
  }
  const model = run.model;
  if (set.height !== model.height || set.width !== model.width) {
    return {
      ok: false,
      reason: `the data set's images are ${set.height}×${set.width} but the model takes ${model.height}×${model.width}`,
    };
  }
  if (set.n === 0) return { ok: false, reason: `the data set in ${data.dir} has no images at that position` };
  for (let i = 0; i < set.n; i++) {
    if (set.labels[i] >= k) {
      return { ok: false, reason: `the data set has label ${set.labels[i]}, but the model has ${k} classes` };
    }
  }
  const clf = SoftmaxClassifier.fromJSON(model);
  try {
    const proba = clf.predictProba(set);
    const pred = new Uint8Array(set.n);
    argmaxRows(proba, set.n, k, pred);
    let right = 0;
    for (let i = 0; i < set.n; i++) if (pred[i] === set.labels[i]) right++;
    const accuracy = right / set.n;
    const saved = m?.accuracy;
    const warning =
      saved !== undefined && Math.abs(accuracy - saved) > ACCURACY_TOLERANCE
        ? `Recomputed accuracy ${(100 * accuracy).toFixed(2)}% differs from the saved ${(100 * saved).toFixed(2)}%: the data in ${data.dir} may have changed since training.`
        : undefined;
    return { ok: true, value: { set, proba, pred, k, classNames, label, warning } };
  } finally {
    clf.dispose();
  }
}

function slice(set: ImageSet, start: number, n: number): ImageSet {
  const count = Math.max(0, Math.min(n, set.n - start));
  const d = set.height * set.width;
  return {
    ...set,
    n: count,
    pixels: set.pixels.subarray(start * d, (start + count) * d),
    labels: set.labels.subarray(start, start + count),
  };
}
