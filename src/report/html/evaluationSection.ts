import { confusionChart } from '../charts/confusionChart.js';
import { perClassChart } from '../charts/perClassChart.js';
import { renderChart } from '../charts/render.js';
import { chartFigure, type Section } from './markup.js';
import type { RunMetrics } from './runFolder.js';

/** The confusion matrix and the per-class scores, or null when metrics.json has neither. */
export async function evaluationSection(metrics: RunMetrics, classNames: string[]): Promise<Section | null> {
  const specs = [];
  const cm = metrics.confusionMatrix;
  if (cm && cm.length === classNames.length) specs.push(confusionChart(cm, classNames));
  if (metrics.perClass && metrics.perClass.length > 0) specs.push(perClassChart(metrics.perClass));
  if (specs.length === 0) return null;
  const charts = await Promise.all(specs.map(renderChart));
  const label = metrics.evaluatedOn ?? 'test';
  return {
    id: 'evaluation',
    nav: 'Confusions',
    title: 'Which classes it mixes up',
    lead:
      `On the ${label} set. Read the green diagonal for what it gets right and the red cells for what it ` +
      `confuses: the bars put the weakest classes first.`,
    body: `<div class="charts">${charts.map((c) => chartFigure(c, c.id)).join('')}</div>`,
    charts,
  };
}
