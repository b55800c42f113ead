import { count, esc, keyValueTable, seconds, type Section } from './markup.js';
import { optionLabel } from './optionLabels.js';
import type { RunFolder } from './runFolder.js';

/**
 * Everything needed to trust or repeat the run: its settings, data, machine side and the exact command.
 * Values come from metrics.json, falling back to the options saved in model.json.
 */
export function settingsSection(run: RunFolder): Section | null {
  const m = run.metrics;
  const options = m?.options ?? run.model?.options;
  const parts: string[] = [];
  if (options) {
    const rows = Object.entries(options).map(([k, v]): [string, string] => [optionLabel(k), esc(show(v))]);
    parts.push(`<div><h3>Settings</h3>${keyValueTable(rows)}</div>`);
  }
  const d = m?.data;
  const model = run.model;
  const dataRows: [string, string][] = [];
  if (d?.dir) dataRows.push(['folder', `<code>${esc(d.dir)}</code>`]);
  if (d?.trainCount !== undefined) dataRows.push(['training images', count(d.trainCount)]);
  if (d?.testCount !== undefined) dataRows.push([`${m?.evaluatedOn ?? 'test'} images`, count(d.testCount)]);
  const h = d?.height ?? model?.height;
  const w = d?.width ?? model?.width;
  if (h !== undefined && w !== undefined) dataRows.push(['image size', `${h} × ${w} pixels`]);
  const names = m?.classNames ?? model?.classNames;
  if (names) dataRows.push([`classes (${names.length})`, esc(names.join(', '))]);
  if (dataRows.length > 0) parts.push(`<div><h3>Data</h3>${keyValueTable(dataRows)}</div>`);

  const runRows: [string, string][] = [];
  if (m?.backend) runRows.push(['backend used', esc(m.backend)]);
  if (m?.trainSeconds !== undefined) runRows.push(['training time', seconds(m.trainSeconds)]);
  if (m?.msPerEpoch !== undefined) runRows.push(['per epoch', `${m.msPerEpoch.toFixed(1)} ms`]);
  if (m?.epochs !== undefined) runRows.push(['epochs run', String(m.epochs)]);
  if (m?.evaluatedOn) runRows.push(['evaluated on', esc(m.evaluatedOn)]);
  if (runRows.length > 0) parts.push(`<div><h3>Run</h3>${keyValueTable(runRows)}</div>`);
  if (parts.length === 0 && !m?.command) return null;

  const command = m?.command
    ? `<h3>Command</h3><p class="hint">Run it again to reproduce this run:</p><pre class="command"><code>${esc(m.command)}</code></pre>`
    : '';
  return {
    id: 'settings',
    nav: 'Settings',
    title: 'How this run was made',
    body: `<div class="settings">${parts.join('')}</div>${command}`,
    charts: [],
  };
}

function show(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
