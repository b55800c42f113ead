import Table from 'cli-table3';
import type { Evaluation } from '../metrics/evaluate.js';
import { paint } from './colors.js';
import { REPORT_LIMITS } from './limits.js';
import { displayNames } from './text.js';
import { grouped } from '../util/grouped.js';

const pct = (x: number, digits = 2): string => `${(100 * x).toFixed(digits)}%`;

/** What the evaluated examples are called: images, or the rows of a table. */
export type ExampleUnit = 'images' | 'rows';

/** The headline numbers, one per line. The original's first-2,000 measure is for images only. */
export function formatSummary(e: Evaluation, label = 'test', unit: ExampleUnit = 'images'): string {
  const first = Math.min(2000, e.testCount);
  return [
    `accuracy on the ${label} set (${grouped(e.testCount)} ${unit}): ${paint('bold', pct(e.accuracy))}`,
    ...(unit === 'images'
      ? [
          `accuracy on the first ${grouped(first)} ${label} images (the original's measure): ${pct(e.accuracyFirst2000)}`,
        ]
      : []),
    `mean per-class accuracy: ${pct(e.meanPerClassAccuracy)}`,
    `log loss: ${e.logLoss.toFixed(4)}`,
  ].join('\n');
}

/**
 * The confusion matrix with class names (rows: true class). Cells are coloured by their share of the
 * row: the diagonal green, frequent confusions red, so the eye finds both at once. Wider than a terminal
 * past REPORT_LIMITS.terminalMatrixClasses: then one line saying so.
 */
export function formatConfusionMatrix(e: Evaluation, names: string[]): string {
  const k = e.confusionMatrix.length;
  if (k > REPORT_LIMITS.terminalMatrixClasses) {
    return `(left out: ${k} classes do not fit a terminal; it is shown up to ${REPORT_LIMITS.terminalMatrixClasses})`;
  }
  names = displayNames(names);
  const short = names.map(abbreviate);
  const table = new Table({
    head: ['true \\ predicted', ...short],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...short.map(() => 'right' as const)],
  });
  e.confusionMatrix.forEach((row, t) => {
    const support = row.reduce((a, b) => a + b, 0) || 1;
    table.push([
      names[t],
      ...row.map((count, p) => {
        const rate = count / support;
        if (t === p) return paint('green', String(count));
        if (rate >= 0.1) return paint('red', String(count));
        if (rate >= 0.03) return paint('yellow', String(count));
        return count === 0 ? paint('dim', '·') : String(count);
      }),
    ]);
  });
  return table.toString();
}

/** Per-class accuracy, precision and recall, worst accuracy first (the weakest REPORT_LIMITS.perClassBars). */
export function formatPerClass(e: Evaluation, unit: ExampleUnit = 'images'): string {
  const table = new Table({
    head: ['class', 'accuracy', 'precision', 'recall', unit],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'right', 'right', 'right', 'right'],
  });
  const names = displayNames(e.perClass.map((c) => c.name));
  const rows = e.perClass.map((c, i) => ({ ...c, name: names[i] }));
  const shown = rows.sort((a, b) => a.accuracy - b.accuracy).slice(0, REPORT_LIMITS.perClassBars);
  for (const c of shown) {
    table.push([c.name, pct(c.accuracy, 1), pct(c.precision, 1), pct(c.recall, 1), String(c.support)]);
  }
  const rest = rows.length - shown.length;
  return table.toString() + (rest > 0 ? `\n(and ${rest} stronger classes)` : '');
}

export function formatConfusedPairs(e: Evaluation): string {
  if (e.mostConfused.length === 0) return 'no confusions';
  return e.mostConfused
    .map((p) => {
      const [t, q] = displayNames([p.trueClass, p.predictedClass]);
      return `  ${t} → ${q}: ${p.count} (${pct(p.rate, 1)} of ${t})`;
    })
    .join('\n');
}

/** The whole evaluation as the terminal shows it. */
export function formatEvaluation(
  e: Evaluation,
  names: string[],
  label = 'test',
  unit: ExampleUnit = 'images',
): string {
  return [
    formatSummary(e, label, unit),
    '',
    `Confusion matrix (rows: true class; ${paint('green', 'green')} = right, ${paint('red', 'red')} ≥ 10% of the row):`,
    formatConfusionMatrix(e, names),
    '',
    'Per class, worst first:',
    formatPerClass(e, unit),
    '',
    'Most confused pairs (true → predicted):',
    formatConfusedPairs(e),
  ].join('\n');
}

function abbreviate(name: string): string {
  return name.length <= 8 ? name : name.slice(0, 7) + '.';
}
