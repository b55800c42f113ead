import type { Config } from 'vega-lite';

/** The page's font stack, made only of fonts on the reader's machine: the report never fetches a web font. */
export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/**
 * The charts' fonts: all three share Arial's glyph widths, which the layout assumes (textMetrics.ts), so
 * labels fit the same in any browser and in the PNG renderer.
 */
export const CHART_FONT = '"Liberation Sans", Arial, Helvetica, sans-serif';

/** Colours with a fixed meaning across every chart, so "test" is the same orange everywhere. */
export const SERIES_COLORS = {
  train: '#4c78a8',
  test: '#f58518',
  ours: '#4c78a8',
  published: '#222222',
  precision: '#72b7b2',
  recall: '#4c78a8',
  accuracy: '#4c78a8',
} as const;

export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const GRID = '#e4e7eb';

/** Vega-Lite config shared by all charts: quiet axes, readable labels, no frame. */
export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  title: {
    fontSize: 15,
    fontWeight: 600,
    color: INK,
    anchor: 'start',
    subtitleColor: MUTED,
    subtitleFontSize: 12,
  },
  axis: {
    labelColor: MUTED,
    titleColor: INK,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 600,
    gridColor: GRID,
    domainColor: '#9aa5b1',
    tickColor: '#9aa5b1',
  },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, orient: 'bottom' },
  line: { strokeWidth: 2.5 },
  point: { size: 60, filled: true },
};
