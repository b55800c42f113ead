import { renderChart } from '../charts/render.js';
import { studyChart } from '../charts/studyCharts.js';
import { REPORT_LIMITS } from '../limits.js';
import { oneLine } from '../text.js';
import { chartFigure, count, esc, keyValueTable, type Section } from './markup.js';
import { readReproduce } from './reproduceData.js';
import type { Study, StudyTable } from './studyCommon.js';
import { readSweep } from './sweepData.js';

/** The studies found in a run folder (reproduce.json, sweep.json), read leniently; unreadable ones are skipped. */
export function readStudies(reproduce: unknown, sweep: unknown): Study[] {
  const r = reproduce !== null ? readReproduce(reproduce) : null;
  const s = sweep !== null ? readSweep(sweep) : null;
  return [r, s].filter((x): x is Study => x !== null);
}

const TEXT = {
  reproduce: {
    nav: 'Reproduction',
    title: 'Reproducing the published results',
    lead: 'Our accuracy beside the numbers the original write-up reports, with its recipe.',
  },
  sweep: {
    nav: 'Sweep',
    title: 'Sweep of settings',
    lead: 'Every combination of the swept settings, trained and scored on the same data.',
  },
} as const;

/** Distinct lines in one study chart: more make a legend nobody can match to the lines. */
const MAX_SERIES = 20;

/**
 * A study as a section: accuracy charts beside the published points, the tables, the recipe. Charts with
 * more points or lines than REPORT_LIMITS allows are left out (with a note; their table remains), and
 * tables are cut to REPORT_LIMITS' rows and columns.
 */
export async function studySection(study: Study, notes: string[]): Promise<Section> {
  const { studyChartPoints, tableRows, valueChars } = REPORT_LIMITS;
  const drawable = study.charts
    .filter((c) => c.ours.length + c.published.length > 0)
    .filter((c) => {
      const points = c.ours.length + c.published.length;
      const series = new Set(c.ours.map((p) => p.series)).size;
      if (points <= studyChartPoints && series <= MAX_SERIES) return true;
      notes.push(
        `${study.kind}: the chart “${c.title}” has ${count(points)} points in ${count(series)} lines ` +
          `(drawn up to ${studyChartPoints} in ${MAX_SERIES}): left out, its table remains`,
      );
      return false;
    })
    .map((c) => ({ ...c, ours: c.ours.map((p) => ({ ...p, series: oneLine(p.series, 60) })) }));
  const charts = await Promise.all(drawable.map((c) => renderChart(studyChart(c))));
  const line = (v: string): string => esc(oneLine(v, valueChars));
  const bullets =
    study.bullets.length > 0
      ? `<h3>Recipe</h3><ul class="recipe">${study.bullets
          .slice(0, tableRows)
          .map((b) => `<li>${line(b)}</li>`)
          .join('')}</ul>`
      : '';
  const facts =
    study.facts.length > 0
      ? `<div class="facts">${keyValueTable(study.facts.slice(0, tableRows).map(([k, v]) => [line(k), line(v)]))}</div>`
      : '';
  const command = study.command
    ? `<h3>Command</h3><pre class="command"><code>${esc(oneLine(study.command, REPORT_LIMITS.commandChars))}</code></pre>`
    : '';
  const text = TEXT[study.kind];
  return {
    id: study.kind,
    nav: text.nav,
    title: text.title,
    lead: esc(text.lead),
    body:
      (charts.length > 0
        ? `<div class="charts two">${charts.map((c) => chartFigure(c)).join('')}</div>`
        : '') +
      `<div class="tables">${study.tables.map(tableHtml).join('')}</div>` +
      `<div class="settings">${bullets ? `<div>${bullets}</div>` : ''}${facts ? `<div>${facts}</div>` : ''}</div>` +
      command,
    charts,
  };
}

/** A study table, cut to REPORT_LIMITS' rows and columns (the caption says so); cells one short line each. */
function tableHtml(t: StudyTable): string {
  const { tableRows, tableColumns, valueChars } = REPORT_LIMITS;
  const cell = (v: string): string => esc(oneLine(v, valueChars));
  const head = t.columns
    .slice(0, tableColumns)
    .map((c) => `<th>${cell(c)}</th>`)
    .join('');
  const rows = t.rows
    .slice(0, tableRows)
    .map(
      (r, i) =>
        `<tr${i === t.highlight ? ' class="best"' : ''}>${r
          .slice(0, tableColumns)
          .map((v) => `<td>${cell(v)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const cut = [
    t.rows.length > tableRows ? `the first ${tableRows} of ${count(t.rows.length)} rows` : '',
    t.columns.length > tableColumns ? `the first ${tableColumns} of ${count(t.columns.length)} columns` : '',
  ].filter(Boolean);
  const caption = cut.length > 0 ? `${t.caption} (${cut.join(', ')})` : t.caption;
  return (
    `<table class="numbers study"><caption>${cell(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`
  );
}
