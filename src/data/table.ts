import { MAX_CLASSES } from '../model/limits.js';
import { InputError } from '../util/errors.js';
import type { FloatMatrix } from './features.js';

/** Spellings of a missing value: filled by `--impute mean`, refused otherwise. Any other text is refused. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export interface TableOptions {
  /** The label column; default `label`, else the last column. */
  labelColumn?: string;
  /** A column that names each row; default `id` when the header has one. Not a feature. */
  idColumn?: string;
  impute?: 'none' | 'mean';
  /** With impute mean: the value for each feature column (the training data's means, for data read
   *  for a model), instead of the column's mean in this file. */
  imputeMeans?: readonly number[];
  /** A table without the label column is allowed (rows to predict). */
  labelsOptional?: boolean;
  /** Read exactly these feature columns, in this order (a model's); others are refused. */
  featureNames?: readonly string[];
}

/** A table's features, the raw label of each row (null: no label column) and row ids. */
export interface Table {
  readonly X: FloatMatrix;
  readonly labels: string[] | null;
  readonly ids: string[] | null;
  /** The label column's name, or null. */
  readonly labelColumn: string | null;
  /** Values that were missing and filled with their column's mean (impute mean). */
  readonly imputed: number;
}

/**
 * Builds a table from CSV records as a parser streams them: the header first, then one record per row,
 * each converted to float32 at once (no array of strings is kept). Every fault is an InputError naming
 * the file, the row (the line it ends on, the header being row 1) and the column.
 */
export class TableBuilder {
  private readonly featureIndex: number[] = [];
  private readonly featureNames: string[] = [];
  private readonly labelAt: number;
  private readonly idAt: number;
  private values = new Float32Array(1024);
  private n = 0;
  private readonly labels: string[] | null;
  private readonly ids: string[] | null;
  private missing: Int32Array | null = null;
  private readonly impute: boolean;
  private readonly imputeMeans: readonly number[] | null;
  readonly labelColumn: string | null;

  /**
   * `rowsHint`, when given, is an upper bound on the rows to come (e.g. the file's line count): the values
   * are then allocated once, not doubled as rows arrive, which held up to twice the table at the end.
   */
  constructor(
    private readonly name: string,
    header: readonly string[],
    opts: TableOptions = {},
    rowsHint?: number,
  ) {
    this.impute = opts.impute === 'mean';
    this.imputeMeans = opts.imputeMeans ?? null;
    const cols = header.map((h) => h.trim());
    const seen = new Map<string, number>();
    cols.forEach((c, j) => {
      if (c === '') throw new InputError(`${name}: row 1, column ${j + 1}: the header names no column`);
      if (seen.has(c)) {
        throw new InputError(`${name}: row 1: column "${c}" appears twice (columns ${seen.get(c)! + 1} and ${j + 1})`);
      }
      seen.set(c, j);
    });
    if (opts.labelColumn !== undefined) {
      const at = seen.get(opts.labelColumn);
      if (at === undefined && !opts.labelsOptional) {
        throw new InputError(`${name}: no column "${opts.labelColumn}" (--label-column); the columns are ${listColumns(cols)}`);
      }
      this.labelAt = at ?? -1;
    } else if (opts.featureNames !== undefined) {
      // Rows to predict: the label column, if any, is what the model does not take.
      this.labelAt = seen.get('label') ?? -1;
    } else {
      this.labelAt = seen.get('label') ?? cols.length - 1;
    }
    this.idAt = seen.get(opts.idColumn ?? 'id') ?? -1;
    if (opts.idColumn !== undefined && this.idAt < 0) {
      throw new InputError(`${name}: no column "${opts.idColumn}" (--id-column); the columns are ${listColumns(cols)}`);
    }
    if (this.labelAt >= 0 && this.labelAt === this.idAt) {
      throw new InputError(`${name}: column "${cols[this.idAt]}" cannot be both the label and the id column`);
    }
    this.labelColumn = this.labelAt >= 0 ? cols[this.labelAt] : null;
    const own = cols.map((_, j) => j).filter((j) => j !== this.labelAt && j !== this.idAt);
    if (opts.featureNames !== undefined) {
      for (const f of opts.featureNames) {
        const at = seen.get(f);
        if (at === undefined || at === this.labelAt || at === this.idAt) {
          throw new InputError(
            `${name}: has no column "${f}", which the model takes (it takes ${columnCount(opts.featureNames.length)}: ${listColumns(opts.featureNames)})`,
          );
        }
        this.featureIndex.push(at);
      }
      const extra = own.find((j) => !opts.featureNames!.includes(cols[j]));
      if (extra !== undefined) {
        throw new InputError(
          `${name}: column "${cols[extra]}" is not one the model takes (it takes ${columnCount(opts.featureNames.length)}: ${listColumns(opts.featureNames)})` +
            (opts.labelColumn === undefined && this.labelAt < 0
              ? `; if it holds the labels, --label-column ${JSON.stringify(cols[extra])}`
              : ''),
        );
      }
    } else {
      this.featureIndex.push(...own);
    }
    this.featureNames = this.featureIndex.map((j) => cols[j]);
    if (this.featureNames.length === 0) {
      throw new InputError(`${name}: no feature columns: the header names only ${listColumns(cols)}`);
    }
    this.labels = this.labelAt >= 0 ? [] : null;
    this.ids = this.idAt >= 0 ? [] : null;
    if (rowsHint !== undefined && rowsHint > 0) {
      this.values = new Float32Array(Math.max(1, rowsHint * this.featureNames.length));
    }
  }

  /** Adds one record; `row` is the line it ends on (the header is row 1). */
  add(record: readonly string[], row: number): void {
    const d = this.featureIndex.length;
    if (this.values.length < (this.n + 1) * d) {
      const bigger = new Float32Array(Math.max(2 * this.values.length, (this.n + 1) * d));
      bigger.set(this.values);
      this.values = bigger;
    }
    const base = this.n * d;
    for (let t = 0; t < d; t++) {
      const text = record[this.featureIndex[t]];
      const v = parseNumber(text);
      if (Number.isFinite(v)) {
        this.values[base + t] = v;
        continue;
      }
      const trimmed = text.trim();
      if (!MISSING.has(trimmed.toLowerCase())) {
        throw new InputError(
          `${this.name}: row ${row}, column "${this.featureNames[t]}": ${quote(trimmed)} is not a number`,
        );
      }
      if (!this.impute) {
        throw new InputError(
          `${this.name}: row ${row}, column "${this.featureNames[t]}": missing value${trimmed === '' ? '' : ` (${quote(trimmed)})`}; --impute mean fills it with the column's mean`,
        );
      }
      this.values[base + t] = NaN;
      this.missing ??= new Int32Array(d);
      this.missing[t]++;
    }
    if (this.labels !== null) {
      const label = record[this.labelAt].trim();
      if (label === '') throw new InputError(`${this.name}: row ${row}, column "${this.labelColumn}": missing label`);
      this.labels.push(label);
    }
    this.ids?.push(record[this.idAt]);
    this.n++;
  }

  finish(): Table {
    const d = this.featureIndex.length;
    if (this.n === 0) throw new InputError(`${this.name}: no data rows, only a header`);
    // Kept in place when the allocation fits (a hinted size is exact but for blank and quoted lines).
    const values =
      this.values.length - this.n * d <= (this.n * d) / 64
        ? this.values.subarray(0, this.n * d)
        : this.values.slice(0, this.n * d);
    let imputed = 0;
    if (this.missing !== null) {
      for (let t = 0; t < d; t++) {
        if (this.missing[t] === 0) continue;
        const given = this.imputeMeans?.[t];
        if (given === undefined && this.missing[t] === this.n) {
          throw new InputError(`${this.name}: column "${this.featureNames[t]}" has no values to take a mean of`);
        }
        imputed += this.missing[t];
        let mean = given ?? 0;
        if (given === undefined) {
          let sum = 0;
          for (let i = 0; i < this.n; i++) if (!Number.isNaN(values[i * d + t])) sum += values[i * d + t];
          mean = sum / (this.n - this.missing[t]);
        }
        for (let i = 0; i < this.n; i++) if (Number.isNaN(values[i * d + t])) values[i * d + t] = mean;
      }
    }
    return {
      X: { values, n: this.n, d, featureNames: this.featureNames },
      labels: this.labels,
      ids: this.ids,
      labelColumn: this.labelColumn,
      imputed,
    };
  }
}

/**
 * A number as a CSV cell writes it (decimal, optional sign, fraction and exponent, spaces around it);
 * NaN for anything else, including empty cells, "Infinity", hex ("0x1f", which Number() would take) and
 * blanks (which Number() reads as 0). One pass over the characters, then Number(): this runs once per
 * cell, millions of times for a large table.
 */
function parseNumber(text: string): number {
  let digits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    // . + - e E, space, tab, CR, LF: anything else (letters, '_', ',') is not a decimal number.
    else if (c !== 46 && c !== 43 && c !== 45 && c !== 101 && c !== 69 && c !== 32 && c !== 9 && c !== 13 && c !== 10)
      return NaN;
  }
  if (!digits) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/**
 * Class numbers for raw labels. Whole-number labels keep their numeric order (0, 1, 2, 10); any other
 * labels sort as strings by code point ("Iris-setosa" before "Iris-versicolor"), so the numbering does
 * not depend on the order of the rows. With `known` (a model's class names, or the training set's), a
 * label must be one of them.
 */
export function numberLabels(
  raw: readonly string[],
  name: string,
  known?: readonly string[],
): { y: Uint8Array; classNames: string[] } {
  const allIntegers = raw.every((s) => /^[+-]?\d+$/.test(s));
  const canon = (s: string): string => (allIntegers ? String(Number(s)) : s);
  let classNames: string[];
  if (known !== undefined) {
    classNames = [...known];
  } else {
    const distinct = [...new Set(raw.map(canon))];
    classNames = allIntegers ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort(codePointOrder);
    if (classNames.length < 2) {
      throw new InputError(`${name}: every row has the label ${quote(classNames[0] ?? '')}: a classifier needs at least 2 classes`);
    }
    if (classNames.length > MAX_CLASSES) {
      throw new InputError(`${name}: ${classNames.length} distinct labels, more than the ${MAX_CLASSES} classes a model takes`);
    }
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  const y = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = index.get(canon(raw[i])) ?? index.get(raw[i]);
    if (c === undefined) {
      throw new InputError(
        `${name}: data row ${i + 1} has the label ${quote(raw[i])}, which is not one of the ${classNames.length} classes (${listColumns(classNames)})`,
      );
    }
    y[i] = c;
  }
  return { y, classNames };
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

function listColumns(cols: readonly string[]): string {
  const shown = cols.slice(0, 8).map((c) => `"${c}"`).join(', ');
  return cols.length > 8 ? `${shown}, … (${cols.length} in all)` : shown;
}

function columnCount(n: number): string {
  return `${n} column${n === 1 ? '' : 's'}`;
}
