import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSet, DataSource, ReadOptions } from '../data/dataSource.js';
import { readImageFolderView, type FolderEntry, type FolderView } from '../data/imageFolder.js';
import { InputError } from '../util/errors.js';
import { rethrowFsError } from './fsErrors.js';
import { decodeImage } from './imageFile.js';
import { FILE_SIZE_LIMITS_MB, MB } from '../data/fileLimits.js';
import { readFileCapped } from './readFileCapped.js';

export { RESIZE_METHOD } from '../data/imageFolder.js';

/**
 * A folder of images on disk, one sub-folder per class: the walking and reading are here, everything
 * else (classes, sizes, channels, skipped files, checks) is data/imageFolder.ts's, which the page uses on
 * a dropped folder. PNG is decoded by pngjs, JPEG by jpeg-js (node/imageFile.ts).
 */
export const imageFolderSource: DataSource = {
  format: 'images',
  read: async (path, opts) => readImageFolder(path, opts),
};

export async function readImageFolder(path: string, opts: ReadOptions = {}): Promise<DataSet> {
  const dir = resolve(path);
  const maxBytes = opts.maxFileBytes ?? FILE_SIZE_LIMITS_MB.png * MB;
  const view: FolderView = {
    root: dir,
    list: (rel) => listFolder(rel === '' ? dir : join(dir, rel)),
    read: (rel) => readFileCapped(join(dir, rel), maxBytes),
  };
  return readImageFolderView(view, decodeImage, opts);
}

function listFolder(dir: string): FolderEntry[] {
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a folder`);
    return readdirSync(dir, { withFileTypes: true }).map((e) => {
      if (!e.isSymbolicLink()) return { name: e.name, isFolder: e.isDirectory() };
      // A symlink counts as what it points to; a broken one is left for the file reader to name.
      try {
        return { name: e.name, isFolder: statSync(join(dir, e.name)).isDirectory() };
      } catch {
        return { name: e.name, isFolder: false };
      }
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    rethrowFsError(err, dir);
  }
}
