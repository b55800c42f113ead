/**
 * The two training curves (loss; training and test accuracy) by epoch: every epoch's record, and the
 * progress reported within epochs, drawn with ui/lineChart.ts.
 */
import { SERIES_COLORS } from '../../src/report/charts/theme.js';
import { byId } from '../ui/dom.js';
import { drawLineChart } from '../ui/lineChart.js';
import { state } from './state.js';

/** The training curve's points: every epoch's record, and the progress reported within epochs. */
function trainingPoints(value: (p: { loss: number; trainAccuracy: number }) => number): [number, number][] {
  const points: [number, number][] = [
    ...state.history.map((h): [number, number] => [h.epoch, value(h)]),
    ...state.progress.map((p): [number, number] => [p.x, value(p)]),
  ];
  return points.sort((a, b) => a[0] - b[0]);
}

export function drawCurves(): void {
  const h = state.history;
  drawLineChart(
    byId<HTMLCanvasElement>('loss-chart'),
    [{ name: 'training loss', color: SERIES_COLORS.train, points: trainingPoints((p) => p.loss) }],
    {
      yLabel: 'loss',
      xLabel: 'epoch',
    },
  );
  drawLineChart(
    byId<HTMLCanvasElement>('accuracy-chart'),
    [
      { name: 'training', color: SERIES_COLORS.train, points: trainingPoints((p) => p.trainAccuracy) },
      { name: 'test', color: SERIES_COLORS.test, points: h.map((p) => [p.epoch, p.testAccuracy]) },
    ],
    { yLabel: 'accuracy', xLabel: 'epoch', percent: true },
  );
}
