import { inlineSvg, type RenderedChart } from '../charts/render.js';
import { printable } from '../text.js';
import { grouped } from '../../util/grouped.js';

/**
 * Escapes text for HTML element content and double-quoted attributes. Control, line-separator and
 * bidirectional characters from data files become spaces: they have no business in the page.
 */
export function esc(value: unknown): string {
  return printable(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A share in 0..1 as a percentage with fixed digits ("85.02%"). */
export function pct(x: number | undefined | null, digits = 2): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '—';
}

/** A whole number with thousands separators, independent of the machine's locale. */
export function count(n: number | undefined | null): string {
  return typeof n === 'number' && Number.isFinite(n) ? grouped(n) : '—';
}

/** A duration in seconds, in the unit that reads best. */
export function seconds(s: number | undefined | null): string {
  if (typeof s !== 'number' || !Number.isFinite(s)) return '—';
  if (s < 1) return `${(1000 * s).toFixed(0)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** One part of the report: a titled section with its own charts (collected for --figures). */
export interface Section {
  id: string;
  /** Short name for the table of contents. */
  nav: string;
  title: string;
  /** One or two sentences saying what to look for. */
  lead?: string;
  body: string;
  charts: RenderedChart[];
}

/** A rendered chart as an inline SVG in a figure, marked so tests and styles can find every chart. */
export function chartFigure(chart: RenderedChart, extraClass = ''): string {
  return (
    `<figure class="chart ${esc(extraClass)}" data-chart="${esc(chart.id)}">` +
    inlineSvg(chart.svg, `chart-${chart.id}`) +
    `<figcaption>${esc(chart.caption)}</figcaption></figure>`
  );
}

/** A short note shown in place of a section part that could not be drawn, saying why. */
export function note(text: string): string {
  return `<p class="note">${esc(text)}</p>`;
}

/** A two-column table of labelled values. */
export function keyValueTable(rows: [string, string][], className = 'kv'): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join('');
  return `<table class="${esc(className)}"><tbody>${body}</tbody></table>`;
}
