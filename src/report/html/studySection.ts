import { renderChart } from '../charts/render.js';
import { studyChart } from '../charts/studyCharts.js';
import { chartFigure, esc, keyValueTable, type Section } from './markup.js';
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

/** A study as a section: accuracy charts beside the published points, the tables, the recipe. */
export async function studySection(study: Study): Promise<Section> {
  const drawable = study.charts.filter((c) => c.ours.length + c.published.length > 0);
  const charts = await Promise.all(drawable.map((c) => renderChart(studyChart(c))));
  const bullets =
    study.bullets.length > 0
      ? `<h3>Recipe</h3><ul class="recipe">${study.bullets.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>`
      : '';
  const facts =
    study.facts.length > 0
      ? `<div class="facts">${keyValueTable(study.facts.map(([k, v]) => [k, esc(v)]))}</div>`
      : '';
  const command = study.command
    ? `<h3>Command</h3><pre class="command"><code>${esc(study.command)}</code></pre>`
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

function tableHtml(t: StudyTable): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows
    .map(
      (r, i) =>
        `<tr${i === t.highlight ? ' class="best"' : ''}>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  return (
    `<table class="numbers study"><caption>${esc(t.caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`
  );
}
