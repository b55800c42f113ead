/**
 * The report stays readable and bounded for any class count: past REPORT_LIMITS it draws less and says
 * so, in seconds and a few hundred MB. The run folders are built by code; the bounds are loose (a loaded
 * two-core machine), they catch a return of quadratic work, not a slowdown.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/metrics/evaluate.js';
import { REPORT_LIMITS } from '../../src/report/limits.js';
import { formatConfusionMatrix, formatEvaluation } from '../../src/report/terminal.js';
import { CONFUSION_CELL_CLASS } from '../../src/report/charts/confusionChart.js';
import {
  classNames,
  historyOf,
  metricsOf,
  modelOf,
  pageProblems,
  reportOf,
  writeRun,
} from './syntheticRun.js';

const SECONDS = 30;
const MEGABYTES = 600;

describe('a run of 100,000 classes of 1 × 1 images', () => {
  it(`is reported within ${SECONDS} s and ${MEGABYTES} MB, leaving out what is unreadable and saying so`, async () => {
    const k = 100_000;
    const names = classNames(k);
    const dir = writeRun({
      'metrics.json': metricsOf(k, names, false),
      'history.json': historyOf(20_000),
      'model.json': await modelOf(k, 1, 1, names),
    });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const { html, notes, charts } = await reportOf(dir);
    const seconds = (performance.now() - started) / 1000;
    const grewMB = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20;

    expect(seconds).toBeLessThan(SECONDS);
    expect(grewMB).toBeLessThan(MEGABYTES);
    expect(charts).toEqual(['loss', 'accuracy', 'per-class']);
    expect(notes.join('\n')).toMatch(/100,000 classes: the per-class chart shows the 50 weakest/);
    expect(notes.join('\n')).toMatch(/weight templates/);
    expect(html).toContain('class 59 and 99,940 more');
    expect(html).toMatch(/500 of the 20,000 epochs/);
    expect(html.length).toBeLessThan(5 * 2 ** 20);
    expect(pageProblems(html)).toEqual([]);
  });
});

describe('the limits', () => {
  it('draws the heatmap and the templates up to their class counts, and not one class more', async () => {
    const at = REPORT_LIMITS.heatmapClasses;
    for (const k of [at, at + 1]) {
      const { charts, notes, html } = await reportOf(
        writeRun({ 'metrics.json': metricsOf(k), 'model.json': await modelOf(k, 4, 4) }),
      );
      if (k === at) {
        expect(charts).toEqual(['confusion-matrix', 'per-class']);
        const cells = html.match(
          new RegExp(`<g class="mark-rect role-mark ${CONFUSION_CELL_CLASS}"[^>]*>(.*?)</g>`),
        );
        expect(cells?.[1].match(/<path/g)).toHaveLength(k * k);
        expect(html.match(/<figure class="template">/g)).toHaveLength(k);
      } else {
        expect(charts).toEqual(['per-class']);
        expect(notes.join('\n')).toMatch(
          `${k} classes: the confusion heatmap is drawn up to ${at} classes; the table lists the ${REPORT_LIMITS.confusedPairs} most confused pairs instead`,
        );
        expect(html).toContain('Most confused pairs');
        expect(html.match(/<figure class="template">/g)).toHaveLength(k);
      }
    }
  });

  it('leaves the templates out past their class count and for tiny or huge images', async () => {
    const cases = [
      { k: REPORT_LIMITS.templateClasses + 1, h: 3, w: 3, why: /classes \(templates are drawn up to/ },
      { k: 3, h: 2, w: 2, why: /images of 2 × 2 pixels are too small/ },
      { k: 2, h: 300, w: 300, why: /images of 300 × 300 pixels are too large/ },
    ];
    for (const c of cases) {
      const { notes, html } = await reportOf(writeRun({ 'model.json': await modelOf(c.k, c.h, c.w) }));
      expect(notes.join('\n')).toMatch(c.why);
      expect(html).not.toContain('<figure class="template">');
    }
  });
});

describe('the terminal tables', () => {
  /** An evaluation of `k` classes where image i of class i % k is predicted as class (i + i % 2) % k. */
  function evaluation(k: number, names: string[]) {
    const n = 4 * k;
    const proba = new Float32Array(n * k);
    const truth = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % k;
      proba[i * k + (((i % k) + (i % 2)) % k)] = 1;
    }
    return evaluate(proba, truth, names);
  }

  it('print the confusion matrix up to the limit and one line beyond', () => {
    const at = REPORT_LIMITS.terminalMatrixClasses;
    expect(
      formatConfusionMatrix(evaluation(at, classNames(at)), classNames(at)).split('\n').length,
    ).toBeGreaterThan(at);
    const over = formatConfusionMatrix(evaluation(at + 1, classNames(at + 1)), classNames(at + 1));
    expect(over).toBe(`(left out: ${at + 1} classes do not fit a terminal; it is shown up to ${at})`);
  });

  it('list the weakest classes only, with printable names', () => {
    const k = REPORT_LIMITS.perClassBars + 10;
    const names = classNames(k).map((n, i) => (i === 1 ? '\u001b[2J\u2028evil' : n));
    const text = formatEvaluation(evaluation(k, names), names);
    expect(text).toContain('(and 10 stronger classes)');
    // eslint-disable-next-line no-control-regex -- no escape sequence from a class name reaches the terminal
    expect(text).not.toMatch(/[\u001b\u2028]/);
  });
});
