import { isImageName, type FolderEntry, type FolderView } from '../data/imageFolder.js';
import { formatLimit, maxBytesFor } from '../data/fileLimits.js';
import { InputError } from '../util/errors.js';

/** Each image file's cap: the command line's. */
export const MAX_IMAGE_FILE_BYTES = maxBytesFor('png');

/** A file dropped or picked with its path inside what was dropped: 'photos/cat/1.png'. */
export interface DroppedFile {
  readonly path: string;
  readonly blob: Blob;
}

/**
 * The files of a dropped (or picked) folder as a FolderView, for data/imageFolder.ts: the same walk the
 * command line makes on disk. When everything shares one top folder, that folder is the data set's
 * (`photos/cat/1.png`: root `photos`, class `cat`); otherwise what was dropped together is (several class
 * folders dropped at once). `folders` adds folders the files do not show (an empty class folder, which a
 * drop reports and a picked folder cannot). The image files' bytes are read first, as the view reads
 * synchronously; other files are listed, never read.
 */
export async function droppedFolder(
  files: readonly DroppedFile[],
  folders: readonly string[] = [],
): Promise<FolderView> {
  const split = (p: string): string[] => p.split('/').filter((s) => s !== '' && s !== '.');
  const filePaths = files.map((f) => split(f.path));
  const folderPaths = folders.map(split);
  const first = filePaths[0]?.[0];
  // One folder dropped: every file inside it (a drop also reports the folder itself).
  const oneTop =
    first !== undefined &&
    filePaths.every((p) => p.length > 1 && p[0] === first) &&
    folderPaths.every((p) => p[0] === first);
  const root = oneTop ? first : 'dropped items';
  const rel = (parts: string[]): string[] => (oneTop ? parts.slice(1) : parts);

  const tree = new Map<string, Map<string, boolean>>();
  const entriesOf = (r: string): Map<string, boolean> => {
    let e = tree.get(r);
    if (e === undefined) tree.set(r, (e = new Map()));
    return e;
  };
  entriesOf('');
  // Every segment but the last is a folder; the last is a file, or a folder for `folders`.
  const add = (parts: string[], lastIsFolder: boolean): void => {
    for (let i = 0; i < parts.length; i++) {
      const isFolder = i < parts.length - 1 || lastIsFolder;
      entriesOf(parts.slice(0, i).join('/')).set(parts[i], isFolder);
      if (isFolder) entriesOf(parts.slice(0, i + 1).join('/'));
    }
  };
  const blobs = new Map<string, Blob>();
  for (const f of files) {
    const parts = rel(split(f.path));
    if (parts.length === 0) continue;
    add(parts, false);
    blobs.set(parts.join('/'), f.blob);
  }
  for (const f of folders) add(rel(split(f)), true);

  const pathOf = (r: string): string => (r === '' ? root : `${root}/${r}`);
  const bytes = new Map<string, Uint8Array>();
  await Promise.all(
    [...blobs].map(async ([r, blob]) => {
      const name = r.slice(r.lastIndexOf('/') + 1);
      if (isImageName(name) && blob.size <= MAX_IMAGE_FILE_BYTES) {
        bytes.set(r, new Uint8Array(await blob.arrayBuffer()));
      }
    }),
  );
  return {
    root,
    list(r) {
      const entries = tree.get(r);
      if (entries === undefined) throw new InputError(`${pathOf(r)}: not a folder`);
      return [...entries].map(([name, isFolder]): FolderEntry => ({ name, isFolder }));
    },
    read(r) {
      const blob = blobs.get(r);
      if (blob === undefined) throw new InputError(`${pathOf(r)}: not found`);
      if (blob.size > MAX_IMAGE_FILE_BYTES) {
        throw new InputError(
          `${pathOf(r)}: larger than the ${formatLimit(MAX_IMAGE_FILE_BYTES)} limit for an image`,
        );
      }
      const b = bytes.get(r);
      if (b === undefined) throw new InputError(`${pathOf(r)}: not read (not named .png, .jpg or .jpeg)`);
      return b;
    },
  };
}
