import { CHART_FONT, INK, MUTED } from '../../src/report/charts/theme.js';
import { fitCanvas } from './dom.js';

/**
 * The confusion matrix as a heatmap on a canvas: rows are the true class, columns the predicted one;
 * each cell is shaded by its share of the row, and shows its count. Off-diagonal cells are red, the
 * diagonal blue, as in the report.
 */
export function drawConfusion(
  canvas: HTMLCanvasElement,
  counts: readonly number[],
  names: readonly string[],
): void {
  const k = names.length;
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.font = `11px ${CHART_FONT}`;
  const label = Math.min(96, Math.max(...names.map((n) => ctx.measureText(n).width)) + 10);
  const top = 18;
  const size = Math.max(4, Math.min((w - label) / k, (h - top - label) / k));
  const rows = Array.from({ length: k }, (_, r) => counts.slice(r * k, r * k + k).reduce((a, b) => a + b, 0));
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const n = counts[r * k + c] ?? 0;
      const rate = rows[r] > 0 ? n / rows[r] : 0;
      const t = Math.sqrt(rate);
      ctx.fillStyle =
        r === c
          ? `rgb(${Math.round(247 - t * 200)},${Math.round(247 - t * 150)},${Math.round(247 - t * 80)})`
          : `rgb(${Math.round(247 - t * 60)},${Math.round(247 - t * 200)},${Math.round(247 - t * 190)})`;
      ctx.fillRect(label + c * size, top + r * size, size - 1, size - 1);
      if (size >= 22 && n > 0) {
        ctx.fillStyle = t > 0.6 ? '#fff' : INK;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(
          n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n),
          label + c * size + size / 2,
          top + r * size + size / 2,
        );
      }
    }
  }
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  names.forEach((n, r) => ctx.fillText(clip(ctx, n, label - 8), label - 6, top + r * size + size / 2));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('predicted →', label + (k * size) / 2, top - 3);
  ctx.save();
  names.forEach((n, c) => {
    ctx.save();
    ctx.translate(label + c * size + size / 2, top + k * size + 4);
    ctx.rotate(-Math.PI / 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(clip(ctx, n, label - 8), 0, 0);
    ctx.restore();
  });
  ctx.restore();
}

function clip(ctx: CanvasRenderingContext2D, s: string, width: number): string {
  if (ctx.measureText(s).width <= width) return s;
  let t = s;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > width) t = t.slice(0, -1);
  return `${t}…`;
}
