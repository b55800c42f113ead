import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { IDX_FILES } from '../data/fashionMnist.js';
import { BUNDLED_UNPACKED_DIR, verifiedUnpackedDir } from '../node/bundledData.js';
import { InputError } from '../util/errors.js';

/** Data sets whose training file is larger than this train streamed from disk unless --memory-limit says otherwise. */
export const DEFAULT_MEMORY_LIMIT = 1024 ** 3;

export interface StreamFlagValues {
  stream?: boolean;
  memoryLimit?: number;
  shuffle?: boolean;
}

/**
 * --stream and --memory-limit, and --no-shuffle unless `shuffle: false` (train takes all three; eval,
 * which streams only its test rows, the first two).
 */
export function addStreamFlags(cmd: Command, opts: { shuffle?: boolean } = {}): Command {
  const training = opts.shuffle !== false;
  cmd
    .option(
      '--stream',
      training
        ? 'train by mini-batches read from disk (an uncompressed IDX folder, or a numeric CSV with --test-data), for data larger than memory; sgd or adam only'
        : 'read the test rows from disk a block at a time (an uncompressed IDX folder, or a CSV --test-data), for data larger than memory',
    )
    .addOption(
      new Option(
        '--memory-limit <size>',
        `stream automatically when the training data file is larger than this, e.g. 200MB, 4GB (default: 1GB)`,
      ).argParser(parseSize('--memory-limit')),
    );
  if (training) {
    cmd.option(
      '--no-shuffle',
      'train on the rows in the order of the data, not reshuffled every epoch (for comparing runs)',
    );
  }
  return cmd;
}

/** "200MB", "1.5GB", "512MiB", "300000000" (bytes when no unit... read as MB when small). */
export function parseSize(flag: string) {
  return (text: string): number => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)?\s*$/i.exec(text);
    if (!m) throw new InvalidArgumentError(`${flag}: must be a size such as 200MB or 4GB, got '${text}'`);
    const unit = (m[2] ?? 'mb').toLowerCase();
    const scale: Record<string, number> = {
      b: 1,
      k: 1e3,
      kb: 1e3,
      m: 1e6,
      mb: 1e6,
      g: 1e9,
      gb: 1e9,
      t: 1e12,
      tb: 1e12,
      kib: 1024,
      mib: 1024 ** 2,
      gib: 1024 ** 3,
      tib: 1024 ** 4,
    };
    const bytes = Number(m[1]) * scale[unit];
    if (!(bytes >= 1e6)) throw new InvalidArgumentError(`${flag}: must be at least 1MB, got '${text}'`);
    return Math.floor(bytes);
  };
}

/** The files a streamed run reads: an IDX folder's uncompressed training and test files, or two CSV files. */
export type StreamPlan = IdxPlan | CsvPlan;

interface PlanBase {
  readonly trainBytes: number;
  readonly testBytes: number;
  readonly limit: number;
  /** Why: --stream, or the training file is larger than the limit. */
  readonly reason: 'flag' | 'size';
}

export interface CsvPlan extends PlanBase {
  readonly kind: 'csv';
  readonly file: string;
  readonly testFile: string;
}

export interface IdxPlan extends PlanBase {
  readonly kind: 'idx';
  readonly dir: string;
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
}

/**
 * Whether `softmax train` streams: with --stream (refusing what cannot be streamed, in one line), or when
 * --data is an IDX folder whose uncompressed training images are larger than the memory limit.
 */
export function planStream(
  flags: StreamFlagValues & { data?: string; format?: string; testData?: string },
): StreamPlan | null {
  const limit = flags.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  if (flags.data === undefined && !flags.stream) return null;
  // The bundled set is gzipped, which cannot be read from the middle: --stream reads the copy
  // unpacked at install (scripts/unpackData.mjs), once its bytes are checked.
  const bundled = flags.data === undefined ? verifiedUnpackedDir() : null;
  if (flags.data === undefined && bundled === null) {
    throw new InputError(
      `--stream: the bundled Fashion-MNIST is gzipped (gzip cannot be read in chunks) and its unpacked copy (${BUNDLED_UNPACKED_DIR}) is missing or changed: run npm run build, or give --data a folder of uncompressed IDX files`,
    );
  }
  const dir = resolve(bundled ?? (flags.data as string));
  const isDir = existsSync(dir) && statSync(dir).isDirectory();
  const format = flags.format ?? (isDir ? 'idx' : extname(dir).toLowerCase() === '.csv' ? 'csv' : 'other');
  if (format === 'csv' && !isDir && existsSync(dir)) {
    const trainBytes = statSync(dir).size;
    if (!flags.stream && trainBytes <= limit) return null;
    const why = flags.stream
      ? '--stream'
      : `${flags.data} is over --memory-limit: raise it to read the file into memory`;
    if (flags.testData === undefined) {
      throw new InputError(
        `--test-data: needed to stream a CSV (${why}): a CSV has no test split, and a stratified hold-out needs every label in memory`,
      );
    }
    const testFile = resolve(flags.testData);
    if (
      !existsSync(testFile) ||
      statSync(testFile).isDirectory() ||
      extname(testFile).toLowerCase() !== '.csv'
    ) {
      throw new InputError(
        `--test-data: streaming a CSV (${why}) takes another CSV file as the test set, got ${flags.testData}`,
      );
    }
    const testBytes = statSync(testFile).size;
    return {
      kind: 'csv',
      file: dir,
      testFile,
      trainBytes,
      testBytes,
      limit,
      reason: flags.stream ? 'flag' : 'size',
    };
  }
  if (format !== 'idx' || !isDir) {
    if (flags.stream) {
      throw new InputError(
        `--stream: reads uncompressed IDX folders and CSV files; ${flags.data} is neither (${format}): train it without --stream`,
      );
    }
    return null;
  }
  const file = (name: string): string | null => {
    const p = join(dir, name);
    if (existsSync(p)) return p;
    if (flags.stream && existsSync(`${p}.gz`)) {
      throw new InputError(
        `--stream: ${p}.gz is gzipped, and gzip cannot be read in chunks: gunzip it first, or train without --stream`,
      );
    }
    return null;
  };
  const trainImages = file(IDX_FILES.trainImages);
  const trainLabels = file(IDX_FILES.trainLabels);
  const testImages = file(IDX_FILES.testImages);
  const testLabels = file(IDX_FILES.testLabels);
  if (trainImages === null || trainLabels === null || testImages === null || testLabels === null) {
    if (flags.stream) {
      const missing = [
        [trainImages, IDX_FILES.trainImages],
        [trainLabels, IDX_FILES.trainLabels],
        [testImages, IDX_FILES.testImages],
        [testLabels, IDX_FILES.testLabels],
      ].find(([p]) => p === null)?.[1] as string;
      throw new InputError(`--stream: missing data file: ${join(dir, missing)}`);
    }
    return null;
  }
  const trainBytes = statSync(trainImages).size;
  const testBytes = statSync(testImages).size;
  if (!flags.stream && trainBytes <= limit) return null;
  return {
    kind: 'idx',
    dir,
    trainImages,
    trainLabels,
    testImages,
    testLabels,
    trainBytes,
    testBytes,
    limit,
    reason: flags.stream ? 'flag' : 'size',
  };
}
