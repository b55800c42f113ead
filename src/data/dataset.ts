import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../util/errors.js';
import { BUNDLED_DATA_DIR, BUNDLED_SHA256, FASHION_MNIST_CLASSES, FASHION_TEST_LABELS_SHA256, IDX_FILES } from './fashionMnist.js';
import { parseIdx } from './idx.js';
import { maxLabel } from '../kernels/stats.js';

/** Images as bytes (n × height·width, row-major) and their labels. */
export interface ImageSet {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
}

export interface DataBundle {
  readonly train: ImageSet;
  readonly test: ImageSet;
  readonly classNames: string[];
  readonly dir: string;
  readonly isFashionMnist: boolean;
  readonly bundled: boolean;
}

export interface LoadOptions {
  /** Folder with the four IDX files; the bundled Fashion-MNIST when omitted. */
  dir?: string;
  /** Take only the first N training / test images (the data set's order, as the original did). */
  trainLimit?: number;
  testLimit?: number;
  /** SHA-256 per file name to verify; the bundled set's are always checked. */
  checksums?: Record<string, string>;
}

/** Loads an MNIST-style data set, checking every file; throws InputError naming the file on any fault. */
export function loadDataset(opts: LoadOptions = {}): DataBundle {
  const dir = resolve(opts.dir ?? BUNDLED_DATA_DIR);
  if (!existsSync(dir)) throw new InputError(`--data: folder not found: ${dir}`);
  const bundled = sameDir(dir, BUNDLED_DATA_DIR);
  const checksums = opts.checksums ?? (bundled ? BUNDLED_SHA256 : {});

  const read = (base: string): { name: string; bytes: Uint8Array } => {
    for (const name of [`${base}.gz`, base]) {
      const path = join(dir, name);
      if (existsSync(path)) {
        const bytes = readFileSync(path);
        verifyChecksum(path, checksums[name], bytes);
        return { name: path, bytes };
      }
    }
    throw new InputError(`missing data file: ${join(dir, base)}(.gz)`);
  };

  const train = readImageSet(read(IDX_FILES.trainImages), read(IDX_FILES.trainLabels));
  const testLabelsFile = read(IDX_FILES.testLabels);
  const test = readImageSet(read(IDX_FILES.testImages), testLabelsFile);
  if (train.height !== test.height || train.width !== test.width) {
    throw new InputError(
      `image size differs: training images are ${train.height}×${train.width}, test images ${test.height}×${test.width}`,
    );
  }
  const numClasses = maxLabel(train.labels) + 1;
  const testMax = maxLabel(test.labels);
  if (testMax >= numClasses) {
    throw new InputError(
      `${testLabelsFile.name}: label ${testMax} out of range: the training labels span 0..${numClasses - 1}`,
    );
  }
  const isFashionMnist = numClasses === 10 && sha256(test.labels) === FASHION_TEST_LABELS_SHA256;
  const classNames = isFashionMnist
    ? [...FASHION_MNIST_CLASSES]
    : Array.from({ length: numClasses }, (_, i) => String(i));

  return {
    train: limit(train, opts.trainLimit),
    test: limit(test, opts.testLimit),
    classNames,
    dir,
    isFashionMnist,
    bundled,
  };
}

function readImageSet(images: { name: string; bytes: Uint8Array }, labels: { name: string; bytes: Uint8Array }): ImageSet {
  const img = parseIdx(images.bytes, images.name, 3);
  const lab = parseIdx(labels.bytes, labels.name, 1);
  const [n, height, width] = img.dims;
  if (lab.dims[0] !== n) {
    throw new InputError(`${labels.name}: holds ${lab.dims[0]} labels but ${images.name} holds ${n} images`);
  }
  return { pixels: img.data, labels: lab.data, n, height, width };
}

/** The first `count` images of a set, without copying. */
export function limit(set: ImageSet, count: number | undefined): ImageSet {
  if (count === undefined || count >= set.n) return set;
  const d = set.height * set.width;
  return { ...set, n: count, pixels: set.pixels.subarray(0, count * d), labels: set.labels.subarray(0, count) };
}


function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function verifyChecksum(path: string, want: string | undefined, bytes: Uint8Array): void {
  if (want === undefined) return;
  const got = sha256(bytes);
  if (got !== want) throw new InputError(`${path}: checksum mismatch: SHA-256 is ${got}, expected ${want}`);
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
