import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './render.js';
import { INK, MUTED } from './theme.js';

/** The layer name of the heatmap's cells. */
export const CONFUSION_CELL_MARK = 'confusion_cells';
/** The class of the SVG group holding the cells (Vega-Lite appends "_marks"); tests count its paths. */
export const CONFUSION_CELL_CLASS = `${CONFUSION_CELL_MARK}_marks`;

/** Largest and smallest cell edge, in pixels: big enough for two lines of text, small enough for 50 classes. */
const MAX_CELL = 56;
const MIN_CELL = 14;
const TARGET_SIZE = 500;

/**
 * The confusion matrix as a heatmap: rows are the true class, columns the predicted one, each cell coloured
 * by its share of the row. The diagonal (right answers) is green and everything off it red, on separate
 * ramps, so the eye reads the diagonal and the worst confusions at once; cells show count and row rate when
 * there is room for them. Colours are computed here rather than by a Vega scale because two ramps on one
 * mark would need two scales and a merged legend.
 */
export function confusionChart(matrix: number[][], names: string[]): ChartSpec {
  const k = names.length;
  if (matrix.length !== k || matrix.some((r) => r.length !== k)) {
    throw new Error(`confusionChart: matrix is not ${k}×${k}`);
  }
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(TARGET_SIZE / k)));
  const values = matrix.flatMap((row, t) => {
    const support = row.reduce((a, b) => a + b, 0);
    return row.map((count, p) => {
      const rate = support > 0 ? count / support : 0;
      const fill = cellColor(rate, t === p);
      return {
        truth: names[t],
        predicted: names[p],
        count,
        rate: `${(100 * rate).toFixed(rate >= 0.995 || rate === 0 ? 0 : 1)}%`,
        fill,
        ink: luminance(fill) < 0.5 ? '#ffffff' : INK,
        show: count > 0,
        // What a screen reader says for the cell (instead of Vega's list of every encoded field).
        describe: `true ${names[t]}, predicted ${names[p]}: ${count} images, ${(100 * rate).toFixed(1)}% of ${names[t]}`,
      };
    });
  });
  const order = [...names];
  const x = {
    field: 'predicted',
    type: 'nominal' as const,
    sort: order,
    title: 'predicted class',
    axis: {
      orient: 'top' as const,
      labelAngle: -35,
      labelAlign: 'left' as const,
      labelLimit: 120,
      labelPadding: 6,
      ticks: false,
      domain: false,
    },
  };
  const y = {
    field: 'truth',
    type: 'nominal' as const,
    sort: order,
    title: 'true class',
    axis: { labelLimit: 140, labelPadding: 6, ticks: false, domain: false },
  };
  const text = (field: string, dy: number, size: number, weight: number): object => ({
    transform: [{ filter: 'datum.show' }],
    mark: { type: 'text', dy, fontSize: size, fontWeight: weight, aria: false },
    encoding: { x, y, text: { field }, color: { field: 'ink', type: 'nominal', scale: null } },
  });
  const layers: object[] = [
    {
      name: CONFUSION_CELL_MARK,
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
      encoding: {
        x,
        y,
        color: { field: 'fill', type: 'nominal', scale: null },
        description: { field: 'describe' },
      },
    },
  ];
  if (cell >= 30) layers.push(text('count', cell >= 44 ? -6 : 0, cell >= 44 ? 13 : 10, 600));
  if (cell >= 44) layers.push(text('rate', 9, 10, 400));
  const spec = {
    title: {
      text: 'Confusion matrix',
      subtitle: 'rows: true class · cells: count and share of the row · green: right, red: confused',
      subtitleColor: MUTED,
    },
    description: `Confusion matrix of ${k} classes: counts and row-normalised rates`,
    width: cell * k,
    height: cell * k,
    data: { values },
    layer: layers,
  } as TopLevelSpec;
  return {
    id: 'confusion-matrix',
    caption:
      'Confusion matrix: each row is a true class; a cell counts its images predicted as the column’s class.',
    spec,
  };
}

/** Green for the diagonal, red for confusions; white at 0, ever darker towards a rate of 1 (or 0.5 off it). */
export function cellColor(rate: number, diagonal: boolean): string {
  const lo: [number, number, number] = [250, 250, 250];
  const hi: [number, number, number] = diagonal ? [26, 122, 72] : [190, 30, 45];
  // Confusions above half a row are rare and already alarming; saturate there so 10–20% stands out.
  const t = diagonal ? rate : Math.min(1, rate / 0.5);
  const eased = Math.sqrt(Math.max(0, Math.min(1, t)));
  const c = lo.map((v, i) => Math.round(v + eased * (hi[i] - v)));
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function luminance(hexColor: string): number {
  const n = parseInt(hexColor.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}
