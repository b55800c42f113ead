import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFUSION_CELL_CLASS } from '../../src/report/charts/confusionChart.js';
import { writeReport, writeReportFiles } from '../../src/report/html/writeReport.js';
import { InputError } from '../../src/util/errors.js';
import { dataUriPngs, makeRunFolder, type FixtureRun } from './fixtures.js';

let run: FixtureRun;
let html: string;

beforeAll(async () => {
  run = await makeRunFolder();
  const path = await writeReport(run.dir);
  expect(path).toBe(join(run.dir, 'report.html'));
  html = readFileSync(path, 'utf8');
});

describe('report.html of a training run', () => {
  it('is one self-contained file without a single URL', () => {
    expect(html).toMatch(/^<!doctype html>/);
    // base64 payloads may hold "//" by chance; everything else may not.
    const text = html.replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, 'data:');
    expect(text).not.toMatch(/https?:|ftp:|\/\/[a-z]/i);
    expect(text).not.toMatch(/<script|<link|@import|url\((?!#)|href="(?!#)/i);
    for (const m of html.matchAll(/\ssrc="([^"]*)"/g)) expect(m[1]).toMatch(/^data:image\/png;base64,/);
    expect(readdirTmp(run.dir)).toEqual([]);
    // Inline SVGs share the page's id space: every id must be unique.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has every section and a chart for loss, accuracy, the confusion matrix and per-class scores', () => {
    for (const id of ['training', 'evaluation', 'templates', 'gallery', 'settings']) {
      expect(html).toContain(`id="${id}"`);
    }
    const charts = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(['loss', 'accuracy', 'confusion-matrix', 'per-class']);
  });

  it('draws a k × k confusion matrix from the model’s class count', () => {
    const group = html.match(
      new RegExp(`<g class="mark-rect role-mark ${CONFUSION_CELL_CLASS}"[^>]*>(.*?)</g>`),
    );
    expect(group?.[1].match(/<path/g)).toHaveLength(run.k * run.k);
  });

  it('draws one weight template per class at the model’s image size, enlarged by whole pixels', () => {
    const templates = [
      ...html.matchAll(/<figure class="template"><img src="data:image\/png;base64,([^"]+)"/g),
    ];
    expect(templates).toHaveLength(run.k);
    const png = PNG.sync.read(Buffer.from(templates[0][1], 'base64'));
    expect(png.width % run.width).toBe(0);
    expect(png.height % run.height).toBe(0);
    expect(png.width / run.width).toBe(png.height / run.height);
    expect(png.width / run.width).toBeGreaterThan(1);
  });

  it('shows gallery thumbnails of evaluation images with predicted class and probability', () => {
    const thumbs = html.match(/<figure class="thumb (ok|bad)">/g) ?? [];
    expect(thumbs.length).toBeGreaterThan(3);
    expect(html).toMatch(/<span class="pred">[^<]+<\/span><span class="prob">(&gt;)?\d+(\.\d)?%<\/span>/);
    for (const png of dataUriPngs(html)) expect(PNG.sync.read(png).width).toBeGreaterThan(0);
  });

  it('shows the settings and the command that reproduces the run, escaped', () => {
    expect(html).toContain('learning rate');
    expect(html).toContain('softmax train --data &quot;a folder&quot; --epochs 3');
    expect(html).toContain(`${run.height} × ${run.width} pixels`);
  });
});

describe('degrading gracefully', () => {
  it('leaves the galleries out, saying why, when the data set is gone', async () => {
    const moved = run.dataDir + '-moved';
    renameSync(run.dataDir, moved);
    try {
      const r = await writeReportFiles(run.dir);
      expect(r.notes.join('\n')).toMatch(/galleries left out: the data folder .* is not on this machine/);
      const page = readFileSync(r.report, 'utf8');
      expect(page).toContain('could not be drawn');
      expect(page).toContain('data-chart="confusion-matrix"');
    } finally {
      renameSync(moved, run.dataDir);
    }
  });

  it('builds a report from a folder that has only a sweep', async () => {
    const other = await makeRunFolder({ k: 2 });
    for (const f of ['metrics.json', 'history.json', 'model.json']) rmSync(join(other.dir, f));
    writeFileSync(
      join(other.dir, 'sweep.json'),
      JSON.stringify([
        { learningRate: 0.1, accuracy: 0.8 },
        { learningRate: 0.3, accuracy: 0.7 },
      ]),
    );
    const page = readFileSync(await writeReport(other.dir), 'utf8');
    expect(page).toContain('data-chart="sweep-learning-rate"');
    expect(page).not.toContain('id="templates"');
  });

  it('names the folder or file at fault', async () => {
    await expect(writeReport(join(run.dir, 'nope'))).rejects.toThrow(InputError);
    const empty = join(run.dir, '..', 'data');
    await expect(writeReport(empty)).rejects.toThrow(/not a run folder/);
    const bad = await makeRunFolder({ k: 2 });
    // A field that does not fit is left out, saying which and why; the rest of the report is written.
    writeFileSync(join(bad.dir, 'metrics.json'), '{"accuracy": "high"}');
    const r = await writeReportFiles(bad.dir);
    expect(r.notes[0]).toMatch(/^metrics\.json: accuracy: .*got "high": left out$/);
    expect(readFileSync(r.report, 'utf8')).toContain('id="left-out"');
    writeFileSync(join(bad.dir, 'metrics.json'), '{');
    await expect(writeReport(bad.dir)).rejects.toThrow(/metrics\.json: not valid JSON/);
  });
});

describe('--figures', () => {
  it('writes every chart as an SVG and a PNG beside the report', async () => {
    const r = await writeReportFiles(run.dir, { figures: true });
    const names = r.figures.map((f) => f.slice(run.dir.length + 1)).sort();
    const ids = ['accuracy', 'confusion-matrix', 'loss', 'per-class'];
    expect(names).toEqual(ids.flatMap((id) => [`${id}.png`, `${id}.svg`]).sort());
    for (const id of ids) {
      expect(readFileSync(join(run.dir, `${id}.svg`), 'utf8')).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      const png = PNG.sync.read(readFileSync(join(run.dir, `${id}.png`)));
      expect(png.width).toBeGreaterThan(100);
    }
    expect(existsSync(r.report)).toBe(true);
  });
});

/** Leftover temporary files of the atomic write. */
function readdirTmp(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}
