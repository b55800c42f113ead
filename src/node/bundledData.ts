import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_UNPACKED_SHA256, IDX_FILES } from '../data/fashionMnist.js';

/** The package's root, found relative to this file (src/node or dist/node). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder of the bundled data set. */
export const BUNDLED_DATA_DIR = join(ROOT, 'data', 'fashion-mnist');

/**
 * The bundled set inflated once by scripts/unpackData.mjs (at install and in `npm run build`); read in
 * place of the gzipped files when present and matching their checksums, which saves inflating 30 MB of
 * gzip on every run.
 */
export const BUNDLED_UNPACKED_DIR = join(ROOT, 'build', 'fashion-mnist');

/**
 * DIR when it holds the four unpacked bundled files with the bundled bytes (each hashed in 1 MB pieces,
 * never held whole), else null: what `softmax train --stream` reads when no --data is given, since the
 * gzipped originals cannot be read from the middle.
 */
export function verifiedUnpackedDir(dir: string = BUNDLED_UNPACKED_DIR): string | null {
  for (const base of Object.values(IDX_FILES)) {
    if (fileSha256(join(dir, base)) !== BUNDLED_UNPACKED_SHA256[base]) return null;
  }
  return dir;
}

/** The SHA-256 of a file's bytes, or null when it cannot be read. */
function fileSha256(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const hash = createHash('sha256');
    const piece = new Uint8Array(1 << 20);
    for (let n = readSync(fd, piece); n > 0; n = readSync(fd, piece)) hash.update(piece.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
