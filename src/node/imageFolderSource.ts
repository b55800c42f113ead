import { readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import type { DataSet, DataSource, LabeledRows, ReadOptions } from '../data/dataSource.js';
import { isJpeg, jpegHeader } from '../data/jpeg.js';
import { isPng, pngHeader } from '../data/png.js';
import { toChannels } from '../data/pixels.js';
import { resizeImage } from '../data/resize.js';
import { MAX_CLASSES, MAX_FEATURES } from '../model/limits.js';
import { InputError } from '../util/errors.js';
import { rethrowFsError } from './fsErrors.js';
import { decodeImage, IMAGE_EXTENSIONS } from './imageFile.js';
import { MAX_PNG_PIXELS } from './pngFile.js';
import { FILE_SIZE_LIMITS_MB, MB, readFileCapped } from './readFileCapped.js';

/** How images of another size are resized: said in the warning and in the README. */
export const RESIZE_METHOD = 'area averaging when shrinking, bilinear when enlarging';

interface Candidate {
  readonly path: string;
  readonly label: number;
  height: number;
  width: number;
  grey: boolean;
}

/**
 * A folder of images, one sub-folder per class, as torchvision's ImageFolder and Keras's
 * image_dataset_from_directory read it: `DIR/<class>/*.{png,jpg,jpeg}`, or `DIR/train/<class>/…` and
 * `DIR/test/<class>/…` for a split of its own. Class names are the sorted sub-folder names (by code
 * point). Rows take the classes in turn (first image of each class, then the second, …), so the first N
 * rows hold every class. Files that are not PNG or JPEG, or do not decode, are listed in one warning and
 * skipped (refused with `strict`); a class folder with no image, or a folder with no class folder, is
 * refused. With `labelsOptional`, a folder of images without class folders is read unlabelled.
 */
export const imageFolderSource: DataSource = {
  format: 'images',
  read: async (path, opts) => readImageFolder(path, opts),
};

export async function readImageFolder(path: string, opts: ReadOptions = {}): Promise<DataSet> {
  const dir = resolve(path);
  const maxBytes = opts.maxFileBytes ?? FILE_SIZE_LIMITS_MB.png * MB;
  const skipped: string[] = [];
  const note = (file: string, why: string): void => {
    if (opts.strict) throw new InputError(`${file}: ${why} (--strict refuses it)`);
    skipped.push(`${relative(dir, file) || file} (${why})`);
  };

  if (opts.shape?.kind === 'table') {
    throw new InputError(
      `${dir}: is a folder of images but the model was trained on a table of ${opts.shape.featureNames.length} columns (give a CSV file)`,
    );
  }
  const top = listFolder(dir);
  const sub = (name: string): boolean => top.some((e) => e.isDirectory() && e.name === name);
  const split = sub('train') && sub('test');
  const trainDir = split ? join(dir, 'train') : dir;
  const classDirs = listFolder(trainDir)
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(codePointOrder);
  let classNames: string[];
  let trainFiles: Candidate[];
  let testFiles: Candidate[] | null = null;
  if (classDirs.length === 0) {
    const images = top.filter((e) => !e.isDirectory() && isImageName(e.name));
    if (!opts.labelsOptional || images.length === 0) {
      throw new InputError(
        `${dir}: no class folders (expected ${join(dir, '<class>', '*.png')}, .jpg or .jpeg, one folder per class)`,
      );
    }
    classNames = opts.classNames ? [...opts.classNames] : [];
    trainFiles = collect(dir, -1, note, false);
  } else {
    if (!split) for (const e of top) if (!e.isDirectory()) note(join(dir, e.name), 'not in a class folder');
    classNames = opts.classNames ? [...opts.classNames] : classDirs;
    if (classNames.length > MAX_CLASSES) {
      throw new InputError(
        `${trainDir}: ${classNames.length} class folders, more than the ${MAX_CLASSES} classes a model takes`,
      );
    }
    const classOf = (folder: string, name: string): number => {
      const c = classNames.indexOf(name);
      if (c < 0) {
        throw new InputError(
          `${join(folder, name)}: class "${name}" is not one of the ${classNames.length} classes (${classNames.slice(0, 8).join(', ')}${classNames.length > 8 ? ', …' : ''})`,
        );
      }
      return c;
    };
    trainFiles = classDirs.flatMap((name) =>
      collect(join(trainDir, name), classOf(trainDir, name), note, true),
    );
    if (split) {
      const testDir = join(dir, 'test');
      const testClasses = listFolder(testDir)
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(codePointOrder);
      if (testClasses.length === 0) throw new InputError(`${testDir}: no class folders`);
      testFiles = testClasses.flatMap((name) =>
        collect(join(testDir, name), classOf(testDir, name), note, true),
      );
    }
  }

  // Pass 1: each file's size and colour from its header alone, so the common size is known before decoding.
  const readHeader = (c: Candidate): boolean => {
    let bytes: Uint8Array;
    try {
      bytes = readFileCapped(c.path, maxBytes);
      if (isPng(bytes)) {
        const h = pngHeader(bytes, c.path);
        Object.assign(c, { height: h.height, width: h.width, grey: h.colorType === 0 || h.colorType === 4 });
      } else if (isJpeg(bytes)) {
        const h = jpegHeader(bytes, c.path);
        Object.assign(c, { height: h.height, width: h.width, grey: h.components === 1 });
      } else {
        note(c.path, 'neither a PNG nor a JPEG image');
        return false;
      }
      if (c.width * c.height > MAX_PNG_PIXELS) {
        note(c.path, `${c.width}×${c.height}, more than the ${MAX_PNG_PIXELS} pixels this reader takes`);
        return false;
      }
      return true;
    } catch (err) {
      if (!(err instanceof InputError) || opts.strict) throw err;
      note(c.path, reason(err, c.path));
      return false;
    }
  };
  trainFiles = trainFiles.filter(readHeader);
  testFiles = testFiles?.filter(readHeader) ?? null;
  const all = [...trainFiles, ...(testFiles ?? [])];

  const warnings: string[] = [];
  const modelShape = opts.shape?.kind === 'images' ? opts.shape : null;
  const size = modelShape ?? opts.imageSize ?? mostCommonSize(all);
  let channels: number;
  if (modelShape) channels = modelShape.channels;
  else if (opts.channels) channels = opts.channels;
  else {
    const grey = all.filter((c) => c.grey);
    channels = grey.length === all.length ? 1 : 3;
    if (grey.length > 0 && grey.length < all.length) {
      const colour = all.find((c) => !c.grey)!;
      warnings.push(
        `${dir}: ${grey.length} grey and ${all.length - grey.length} colour images (e.g. ${relative(dir, grey[0].path)}, ${relative(dir, colour.path)}): all read as colour, 3 channels (--channels 1 or 3 chooses)`,
      );
    }
  }
  if (size.height * size.width * channels > MAX_FEATURES) {
    throw new InputError(
      `${dir}: images of ${size.height}×${size.width}×${channels} are more than the ${MAX_FEATURES} features a model takes (--image-size makes them smaller)`,
    );
  }

  // Pass 2: decode each image straight into the model's size and channel count.
  let resized = 0;
  const decodeAll = (files: Candidate[]): LabeledRows => {
    const d = size.height * size.width * channels;
    const ordered = interleave(files, Math.max(classNames.length, 1));
    const pixels = new Uint8Array(ordered.length * d);
    const y: number[] = [];
    const ids: string[] = [];
    for (const c of ordered) {
      let rgba;
      try {
        rgba = decodeImage(readFileCapped(c.path, maxBytes), c.path);
      } catch (err) {
        if (!(err instanceof InputError) || opts.strict) throw err;
        note(c.path, reason(err, c.path));
        continue;
      }
      let bytes = toChannels(rgba, channels);
      if (rgba.height !== size.height || rgba.width !== size.width) {
        bytes = resizeImage(bytes, rgba.height, rgba.width, channels, size.height, size.width);
        resized++;
      }
      pixels.set(bytes, ids.length * d);
      y.push(c.label);
      ids.push(relative(dir, c.path));
    }
    const n = ids.length;
    return {
      X: { pixels: pixels.subarray(0, n * d), n, height: size.height, width: size.width, channels },
      y: classNames.length > 0 && files.every((f) => f.label >= 0) ? Uint8Array.from(y) : null,
      ids,
    };
  };
  const train = decodeAll(trainFiles);
  const test = testFiles ? decodeAll(testFiles) : null;
  checkClassesPresent(train, classNames, split ? join(dir, 'train') : dir);
  if (train.X.n === 0) throw new InputError(`${dir}: no readable images`);
  if (resized > 0) {
    warnings.push(
      `${dir}: ${resized} image${resized === 1 ? '' : 's'} not ${size.height}×${size.width} resized to it (${RESIZE_METHOD})`,
    );
  }
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 10).join('; ');
    warnings.push(
      `${dir}: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} that ${skipped.length === 1 ? 'is' : 'are'} not readable images (--strict refuses them): ${shown}${skipped.length > 10 ? `; and ${skipped.length - 10} more` : ''}`,
    );
  }
  return {
    train,
    test,
    classNames,
    shape: { kind: 'images', height: size.height, width: size.width, channels },
    provenance: {
      format: 'images',
      path: dir,
      test: { from: split ? 'source' : 'none' },
      settings: { height: size.height, width: size.width, channels },
    },
    warnings,
  };
}

/** The image files of one folder (sorted), and a note for everything else in it. */
function collect(
  folder: string,
  label: number,
  note: (file: string, why: string) => void,
  mustHaveImages: boolean,
): Candidate[] {
  const out: Candidate[] = [];
  for (const e of listFolder(folder).sort((a, b) => codePointOrder(a.name, b.name))) {
    const path = join(folder, e.name);
    if (e.isDirectory()) note(path, 'a folder inside a class folder');
    else if (!isImageName(e.name)) note(path, 'not named .png, .jpg or .jpeg');
    else out.push({ path, label, height: 0, width: 0, grey: true });
  }
  if (mustHaveImages && out.length === 0) {
    throw new InputError(`${folder}: class folder with no images (.png, .jpg or .jpeg)`);
  }
  return out;
}

function checkClassesPresent(rows: LabeledRows, classNames: string[], dir: string): void {
  if (rows.y === null) return;
  const seen = new Uint8Array(classNames.length);
  for (const c of rows.y) seen[c] = 1;
  const empty = classNames.findIndex((_, c) => seen[c] === 0);
  if (empty >= 0)
    throw new InputError(`${join(dir, classNames[empty])}: no readable images in this class folder`);
  if (classNames.length < 2)
    throw new InputError(`${dir}: one class folder only ("${classNames[0]}"); a classifier needs at least 2`);
}

/** Rows taking the classes in turn, each class's files in name order. */
function interleave(files: Candidate[], k: number): Candidate[] {
  const byClass: Candidate[][] = Array.from({ length: k }, () => []);
  for (const f of files) byClass[Math.max(f.label, 0)].push(f);
  const out: Candidate[] = [];
  for (let i = 0; out.length < files.length; i++)
    for (const list of byClass) if (i < list.length) out.push(list[i]);
  return out;
}

/** The most common height × width (ties: the larger, then the first found). */
function mostCommonSize(files: Candidate[]): { height: number; width: number } {
  const counts = new Map<string, { height: number; width: number; n: number }>();
  for (const f of files) {
    const key = `${f.height}x${f.width}`;
    const entry = counts.get(key) ?? { height: f.height, width: f.width, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  let best = { height: 0, width: 0, n: 0 };
  for (const e of counts.values()) {
    if (e.n > best.n || (e.n === best.n && e.height * e.width > best.height * best.width)) best = e;
  }
  if (best.n === 0) throw new InputError('no readable images (.png, .jpg or .jpeg)');
  return { height: best.height, width: best.width };
}

function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

function listFolder(dir: string): Dirent[] {
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a folder`);
    return readdirSync(dir, { withFileTypes: true }).filter((e) => {
      if (!e.isSymbolicLink()) return true;
      // A symlink counts as what it points to; a broken one is left for the file reader to name.
      try {
        const st = statSync(join(dir, e.name));
        Object.defineProperty(e, 'isDirectory', { value: () => st.isDirectory() });
        return true;
      } catch {
        return true;
      }
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    rethrowFsError(err, dir);
  }
}

/** An InputError's reason without the file name it starts with (the warning names the file already). */
function reason(err: InputError, path: string): string {
  return err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
