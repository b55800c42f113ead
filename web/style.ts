import { STYLES } from '../src/report/html/styles.js';

/**
 * The page's stylesheet: the report's own (same colours, type, cards and panels), plus the few pieces
 * only a live page has: knobs, buttons, the drawing pad, probability bars and the drop zone.
 */
export const PAGE_CSS = `${STYLES}
header.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; }
.status { color: var(--muted); font-size: 13.5px; }
.status b { color: var(--ink); }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px 28px; }
.knobs { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px 16px; }
.knob label { display: block; font-size: 13px; font-weight: 600; }
.knob label code { color: var(--muted); font-weight: 400; font-size: 11.5px; margin-left: 4px; }
.knob input, .knob select { width: 100%; font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid var(--line);
  border-radius: 8px; background: #fff; color: var(--ink); }
.knob input[type=checkbox] { width: auto; }
.knob.bad input { border-color: var(--bad); }
.knob .why { color: var(--bad); font-size: 12px; min-height: 0; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0 4px; }
button, .button { font: inherit; font-size: 14px; padding: 7px 16px; border-radius: 999px; border: 1px solid var(--line);
  background: var(--panel); color: var(--ink); cursor: pointer; white-space: nowrap; }
button.primary { background: var(--ink); border-color: var(--ink); color: #fff; }
button:disabled { opacity: 0.45; cursor: default; }
button:not(:disabled):hover { border-color: var(--accent); }
.drop { border: 2px dashed var(--line); border-radius: 12px; padding: 14px 16px; color: var(--muted); text-align: center; }
.drop.over { border-color: var(--accent); color: var(--accent); background: #f5f9fd; }
.message { margin: 10px 0 0; overflow-wrap: anywhere; }
.message:empty { display: none; }
canvas.chart { display: block; width: 100%; height: 220px; }
.templates canvas, .thumbs canvas, .pad-preview { image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 6px;
  width: 100%; max-width: 112px; aspect-ratio: 1; box-shadow: 0 0 0 1px var(--line); }
canvas.confusion { display: block; width: 100%; max-width: 560px; aspect-ratio: 1.18; }
.try { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 18px 28px; align-items: start; }
canvas.pad { display: block; width: 280px; max-width: 100%; aspect-ratio: 1; background: #000; border-radius: 10px;
  touch-action: none; cursor: crosshair; }
.bars { display: grid; grid-template-columns: max-content minmax(60px, 1fr) 4.5em; gap: 4px 10px; align-items: center;
  font-size: 13.5px; font-variant-numeric: tabular-nums; }
.bars .bar { height: 14px; border-radius: 7px; background: var(--line); overflow: hidden; }
.bars .bar span { display: block; height: 100%; background: var(--accent); border-radius: 7px; }
.bars .top { font-weight: 700; }
.bars .top .bar span { background: var(--ink); }
.thumbs .thumb { width: 64px; cursor: pointer; }
.thumbs .thumb canvas { border-bottom: 4px solid var(--line); border-radius: 6px 6px 2px 2px; }
.thumbs .thumb.ok canvas { border-color: var(--ok); }
.thumbs .thumb.bad canvas { border-color: var(--bad); }
.thumbs .thumb.chosen canvas { outline: 2px solid var(--accent); }
.small { font-size: 12.5px; color: var(--muted); }
body[data-kind='table'] #try-panel { display: none; }
.table-weights { font-size: 12.5px; font-variant-numeric: tabular-nums; min-width: 140px; }
.table-weights figcaption { font-weight: 700; margin-bottom: 2px; }
.table-weights .up { color: var(--bad); }
.table-weights .down { color: var(--accent); }
.scroll { overflow-x: auto; }
@media (max-width: 760px) {
  .grid2, .try { grid-template-columns: minmax(0, 1fr); }
  .knobs { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  canvas.pad { margin: 0 auto; }
}
`;
