/**
 * Issue 10's "Bad input" list, case by case: each is refused with one line naming the file (and the row,
 * column or image), an InputError in process and exit code 2 from the CLI. Most cases go through
 * loadData, the call both the library and the CLI make; three spawned ones check what the CLI adds
 * (the "softmax: " prefix, exit 2, nothing on stdout) and predict's model-against-data checks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputShape } from '../../src/data/features.js';
import { SoftmaxClassifier } from '../../src/node/classifier.js';
import { loadData, type LoadDataOptions } from '../../src/node/loadData.js';
import { InputError } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { smallSet, writeSet } from '../helpers/idxFiles.js';
import { classImage, pngOf, writeFile } from '../helpers/imageFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'softmax-bad-data-'));
const csv = (name: string, text: string): string => writeFile(join(dir, name), text);
const png = (path: string, channels: 1 | 3 = 1, size = 4): string =>
  writeFile(join(dir, path), pngOf(classImage(0, 0, size, size, channels)));

const files = {
  empty: csv('empty.csv', ''),
  header: csv('header.csv', 'a,b,label\n'),
  ok: csv('ok.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n'),
  oneClass: csv('one-class.csv', 'a,b,label\n1,2,x\n3,4,x\n'),
  ragged: csv('ragged.csv', 'a,b,label\n1,2,x\n3,y\n'),
  text: csv('text.csv', 'a,b,label\n1,2,x\n3,blue,y\n'),
  otherColumns: csv('other.csv', 'a,c,label\n1,2,x\n3,4,y\n'),
  noClassFolders: (png('loose/a.png'), png('loose/b.png'), join(dir, 'loose')),
  emptyClass: (png('empty-class/cat/1.png'), writeFile(join(dir, 'empty-class/dog/notes.txt'), 'hi'), join(dir, 'empty-class')),
  oneClassFolder: (png('one-class-folder/cat/1.png'), join(dir, 'one-class-folder')),
  mixed: (png('mixed/a/1.png', 1), png('mixed/a/2.png', 1), png('mixed/b/1.png', 3), png('mixed/b/2.png', 1), join(dir, 'mixed')),
  idx: writeSet(smallSet(20, 10, 4, 3)),
  idx5: writeSet(smallSet(20, 10, 5, 3)),
};
writeFileSync(join(dir, 'not-a-folder'), 'x');

const table: InputShape = { kind: 'table', featureNames: ['a', 'b'] };
const grey4: InputShape = { kind: 'images', height: 4, width: 4, channels: 1 };

const cases: { name: string; path: string; opts?: LoadDataOptions; message: RegExp }[] = [
  { name: 'an empty CSV', path: files.empty, message: /empty\.csv: empty: no header row and no data$/ },
  { name: 'a header only', path: files.header, message: /header\.csv: no data rows, only a header$/ },
  {
    name: 'a label column that does not exist',
    path: files.ok,
    opts: { labelColumn: 'kind' },
    message: /ok\.csv: no column "kind" \(--label-column\); the columns are "a", "b", "label"$/,
  },
  {
    name: 'one class only',
    path: files.oneClass,
    message: /one-class\.csv: every row has the label "x": a classifier needs at least 2 classes$/,
  },
  {
    name: 'ragged rows',
    path: files.ragged,
    message: /ragged\.csv: row 3 has 2 fields, the header has 3 \(ragged rows\)$/,
  },
  { name: 'a column of text', path: files.text, message: /text\.csv: row 3, column "b": "blue" is not a number$/ },
  {
    name: 'an image folder with no class folders',
    path: files.noClassFolders,
    message: /loose: no class folders \(expected .*loose\/<class>\/\*\.png, \.jpg or \.jpeg, one folder per class\)$/,
  },
  {
    name: 'a class folder with no images',
    path: files.emptyClass,
    message: /empty-class\/dog: class folder with no images \(\.png, \.jpg or \.jpeg\)$/,
  },
  {
    name: 'one class folder only',
    path: files.oneClassFolder,
    message: /one-class-folder: one class folder only \("cat"\); a classifier needs at least 2$/,
  },
  { name: 'a file given as an image folder', path: join(dir, 'not-a-folder'), opts: { format: 'images' }, message: /not-a-folder: not a folder$/ },
  {
    name: 'a table model on images',
    path: files.mixed,
    opts: { shape: table },
    message: /mixed: is a folder of images but the model was trained on a table of 2 columns \(give a CSV file\)$/,
  },
  {
    name: 'a table model on IDX images',
    path: files.idx,
    opts: { shape: table },
    message: /: holds 4×4 grey images but the model was trained on a table of 2 columns$/,
  },
  {
    name: 'an image model on a CSV',
    path: files.ok,
    opts: { shape: grey4 },
    message: /ok\.csv: is a CSV table but the model was trained on 4×4 grey images$/,
  },
  {
    name: 'a table model on a CSV with other columns',
    path: files.otherColumns,
    opts: { shape: table },
    message: /other\.csv: has no column "b", which the model takes \(it takes 2 columns: "a", "b"\)$/,
  },
  {
    name: 'IDX labels beyond the classes of the model',
    path: files.idx,
    opts: { shape: grey4, classNames: ['a', 'b'] },
    message: /: train-labels, image \d+: label 2, but the model has 2 classes \(0\.\.1\)$/,
  },
  {
    name: 'a CSV label the model does not know',
    path: files.ok,
    opts: { shape: table, classNames: ['x', 'z'] },
    message: /ok\.csv: data row 2 has the label "y", which is not one of the 2 classes \("x", "z"\)$/,
  },
];

describe('bad input: one line naming the file, an InputError', () => {
  it.each(cases)('$name', async ({ path, opts, message }) => {
    const err = await loadData(path, opts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    const text = (err as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\n/);
    expect(text).toContain(path);
  });

  it('images of different channel counts without --channels: read as colour, and said in one line', async () => {
    const data = await loadData(files.mixed);
    expect(data.shape).toEqual({ kind: 'images', height: 4, width: 4, channels: 3 });
    expect(data.warnings).toHaveLength(1);
    expect(data.warnings[0]).toMatch(
      /mixed: 3 grey and 1 colour images \(e\.g\. a\/1\.png, b\/1\.png\): all read as colour, 3 channels \(--channels 1 or 3 chooses\)$/,
    );
    const grey = await loadData(files.mixed, { channels: 1 });
    expect([grey.shape, grey.warnings]).toEqual([{ kind: 'images', height: 4, width: 4, channels: 1 }, []]);
  });
});

/** A model fitted in process on `path` and saved as the CLI saves one: the spawned cases read it. */
async function savedModel(path: string, name: string): Promise<string> {
  const data = await loadData(path);
  const clf = new SoftmaxClassifier({ backend: 'js', epochs: 1 });
  await clf.fit(data.train.X, data.train.y!, { classNames: [...data.classNames] });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(clf.toJSON()));
  clf.dispose();
  return file;
}

describe('through the CLI: "softmax: " and the line on stderr, exit 2, nothing on stdout', () => {
  const models: { table?: string; idx?: string } = {};
  beforeAll(async () => {
    models.table = await savedModel(files.ok, 'table-model');
    models.idx = await savedModel(files.idx, 'idx-model');
  });
  const spawned: { name: string; args: () => string[]; message: RegExp }[] = [
    { name: 'train on an empty CSV', args: () => ['train', '--data', files.empty], message: /empty\.csv: empty: no header row and no data$/ },
    {
      name: 'predict an image with a table model',
      args: () => ['predict', '--model', models.table!, png('x.png')],
      message: /table-model\.json: the model reads a table of 2 columns, not images: give --data FILE\.csv$/,
    },
    {
      name: 'predict with a 4×4 model on 5×5 IDX images',
      args: () => ['predict', '--model', models.idx!, '--data', files.idx5],
      message: /idx-model\.json: the model takes 4×4 images \(16 pixels\) but .* holds 5×5 images$/,
    },
  ];
  it.each(spawned)('$name', async ({ args, message }) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^softmax: /);
    expect(lines[0]).toMatch(message);
  });
});
