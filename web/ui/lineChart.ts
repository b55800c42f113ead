import { CHART_FONT, GRID, INK, MUTED } from '../../src/report/charts/theme.js';
import { fitCanvas } from './dom.js';

export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

/**
 * A line chart on a canvas, drawn whole on every call (a few hundred points at most): axes with round
 * ticks, one line per series, a legend. Used for loss and accuracy per epoch, live and for two runs.
 */
export function drawLineChart(
  canvas: HTMLCanvasElement,
  series: readonly Series[],
  opts: { yLabel: string; xLabel: string; percent?: boolean; xMax?: number },
): void {
  const { ctx, w, h } = fitCanvas(canvas);
  const pad = { l: 52, r: 12, t: 26, b: 34 };
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(opts.xMax ?? 1, ...all.map((p) => p[0]));
  let yMin = Math.min(...all.map((p) => p[1]));
  let yMax = Math.max(...all.map((p) => p[1]));
  if (!Number.isFinite(yMin)) [yMin, yMax] = opts.percent ? [0, 1] : [0, 1];
  if (yMax - yMin < 1e-9) [yMin, yMax] = [yMin - 0.05, yMax + 0.05];
  const span = yMax - yMin;
  yMin -= span * 0.08;
  yMax += span * 0.08;
  if (opts.percent) [yMin, yMax] = [Math.max(0, yMin), Math.min(1, yMax)];
  const X = (x: number): number =>
    pad.l + ((x - (xMax > 1 ? 1 : 0)) / Math.max(1e-9, xMax - (xMax > 1 ? 1 : 0))) * (w - pad.l - pad.r);
  const Y = (y: number): number => pad.t + (1 - (y - yMin) / (yMax - yMin)) * (h - pad.t - pad.b);

  ctx.font = `11px ${CHART_FONT}`;
  ctx.fillStyle = MUTED;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  for (const t of ticks(yMin, yMax, 4)) {
    ctx.beginPath();
    ctx.moveTo(pad.l, Y(t));
    ctx.lineTo(w - pad.r, Y(t));
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(opts.percent ? `${(100 * t).toFixed(t * 100 < 10 ? 1 : 0)}%` : fmt(t), pad.l - 6, Y(t));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(xMax > 1 ? 1 : 0, xMax, 6).filter((v) => Number.isInteger(v))) {
    ctx.fillText(String(t), X(t), h - pad.b + 6);
  }
  ctx.fillText(opts.xLabel, pad.l + (w - pad.l - pad.r) / 2, h - 14);
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = `600 12px ${CHART_FONT}`;
  ctx.fillText(opts.yLabel, 4, 4);

  let lx = w - pad.r;
  ctx.font = `11px ${CHART_FONT}`;
  for (const s of [...series].reverse()) {
    const tw = ctx.measureText(s.name).width;
    lx -= tw + 26;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2.5;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    ctx.moveTo(lx, 11);
    ctx.lineTo(lx + 16, 11);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.textBaseline = 'middle';
    ctx.fillText(s.name, lx + 20, 11);
  }
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.points.length < 40) {
      for (const [x, y] of s.points) {
        ctx.beginPath();
        ctx.arc(X(x), Y(y), 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
}

function ticks(lo: number, hi: number, count: number): number[] {
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
