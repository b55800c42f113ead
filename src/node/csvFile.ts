import { statSync } from 'node:fs';
import { parseCsv } from '../data/csvTable.js';
import type { Table, TableOptions } from '../data/table.js';
import { InputError } from '../util/errors.js';
import { rethrowFsError } from './fsErrors.js';
import { FILE_SIZE_LIMITS_MB, MB, tooLargeMessage } from '../data/fileLimits.js';
import { readFileCapped } from './readFileCapped.js';

export { parseCsv };

export interface CsvOptions extends TableOptions {
  /** Cap on the file's bytes; FILE_SIZE_LIMITS_MB.data when omitted. */
  maxBytes?: number;
}

/**
 * Reads a CSV table from a file: its bytes (refusing what is not a regular file, and anything past
 * `maxBytes`), parsed by data/csvTable.ts's parseCsv, the parser the page uses too. A file over
 * --memory-limit is not read here but streamed by node/csvStream.ts, so the whole file in memory is a
 * bounded cost.
 */
export function readCsvFile(path: string, opts: CsvOptions = {}): Table {
  const maxBytes = opts.maxBytes ?? FILE_SIZE_LIMITS_MB.data * MB;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path}: is a folder, expected a CSV file`);
    if (!st.isFile()) throw new InputError(`${path}: is not a regular file, expected a CSV file`);
    if (st.size > maxBytes) throw new InputError(tooLargeMessage(path, maxBytes));
  } catch (err) {
    if (err instanceof InputError) throw err;
    rethrowFsError(err, path);
  }
  return parseCsv(readFileCapped(path, maxBytes), path, opts);
}
