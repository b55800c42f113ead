import { FONT_STACK } from '../charts/theme.js';

/**
 * The page's only stylesheet, inlined: the report is one file that must look the same opened from disk,
 * e-mailed, or printed. Fonts are the reader's own (no web fonts, which would need the network).
 */
export const STYLES = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f3f5f8; --panel: #fff;
  --ok: #1a7a48; --bad: #be1e2d; --accent: #4c78a8; }
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0; color: var(--ink); font: 15px/1.5 ${FONT_STACK}; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
.where { color: var(--muted); margin: 0 0 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; }
.card .v { font-size: 26px; font-weight: 700; line-height: 1.25; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12.5px; }
.card.main { background: var(--ink); border-color: var(--ink); color: #fff; }
.card.main .k, .card.main .sub { color: #cbd2d9; }
.card.main .v { font-size: 32px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 8px; margin: 22px 0 6px; }
nav.toc a { color: var(--ink); text-decoration: none; background: var(--panel); border: 1px solid var(--line);
  border-radius: 999px; padding: 4px 14px; font-size: 13.5px; }
nav.toc a:hover { border-color: var(--accent); color: var(--accent); }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 14px;
  padding: 22px 24px 18px; margin-top: 20px; box-shadow: 0 1px 2px rgba(31, 41, 51, 0.04); }
.lead { color: var(--muted); margin: 0 0 14px; max-width: 78ch; }
.note { background: #fff8e6; border: 1px solid #f0d9a8; border-radius: 8px; padding: 8px 12px; color: #6b4d00; }
ul.left-out { background: #fff8e6; border: 1px solid #f0d9a8; border-radius: 8px; padding: 8px 12px 8px 32px; color: #6b4d00; overflow-wrap: anywhere; }
.charts { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; }
figure { margin: 0; }
figure.chart { max-width: 100%; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 60ch; }
.legend { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 13px; margin-bottom: 12px; }
.legend .ramp { display: inline-block; width: 220px; height: 12px; border-radius: 6px; border: 1px solid var(--line); }
.templates { display: grid; grid-template-columns: repeat(var(--cols, 5), minmax(0, 1fr)); gap: 18px 14px; max-width: 960px; }
.template { text-align: center; }
.template img, .thumb img { image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 6px; max-width: 100%; height: auto; }
.template img { box-shadow: 0 0 0 1px var(--line); }
.template figcaption { font-weight: 600; font-size: 13.5px; margin-top: 6px; }
.galleries { display: grid; gap: 4px; }
.gallery-class h3, .pair h3 { font-size: 16px; margin: 16px 0 4px; }
.sides { display: flex; flex-wrap: wrap; gap: 0 40px; }
.gallery-class h3 small, .pair h3 small { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.arrow { color: var(--bad); }
h3.subhead { font-size: 18px; margin-top: 28px; padding-top: 18px; border-top: 1px solid var(--line); }
.row-label { color: var(--muted); font-size: 12.5px; margin: 6px 0 4px; text-transform: uppercase; letter-spacing: 0.05em; }
.thumbs { display: flex; flex-wrap: wrap; gap: 10px; }
.thumb { width: 88px; text-align: center; }
.thumb img { border-bottom: 4px solid; border-radius: 6px 6px 2px 2px; }
.thumb.ok img { border-color: var(--ok); }
.thumb.bad img { border-color: var(--bad); }
.thumb figcaption { font-size: 12px; line-height: 1.3; margin-top: 3px; }
.thumb .pred { font-weight: 600; display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.thumb.ok .pred { color: var(--ok); }
.thumb.bad .pred { color: var(--bad); }
.thumb .prob { color: var(--muted); font-variant-numeric: tabular-nums; display: block; }
.settings { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 4px 28px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.kv { width: 100%; }
table.kv th { text-align: left; font-weight: 400; color: var(--muted); padding: 4px 12px 4px 0; vertical-align: top; width: 46%; }
table.kv td { padding: 4px 0; border-bottom: 1px solid var(--line); }
table.kv tr th { border-bottom: 1px solid var(--line); }
table.numbers { margin: 12px 0; font-size: 13.5px; }
table.numbers th, table.numbers td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: right; }
table.numbers th { color: var(--muted); font-weight: 600; }
table.numbers th:first-child, table.numbers td:first-child { text-align: left; padding-left: 0; }
table.numbers caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
.tables { display: flex; flex-wrap: wrap; gap: 0 40px; align-items: flex-start; }
.facts { max-width: 720px; margin-top: 8px; }
ul.recipe { margin: 0; padding-left: 20px; }
ul.recipe li { margin: 2px 0; }
table.numbers tr.best td { background: #e8f5ee; font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); margin-top: 10px; }
pre.command { background: var(--ink); color: #f5f7fa; padding: 12px 16px; border-radius: 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.hint { color: var(--muted); margin: 0 0 6px; }
footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 28px; }
@media (max-width: 760px) {
  .templates { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  main { padding: 16px 12px 32px; }
  section.panel { padding: 16px 14px; }
}
@media print {
  html, body { background: #fff; }
  section.panel { box-shadow: none; break-inside: avoid-page; }
  nav.toc { display: none; }
}
`;
