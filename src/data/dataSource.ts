import type { Features, InputShape } from './features.js';

/** The formats `--data` reads; `--format` names one outright, otherwise it is inferred from the path. */
export type DataFormat = 'idx' | 'csv' | 'images';
export const DATA_FORMATS: readonly DataFormat[] = ['idx', 'csv', 'images'];

/** Rows of features, their labels (null when the source has none, e.g. images to predict) and ids. */
export interface LabeledRows {
  readonly X: Features;
  readonly y: Uint8Array | null;
  /** What names each row in predictions.csv: a CSV's id column, an image's file name; null = row number. */
  readonly ids: readonly string[] | null;
}

/** Where a data set came from: recorded in metrics.json, and read back by `eval` and `report`. */
export interface Provenance {
  readonly format: DataFormat;
  /** The path as resolved (absolute). */
  readonly path: string;
  /** How the test rows were chosen: the source's own split, another path, a stratified fraction, none. */
  readonly test: { readonly from: 'source' } | { readonly from: 'path'; readonly path: string; readonly format: DataFormat } | { readonly from: 'fraction'; readonly fraction: number; readonly seed: number } | { readonly from: 'none' };
  /** The reader's settings that change what is read (label column, channels, image size, …). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A data set as every reader returns it: training rows, test rows when the source has a split of its own,
 * the class names (label c is classNames[c]), the shape of one row, and what the reader had to say
 * (skipped files, a conversion it chose) as one line each.
 */
export interface DataSet {
  readonly train: LabeledRows;
  readonly test: LabeledRows | null;
  readonly classNames: readonly string[];
  readonly shape: InputShape;
  readonly provenance: Provenance;
  readonly warnings: readonly string[];
  /** Bundled Fashion-MNIST (IDX only): the report and the terminal name it. */
  readonly isFashionMnist?: boolean;
}

/**
 * What a reader may be told. A model's shape and class names make a reader produce rows the model can
 * read (columns in the model's order, images resized to its size, labels numbered as its classes).
 */
export interface ReadOptions {
  /** CSV: the label column's name (default `label`, else the last column). */
  labelColumn?: string;
  /** CSV: a column naming each row, left out of the features (default `id`, when present). */
  idColumn?: string;
  /** CSV: replace missing values (empty, NA, NaN, ?) by a column mean (imputeMeans, else the file's own) instead of refusing. */
  impute?: 'none' | 'mean';
  /** CSV, impute mean, data read for a model: fill each feature column with this value (the training
   *  data's mean) rather than its mean in the file. */
  imputeMeans?: readonly number[];
  /** Images: 1 (grey) or 3 (colour); default: what the images are. */
  channels?: 1 | 3;
  /** Images: every image is resized to this; default: the most common size. */
  imageSize?: { height: number; width: number };
  /** Images: refuse (instead of listing and skipping) files that are not readable images. */
  strict?: boolean;
  /** Largest file to read, in bytes. */
  maxFileBytes?: number;
  /** Rows without labels are allowed (predict): a CSV without the label column, a folder of images. */
  labelsOptional?: boolean;
  /** Number labels as these classes (a model's), refusing any other label. */
  classNames?: readonly string[];
  /** Read the columns / image size the model takes. */
  shape?: InputShape;
  /** IDX: the first N training / test images. */
  trainLimit?: number;
  testLimit?: number;
}

/** One reader per format, all with the same contract: a DataSet, or an InputError naming the file. */
export interface DataSource {
  readonly format: DataFormat;
  read(path: string, options: ReadOptions): Promise<DataSet>;
}
