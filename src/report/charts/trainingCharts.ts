import type { TopLevelSpec } from 'vega-lite';
import type { HistoryRow } from '../html/runFolder.js';
import type { ChartSpec } from './render.js';
import { SERIES_COLORS } from './theme.js';

interface Point {
  epoch: number;
  value: number;
  series: string;
}

const WIDTH = 400;
const HEIGHT = 230;

/** Dots on every epoch help read short runs; on long runs they only add noise. */
const MAX_EPOCHS_WITH_DOTS = 30;

/**
 * Loss and accuracy per epoch, training beside evaluation set. `evalLabel` is "test" or "validation":
 * the chart must say which set the second curve was scored on. `finalEvalLoss` (the evaluation's log loss)
 * is drawn as a single point when the history has no per-epoch evaluation loss, so both losses can still
 * be compared at the end.
 */
export function trainingCharts(
  history: HistoryRow[],
  evalLabel: string,
  finalEvalLoss?: number,
): ChartSpec[] {
  const lossPoints: Point[] = history.map((h) => ({ epoch: h.epoch, value: h.loss, series: 'training' }));
  const hasEvalLoss = history.some((h) => typeof h.testLoss === 'number');
  if (hasEvalLoss) {
    for (const h of history) {
      if (typeof h.testLoss === 'number')
        lossPoints.push({ epoch: h.epoch, value: h.testLoss, series: evalLabel });
    }
  }
  const accPoints: Point[] = history.map((h) => ({
    epoch: h.epoch,
    value: 100 * h.trainAccuracy,
    series: 'training',
  }));
  for (const h of history) {
    if (typeof h.testAccuracy === 'number')
      accPoints.push({ epoch: h.epoch, value: 100 * h.testAccuracy, series: evalLabel });
  }
  const last = history.at(-1);
  const finalLoss =
    !hasEvalLoss && last && finalEvalLoss !== undefined && Number.isFinite(finalEvalLoss)
      ? [{ epoch: last.epoch, value: finalEvalLoss, series: `${evalLabel}, final` }]
      : [];

  return [
    {
      id: 'loss',
      caption: hasEvalLoss
        ? `Loss per epoch on the training and ${evalLabel} sets.`
        : `Training loss per epoch (the objective, including weight decay); the dot is the final log loss on the ${evalLabel} set.`,
      spec: lineChart('Loss per epoch', 'loss', lossPoints, finalLoss, evalLabel, false),
    },
    {
      id: 'accuracy',
      caption: `Accuracy per epoch on the training and ${evalLabel} sets.`,
      spec: lineChart('Accuracy per epoch', 'accuracy (%)', accPoints, [], evalLabel, true),
    },
  ];
}

function lineChart(
  title: string,
  yTitle: string,
  points: Point[],
  extra: Point[],
  evalLabel: string,
  percent: boolean,
): TopLevelSpec {
  const epochs = [...new Set(points.map((p) => p.epoch))].sort((a, b) => a - b);
  const all = [...points, ...extra];
  const domain = ['training', evalLabel, `${evalLabel}, final`].filter((s) =>
    all.some((p) => p.series === s),
  );
  const palette: Record<string, string> = { training: SERIES_COLORS.train };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain, range: domain.map((s) => palette[s] ?? SERIES_COLORS.test) },
    legend: { labelLimit: 240 },
  };
  const x = {
    field: 'epoch',
    type: 'quantitative' as const,
    title: 'epoch',
    // Whole epochs only: list them while few, else let Vega pick whole-number ticks.
    axis: epochs.length <= 15 ? { values: epochs, format: 'd' } : { tickMinStep: 1, format: 'd' },
    scale: { nice: false, padding: 10 },
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: yTitle,
    scale: { zero: false, nice: true },
    axis: percent ? { format: '.0f' } : { format: '.2~f' },
  };
  return {
    title,
    description: `${title}: ${yTitle} against epoch`,
    width: WIDTH,
    height: HEIGHT,
    data: { values: all },
    layer: [
      {
        transform: [{ filter: "indexof(datum.series, ', final') < 0" }],
        mark: { type: 'line', point: epochs.length <= MAX_EPOCHS_WITH_DOTS, interpolate: 'linear' },
        encoding: { x, y, color },
      },
      // An empty layer would make Vega warn about an infinite extent.
      ...(extra.length > 0
        ? [
            {
              transform: [{ filter: "indexof(datum.series, ', final') >= 0" }],
              mark: { type: 'point' as const, shape: 'diamond', size: 120, filled: true },
              encoding: { x, y, color },
            },
          ]
        : []),
    ],
  };
}
