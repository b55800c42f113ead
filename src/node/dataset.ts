import { lstatSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BUNDLED_SHA256,
  BUNDLED_UNPACKED_SHA256,
  FASHION_MNIST_CLASSES,
  FASHION_TEST_LABELS_SHA256,
  IDX_FILES,
} from '../data/fashionMnist.js';
import { BUNDLED_DATA_DIR, BUNDLED_UNPACKED_DIR } from './bundledData.js';
import { parseIdx } from '../data/idx.js';
import { imageSetFrom, limit, type DataBundle, type NamedIdx } from '../data/imageSet.js';
import { maxLabel } from '../kernels/stats.js';
import { InputError } from '../util/errors.js';
import { rethrowFsError } from './fsErrors.js';
import { readIdxFile, sha256 } from './idxFile.js';
import { FILE_SIZE_LIMITS_MB, MB } from '../data/fileLimits.js';
import { mapLarge } from './largeBuffer.js';
import { readFileCapped } from './readFileCapped.js';

export interface LoadOptions {
  /** Folder with the four IDX files; the bundled Fashion-MNIST when omitted. */
  dir?: string;
  /** Take only the first N training / test images (the data set's order, as the original did). */
  trainLimit?: number;
  testLimit?: number;
  /** SHA-256 per file name to verify; the bundled set's are always checked. */
  checksums?: Record<string, string>;
  /** Cap on each file's bytes, on disk and inflated; FILE_SIZE_LIMITS_MB.data (2 GiB) when omitted. */
  maxFileBytes?: number;
}

/** Loads an MNIST-style data set, checking every file; throws InputError naming the file on any fault. */
export function loadDataset(opts: LoadOptions = {}): DataBundle {
  checkOptions(opts);
  const dir = resolve(opts.dir ?? BUNDLED_DATA_DIR);
  checkFolder(dir);
  const bundled = sameDir(dir, BUNDLED_DATA_DIR);
  const checksums = opts.checksums ?? (bundled ? BUNDLED_SHA256 : {});
  const maxBytes = opts.maxFileBytes ?? FILE_SIZE_LIMITS_MB.data * MB;

  const read = (base: string, expectedDims: number): NamedIdx => {
    const unpacked =
      bundled && opts.checksums === undefined
        ? readUnpacked(BUNDLED_UNPACKED_DIR, base, expectedDims, maxBytes)
        : undefined;
    if (unpacked) return unpacked;
    for (const name of [`${base}.gz`, base]) {
      const path = join(dir, name);
      if (exists(path)) {
        return { name: path, idx: readIdxFile(path, { expectedDims, maxBytes, sha256: checksums[name] }) };
      }
    }
    throw new InputError(`missing data file: ${join(dir, base)}(.gz)`);
  };

  const train = imageSetFrom(read(IDX_FILES.trainImages, 3), read(IDX_FILES.trainLabels, 1));
  const testLabels = read(IDX_FILES.testLabels, 1);
  const test = imageSetFrom(read(IDX_FILES.testImages, 3), testLabels);
  if (train.height !== test.height || train.width !== test.width) {
    throw new InputError(
      `image size differs: training images are ${train.height}×${train.width}, test images ${test.height}×${test.width}`,
    );
  }
  const numClasses = maxLabel(train.labels) + 1;
  const testMax = maxLabel(test.labels);
  if (testMax >= numClasses) {
    throw new InputError(
      `${testLabels.name}: label ${testMax} out of range: the training labels span 0..${numClasses - 1}`,
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

/**
 * The bundled file BASE as scripts/unpackData.mjs inflated it into DIR, when it is there and its bytes
 * are the bundled set's; undefined otherwise (not unpacked, or changed since), and the caller inflates
 * the .gz.
 */
export function readUnpacked(
  dir: string,
  base: string,
  expectedDims: number,
  maxBytes: number,
): NamedIdx | undefined {
  const path = join(dir, base);
  const want = BUNDLED_UNPACKED_SHA256[base];
  if (want === undefined || statSync(path, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
  let bytes: Uint8Array;
  try {
    // Mapped when the addon can (these files are ours and never change under a run), else read.
    bytes = (statSync(path).size <= maxBytes ? mapLarge(path) : null) ?? readFileCapped(path, maxBytes);
  } catch {
    return undefined; // unreadable or over the cap: the .gz path reports what is wrong, by its own name
  }
  if (sha256(bytes) !== want) return undefined;
  return { name: path, idx: parseIdx(bytes, path, expectedDims) };
}

function checkOptions(opts: LoadOptions): void {
  if (typeof opts !== 'object' || opts === null) {
    throw new InputError(`loadDataset: options must be an object, got ${String(opts)}`);
  }
  if (opts.dir !== undefined && (typeof opts.dir !== 'string' || opts.dir === '')) {
    throw new InputError(
      `loadDataset: dir must be a folder path, got ${JSON.stringify(opts.dir) ?? String(opts.dir)}`,
    );
  }
  for (const key of ['trainLimit', 'testLimit', 'maxFileBytes'] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 1)) {
      throw new InputError(`loadDataset: ${key} must be a whole number ≥ 1, got ${String(v)}`);
    }
  }
  if (opts.checksums !== undefined && (typeof opts.checksums !== 'object' || opts.checksums === null)) {
    throw new InputError(`loadDataset: checksums must map file names to SHA-256 hex strings`);
  }
}

/** The data folder must exist and be a folder; anything else is one line naming it. */
function checkFolder(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError(`--data: folder not found: ${dir}`);
    rethrowFsError(err, dir, '--data');
  }
  if (!isDir) throw new InputError(`--data: ${dir}: not a folder`);
}

/**
 * Whether a path names something (a file, or anything readIdxFile will then refuse by name). Unlike
 * existsSync, a symlink loop or an unreadable folder is reported, not taken for "missing".
 */
function exists(path: string): boolean {
  try {
    if (statSync(path, { throwIfNoEntry: false }) !== undefined) return true;
    if (lstatSync(path, { throwIfNoEntry: false }) !== undefined) {
      throw new InputError(`${path}: a symbolic link to a missing file`);
    }
    return false;
  } catch (err) {
    rethrowFsError(err, path);
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
