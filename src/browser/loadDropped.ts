import { formatLimit, maxBytesFor } from '../data/fileLimits.js';
import { csvDataSet } from '../data/csvDataSet.js';
import type { DataSet, LabeledRows } from '../data/dataSource.js';
import { IDX_FILES } from '../data/fashionMnist.js';
import type { InputShape } from '../data/features.js';
import type { ImageSet } from '../data/imageSet.js';
import { readImageFolderView } from '../data/imageFolder.js';
import { limitLabeled, stratifiedHoldOut } from '../data/split.js';
import { DEFAULT_TEST_FRACTION } from '../data/testFraction.js';
import { Rng } from '../model/rng.js';
import { InputError } from '../util/errors.js';
import { decodeImageInBrowser } from './decodeImage.js';
import { droppedFolder, type DroppedFile } from './droppedFolder.js';

/** Each CSV's cap in the page: the command line's. */
const MAX_CSV_BYTES = maxBytesFor('data');

export type Labeled = LabeledRows & { readonly y: Uint8Array };

/** What the training worker trains and scores on, whatever the data came as. */
export interface Loaded {
  readonly train: Labeled;
  readonly test: Labeled;
  readonly classNames: string[];
  readonly shape: InputShape;
  /** What the page names the data by. */
  readonly source: string;
  /** The reader's warnings and what was chosen for the user (the test split), one line each. */
  readonly notes: string[];
}

export interface LoadChoices {
  /** Seeds the stratified test split, as `softmax train --seed` does (the page's seed setting). */
  readonly seed: number;
  readonly trainLimit?: number;
  readonly testLimit?: number;
}

/** The rows of an IDX image set. */
export function rowsOfImages(set: ImageSet): Labeled {
  const X = { pixels: set.pixels, n: set.n, height: set.height, width: set.width };
  return { X, y: set.labels, ids: null };
}

/** Which reader dropped files need: one CSV file, a folder of class folders, or loose IDX files. */
export function droppedFormat(
  files: readonly DroppedFile[],
  folders: readonly string[],
): 'csv' | 'images' | 'idx' {
  const csv = files.filter((f) => /\.csv$/i.test(f.path));
  const inFolder = folders.length > 0 || files.some((f) => f.path.includes('/'));
  if (!inFolder && csv.length > 0) {
    if (files.length > 1) {
      throw new InputError(`${csv[0].path}: a CSV file is a whole data set: drop it on its own`);
    }
    return 'csv';
  }
  if (!inFolder) return 'idx';
  // A folder holding the IDX files is read as IDX, as `softmax train --data DIR` does.
  const idxNames = [IDX_FILES.trainImages, `${IDX_FILES.trainImages}.gz`];
  return files.some((f) => idxNames.includes(baseName(f.path))) ? 'idx' : 'images';
}

/**
 * Reads a dropped CSV file or image folder as the command line reads `--data` (data/csvDataSet.ts,
 * data/imageFolder.ts: the same columns, classes, sizes, channels and refusals) and picks the test rows
 * as `softmax train` does: the folder's own train/ and test/, else a stratified, seeded 20% (the
 * default --test-fraction); then the first trainLimit / testLimit rows.
 */
export async function loadDroppedData(
  format: 'csv' | 'images',
  files: readonly DroppedFile[],
  folders: readonly string[],
  choices: LoadChoices,
): Promise<Loaded> {
  let data: DataSet;
  if (format === 'csv') {
    const file = files[0];
    if (file.blob.size > MAX_CSV_BYTES) {
      throw new InputError(
        `${file.path}: larger than the ${formatLimit(MAX_CSV_BYTES)} limit for a CSV file`,
      );
    }
    data = csvDataSet(new Uint8Array(await file.blob.arrayBuffer()), file.path);
  } else {
    data = await readImageFolderView(await droppedFolder(files, folders), decodeImageInBrowser);
  }
  return chooseTestRows(data, choices);
}

/** The test rows and the note saying how they were chosen, as cli/dataSource.ts's loadTrainingData. */
export function chooseTestRows(data: DataSet, choices: LoadChoices): Loaded {
  const notes = [...data.warnings];
  const path = data.provenance.path;
  if (data.train.y === null) throw new InputError(`${path}: the training data has no labels`);
  let train = data.train as Labeled;
  let test: Labeled;
  if (data.test !== null) {
    test = data.test as Labeled;
  } else {
    const k = data.classNames.length;
    const fraction = DEFAULT_TEST_FRACTION;
    const split = stratifiedHoldOut(train, k, fraction, new Rng(choices.seed), '--test-fraction');
    train = split.kept as Labeled;
    test = split.held as Labeled;
    notes.push(
      `${path} has no test split: ${test.X.n} rows (${100 * fraction}%, stratified, seed ${choices.seed}) held out as the test set`,
    );
  }
  return {
    train: limitLabeled(train, choices.trainLimit) as Labeled,
    test: limitLabeled(test, choices.testLimit) as Labeled,
    classNames: [...data.classNames],
    shape: data.shape,
    source: path,
    notes,
  };
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
