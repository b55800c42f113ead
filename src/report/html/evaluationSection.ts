import { confusionChart } from '../charts/confusionChart.js';
import { perClassChart, type ClassScores } from '../charts/perClassChart.js';
import { renderChart, type ChartSpec } from '../charts/render.js';
import { REPORT_LIMITS } from '../limits.js';
import { displayNames, oneLine } from '../text.js';
import { chartFigure, count, esc, note, type Section } from './markup.js';
import type { RunMetrics } from './runFolder.js';

type Pair = NonNullable<RunMetrics['mostConfused']>[number];

/**
 * The confusion matrix and the per-class scores, or null when metrics.json has neither. Past
 * REPORT_LIMITS the heatmap gives way to a table of the most confused pairs and the bars show the weakest
 * classes only; a matrix that does not fit the class names is left out. Each omission is pushed to
 * `notes` and said in the section.
 */
export async function evaluationSection(
  metrics: RunMetrics,
  classNames: string[],
  notes: string[],
): Promise<Section | null> {
  const { heatmapClasses, perClassBars, confusedPairs } = REPORT_LIMITS;
  const k = classNames.length;
  const said: string[] = [];
  const say = (text: string): void => {
    said.push(text);
    notes.push(text);
  };
  const specs: ChartSpec[] = [];
  const cm = metrics.confusionMatrix;
  const problem = cm ? matrixProblem(cm, k) : null;
  let heatmap = false;
  if (cm && problem) {
    say(`metrics.json: confusionMatrix ${problem}: the confusion heatmap is left out`);
  } else if (cm && k > heatmapClasses) {
    say(
      `${count(k)} classes: the confusion heatmap is drawn up to ${heatmapClasses} classes; ` +
        `the table lists the ${confusedPairs} most confused pairs instead`,
    );
  } else if (cm && k > 0) {
    specs.push(confusionChart(cm, classNames));
    heatmap = true;
  }
  const scores = metrics.perClass ?? [];
  if (scores.length > 0) {
    const names = displayNames(scores.map((s) => s.name));
    const named: ClassScores[] = scores.map((s, i) => ({ ...s, name: names[i] }));
    const weakest = named.sort((a, b) => a.accuracy - b.accuracy).slice(0, perClassBars);
    if (scores.length > perClassBars) {
      say(`${count(scores.length)} classes: the per-class chart shows the ${perClassBars} weakest`);
    }
    specs.push(perClassChart(weakest));
  }
  const pairs = heatmap ? [] : (metrics.mostConfused ?? []).slice(0, confusedPairs);
  if (specs.length === 0 && pairs.length === 0 && said.length === 0) return null;
  const charts = await Promise.all(specs.map(renderChart));
  const label = metrics.evaluatedOn ?? 'test';
  return {
    id: 'evaluation',
    nav: 'Confusions',
    title: 'Which classes it mixes up',
    lead:
      `On the ${label} set. Read the green diagonal for what it gets right and the red cells for what it ` +
      `confuses: the bars put the weakest classes first.`,
    body:
      said.map(note).join('') +
      (charts.length > 0
        ? `<div class="charts">${charts.map((c) => chartFigure(c, c.id)).join('')}</div>`
        : '') +
      (pairs.length > 0 ? pairTable(pairs) : ''),
    charts,
  };
}

/** Why `cm` cannot be drawn as the k × k matrix of these classes, or null when it can. */
function matrixProblem(cm: number[][], k: number): string | null {
  const ragged = cm.findIndex((row) => row.length !== cm.length);
  if (ragged >= 0) {
    return `is not square (row ${ragged} has ${count(cm[ragged].length)} values, there are ${count(cm.length)} rows)`;
  }
  if (cm.length !== k)
    return `is ${count(cm.length)} × ${count(cm.length)} but there are ${count(k)} class names`;
  return null;
}

function pairTable(pairs: Pair[]): string {
  const name = (s: string): string => esc(oneLine(s, REPORT_LIMITS.nameChars));
  const rows = pairs
    .map(
      (p) =>
        `<tr><td>${name(p.trueClass)}</td><td>${name(p.predictedClass)}</td>` +
        `<td>${count(p.count)}</td><td>${(100 * p.rate).toFixed(1)}%</td></tr>`,
    )
    .join('');
  return (
    `<table class="numbers"><caption>Most confused pairs (true → predicted)</caption>` +
    `<thead><tr><th>true class</th><th>predicted</th><th>images</th><th>share of the true class</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}
