/**
 * The CSV reader (data/csvTable.ts over data/table.ts, which node/csvFile.ts and the page call), in process: what it accepts (quoted fields, CRLF,
 * a BOM, a trailing empty line, labels by name or last column, string or whole-number labels, an id
 * column, --impute mean) and, for each bad input of issue 10, the one line it refuses it with.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csvTable.js';
import { numberLabels, type TableOptions } from '../../src/data/table.js';
import { InputError } from '../../src/util/errors.js';

const read = (text: string, opts: TableOptions = {}) => parseCsv(Buffer.from(text), 'f.csv', opts);

describe('CSV tables that read', () => {
  const cases: { name: string; text: string; opts?: TableOptions; values: number[]; labels: string[] | null; names: string[] }[] = [
    { name: 'plain, label column by name', text: 'a,b,label\n1,2,x\n3,4,y\n', values: [1, 2, 3, 4], labels: ['x', 'y'], names: ['a', 'b'] },
    { name: 'label column not last', text: 'label,a,b\nx,1,2\ny,3,4\n', values: [1, 2, 3, 4], labels: ['x', 'y'], names: ['a', 'b'] },
    { name: 'no label column: the last', text: 'a,b,kind\n1,2,x\n3,4,y', values: [1, 2, 3, 4], labels: ['x', 'y'], names: ['a', 'b'] },
    { name: '--label-column', text: 'a,species,b\n1,x,2\n3,y,4\n', opts: { labelColumn: 'species' }, values: [1, 2, 3, 4], labels: ['x', 'y'], names: ['a', 'b'] },
    { name: 'CRLF, BOM, trailing empty lines', text: '\uFEFFa,b,label\r\n1,2,x\r\n3,4,y\r\n\r\n', values: [1, 2, 3, 4], labels: ['x', 'y'], names: ['a', 'b'] },
    { name: 'quoted fields, a comma and a doubled quote inside', text: '"a","b, c",label\n"1","-2.5e1","say ""hi"""\n3,.5,y\n', values: [1, -25, 3, 0.5], labels: ['say "hi"', 'y'], names: ['a', 'b, c'] },
    { name: 'a quoted field across lines', text: 'a,label\n1,"two\nlines"\n2,y\n', values: [1, 2], labels: ['two\nlines', 'y'], names: ['a'] },
    { name: 'an id column is not a feature', text: 'id,a,label\nr1,1,x\nr2,2,y\n', values: [1, 2], labels: ['x', 'y'], names: ['a'] },
    { name: 'spaces around numbers', text: 'a,label\n 1 ,x\n2\t,y\n', values: [1, 2], labels: ['x', 'y'], names: ['a'] },
    { name: 'impute mean', text: 'a,b,label\n1,,x\n3,NA,y\n5,6,x\n', opts: { impute: 'mean' }, values: [1, 6, 3, 6, 5, 6], labels: ['x', 'y', 'x'], names: ['a', 'b'] },
    { name: "impute with the training data's means, even a column with no values", text: 'a,b,label\n1,,x\n,NA,y\n', opts: { impute: 'mean', imputeMeans: [0.5, 7] }, values: [1, 7, 0.5, 7], labels: ['x', 'y'], names: ['a', 'b'] },
  ];
  it.each(cases)('$name', async ({ text, opts, values, labels, names }) => {
    const t = await read(text, opts);
    expect(Array.from(t.X.values)).toEqual(values);
    expect(t.labels).toEqual(labels);
    expect(t.X.featureNames).toEqual(names);
  });

  it('keeps ids, from bytes anywhere in a larger buffer', async () => {
    const bytes = Buffer.from('xxid,a,label\nr1,1,x\nr2,2,y\n').subarray(2);
    const t = parseCsv(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'f.csv');
    expect(t.ids).toEqual(['r1', 'r2']);
    expect(Array.from(t.X.values)).toEqual([1, 2]);
  });

  it("takes a model's columns by name, in the model's order", async () => {
    const t = await read('b,a,label\n1,2,x\n', { featureNames: ['a', 'b'] });
    expect(Array.from(t.X.values)).toEqual([2, 1]);
  });
});

describe('labels become classes', () => {
  it('strings sort by code point; whole numbers in numeric order', () => {
    expect(numberLabels(['b', 'a', 'B', 'a'], 'f').classNames).toEqual(['B', 'a', 'b']);
    const n = numberLabels(['10', '2', '02', '1'], 'f');
    expect(n.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(n.y)).toEqual([2, 1, 1, 0]);
  });
  it("takes a model's classes and refuses another label", () => {
    expect(Array.from(numberLabels(['y'], 'f', ['x', 'y']).y)).toEqual([1]);
    expect(() => numberLabels(['z'], 'f', ['x', 'y'])).toThrow(/^f: data row 1 has the label "z", which is not one of the 2 classes/);
  });
});

describe('bad CSV input: one line naming the file, row and column', () => {
  const cases: { name: string; text: string; opts?: TableOptions; message: RegExp }[] = [
    { name: 'an empty file', text: '', message: /^f\.csv: empty: no header row and no data$/ },
    { name: 'a header only', text: 'a,b,label\n', message: /^f\.csv: no data rows, only a header$/ },
    { name: 'a label column that does not exist', text: 'a,b\n1,2\n', opts: { labelColumn: 'kind' }, message: /^f\.csv: no column "kind" \(--label-column\); the columns are "a", "b"$/ },
    { name: 'ragged rows', text: 'a,b,label\n1,2,x\n3,y\n', message: /^f\.csv: row 3 has 2 fields, the header has 3 \(ragged rows\)$/ },
    { name: 'a column of text', text: 'a,b,label\n1,red,x\n2,blue,y\n', message: /^f\.csv: row 2, column "b": "red" is not a number$/ },
    { name: 'a missing value', text: 'a,b,label\n1,2,x\n3,,y\n', message: /^f\.csv: row 3, column "b": missing value; --impute mean fills it/ },
    { name: 'a column with nothing to impute from', text: 'a,b,label\n1,,x\n2,NA,y\n', opts: { impute: 'mean' }, message: /^f\.csv: column "b" has no values to take a mean of$/ },
    { name: 'text is not imputed', text: 'a,label\n1,x\nfoo,y\n', opts: { impute: 'mean' }, message: /^f\.csv: row 3, column "a": "foo" is not a number$/ },
    { name: 'an unclosed quote', text: 'a,label\n1,"x\n', message: /^f\.csv: row \d+: a quoted field is never closed$/ },
    { name: 'a duplicate column name', text: 'a,a,label\n1,2,x\n', message: /^f\.csv: row 1: column "a" appears twice/ },
    { name: 'no feature column', text: 'label\nx\n', message: /^f\.csv: no feature columns/ },
    { name: 'a missing label', text: 'a,label\n1,\n', message: /^f\.csv: row 2, column "label": missing label$/ },
    { name: "a column the model does not take", text: 'a,c,label\n1,2,x\n', opts: { featureNames: ['a'] }, message: /^f\.csv: column "c" is not one the model takes/ },
    { name: 'labels under another name, with a model', text: 'a,species\n1,x\n', opts: { featureNames: ['a'] }, message: /^f\.csv: column "species" is not one the model takes \(it takes 1 column: "a"\); if it holds the labels, --label-column "species"$/ },
    { name: "a column the model takes is missing", text: 'a,label\n1,x\n', opts: { featureNames: ['a', 'b'] }, message: /^f\.csv: has no column "b", which the model takes/ },
  ];
  it.each(cases)('$name', async ({ text, opts, message }) => {
    const err = await Promise.resolve()
      .then(() => read(text, opts))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/\n/);
  });

  it('one class only', () => {
    expect(() => numberLabels(['x', 'x'], 'f.csv')).toThrow(/^f\.csv: every row has the label "x": a classifier needs at least 2 classes$/);
  });
});
