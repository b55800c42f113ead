import Table from 'cli-table3';
import { ORIGINAL_TEST_COUNT } from '../metrics/evaluate.js';
import { OPTION_KEYS, OPTIONS, specOf, type OptionKey } from '../model/options.js';
import { fixed, pct } from './format.js';
import type { SweepReport, SweepRow } from './sweep.js';
import { grouped } from '../util/grouped.js';

/** A table column: its header and how a row shows in it. */
interface Column {
  head: string;
  cell: (r: SweepRow) => string;
  align: 'left' | 'right';
}

/**
 * The swept options (epochs last), then the figures: the same columns in the terminal and in Markdown.
 * When lbfgs trained any row (e.g. `--solver auto` on small data), the solver that ran, the iterations
 * (epochs run, for sgd and adam) and the stop reason get columns: epochs do not apply to lbfgs.
 */
function columns(report: SweepReport): Column[] {
  const rows = report.rows;
  const lbfgs = rows.some((r) => r.solver === 'lbfgs');
  const showSolver =
    lbfgs || new Set(rows.map((r) => r.solver)).size > 1 || report.axes.some((a) => a.key === 'solver');
  const stoppedEarly = rows.some(
    (r) => r.stopReason !== null && r.stopReason !== 'limit' && r.stopReason !== 'diverged',
  );
  const axes = [
    ...report.axes.filter((a) => a.key !== 'epochs' && !(showSolver && a.key === 'solver')),
    ...followers(report),
  ];
  const optionCols: Column[] = axes.map((a) => ({
    head: a.flag.replace(/^--/, ''),
    cell: (r) => String(r.options[a.key]),
    align: 'right',
  }));
  const diverged = (r: SweepRow, text: string): string =>
    r.status === 'diverged' ? `diverged (${unitOf(r)} ${r.divergedAtEpoch})` : text;
  const first = `first ${grouped(Math.min(ORIGINAL_TEST_COUNT, report.evalCount))}`;
  const solverCol: Column = {
    head: 'solver',
    cell: (r) => (r.options.solver === r.solver ? r.solver : `${r.solver} (${r.options.solver})`),
    align: 'left',
  };
  const runCols: Column[] = [
    { head: 'iterations', cell: (r) => (r.iterations === null ? '—' : String(r.iterations)), align: 'right' },
    { head: 'stopped', cell: (r) => r.stopReason ?? '', align: 'left' },
  ];
  return [
    ...optionCols,
    ...(showSolver ? [solverCol] : []),
    { head: 'epochs', cell: (r) => (r.solver === 'lbfgs' ? '—' : String(r.options.epochs)), align: 'right' },
    ...(lbfgs || stoppedEarly ? runCols : []),
    { head: 'accuracy', cell: (r) => diverged(r, pct(r.accuracy)), align: 'right' },
    { head: first, cell: (r) => diverged(r, pct(r.accuracyFirst2000)), align: 'right' },
    { head: 'log loss', cell: (r) => diverged(r, fixed(r.logLoss, 4)), align: 'right' },
    { head: 'train loss', cell: (r) => diverged(r, fixed(r.trainLoss, 4)), align: 'right' },
    { head: 'train s', cell: (r) => fixed(r.trainSeconds, 2), align: 'right' },
  ];
}

/**
 * Options not swept that still differ between rows, because their default follows a swept option (the
 * learning rate when --solver sweeps sgd,adam): shown beside the axes, so each row says what it ran.
 */
function followers(report: SweepReport): { key: OptionKey; flag: string }[] {
  const swept = new Set(report.axes.map((a) => a.key));
  return OPTION_KEYS.filter(
    (k) => !swept.has(k) && new Set(report.rows.map((r) => specOf(k).format(r.options[k]))).size > 1,
  ).map((key) => ({ key, flag: OPTIONS[key].flag }));
}

function unitOf(r: SweepRow): string {
  return r.solver === 'lbfgs' ? 'iteration' : 'epoch';
}

/** What a reader needs to read the table right: which rows were scored at the end of their run, and why. */
export function sweepNotes(report: SweepReport): string[] {
  const notes: string[] = [];
  const lbfgs = report.rows.filter((r) => r.solver === 'lbfgs');
  if (lbfgs.length > 0) {
    const maxIter = [...new Set(lbfgs.map((r) => r.options.maxIter))].join(', ');
    notes.push(
      `Rows trained by lbfgs: epochs do not apply to lbfgs (it runs up to --max-iter ${maxIter} iterations ` +
        `and stops at --tol); each is scored at the end of its run, after the iterations shown.`,
    );
  }
  if (report.rows.some((r) => r.solver !== 'lbfgs' && r.options.earlyStopping)) {
    notes.push('Rows with early stopping are scored at the end of their run, with the best weights seen.');
  }
  if (
    report.rows.some((r) => r.solver !== 'lbfgs' && r.iterations !== null && r.iterations < r.options.epochs)
  ) {
    notes.push('iterations: epochs run (sgd, adam); fewer than epochs when a stopping rule ended the run.');
  }
  return notes;
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
  return [...report.axes, ...followers(report)].map((a) => `${a.flag} ${String(r.options[a.key])}`).join(' ');
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
  return [table.toString(), ...sweepNotes(report)].join('\n');
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
  const notes = sweepNotes(report);
  if (notes.length > 0) lines.push('', ...notes);
  if (best) lines.push('', `Best: row ${best.row} (\`${rowFlags(report, best)}\`), ${pct(best.accuracy)}.`);
  return lines.join('\n') + '\n';
}

/** Every option of every row, then its figures (accuracies 0..1): one line per combination. */
export function sweepCsv(report: SweepReport): string {
  const keys: OptionKey[] = OPTION_KEYS;
  const figures = [
    'solverUsed',
    'iterations',
    'stopReason',
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
      ...figures.map((f) => (f === 'solverUsed' ? r.solver : r[f])),
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
