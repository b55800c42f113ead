import type { TopLevelSpec } from 'vega-lite';
import type { StudyChartData } from '../html/studyCommon.js';
import type { ChartSpec } from './render.js';
import { SERIES_COLORS } from './theme.js';

const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#9d755d', '#eeca3b'];
/** Dots on every x help read a few points; on curves of hundreds of epochs they only add noise. */
const MAX_DOTTED = 30;

/**
 * Accuracy against epochs or learning rate: our runs as lines (one per series), the published numbers as
 * black diamonds on the same axes, so agreement and gaps are seen at once. Learning rates span decades
 * and get a log axis.
 */
export function studyChart(data: StudyChartData): ChartSpec {
  const pubLabel = data.publishedLabel ?? 'published';
  const published = data.published.map((p) => ({ ...p, series: pubLabel }));
  const ourSeries = [...new Set(data.ours.map((p) => p.series))];
  const domain = [...ourSeries, ...(published.length > 0 ? [pubLabel] : [])];
  const range = domain.map((s, i) =>
    s === pubLabel && published.length > 0 ? SERIES_COLORS.published : PALETTE[i % PALETTE.length],
  );
  const xs = [...new Set([...data.ours, ...published].map((p) => p.x))].sort((a, b) => a - b);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: data.xTitle,
    scale: data.logX
      ? { type: 'log' as const, nice: false, padding: 12 }
      : { nice: false, padding: 12, zero: false },
    axis:
      xs.length <= 12 ? { values: xs, format: data.logX ? '~g' : 'd', labelOverlap: true } : { format: '~g' },
  };
  const y = {
    field: 'accuracy',
    type: 'quantitative' as const,
    title: 'accuracy (%)',
    scale: { zero: false },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain, range },
    legend: { labelLimit: 260, columns: Math.min(domain.length, 4) },
  };
  const layers: object[] = [];
  if (data.ours.length > 0) {
    const dotted = new Set(data.ours.map((p) => p.x)).size <= MAX_DOTTED;
    layers.push({
      data: { values: data.ours },
      mark: { type: 'line', point: dotted, interpolate: 'linear' },
      encoding: { x, y, color, detail: { field: 'series' } },
    });
  }
  if (published.length > 0) {
    layers.push({
      data: { values: published },
      mark: { type: 'point', shape: 'diamond', size: 140, filled: true, opacity: 0.9 },
      encoding: { x, y, color },
    });
  }
  const spec = {
    title: data.title,
    description: `${data.title}: our runs beside the published numbers`,
    width: 420,
    height: 250,
    layer: layers,
  } as TopLevelSpec;
  const caption =
    data.caption ??
    (published.length > 0
      ? `${data.title}: our runs (lines) and the published numbers (black diamonds).`
      : `${data.title}: one line per combination of the other settings.`);
  return { id: data.id, caption, spec };
}
