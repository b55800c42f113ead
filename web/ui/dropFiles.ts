/**
 * Files a user dropped or picked, with their paths inside what was given, so that a folder of class
 * folders reaches the worker as `photos/cat/1.png` (the command line's `--data photos/` layout).
 */
export interface Picked {
  files: File[];
  /** 'photos/cat/1.png' for a file in a folder, the name for a loose file. */
  names: string[];
  /** Folders seen, even empty ones (a drop reports them; a folder picker cannot). */
  folders: string[];
}

/** Folders deeper than this are listed, not opened: the deepest image a data set holds is DIR/train/<class>/file. */
const MAX_DEPTH = 3;

/** From a file input: `webkitdirectory` inputs give each file's path inside the chosen folder. */
export function pickedFromInput(list: FileList): Picked {
  const files = Array.from(list);
  return { files, names: files.map((f) => f.webkitRelativePath || f.name), folders: [] };
}

/**
 * From a drop: dropped folders are walked through the entries API (webkitGetAsEntry), which must be
 * asked during the drop event itself, so this takes the entries at once and walks them after. Where a
 * browser gives no entries (or a script made the drop), the plain file list is used.
 */
export function pickedFromDrop(dt: DataTransfer): Promise<Picked> {
  const entries = Array.from(dt.items, (item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null) || entries.every((e) => e!.isFile)) {
    return Promise.resolve(pickedFromInput(dt.files));
  }
  return walk(entries as FileSystemEntry[]);
}

async function walk(top: FileSystemEntry[]): Promise<Picked> {
  const out: Picked = { files: [], names: [], folders: [] };
  const visit = async (entry: FileSystemEntry, depth: number): Promise<void> => {
    const path = entry.fullPath.replace(/^\/+/, '');
    if (entry.isFile) {
      out.files.push(await fileOf(entry as FileSystemFileEntry));
      out.names.push(path);
      return;
    }
    out.folders.push(path);
    if (depth >= MAX_DEPTH) return;
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await visit(child, depth + 1);
  };
  for (const e of top) await visit(e, 0);
  return out;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** A folder's entries: readEntries hands them over in batches (100 in Chromium) until an empty one. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
