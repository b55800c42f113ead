import { renderChart } from '../charts/render.js';
import { trainingCharts } from '../charts/trainingCharts.js';
import { REPORT_LIMITS } from '../limits.js';
import { chartFigure, count, esc, pct, type Section } from './markup.js';
import type { HistoryRow } from './runFolder.js';

/**
 * Loss and accuracy per epoch (per iteration for L-BFGS), with `stop` (already markup: stopSentence) saying
 * which solver ran and why it stopped, with the numbers behind them in a folded table. Long histories are thinned
 * evenly to REPORT_LIMITS' points and rows (first and last epoch always kept), which the caption says.
 */
export async function trainingSection(
  history: HistoryRow[],
  evalLabel: string,
  finalEvalLoss: number | undefined,
  stop = '',
  unit: 'epoch' | 'iteration' = 'epoch',
): Promise<Section> {
  const curve = thin(history, REPORT_LIMITS.curvePoints);
  const charts = await Promise.all(trainingCharts(curve, evalLabel, finalEvalLoss).map(renderChart));
  const table = thin(history, REPORT_LIMITS.epochRows);
  const hasLr = table.some((h) => typeof h.learningRate === 'number');
  const hasSec = table.some((h) => typeof h.seconds === 'number');
  const head =
    `<tr><th>${unit}</th><th>training loss</th><th>training accuracy</th><th>${esc(evalLabel)} accuracy</th>` +
    (hasLr ? '<th>learning rate</th>' : '') +
    (hasSec ? '<th>seconds</th>' : '') +
    '</tr>';
  const rows = table
    .map(
      (h) =>
        `<tr><td>${esc(h.epoch)}</td><td>${h.loss.toFixed(4)}</td><td>${pct(h.trainAccuracy)}</td>` +
        `<td>${pct(h.testAccuracy)}</td>` +
        (hasLr
          ? `<td>${typeof h.learningRate === 'number' ? Number(h.learningRate.toPrecision(4)) : '—'}</td>`
          : '') +
        (hasSec ? `<td>${typeof h.seconds === 'number' ? h.seconds.toFixed(2) : '—'}</td>` : '') +
        '</tr>',
    )
    .join('');
  const thinned =
    table.length < history.length
      ? ` (${count(table.length)} of ${count(history.length)} ${unit}s, evenly spaced)`
      : '';
  return {
    id: 'training',
    nav: 'Training',
    title: `Training, ${unit} by ${unit}`,
    lead:
      `A ${esc(evalLabel)} curve that flattens while the training curve keeps rising means more epochs ` +
      `would only memorise the training set.` +
      stop +
      (curve.length < history.length
        ? ` The curves show ${count(curve.length)} of the ${count(history.length)} ${unit}s, evenly spaced.`
        : ''),
    body:
      `<div class="charts two">${charts.map((c) => chartFigure(c)).join('')}</div>` +
      `<details><summary>Numbers per ${unit}${thinned}</summary><table class="numbers"><thead>${head}</thead>` +
      `<tbody>${rows}</tbody></table></details>`,
    charts,
  };
}

/** At most `max` rows, evenly spaced, keeping the first and the last. */
export function thin<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  const step = (rows.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => rows[Math.round(i * step)]);
}
