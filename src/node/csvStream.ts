import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_CLASSES } from '../model/limits.js';
import { InputError } from '../util/errors.js';
import { withFsErrors } from './fsErrors.js';
import { blockStream, DEFAULT_BLOCK_CHUNKS, type IdxStream } from './streamSource.js';

/**
 * What one sequential pass over a CSV file learns before it is streamed: its columns, its classes, the
 * byte offset of every chunk of rows, and each feature column's mean and deviation (for standardize).
 * Only plain numeric CSV streams: a header row, comma-separated fields, no quotes but around a label.
 */
export interface CsvScan {
  readonly path: string;
  readonly featureNames: string[];
  readonly labelColumn: string;
  /** Per column: its feature index (≥ 0), the label (-1), or neither (-2: the id column). */
  readonly roles: Int32Array;
  readonly classNames: string[];
  /** Each distinct label text as written, and its class. */
  readonly labelTexts: string[];
  readonly labelClasses: number[];
  readonly n: number;
  readonly chunkRows: number;
  /** Byte offset of each chunk's first row, then the end of the last row. */
  readonly offsets: Float64Array;
  readonly maxChunkBytes: number;
  readonly mean: number[];
  readonly std: number[];
}

const PIECE = 1 << 20;

/** Reads the CSV once, in 1 MiB pieces (memory: one piece, one line, the column sums, the offsets). */
export function scanCsv(
  file: string,
  opts: {
    labelColumn?: string;
    idColumn?: string;
    chunkRows?: number;
    /** Number the labels as these classes (a training file's), refusing any other label. */
    classNames?: readonly string[];
  } = {},
): CsvScan {
  const path = resolve(file);
  const fd = withFsErrors(() => openSync(path, 'r'), path);
  try {
    const buf = new Uint8Array(PIECE);
    const decoder = new TextDecoder();
    let header: string[] | null = null;
    let roles = new Int32Array(0);
    let d = 0;
    let chunkRows = opts.chunkRows ?? 0;
    const offsets: number[] = [];
    let sum = new Float64Array(0);
    let sumSq = new Float64Array(0);
    const labels = new Set<string>();
    let n = 0;
    let lineNo = 0;
    let carry = new Uint8Array(0);
    let carryAt = 0;
    const featureNames: string[] = [];
    let labelColumn = '';

    const line = (bytes: Uint8Array, at: number): void => {
      lineNo++;
      let text = decoder.decode(bytes);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text.trim() === '') return;
      const fields = text.split(',');
      if (header === null) {
        header = fields.map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
        const li =
          opts.labelColumn !== undefined ? header.indexOf(opts.labelColumn) : header.indexOf('label');
        if (opts.labelColumn !== undefined && li < 0) {
          throw new InputError(`--label-column: ${path} has no column '${opts.labelColumn}'`);
        }
        const labelAt = li >= 0 ? li : header.length - 1;
        const idAt = header.indexOf(opts.idColumn ?? 'id');
        roles = new Int32Array(header.length);
        for (let j = 0; j < header.length; j++) {
          roles[j] = j === labelAt ? -1 : j === idAt ? -2 : d++;
          if (roles[j] >= 0) featureNames.push(header[j]);
        }
        labelColumn = header[labelAt];
        if (d === 0) throw new InputError(`${path}: no feature columns`);
        sum = new Float64Array(d);
        sumSq = new Float64Array(d);
        if (chunkRows <= 0) chunkRows = 2 ** Math.floor(Math.log2(Math.max(1, (128 * 1024) / (4 * d))));
        return;
      }
      if (fields.length !== roles.length) {
        throw new InputError(
          `${path}: line ${lineNo} has ${fields.length} fields, the header ${roles.length} (streamed CSV: no commas inside fields)`,
        );
      }
      if (n % chunkRows === 0) offsets.push(at);
      for (let j = 0; j < fields.length; j++) {
        const role = roles[j];
        if (role >= 0) {
          const v = Number(fields[j]);
          if (fields[j].trim() === '' || !Number.isFinite(v)) {
            throw new InputError(
              `${path}: line ${lineNo}, column '${(header as string[])[j]}': '${fields[j]}' is not a number (streamed CSV takes numbers only)`,
            );
          }
          const f = Math.fround(v);
          sum[role] += f;
          sumSq[role] += f * f;
        } else if (role === -1) {
          labels.add(fields[j].trim().replace(/^"(.*)"$/, '$1'));
          if (labels.size > MAX_CLASSES) {
            throw new InputError(
              `${path}: more than ${MAX_CLASSES} distinct labels, more than a model takes`,
            );
          }
        }
      }
      n++;
    };

    let pos = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, PIECE, pos);
      if (got <= 0) break;
      let start = 0;
      for (let i = 0; i < got; i++) {
        if (buf[i] !== 10) continue;
        const piece = buf.subarray(start, i);
        if (carry.length > 0) {
          const whole = new Uint8Array(carry.length + piece.length);
          whole.set(carry);
          whole.set(piece, carry.length);
          line(whole, carryAt);
          carry = new Uint8Array(0);
        } else {
          line(piece, pos + start);
        }
        start = i + 1;
      }
      if (start < got) {
        if (carry.length === 0) carryAt = pos + start;
        const rest = buf.subarray(start, got);
        const next = new Uint8Array(carry.length + rest.length);
        next.set(carry);
        next.set(rest, carry.length);
        carry = next;
        if (carry.length > 64 * PIECE)
          throw new InputError(`${path}: line ${lineNo + 1} is longer than 64 MiB`);
      }
      pos += got;
    }
    if (carry.length > 0) line(carry, carryAt);
    if (header === null) throw new InputError(`${path}: empty file`);
    if (n === 0) throw new InputError(`${path}: no data rows`);
    offsets.push(pos);
    let maxChunkBytes = 0;
    for (let c = 0; c + 1 < offsets.length; c++)
      maxChunkBytes = Math.max(maxChunkBytes, offsets[c + 1] - offsets[c]);

    // Classes numbered as the in-memory reader numbers them (data/table.ts numberLabels).
    const texts = [...labels];
    const allIntegers = texts.every((s) => /^[+-]?\d+$/.test(s));
    const canon = (s: string): string => (allIntegers ? String(Number(s)) : s);
    const distinct = [...new Set(texts.map(canon))];
    const known = opts.classNames;
    const classNames = known
      ? [...known]
      : allIntegers
        ? distinct.sort((a, b) => Number(a) - Number(b))
        : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const unknown = known ? distinct.find((c) => !known.includes(c)) : undefined;
    if (unknown !== undefined) {
      throw new InputError(
        `${path}: has the label '${unknown}', which is not one of the training classes (${known?.join(', ')})`,
      );
    }
    if (classNames.length < 2)
      throw new InputError(`${path}: every row has the same label: a classifier needs at least 2 classes`);
    const classOf = new Map(classNames.map((c, i) => [c, i]));
    const mean = Array.from(sum, (s) => s / n);
    const std = Array.from(sumSq, (s, j) => Math.sqrt(Math.max(0, s / n - mean[j] * mean[j])));
    return {
      path,
      featureNames,
      labelColumn,
      roles,
      classNames,
      labelTexts: texts,
      labelClasses: texts.map((t) => classOf.get(canon(t)) as number),
      n,
      chunkRows,
      offsets: Float64Array.from(offsets),
      maxChunkBytes,
      mean,
      std,
    };
  } finally {
    closeSync(fd);
  }
}

export type CsvStream = Omit<IdxStream, 'height' | 'width' | 'imagesPath' | 'maxLabel'> & {
  readonly scan: CsvScan;
};

/** Streams a scanned CSV's rows as float features (standardisation is folded into the parameters). */
export function openCsvStream(scan: CsvScan, opts: { blockChunks?: number; slots?: number } = {}): CsvStream {
  const d = scan.featureNames.length;
  const numChunks = scan.offsets.length - 1;
  const core = blockStream({
    n: scan.n,
    rowBytes: 4 * d,
    chunkRows: scan.chunkRows,
    blockChunks: Math.max(1, Math.min(numChunks, opts.blockChunks ?? DEFAULT_BLOCK_CHUNKS)),
    slots: Math.max(2, opts.slots ?? 3),
    path: scan.path,
    reader: {
      kind: 'csv',
      csvPath: scan.path,
      offsets: scan.offsets,
      maxChunkBytes: scan.maxChunkBytes,
      d,
      roles: scan.roles,
      labelTexts: scan.labelTexts,
      labelClasses: scan.labelClasses,
    },
    makeRows: (sab, offset, rows) => ({
      kind: 'float',
      values: new Float32Array(sab, offset, rows * d),
      n: rows,
      d,
    }),
    checkLabels: () => {},
  });
  return { ...core, scan };
}
