import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './render.js';
import { SERIES_COLORS } from './theme.js';

export interface ClassScores {
  name: string;
  accuracy: number;
  precision: number;
  recall: number;
}

/**
 * Per-class scores as grouped horizontal bars, worst accuracy on top, so the classes to worry about are
 * the first thing read. Per-class accuracy is by definition the class's recall; when they agree for every
 * class they share one bar (two identical bars would look like a mistake on a slide).
 */
export function perClassChart(scores: ClassScores[]): ChartSpec {
  const sorted = [...scores].sort((a, b) => a.accuracy - b.accuracy);
  const same = scores.every((s) => Math.abs(s.accuracy - s.recall) < 1e-12);
  const series: { key: keyof ClassScores; label: string; color: string }[] = same
    ? [
        { key: 'accuracy', label: 'accuracy (= recall)', color: SERIES_COLORS.accuracy },
        { key: 'precision', label: 'precision', color: SERIES_COLORS.precision },
      ]
    : [
        { key: 'accuracy', label: 'accuracy', color: SERIES_COLORS.accuracy },
        { key: 'precision', label: 'precision', color: SERIES_COLORS.precision },
        { key: 'recall', label: 'recall', color: '#9d755d' },
      ];
  const values = sorted.flatMap((s) =>
    series.map((m) => ({ name: s.name, metric: m.label, value: 100 * Number(s[m.key]) })),
  );
  const names = sorted.map((s) => s.name);
  const spec: TopLevelSpec = {
    title: { text: 'Per-class scores, worst first', subtitle: 'share of the evaluation images, in %' },
    description: 'Per-class accuracy, precision and recall as horizontal bars, sorted by accuracy',
    width: 300,
    height: { step: 13 },
    data: { values },
    encoding: {
      y: {
        field: 'name',
        type: 'nominal',
        title: null,
        sort: names,
        scale: { paddingInner: 0.25 },
        axis: { labelFontSize: 12, labelColor: '#1f2933', ticks: false, domain: false },
      },
      yOffset: { field: 'metric', type: 'nominal', sort: series.map((m) => m.label) },
      x: {
        field: 'value',
        type: 'quantitative',
        title: '%',
        scale: { domain: [0, 100] },
        axis: { tickCount: 5, grid: true },
      },
      color: {
        field: 'metric',
        type: 'nominal',
        title: null,
        sort: series.map((m) => m.label),
        scale: { domain: series.map((m) => m.label), range: series.map((m) => m.color) },
        legend: { labelLimit: 240 },
      },
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#3e4c59' },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: '.1f' },
          color: { value: '#3e4c59' },
        },
      },
    ],
  };
  return {
    id: 'per-class',
    caption: 'Accuracy, precision and recall of each class, worst accuracy first.',
    spec,
  };
}
