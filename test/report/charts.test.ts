import { describe, expect, it } from 'vitest';
import { CONFUSION_CELL_CLASS, cellColor, confusionChart } from '../../src/report/charts/confusionChart.js';
import { perClassChart } from '../../src/report/charts/perClassChart.js';
import { inlineSvg, renderChart, type ChartSpec } from '../../src/report/charts/render.js';
import { studyChart } from '../../src/report/charts/studyCharts.js';
import { arialWidth } from '../../src/report/charts/textMetrics.js';
import { trainingCharts } from '../../src/report/charts/trainingCharts.js';

const names = ['alpha', 'beta', 'gamma'];
const matrix = [
  [8, 1, 1],
  [0, 9, 1],
  [3, 0, 7],
];

/** Rendered without warnings, a real SVG, and no URL once inlined. */
async function renderClean(chart: ChartSpec): Promise<string> {
  const r = await renderChart(chart);
  expect(r.warnings).toEqual([]);
  expect(r.svg).toMatch(/^<svg[^>]+width="\d/);
  expect(inlineSvg(r.svg)).not.toMatch(/https?:|\/\/|href=/i);
  return r.svg;
}

describe('charts', () => {
  it('draws the confusion matrix with one cell per pair of classes, counts and rates', async () => {
    const svg = await renderClean(confusionChart(matrix, names));
    const group = svg.match(
      new RegExp(`<g class="mark-rect role-mark ${CONFUSION_CELL_CLASS}"[^>]*>(.*?)</g>`),
    );
    expect(group).not.toBeNull();
    expect(group?.[1].match(/<path/g)).toHaveLength(9);
    expect(svg).toContain('>gamma<');
    expect(svg).toContain('aria-label="true gamma, predicted alpha: 3 images, 30.0% of gamma"');
    expect(svg).toContain('>30.0%<'); // 3 of gamma's 10 images went to alpha
  });

  it('colours the diagonal green and confusions red, darker with the rate', () => {
    const g = cellColor(0.9, true);
    const r = cellColor(0.3, false);
    const [gr, gg] = [parseInt(g.slice(1, 3), 16), parseInt(g.slice(3, 5), 16)];
    const [rr, rg] = [parseInt(r.slice(1, 3), 16), parseInt(r.slice(3, 5), 16)];
    expect(gg).toBeGreaterThan(gr);
    expect(rr).toBeGreaterThan(rg);
    expect(cellColor(0, false)).toBe(cellColor(0, true));
  });

  it('rejects a matrix that does not match the class names', () => {
    expect(() => confusionChart([[1]], names)).toThrow(/3×3/);
  });

  it('draws per-class bars worst first', async () => {
    const svg = await renderClean(
      perClassChart([
        { name: 'good', accuracy: 0.9, precision: 0.8, recall: 0.9 },
        { name: 'bad', accuracy: 0.4, precision: 0.5, recall: 0.4 },
      ]),
    );
    expect(svg.indexOf('>bad<')).toBeLessThan(svg.indexOf('>good<'));
    expect(svg).toContain('accuracy (= recall)');
  });

  it('draws loss and accuracy per epoch, naming the evaluation set', async () => {
    const history = [1, 2, 3].map((epoch) => ({
      epoch,
      loss: 1 / epoch,
      trainAccuracy: 0.5 + epoch / 10,
      testAccuracy: 0.45 + epoch / 10,
    }));
    const charts = trainingCharts(history, 'validation', 0.7);
    expect(charts.map((c) => c.id)).toEqual(['loss', 'accuracy']);
    for (const c of charts) expect(await renderClean(c)).toContain('validation');
  });

  it('draws a study chart with published points on a log axis', async () => {
    const svg = await renderClean(
      studyChart({
        id: 'lr',
        title: 'Accuracy against learning rate',
        xTitle: 'learning rate',
        logX: true,
        ours: [0.001, 0.01, 0.1].map((x, i) => ({ x, accuracy: 70 + 5 * i, series: 'ours' })),
        published: [0.001, 0.1].map((x) => ({ x, accuracy: 75, series: 'published' })),
      }),
    );
    expect(svg).toContain('published');
    expect(svg).toContain('>0.01<');
  });

  it('measures text with Arial metrics, far tighter than Vega’s 0.8 em per character', () => {
    const w = arialWidth({ fontSize: 10 }, 'iiii');
    expect(w).toBeCloseTo(8.88, 2);
    expect(arialWidth({ fontSize: 10, fontWeight: 'bold' }, 'iiii')).toBeGreaterThan(w);
    expect(arialWidth({ fontSize: 10, limit: 5 }, 'iiii')).toBe(5);
  });
});
