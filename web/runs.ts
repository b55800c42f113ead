/** The runs page of `softmax serve --runs DIR`: a table of run folders and two runs' curves overlaid. */
import type { RunSummary } from '../src/node/runList.js';
import { SERIES_COLORS } from '../src/report/charts/theme.js';
import { byId, el } from './ui/dom.js';
import { drawLineChart, type Series } from './ui/lineChart.js';

const res = await fetch('/runs.json');
const { runs } = (await res.json()) as { runs: RunSummary[] };
byId('where').textContent = `${runs.length} run folder${runs.length === 1 ? '' : 's'}.`;

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(2)}%`);
const head = [
  'run',
  'test accuracy',
  'epochs',
  'solver',
  'learning rate',
  'training images',
  'seconds',
  'backend',
  'written',
  'report',
];
byId('runs-table').replaceChildren(
  el('tr', {}, ...head.map((h) => el('th', { text: h }))),
  ...runs.map((r) =>
    el(
      'tr',
      { 'data-run': r.name, title: r.notes.join('\n') },
      el('td', { text: r.name }),
      el('td', { text: pct(r.accuracy) }),
      el('td', { text: r.epochs === null ? '–' : String(r.epochs) }),
      el('td', { text: r.solver ?? '–' }),
      el('td', { text: r.learningRate === null ? '–' : String(r.learningRate) }),
      el('td', { text: r.trainCount === null ? '–' : r.trainCount.toLocaleString('en') }),
      el('td', { text: r.trainSeconds === null ? '–' : r.trainSeconds.toFixed(1) }),
      el('td', { text: r.backend ?? '–' }),
      el('td', { text: r.modified.slice(0, 16).replace('T', ' ') }),
      el(
        'td',
        {},
        r.hasReport
          ? el('a', { href: `/runs/${encodeURIComponent(r.name)}/report.html`, text: 'report.html' })
          : '–',
      ),
    ),
  ),
);

const picks = [0, 1].map((i) => {
  const id = `run-${i}`;
  const select = el('select', { id });
  for (const r of runs) select.append(el('option', { value: r.name, text: r.name }));
  if (runs[i]) select.value = runs[i].name;
  byId('pick').append(
    el(
      'div',
      { class: 'knob' },
      el('label', { for: id, text: i === 0 ? 'run A (solid)' : 'run B (dashed)' }),
      select,
    ),
  );
  select.addEventListener('change', draw);
  return select;
});

function draw(): void {
  const chosen = picks
    .map((p) => runs.find((r) => r.name === p.value))
    .filter((r): r is RunSummary => r !== undefined);
  const loss: Series[] = [];
  const acc: Series[] = [];
  chosen.forEach((r, i) => {
    const dashed = i === 1;
    loss.push({
      name: `${r.name} loss`,
      color: SERIES_COLORS.train,
      dashed,
      points: r.history.map((h) => [h.epoch, h.loss]),
    });
    acc.push({
      name: `${r.name} test`,
      color: SERIES_COLORS.test,
      dashed,
      points: r.history
        .filter((h) => h.testAccuracy !== null)
        .map((h) => [h.epoch, h.testAccuracy as number]),
    });
  });
  drawLineChart(byId<HTMLCanvasElement>('compare-loss'), loss, { yLabel: 'training loss', xLabel: 'epoch' });
  drawLineChart(byId<HTMLCanvasElement>('compare-accuracy'), acc, {
    yLabel: 'test accuracy',
    xLabel: 'epoch',
    percent: true,
  });
}
draw();
