import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelJSON } from '../../src/model/modelFormat.js';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';
import { renderPage } from '../../src/report/html/page.js';
import { readRunFolder } from '../../src/report/html/runFolder.js';
import { buildSections } from '../../src/report/html/sections.js';
import { readStudies } from '../../src/report/html/studySection.js';
import { reportTitle, summaryHeader } from '../../src/report/html/summarySection.js';

/**
 * Run folders written by code, without a data set: a valid model of any shape and metrics that match it,
 * to be tampered with by the tests. Only the weights of one tiny fitted model come from the library, so
 * the options and format stay whatever the current model format says.
 */

/** What goes into a run folder: a value is written as JSON, a string as the file's exact text. */
export type RunFiles = Partial<
  Record<'metrics.json' | 'history.json' | 'model.json' | 'sweep.json' | 'reproduce.json', unknown>
>;

/** A fresh folder holding `files`. */
export function writeRun(files: RunFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-tampered-'));
  for (const [name, value] of Object.entries(files)) {
    if (value === undefined) continue;
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return dir;
}

let base: Promise<ModelJSON> | null = null;

/** One fitted 2-class, 2 × 2 model (one epoch on four images), fitted once per test file. */
function baseModel(): Promise<ModelJSON> {
  base ??= (async () => {
    const clf = new SoftmaxClassifier({ epochs: 1, backend: 'js', batchSize: 'full' });
    const set = {
      pixels: new Uint8Array([0, 0, 255, 255, 255, 255, 0, 0, 0, 10, 250, 240, 250, 240, 10, 0]),
      labels: new Uint8Array([0, 1, 0, 1]),
      n: 4,
      height: 2,
      width: 2,
    };
    await clf.fit(set, set.labels, { classNames: ['a', 'b'] });
    const json = clf.toJSON();
    clf.dispose();
    return json;
  })();
  return base;
}

/** A valid model of `k` classes of `height` × `width` images, with smooth made-up weights. */
export async function modelOf(
  k: number,
  height: number,
  width: number,
  names = classNames(k),
): Promise<ModelJSON> {
  const d = height * width;
  // Newer model files also say what they read (`input`): keep it in step with height and width.
  // A deep copy: tests tamper with the files they are given, and the fitted model is shared.
  const base = structuredClone(await baseModel()) as ModelJSON & { input?: object };
  const model = {
    ...base,
    ...(base.input ? { input: { ...base.input, height, width } } : {}),
    height,
    width,
    numClasses: k,
    classNames: names,
    W: Array.from({ length: d * k }, (_, i) => Math.sin(i * 0.37)),
    b: Array.from({ length: k }, () => 0),
  };
  return model as ModelJSON;
}

export function classNames(k: number): string[] {
  return Array.from({ length: k }, (_, i) => `class ${i}`);
}

/** history.json of `epochs` epochs, loss falling and accuracy rising. */
export function historyOf(epochs: number): object[] {
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    loss: 1 / (i + 2),
    trainAccuracy: 0.5 + 0.4 * (i / Math.max(1, epochs)),
    testAccuracy: 0.5 + 0.3 * (i / Math.max(1, epochs)),
  }));
}

/**
 * metrics.json as `softmax train` writes it for `k` classes: a confusion matrix (unless k is too large to
 * write one), per-class scores, the most confused pairs, and no data folder (so no galleries).
 */
export function metricsOf(k: number, names = classNames(k), withMatrix = k <= 500): Record<string, unknown> {
  const perClass = names.map((name, i) => {
    const acc = ((i * 37) % 100) / 100;
    return { name, accuracy: acc, precision: 0.5, recall: acc };
  });
  return {
    accuracy: 0.7,
    accuracyFirst2000: 0.7,
    meanPerClassAccuracy: 0.69,
    logLoss: 0.9,
    ...(withMatrix
      ? { confusionMatrix: names.map((_, t) => names.map((_, p) => (t === p ? 20 : (t + p) % 3))) }
      : {}),
    perClass,
    mostConfused: names.slice(1, 6).map((n, i) => ({
      trueClass: n,
      predictedClass: names[0],
      trueIndex: i + 1,
      predictedIndex: 0,
      count: 5 - i,
      rate: (5 - i) / 25,
    })),
    classNames: names,
    evaluatedOn: 'test',
    epochs: 3,
    trainSeconds: 1.5,
    msPerEpoch: 500,
    backend: 'js',
    options: { learningRate: 0.1, epochs: 3 },
    command: 'softmax train --epochs 3',
  };
}

/** The page and notes for a run folder, built in memory the way writeReportFiles builds them. */
export async function reportOf(dir: string): Promise<{ html: string; notes: string[]; charts: string[] }> {
  const run = readRunFolder(dir);
  const studies = readStudies(run.reproduce, run.sweep);
  const { sections, notes } = await buildSections(run, studies);
  const html = renderPage(
    reportTitle(run),
    summaryHeader(
      run,
      studies.flatMap((s) => s.cards),
    ),
    sections,
  );
  return { html, notes, charts: [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]) };
}

/**
 * What no page may hold whatever the run folder says: markup that came from data (a script, an event
 * handler), characters that are not text (C0/C1 controls, line separators, bidirectional overrides),
 * or unbalanced sections.
 */
export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  // Data reaches the page escaped, so every "<" opens a tag the report wrote, and quotes in attribute
  // values are entities: what is left of a tag once its quoted values are blanked is the report's own.
  if (/<(script|iframe|object|embed)\b/i.test(html)) problems.push('markup from data');
  for (const tag of html.match(/<[^>]+>/g) ?? []) {
    const bare = tag.replace(/"[^"]*"/g, '""');
    if (/\son\w+\s*=|javascript:/i.test(bare) || /=\s*"\s*javascript:/i.test(tag)) {
      problems.push(`markup from data: ${tag.slice(0, 80)}`);
      break;
    }
  }
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const bad = html.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  if (bad) problems.push(`character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')}`);
  const open = html.match(/<section\b/g)?.length ?? 0;
  const close = html.match(/<\/section>/g)?.length ?? 0;
  if (open !== close) problems.push(`${open} <section> but ${close} </section>`);
  return problems;
}
