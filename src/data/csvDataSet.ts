import { InputError } from '../util/errors.js';
import { parseCsv } from './csvTable.js';
import type { DataSet, ReadOptions } from './dataSource.js';
import { numberLabels, type Table, type TableOptions } from './table.js';

/**
 * A CSV table as a DataSet: a header row, numeric feature columns, a label column (`labelColumn`, default
 * `label`, else the last column) and optionally an id column (`idColumn`, default `id` when present).
 * Labels are numbered by numberLabels (whole numbers in numeric order, other labels sorted by code point).
 * A CSV has no test split of its own. The Node reader (node/csvSource.ts) reads the file and the page its
 * dropped file; both come here, so they refuse and number the same things the same way.
 */
export function csvDataSet(bytes: Uint8Array, name: string, opts: ReadOptions = {}): DataSet {
  refuseImageModel(name, opts);
  return tableDataSet(parseCsv(bytes, name, tableOptions(opts)), name, opts);
}

/** A model trained on images cannot read a table: refused before the file is read. */
export function refuseImageModel(name: string, opts: ReadOptions): void {
  if (opts.shape?.kind !== 'images') return;
  const s = opts.shape;
  throw new InputError(
    `${name}: is a CSV table but the model was trained on ${s.height}×${s.width} ${s.channels === 3 ? 'colour' : 'grey'} images`,
  );
}

/** What the table parser takes of the reader options. */
export function tableOptions(opts: ReadOptions): TableOptions {
  return {
    labelColumn: opts.labelColumn,
    idColumn: opts.idColumn,
    impute: opts.impute,
    imputeMeans: opts.imputeMeans,
    labelsOptional: opts.labelsOptional,
    featureNames: opts.shape?.kind === 'table' ? opts.shape.featureNames : undefined,
  };
}

/** The parsed table as rows, class names, shape, provenance and the imputation note. */
export function tableDataSet(table: Table, name: string, opts: ReadOptions): DataSet {
  if (table.labels === null && !opts.labelsOptional) {
    throw new InputError(`${name}: no label column`);
  }
  const labelled = table.labels === null ? null : numberLabels(table.labels, name, opts.classNames);
  const classNames = labelled?.classNames ?? [...(opts.classNames ?? [])];
  const warnings =
    table.imputed > 0
      ? [
          `${name}: ${table.imputed} missing value${table.imputed === 1 ? '' : 's'} filled with ${opts.imputeMeans ? "the training data's" : "the column's"} mean (--impute mean)`,
        ]
      : [];
  return {
    train: { X: table.X, y: labelled?.y ?? null, ids: table.ids },
    test: null,
    classNames,
    shape: { kind: 'table', featureNames: table.X.featureNames ?? [] },
    provenance: {
      format: 'csv',
      path: name,
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
