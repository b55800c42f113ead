/**
 * Text widths for chart layout without a canvas. Vega's fallback estimate (0.8 em per character) is far
 * too wide for proportional fonts, which leaves big empty margins around axis labels. The charts use
 * Arial's metrics (Liberation Sans, Arial and Helvetica share them), so their advance widths, in 1/1000
 * em, lay the labels out as the browser and the PNG renderer will draw them. Vega supports replacing this
 * function (vl-convert does the same).
 */
// prettier-ignore
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
];
const OTHER_WIDTHS: Record<string, number> = {
  '·': 278,
  '×': 584,
  '→': 1000,
  '…': 1000,
  λ: 556,
  '’': 222,
  '—': 1000,
  '–': 556,
};
const DEFAULT_WIDTH = 556;
/** Bold glyphs are about this much wider on average in Arial Bold. */
const BOLD_FACTOR = 1.08;

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/** Width in pixels of `text` as an Arial-metric font would draw it for this Vega text item. */
export function arialWidth(item: TextItem, text?: unknown): number {
  const s = String(text ?? item.text ?? '').trim();
  const size = item.fontSize ?? 11;
  let units = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : (OTHER_WIDTHS[ch] ?? DEFAULT_WIDTH);
  }
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const width = (units / 1000) * size * (bold ? BOLD_FACTOR : 1);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

let installed = false;

/** Makes every Vega view in this process measure text with `arialWidth` (`vega` is the loaded module). */
export function useArialMetrics(vega: object): void {
  if (installed) return;
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } })
    .textMetrics;
  metrics.width = arialWidth;
  installed = true;
}
