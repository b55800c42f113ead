import { REPORT_LIMITS } from '../limits.js';
import { displayNames, oneLine } from '../text.js';
import { count, esc, keyValueTable, seconds, type Section } from './markup.js';
import { optionLabel } from './optionLabels.js';
import type { RunFolder } from './runFolder.js';
import { solverRows, stepUnit } from './solverInfo.js';

/**
 * Everything needed to trust or repeat the run: its settings, data, machine side and the exact command.
 * Values come from metrics.json, falling back to the options saved in model.json. Lists are cut to
 * REPORT_LIMITS (the rest counted) and every value to one short line.
 */
export function settingsSection(run: RunFolder): Section | null {
  const m = run.metrics;
  const options = m?.options ?? run.model?.options;
  const parts: string[] = [];
  if (options) {
    const { settingsRows, valueChars } = REPORT_LIMITS;
    const entries = Object.entries(options);
    const rows = entries
      .slice(0, settingsRows)
      .map(([k, v]): [string, string] => [
        oneLine(optionLabel(k), valueChars),
        esc(oneLine(show(v), valueChars)),
      ]);
    if (entries.length > settingsRows) rows.push(['…', `${count(entries.length - settingsRows)} more`]);
    parts.push(`<div><h3>Settings</h3>${keyValueTable(rows)}</div>`);
  }
  const d = m?.data;
  const model = run.model;
  const dataRows: [string, string][] = [];
  if (d?.dir) dataRows.push(['folder', `<code>${esc(oneLine(d.dir, REPORT_LIMITS.valueChars))}</code>`]);
  if (d?.trainCount !== undefined) dataRows.push(['training images', count(d.trainCount)]);
  if (d?.testCount !== undefined) dataRows.push([`${m?.evaluatedOn ?? 'test'} images`, count(d.testCount)]);
  const h = d?.height ?? model?.height;
  const w = d?.width ?? model?.width;
  if (h !== undefined && w !== undefined) dataRows.push(['image size', `${h} × ${w} pixels`]);
  const names = m?.classNames ?? model?.classNames;
  if (names) dataRows.push([`classes (${count(names.length)})`, esc(listNames(names))]);
  if (dataRows.length > 0) parts.push(`<div><h3>Data</h3>${keyValueTable(dataRows)}</div>`);

  const runRows: [string, string][] = [];
  if (m?.backend) runRows.push(['backend used', esc(oneLine(m.backend, REPORT_LIMITS.valueChars))]);
  if (m?.trainSeconds !== undefined) runRows.push(['training time', seconds(m.trainSeconds)]);
  if (m?.msPerEpoch !== undefined) runRows.push([`per ${stepUnit(m)}`, `${m.msPerEpoch.toFixed(1)} ms`]);
  const solver = solverRows(m);
  if (m?.epochs !== undefined && m.iterations === undefined) runRows.push(['epochs run', String(m.epochs)]);
  runRows.push(...solver);
  if (m?.evaluatedOn) runRows.push(['evaluated on', esc(m.evaluatedOn)]);
  if (runRows.length > 0) parts.push(`<div><h3>Run</h3>${keyValueTable(runRows)}</div>`);
  if (parts.length === 0 && !m?.command) return null;

  const command = m?.command
    ? `<h3>Command</h3><p class="hint">Run it again to reproduce this run:</p><pre class="command"><code>${esc(oneLine(m.command, REPORT_LIMITS.commandChars))}</code></pre>`
    : '';
  return {
    id: 'settings',
    nav: 'Settings',
    title: 'How this run was made',
    body: `<div class="settings">${parts.join('')}</div>${command}`,
    charts: [],
  };
}

/** The first REPORT_LIMITS.listedNames class names as shown elsewhere in the report, the rest counted. */
function listNames(names: string[]): string {
  const shown = displayNames(names.slice(0, REPORT_LIMITS.listedNames));
  const rest = names.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` and ${count(rest)} more` : '');
}

function show(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}
