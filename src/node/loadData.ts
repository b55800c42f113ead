import { readdirSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { IDX_FILES } from '../data/fashionMnist.js';
import {
  DATA_FORMATS,
  type DataFormat,
  type DataSet,
  type DataSource,
  type ReadOptions,
} from '../data/dataSource.js';
import { InputError } from '../util/errors.js';
import { csvSource } from './csvSource.js';
import { rethrowFsError } from './fsErrors.js';
import { idxSource } from './idxSource.js';
import { imageFolderSource } from './imageFolderSource.js';

export interface LoadDataOptions extends ReadOptions {
  /** idx, csv or images; inferred from the path when left out (see inferFormat). */
  format?: DataFormat;
}

const SOURCES: Record<DataFormat, DataSource> = { idx: idxSource, csv: csvSource, images: imageFolderSource };

/**
 * Reads a data set in any format through its DataSource. `path` undefined is the bundled Fashion-MNIST.
 *
 *   const data = await loadData('iris.csv');              // a table: data.train.X is a FloatMatrix
 *   const photos = await loadData('photos/', { channels: 3, imageSize: { height: 32, width: 32 } });
 */
export async function loadData(path: string | undefined, opts: LoadDataOptions = {}): Promise<DataSet> {
  if (opts.format !== undefined && !DATA_FORMATS.includes(opts.format)) {
    throw new InputError(
      `--format: must be one of ${DATA_FORMATS.join(', ')}, got ${JSON.stringify(opts.format)}`,
    );
  }
  if (path !== undefined && (typeof path !== 'string' || path === '')) {
    throw new InputError(`--data: must be a path, got ${JSON.stringify(path) ?? String(path)}`);
  }
  const format = opts.format ?? (path === undefined ? 'idx' : inferFormat(path));
  if (path === undefined && format !== 'idx') throw new InputError(`--format ${format}: needs --data PATH`);
  return SOURCES[format].read(path as string, opts);
}

/**
 * The format of a path: a `.csv` file is a table; a folder holding train-images-idx3-ubyte(.gz) is IDX;
 * any other folder is a folder of images. Anything else is refused, naming the path.
 */
export function inferFormat(path: string): DataFormat {
  let isDir: boolean;
  try {
    const st = statSync(path);
    isDir = st.isDirectory();
    if (!isDir && !st.isFile()) throw new InputError(`--data: ${path}: neither a file nor a folder`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError(
        `--data: ${extname(path).toLowerCase() === '.csv' ? 'file' : 'folder'} not found: ${resolve(path)}`,
      );
    rethrowFsError(err, path, '--data');
  }
  if (!isDir) {
    if (extname(path).toLowerCase() === '.csv') return 'csv';
    throw new InputError(`--data: ${path}: a file not named .csv (--format csv reads it as CSV)`);
  }
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (err) {
    rethrowFsError(err, path, '--data');
  }
  const idx = names.some((n) => n === IDX_FILES.trainImages || n === `${IDX_FILES.trainImages}.gz`);
  return idx ? 'idx' : 'images';
}
