/**
 * softmax predict (issue 10): image files as arguments (PNG and JPEG, any size, grey or colour, converted
 * and resized like training images) and --data in any format to predictions.csv (id or file name, the
 * label when known, the predicted class, one probability per class). The models are trained in process
 * and saved as model.json; only predict is spawned, since what is checked is what it prints and writes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnMeans, loadForModel, modelImputeMeans } from '../../src/cli/dataSource.js';
import { predictionsCsv } from '../../src/cli/predictionsCsv.js';
import type { FloatMatrix } from '../../src/data/features.js';
import type { ModelJSON } from '../../src/model/modelFormat.js';
import { SoftmaxClassifier } from '../../src/node/classifier.js';
import { loadData } from '../../src/node/loadData.js';
import { tableDefaults } from '../../src/data/tableDefaults.js';
import { runCli } from '../helpers/cli.js';
import { classImage, jpegOf, pngOf, writeFile } from '../helpers/imageFiles.js';

const SK = fileURLToPath(new URL('../data/sklearn/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'softmax-predict-'));
const imageModel = join(dir, 'images.json');
const tableModel = join(dir, 'iris.json');

async function save(path: string, data: Awaited<ReturnType<typeof loadData>>, options = {}): Promise<void> {
  const clf = new SoftmaxClassifier({ backend: 'js', ...options });
  await clf.fit(data.train.X, data.train.y!, { classNames: [...data.classNames] });
  writeFileSync(path, JSON.stringify(clf.toJSON()));
  clf.dispose();
}

beforeAll(async () => {
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < 10; i++)
      writeFile(join(dir, 'train', `c${c}`, `${i}.png`), pngOf(classImage(c, i, 8, 8, 3)));
  await save(imageModel, await loadData(join(dir, 'train')));
  const iris = await loadData(join(SK, 'iris-train.csv'));
  await save(tableModel, iris, tableDefaults(iris.train.X.n));
  // To predict: a 24×24 colour JPEG of class 2; an 8×8 colour JPEG and grey PNG in a folder without classes.
  writeFile(join(dir, 'loose', 'big, colour.jpg'), jpegOf(classImage(2, 50, 8, 8, 3), 100));
  writeFile(join(dir, 'loose', 'grey.png'), pngOf(classImage(1, 51, 8, 8, 1)));
  writeFile(join(dir, 'big.jpg'), jpegOf(upscale(classImage(2, 50, 8, 8, 3), 3), 100));
}, 60_000);

/** Each pixel as a f×f block: resizing back by area averaging gives the image again. */
function upscale(img: ReturnType<typeof classImage>, f: number): ReturnType<typeof classImage> {
  const { height, width, channels } = img;
  const pixels = new Uint8Array(height * f * width * f * channels);
  for (let y = 0; y < height * f; y++)
    for (let x = 0; x < width * f; x++)
      for (let ch = 0; ch < channels; ch++)
        pixels[(y * width * f + x) * channels + ch] =
          img.pixels[(Math.floor(y / f) * width + Math.floor(x / f)) * channels + ch];
  return { height: height * f, width: width * f, channels, pixels };
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

describe('softmax predict', () => {
  it('image files: PNG and JPEG, resized and converted to the model’s 8×8 colour', async () => {
    const r = await runCli([
      'predict',
      '--model',
      imageModel,
      '--json',
      join(dir, 'big.jpg'),
      join(dir, 'loose', 'grey.png'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: string; top: { class: string; probability: number }[] }[];
    expect(out.map((o) => [o.file.endsWith('big.jpg'), o.top.length])).toEqual([
      [true, 3],
      [false, 3],
    ]);
    expect(out[0].top[0].class).toBe('c2');
    const text = await runCli(['predict', '--model', imageModel, join(dir, 'big.jpg')]);
    expect(text.stdout).toMatch(/big\.jpg: c2 \d+\.\d%, c\d \d+\.\d%, c\d \d+\.\d%\n$/);
  });

  it('--data CSV --out: a row per input, label, predicted class and one probability column per class', async () => {
    const out = join(dir, 'iris-predictions.csv');
    const r = await runCli([
      'predict',
      '--model',
      tableModel,
      '--data',
      join(SK, 'iris-test.csv'),
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Wrote 45 predictions to .*iris-predictions\.csv; accuracy on the 45 labelled rows 9\d\.\d\d%\n$/,
    );
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'id,label,predicted,p_setosa,p_versicolor,p_virginica',
    );
    const rows = readCsv(out);
    expect(rows).toHaveLength(45);
    expect(rows.map((row) => row.id).slice(0, 3)).toEqual(['1', '2', '3']);
    for (const row of rows) {
      const p = [row.p_setosa, row.p_versicolor, row.p_virginica].map(Number);
      expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
      expect(row.predicted).toBe(['setosa', 'versicolor', 'virginica'][p.indexOf(Math.max(...p))]);
    }
  });

  it('--data CSV with an id column and no labels: ids name the rows, no label column', async () => {
    const data = join(dir, 'unlabelled.csv');
    writeFileSync(
      data,
      'id,petal_width_(cm),sepal_length_(cm),sepal_width_(cm),petal_length_(cm)\r\nfirst,0.2,5.1,3.5,1.4\r\n"second, big",2.4,6.3,3.4,5.6\r\n',
    );
    const r = await runCli(['predict', '--model', tableModel, '--data', data]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,predicted,p_setosa,p_versicolor,p_virginica');
    expect(lines[1]).toMatch(/^first,setosa,/);
    expect(lines[2]).toMatch(/^"second, big",virginica,/);
  });

  it('--data a folder of images without class folders: file names as ids', async () => {
    const out = join(dir, 'loose.csv');
    const r = await runCli(['predict', '--model', imageModel, '--data', join(dir, 'loose'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote 2 predictions to ${out}\n`);
    const rows = readCsv(out);
    expect(rows.map((row) => [row.id, row.predicted])).toEqual([
      ['big, colour.jpg', 'c2'],
      ['grey.png', 'c1'],
    ]);
    expect(Object.keys(rows[0])).toEqual(['id', 'predicted', 'p_c0', 'p_c1', 'p_c2']);
  });
});

describe('--impute mean for a model', () => {
  it("fills a row to predict with the training data's means, also when it is the only row", async () => {
    const clf = SoftmaxClassifier.fromJSON(JSON.parse(readFileSync(tableModel, 'utf8')) as ModelJSON);
    const means = modelImputeMeans(clf)!;
    const iris = await loadData(join(SK, 'iris-train.csv'));
    expect(means).toEqual(columnMeans(iris.train.X as FloatMatrix));
    const one = join(dir, 'one-gap.csv');
    writeFileSync(
      one,
      'sepal_length_(cm),sepal_width_(cm),petal_length_(cm),petal_width_(cm)\n5.1,,1.4,0.2\n',
    );
    const model = { inputShape: clf.inputShape, classNames: clf.classNames, imputeMeans: means };
    const { data, rows } = await loadForModel({ data: one, impute: 'mean' }, model, { labelsOptional: true });
    expect((rows.X as FloatMatrix).values[1]).toBeCloseTo(means[1], 5);
    expect(data.warnings).toEqual([
      `${one}: 1 missing value filled with the training data's mean (--impute mean)`,
    ]);
    clf.dispose();
  });
});

describe('predictions.csv in process', () => {
  it('quotes class names and ids as RFC 4180 asks, numbers rows from 1 without ids', () => {
    const rows = { X: { values: new Float32Array(2), n: 2, d: 1 }, y: Uint8Array.from([1, 0]), ids: null };
    const { text, right, labelled } = predictionsCsv(rows, Float32Array.from([0.25, 0.75, 0.5, 0.5]), [
      'a,b',
      'say "c"',
    ]);
    expect(text).toBe(
      'id,label,predicted,"p_a,b","p_say ""c"""\n1,"say ""c""","say ""c""",0.25,0.75\n2,"a,b","a,b",0.5,0.5\n',
    );
    expect([right, labelled]).toEqual([2, 2]);
  });
});
