import { MAX_CLASSES, MAX_FEATURES } from '../model/limits.js';
import { InputError } from '../util/errors.js';
import type { DataSet, LabeledRows, ReadOptions } from './dataSource.js';
import { isJpeg, jpegHeader } from './jpeg.js';
import { toChannels, type RgbaImage } from './pixels.js';
import { isPng, MAX_PNG_PIXELS, pngHeader } from './png.js';
import { resizeImage } from './resize.js';

/** How images of another size are resized: said in the warning and in the README. */
export const RESIZE_METHOD = 'area averaging when shrinking, bilinear when enlarging';

/** File name endings an image folder reads (case does not matter). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** One entry of a folder: a file or a folder inside it. */
export interface FolderEntry {
  readonly name: string;
  readonly isFolder: boolean;
}

/**
 * A folder of images as the reader walks it, wherever it lives: the file system (node/imageFolderSource.ts)
 * or the files dropped on the page (browser/droppedFolder.ts). Paths inside it are '/'-separated and
 * relative to it ('' is the folder itself).
 */
export interface FolderView {
  /** What messages call the folder itself (Node: its absolute path). */
  readonly root: string;
  /** The entries of a folder inside it; an InputError naming it when it is not a folder. */
  list(rel: string): readonly FolderEntry[];
  /** A file's bytes, capped as the reader's caller chooses; an InputError naming it otherwise. */
  read(rel: string): Uint8Array;
}

/** Decodes PNG or JPEG bytes to RGBA, refusing past `maxPixels`; an InputError naming `name` otherwise. */
export type ImageDecoder = (bytes: Uint8Array, name: string, maxPixels: number) => RgbaImage | Promise<RgbaImage>;

interface Candidate {
  /** Relative to the folder. */
  readonly rel: string;
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
 *
 * Each file is read twice, once for its header (so the common size is known before anything is
 * decoded) and once to decode it, so a large folder is never in memory as files.
 */
export async function readImageFolderView(
  folder: FolderView,
  decode: ImageDecoder,
  opts: ReadOptions = {},
): Promise<DataSet> {
  const dir = folder.root;
  const pathOf = (rel: string): string => (rel === '' ? dir : `${dir}/${rel}`);
  const skipped: string[] = [];
  const note = (rel: string, why: string): void => {
    if (opts.strict) throw new InputError(`${pathOf(rel)}: ${why} (--strict refuses it)`);
    skipped.push(`${rel || dir} (${why})`);
  };

  if (opts.shape?.kind === 'table') {
    throw new InputError(
      `${dir}: is a folder of images but the model was trained on a table of ${opts.shape.featureNames.length} columns (give a CSV file)`,
    );
  }
  const top = folder.list('');
  const sub = (name: string): boolean => top.some((e) => e.isFolder && e.name === name);
  const split = sub('train') && sub('test');
  const trainRel = split ? 'train' : '';
  const classDirs = folder
    .list(trainRel)
    .filter((e) => e.isFolder)
    .map((e) => e.name)
    .sort(codePointOrder);
  let classNames: string[];
  let trainFiles: Candidate[];
  let testFiles: Candidate[] | null = null;
  if (classDirs.length === 0) {
    const images = top.filter((e) => !e.isFolder && isImageName(e.name));
    if (!opts.labelsOptional || images.length === 0) {
      throw new InputError(
        `${dir}: no class folders (expected ${pathOf('<class>/*.png')}, .jpg or .jpeg, one folder per class)`,
      );
    }
    classNames = opts.classNames ? [...opts.classNames] : [];
    trainFiles = collect(folder, '', -1, note, false);
  } else {
    if (!split) for (const e of top) if (!e.isFolder) note(e.name, 'not in a class folder');
    classNames = opts.classNames ? [...opts.classNames] : classDirs;
    if (classNames.length > MAX_CLASSES) {
      throw new InputError(
        `${pathOf(trainRel)}: ${classNames.length} class folders, more than the ${MAX_CLASSES} classes a model takes`,
      );
    }
    const classOf = (parent: string, name: string): number => {
      const c = classNames.indexOf(name);
      if (c < 0) {
        throw new InputError(
          `${pathOf(join(parent, name))}: class "${name}" is not one of the ${classNames.length} classes (${classNames.slice(0, 8).join(', ')}${classNames.length > 8 ? ', …' : ''})`,
        );
      }
      return c;
    };
    trainFiles = classDirs.flatMap((name) =>
      collect(folder, join(trainRel, name), classOf(trainRel, name), note, true),
    );
    if (split) {
      const testClasses = folder
        .list('test')
        .filter((e) => e.isFolder)
        .map((e) => e.name)
        .sort(codePointOrder);
      if (testClasses.length === 0) throw new InputError(`${pathOf('test')}: no class folders`);
      testFiles = testClasses.flatMap((name) =>
        collect(folder, join('test', name), classOf('test', name), note, true),
      );
    }
  }

  // Pass 1: each file's size and colour from its header alone, so the common size is known before decoding.
  const readHeader = (c: Candidate): boolean => {
    const name = pathOf(c.rel);
    try {
      const bytes = folder.read(c.rel);
      if (isPng(bytes)) {
        const h = pngHeader(bytes, name);
        Object.assign(c, { height: h.height, width: h.width, grey: h.colorType === 0 || h.colorType === 4 });
      } else if (isJpeg(bytes)) {
        const h = jpegHeader(bytes, name);
        Object.assign(c, { height: h.height, width: h.width, grey: h.components === 1 });
      } else {
        note(c.rel, 'neither a PNG nor a JPEG image');
        return false;
      }
      if (c.width * c.height > MAX_PNG_PIXELS) {
        note(c.rel, `${c.width}×${c.height}, more than the ${MAX_PNG_PIXELS} pixels this reader takes`);
        return false;
      }
      return true;
    } catch (err) {
      if (!(err instanceof InputError) || opts.strict) throw err;
      note(c.rel, reason(err, name));
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
        `${dir}: ${grey.length} grey and ${all.length - grey.length} colour images (e.g. ${grey[0].rel}, ${colour.rel}): all read as colour, 3 channels (--channels 1 or 3 chooses)`,
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
  const decodeAll = async (files: Candidate[]): Promise<LabeledRows> => {
    const d = size.height * size.width * channels;
    const ordered = interleave(files, Math.max(classNames.length, 1));
    const pixels = new Uint8Array(ordered.length * d);
    const y: number[] = [];
    const ids: string[] = [];
    for (const c of ordered) {
      let rgba;
      try {
        rgba = await decode(folder.read(c.rel), pathOf(c.rel), MAX_PNG_PIXELS);
      } catch (err) {
        if (!(err instanceof InputError) || opts.strict) throw err;
        note(c.rel, reason(err, pathOf(c.rel)));
        continue;
      }
      let bytes = toChannels(rgba, channels);
      if (rgba.height !== size.height || rgba.width !== size.width) {
        bytes = resizeImage(bytes, rgba.height, rgba.width, channels, size.height, size.width);
        resized++;
      }
      pixels.set(bytes, ids.length * d);
      y.push(c.label);
      ids.push(c.rel);
    }
    const n = ids.length;
    return {
      X: { pixels: pixels.subarray(0, n * d), n, height: size.height, width: size.width, channels },
      y: classNames.length > 0 && files.every((f) => f.label >= 0) ? Uint8Array.from(y) : null,
      ids,
    };
  };
  const train = await decodeAll(trainFiles);
  const test = testFiles ? await decodeAll(testFiles) : null;
  checkClassesPresent(train, classNames, pathOf(trainRel));
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
  folder: FolderView,
  rel: string,
  label: number,
  note: (rel: string, why: string) => void,
  mustHaveImages: boolean,
): Candidate[] {
  const out: Candidate[] = [];
  for (const e of [...folder.list(rel)].sort((a, b) => codePointOrder(a.name, b.name))) {
    const path = join(rel, e.name);
    if (e.isFolder) note(path, 'a folder inside a class folder');
    else if (!isImageName(e.name)) note(path, 'not named .png, .jpg or .jpeg');
    else out.push({ rel: path, label, height: 0, width: 0, grey: true });
  }
  if (mustHaveImages && out.length === 0) {
    throw new InputError(`${folder.root}/${rel}: class folder with no images (.png, .jpg or .jpeg)`);
  }
  return out;
}

function checkClassesPresent(rows: LabeledRows, classNames: string[], dir: string): void {
  if (rows.y === null) return;
  const seen = new Uint8Array(classNames.length);
  for (const c of rows.y) seen[c] = 1;
  const empty = classNames.findIndex((_, c) => seen[c] === 0);
  if (empty >= 0) throw new InputError(`${dir}/${classNames[empty]}: no readable images in this class folder`);
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

export function isImageName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (IMAGE_EXTENSIONS as readonly string[]).includes(name.slice(dot).toLowerCase());
}

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** An InputError's reason without the file name it starts with (the warning names the file already). */
function reason(err: InputError, path: string): string {
  return err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
