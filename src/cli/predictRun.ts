import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LabeledRows } from '../data/dataSource.js';
import { isPng, pngHeader } from '../data/png.js';
import { toChannels } from '../data/pixels.js';
import { resizeImage } from '../data/resize.js';
import type { SoftmaxClassifier } from '../model/SoftmaxClassifier.js';
import { decodeImage } from '../node/imageFile.js';
import { MAX_PNG_PIXELS } from '../node/pngFile.js';
import { readFileCapped } from '../node/readFileCapped.js';
import { InputError } from '../util/errors.js';
import { capFromFlags } from './dataFlags.js';
import type { PredictFlags } from './predict.js';
import { checkModelFits, loadForModel, modelImputeMeans } from './dataSource.js';
import { shapeOf } from '../data/features.js';
import { loadModelFile } from './loadModel.js';
import { predictionsCsv } from './predictionsCsv.js';

/** Classifies the image files, or every row of --data (the flags are checked by predict.ts). */
export async function runPredict(images: string[], flags: PredictFlags): Promise<void> {
  const clf = loadModelFile(flags.model, capFromFlags(flags, 'model'));
  try {
    if (flags.data !== undefined) await predictData(clf, flags);
    else predictFiles(clf, images, flags);
  } finally {
    clf.dispose();
  }
}

/** Each image file, decoded (PNG or JPEG), converted to the model's channels and resized to its size. */
function predictFiles(clf: SoftmaxClassifier, images: string[], flags: PredictFlags): void {
  const shape = clf.inputShape;
  if (shape.kind !== 'images') {
    throw new InputError(
      `${flags.model}: the model reads a table of ${shape.featureNames.length} columns, not images: give --data FILE.csv`,
    );
  }
  const { height, width, channels } = shape;
  const d = height * width * channels;
  const pixels = new Uint8Array(images.length * d);
  const maxBytes = capFromFlags(flags, 'png');
  images.forEach((file, i) => {
    const bytes = readFileCapped(file, maxBytes);
    if (isPng(bytes)) {
      // Refused from the header, before anything is decoded, when it is too large to resize.
      const h = pngHeader(bytes, file);
      if (h.width * h.height > MAX_PNG_PIXELS) {
        throw new InputError(
          `${file}: image is ${h.width}×${h.height}, more than the ${MAX_PNG_PIXELS} pixels resized for prediction; the model takes ${width}×${height}`,
        );
      }
    }
    const img = decodeImage(bytes, file);
    const own = toChannels(img, channels);
    pixels.set(resizeImage(own, img.height, img.width, channels, height, width), i * d);
  });
  const k = clf.numClasses;
  const proba = clf.predictProba({ pixels, n: images.length, height, width, channels });
  const results = images.map((file, i) => {
    const row = Array.from(proba.subarray(i * k, (i + 1) * k), (p, c) => ({
      class: clf.classNames[c],
      index: c,
      probability: p,
    }));
    return { file, top: row.sort((a, b) => b.probability - a.probability).slice(0, 3) };
  });
  if (flags.json) {
    process.stdout.write(JSON.stringify(results) + '\n');
    return;
  }
  process.stdout.write(`Model ${flags.model} (backend ${clf.backendName})\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.file}: ` + r.top.map((t) => `${t.class} ${(100 * t.probability).toFixed(1)}%`).join(', ') + '\n',
    );
  }
}

/** Every row of --data: one line of predictions.csv each (id or file name, label if known, predicted class, probabilities). */
async function predictData(clf: SoftmaxClassifier, flags: PredictFlags): Promise<void> {
  const model = {
    inputShape: clf.inputShape,
    classNames: clf.classNames,
    imputeMeans: modelImputeMeans(clf),
  };
  const { data } = await loadForModel(flags, model, { labelsOptional: true });
  for (const rows of [data.train, data.test]) {
    if (rows !== null) checkModelFits(flags.model, clf.inputShape, shapeOf(rows.X), data.provenance.path);
  }
  for (const w of data.warnings) process.stderr.write(`softmax: note: ${w}\n`);
  const parts: LabeledRows[] = data.test ? [data.train, data.test] : [data.train];
  const chunks: string[] = [];
  let right = 0;
  let labelled = 0;
  let total = 0;
  parts.forEach((rows, part) => {
    const proba = clf.predictProba(rows.X);
    const table = predictionsCsv(rows, proba, clf.classNames, { header: part === 0, firstRow: total });
    chunks.push(table.text);
    right += table.right;
    labelled += table.labelled;
    total += rows.X.n;
  });
  const text = chunks.join('');
  if (flags.json) {
    process.stdout.write(JSON.stringify({ rows: total, out: flags.out ?? null }) + '\n');
  }
  if (flags.out === undefined) {
    if (!flags.json) process.stdout.write(text);
  } else {
    writeAtomically(flags.out, text);
  }
  if (flags.out !== undefined && !flags.json) {
    const acc =
      labelled > 0
        ? `; accuracy on the ${labelled} labelled rows ${((100 * right) / labelled).toFixed(2)}%`
        : '';
    process.stdout.write(`Wrote ${total} predictions to ${flags.out}${acc}\n`);
  }
}

/** Writes beside the target and renames, so a failure never leaves half a file under its name. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    const e = err as NodeJS.ErrnoException;
    throw new InputError(`--out: ${path}: cannot write (${e.code ?? e.message})`);
  }
}
