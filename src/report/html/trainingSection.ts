import { renderChart } from '../charts/render.js';
import { trainingCharts } from '../charts/trainingCharts.js';
import { chartFigure, esc, pct, type Section } from './markup.js';
import type { HistoryRow } from './runFolder.js';

/** Loss and accuracy per epoch, with the numbers behind them in a folded table. */
export async function trainingSection(
  history: HistoryRow[],
  evalLabel: string,
  finalEvalLoss: number | undefined,
): Promise<Section> {
  const charts = await Promise.all(trainingCharts(history, evalLabel, finalEvalLoss).map(renderChart));
  const hasLr = history.some((h) => typeof h.learningRate === 'number');
  const hasSec = history.some((h) => typeof h.seconds === 'number');
  const head =
    `<tr><th>epoch</th><th>training loss</th><th>training accuracy</th><th>${esc(evalLabel)} accuracy</th>` +
    (hasLr ? '<th>learning rate</th>' : '') +
    (hasSec ? '<th>seconds</th>' : '') +
    '</tr>';
  const rows = history
    .map(
      (h) =>
        `<tr><td>${h.epoch}</td><td>${h.loss.toFixed(4)}</td><td>${pct(h.trainAccuracy)}</td>` +
        `<td>${pct(h.testAccuracy)}</td>` +
        (hasLr
          ? `<td>${typeof h.learningRate === 'number' ? Number(h.learningRate.toPrecision(4)) : '—'}</td>`
          : '') +
        (hasSec ? `<td>${typeof h.seconds === 'number' ? h.seconds.toFixed(2) : '—'}</td>` : '') +
        '</tr>',
    )
    .join('');
  return {
    id: 'training',
    nav: 'Training',
    title: 'Training, epoch by epoch',
    lead:
      `A ${esc(evalLabel)} curve that flattens while the training curve keeps rising means more epochs ` +
      `would only memorise the training set.`,
    body:
      `<div class="charts two">${charts.map((c) => chartFigure(c)).join('')}</div>` +
      `<details><summary>Numbers per epoch</summary><table class="numbers"><thead>${head}</thead>` +
      `<tbody>${rows}</tbody></table></details>`,
    charts,
  };
}
