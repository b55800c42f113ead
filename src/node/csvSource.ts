import { resolve } from 'node:path';
import { refuseImageModel, tableDataSet, tableOptions } from '../data/csvDataSet.js';
import type { DataSet, DataSource, ReadOptions } from '../data/dataSource.js';
import { readCsvFile } from './csvFile.js';

/**
 * A CSV table read from a file: the reading is here, everything else (columns, labels, checks) is
 * data/csvDataSet.ts's, which the page uses on a dropped file.
 */
export const csvSource: DataSource = {
  format: 'csv',
  read: async (path, opts) => readCsv(path, opts),
};

export async function readCsv(path: string, opts: ReadOptions = {}): Promise<DataSet> {
  const file = resolve(path);
  refuseImageModel(file, opts);
  const table = readCsvFile(file, { ...tableOptions(opts), maxBytes: opts.maxFileBytes });
  return tableDataSet(table, file, opts);
}
