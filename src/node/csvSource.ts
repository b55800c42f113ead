import { resolve } from 'node:path';
import type { DataSet, DataSource, ReadOptions } from '../data/dataSource.js';
import { numberLabels } from '../data/table.js';
import { InputError } from '../util/errors.js';
import { readCsvFile } from './csvFile.js';

/**
 * A CSV table: a header row, numeric feature columns, a label column (`labelColumn`, default `label`,
 * else the last column) and optionally an id column (`idColumn`, default `id` when present). Labels are
 * numbered by numberLabels (whole numbers in numeric order, other labels sorted by code point). A CSV has
 * no test split of its own.
 */
export const csvSource: DataSource = {
  format: 'csv',
  read: async (path, opts) => readCsv(path, opts),
};

export async function readCsv(path: string, opts: ReadOptions = {}): Promise<DataSet> {
  const file = resolve(path);
  if (opts.shape?.kind === 'images') {
    const s = opts.shape;
    throw new InputError(
      `${file}: is a CSV table but the model was trained on ${s.height}×${s.width} ${s.channels === 3 ? 'colour' : 'grey'} images`,
    );
  }
  const table = await readCsvFile(file, {
    labelColumn: opts.labelColumn,
    idColumn: opts.idColumn,
    impute: opts.impute,
    imputeMeans: opts.imputeMeans,
    labelsOptional: opts.labelsOptional,
    featureNames: opts.shape?.kind === 'table' ? opts.shape.featureNames : undefined,
    maxBytes: opts.maxFileBytes,
  });
  if (table.labels === null && !opts.labelsOptional) {
    throw new InputError(`${file}: no label column`);
  }
  const labelled = table.labels === null ? null : numberLabels(table.labels, file, opts.classNames);
  const classNames = labelled?.classNames ?? [...(opts.classNames ?? [])];
  const warnings =
    table.imputed > 0
      ? [
          `${file}: ${table.imputed} missing value${table.imputed === 1 ? '' : 's'} filled with ${opts.imputeMeans ? "the training data's" : "the column's"} mean (--impute mean)`,
        ]
      : [];
  return {
    train: { X: table.X, y: labelled?.y ?? null, ids: table.ids },
    test: null,
    classNames,
    shape: { kind: 'table', featureNames: table.X.featureNames ?? [] },
    provenance: {
      format: 'csv',
      path: file,
      test: { from: 'none' },
      settings: {
        ...(table.labelColumn !== null ? { labelColumn: table.labelColumn } : {}),
        ...(opts.idColumn !== undefined ? { idColumn: opts.idColumn } : {}),
        impute: opts.impute ?? 'none',
      },
    },
    warnings,
  };
}
