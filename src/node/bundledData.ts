import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
