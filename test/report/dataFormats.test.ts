/**
 * The report for every data format (issue 10), from run folders `softmax train` writes, in process:
 * - a CSV run: per class, a bar chart of the largest weights by column name; no image gallery;
 * - a colour image-folder run: colour templates and colour gallery thumbnails, also when the report is
 *   written again later by `softmax report` (which reads the evaluation images back through the
 *   data-source seam, with the run's own stratified hold-out).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { trainCommand } from '../../src/cli/train.js';
import { writeReport } from '../../src/report/html/writeReport.js';
import { reloadEvaluationRows } from '../../src/cli/dataSource.js';
import { formatEvaluation } from '../../src/report/terminal.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { classImage, pngOf, writeFile } from '../helpers/imageFiles.js';
import { dataUriPngs } from './fixtures.js';

const SK = fileURLToPath(new URL('../data/sklearn/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'softmax-report-formats-'));

/** `softmax train ARGS --json` in this process; returns the run folder. */
async function train(name: string, args: string[]): Promise<string> {
  const out = join(root, name);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await trainCommand().parseAsync([...args, '--out', out, '--json', '--no-progress', '--backend', 'js'], {
      from: 'user',
    });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

/** True when some pixel of the PNG is not grey. */
function hasColour(png: Buffer): boolean {
  const { data } = PNG.sync.read(png);
  for (let i = 0; i < data.length; i += 4)
    if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) return true;
  return false;
}

describe('report of a CSV run', () => {
  it('shows each class’s largest weights by column name, and no image gallery', async () => {
    const run = await train('wine', [
      '--data',
      join(SK, 'wine-train.csv'),
      '--test-data',
      join(SK, 'wine-test.csv'),
    ]);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toContain('id="templates"');
    const cards = [
      ...html.matchAll(/<figure class="fw-class"><figcaption>([^<]*)<\/figcaption>(.*?)<\/figure>/g),
    ];
    expect(cards.map((c) => c[1])).toEqual(['class_0', 'class_1', 'class_2']);
    for (const card of cards) {
      const names = [...card[2].matchAll(/<span class="fw-name" title="([^"]*)"/g)].map((m) => m[1]);
      expect(names).toHaveLength(8);
      expect(new Set(names).size).toBe(8);
      const values = [...card[2].matchAll(/<span class="fw-value">([^<]*)</g)].map((m) =>
        Math.abs(Number(m[1])),
      );
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    expect(html).toContain('title="proline"');
    expect(html).toMatch(/Columns were standardized/);
    expect(html).not.toContain('id="gallery"');
    expect(html).not.toContain('<figure class="template">');
    expect(html).not.toContain('id="left-out"');
    expect(dataUriPngs(html)).toEqual([]);
  });
});

describe('the terminal summary counts rows for a table', () => {
  it('says rows, and leaves out the first-2,000-images measure of the original', () => {
    const e = evaluate(Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]), Uint8Array.from([0, 1, 1]), [
      'a',
      'b',
    ]);
    const rows = formatEvaluation(e, ['a', 'b'], 'test', 'rows');
    expect(rows).toMatch(/^accuracy on the test set \(3 rows\): /);
    expect(rows).not.toMatch(/images|original/);
    expect(formatEvaluation(e, ['a', 'b'])).toMatch(/the first 3 test images \(the original's measure\)/);
  });
});

describe('report of a colour image-folder run', () => {
  it('draws colour templates and a colour gallery, again when written later by softmax report', async () => {
    const data = join(root, 'photos');
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 16; i++)
        writeFile(join(data, `kind ${c}`, `${i}.png`), pngOf(classImage(c, i, 6, 6, 3)));
    const run = await train('photos-run', ['--data', data, '--test-fraction', '0.25', '--seed', '5']);
    const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as {
      data: Record<string, unknown>;
    };
    expect(metrics.data).toMatchObject({
      format: 'images',
      test: { from: 'fraction', fraction: 0.25, seed: 5 },
      settings: { height: 6, width: 6, channels: 3 },
      testCount: 12,
    });
    const check = (html: string): void => {
      const templates = [
        ...html.matchAll(/<figure class="template"><img src="data:image\/png;base64,([^"]+)"/g),
      ];
      expect(templates).toHaveLength(3);
      for (const t of templates) expect(hasColour(Buffer.from(t[1], 'base64'))).toBe(true);
      expect(html).toContain('alt="colour weight template of class kind 0"');
      expect(html).toContain('id="gallery"');
      const thumbs = [
        ...html.matchAll(/<figure class="thumb [^"]*"><img src="data:image\/png;base64,([^"]+)"/g),
      ];
      expect(thumbs.length).toBeGreaterThan(0);
      expect(thumbs.some((t) => hasColour(Buffer.from(t[1], 'base64')))).toBe(true);
      expect(html).not.toContain('id="left-out"');
      expect(html).not.toContain('fw-class');
    };
    const first = readFileSync(join(run, 'report.html'), 'utf8');
    check(first);
    rmSync(join(run, 'report.html'));
    const again = readFileSync(await writeReport(run, { reloadRows: reloadEvaluationRows }), 'utf8');
    check(again);
    // The same 12 held-out images, with the same predictions, in the same order.
    const thumbs = (html: string): string[] =>
      [...html.matchAll(/<figure class="thumb[^>]*><img src="[^"]*"/g)].map((m) => m[0]);
    expect(thumbs(again)).toEqual(thumbs(first));
  });
});
