import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the bundled data set, found relative to this file (src/node or dist/node). */
export const BUNDLED_DATA_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'data',
  'fashion-mnist',
);
