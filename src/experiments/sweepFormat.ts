import Table from 'cli-table3';
import { ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import { OPTION_KEYS, OPTIONS, specOf, type OptionKey } from '../model/options.js';
import { fixed, pct } from './format.js';
import type { SweepReport, SweepRow } from './sweep.js';

/** A table column: its header and how a row shows in it. */
interface Column {
  head: string;
  cell: (r: SweepRow) => string;
  align: 'left' | 'right';
}

/** The swept options (epochs last), then the figures: the same columns in the terminal and in Markdown. */
function columns(report: SweepReport): Column[] {
  const axes = [...report.axes.filter((a) => a.key !== 'epochs')];
  const optionCols: Column[] = axes.map((a) => ({
    head: a.flag.replace(/^--/, ''),
    cell: (r) => String(r.options[a.key]),
    align: 'right',
  }));
  const diverged = (r: SweepRow, text: string): string =>
    r.status === 'diverged' ? `diverged (epoch ${r.divergedAtEpoch})` : text;
  const first = `first ${Math.min(ORIGINAL_TEST_COUNT, report.evalCount).toLocaleString('en-US')}`;
  return [
    ...optionCols,
    { head: 'epochs', cell: (r) => String(r.epochs), align: 'right' },
    { head: 'accuracy', cell: (r) => diverged(r, pct(r.accuracy)), align: 'right' },
    { head: first, cell: (r) => diverged(r, pct(r.accuracyFirst2000)), align: 'right' },
    { head: 'log loss', cell: (r) => diverged(r, fixed(r.logLoss, 4)), align: 'right' },
    { head: 'train loss', cell: (r) => diverged(r, fixed(r.trainLoss, 4)), align: 'right' },
    { head: 'train s', cell: (r) => fixed(r.trainSeconds, 2), align: 'right' },
  ];
}

/** The row with the best accuracy on the evaluation set (the first such row on ties). */
export function bestRow(report: SweepReport): SweepRow | null {
  let best: SweepRow | null = null;
  for (const r of report.rows) {
    if (r.accuracy !== null && (best === null || r.accuracy > (best.accuracy ?? -1))) best = r;
  }
  return best;
}

/** The flags that give a row's configuration, e.g. `--lr 0.1 --epochs 350`. */
export function rowFlags(report: SweepReport, r: SweepRow): string {
  return report.axes.map((a) => `${a.flag} ${String(r.options[a.key])}`).join(' ');
}

/** The options every row shares, as flags. */
export function fixedFlags(report: SweepReport): string {
  return OPTION_KEYS.filter((k) => report.fixed[k] !== undefined)
    .map((k) => `${OPTIONS[k].flag} ${specOf(k).format(report.fixed[k])}`)
    .join(' ');
}

export function sweepTable(report: SweepReport): string {
  const cols = columns(report);
  const table = new Table({
    head: cols.map((c) => c.head),
    style: { head: [], border: [], compact: true },
    colAligns: cols.map((c) => c.align),
  });
  for (const r of report.rows) table.push(cols.map((c) => c.cell(r)));
  return table.toString();
}

export function sweepMarkdown(report: SweepReport, evaluatedOn: string): string {
  const cols = columns(report);
  const best = bestRow(report);
  const lines = [
    '# Sweep',
    '',
    `${report.combinations} combinations in ${report.runs.length} runs; accuracy on the ${evaluatedOn}.`,
    '',
    `Shared options: \`${fixedFlags(report)}\``,
    '',
    `| ${cols.map((c) => c.head).join(' | ')} |`,
    `| ${cols.map((c) => (c.align === 'right' ? '---:' : ':---')).join(' | ')} |`,
    ...report.rows.map((r) => `| ${cols.map((c) => c.cell(r).replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  if (best) lines.push('', `Best: row ${best.row} (\`${rowFlags(report, best)}\`), ${pct(best.accuracy)}.`);
  return lines.join('\n') + '\n';
}

/** Every option of every row, then its figures (accuracies 0..1): one line per combination. */
export function sweepCsv(report: SweepReport): string {
  const keys: OptionKey[] = OPTION_KEYS;
  const figures = [
    'status',
    'divergedAtEpoch',
    'accuracy',
    'accuracyFirst2000',
    'meanPerClassAccuracy',
    'logLoss',
    'trainLoss',
    'trainAccuracy',
    'trainSeconds',
  ] as const;
  const lines = [['row', 'run', ...keys, ...figures].join(',')];
  for (const r of report.rows) {
    const cells = [
      r.row,
      r.run,
      ...keys.map((k) => specOf(k).format(r.options[k])),
      ...figures.map((f) => r[f]),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
