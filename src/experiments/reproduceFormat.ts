import Table from 'cli-table3';
import { duration } from './format.js';
import type { ReproduceReport, StrategyFigures } from './reproduce.js';
import { grouped } from '../util/grouped.js';

const TABLE_STYLE = { head: [], border: [], compact: true };

/** "81.70" for a percentage, "diverged" when there is none. */
function figure(x: number | null): string {
  return x === null ? 'diverged' : x.toFixed(2);
}

function signed(x: number | null): string {
  return x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2)}`;
}

function versusTable(
  head: string,
  rows: { key: string; accuracy: number | null; published: number; difference: number | null }[],
): string {
  const table = new Table({
    head: [head, 'ours %', 'published %', 'difference'],
    style: TABLE_STYLE,
    colAligns: ['right', 'right', 'right', 'right'],
  });
  for (const r of rows) table.push([r.key, figure(r.accuracy), r.published.toFixed(2), signed(r.difference)]);
  return table.toString();
}

function comparisonTable(r: ReproduceReport): string {
  const c = r.comparison;
  const table = new Table({
    head: [
      'strategy',
      `first ${grouped(r.recipe.scoredTestCount)} %`,
      `all ${grouped(c.testCount)} %`,
      'training time',
    ],
    style: TABLE_STYLE,
    colAligns: ['left', 'right', 'right', 'right'],
  });
  const row = (name: string, s: StrategyFigures) => [
    name,
    figure(s.accuracyFirst2000),
    figure(s.accuracy),
    s.trainSeconds === null ? '–' : duration(s.trainSeconds),
  ];
  table.push(row('softmax', c.softmax), row('one-vs-rest', c.ovr));
  return table.toString();
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'NO');

/** The whole reproduction as the terminal shows it: the recipe, both tables, the comparison and the checks. */
export function formatReproduce(r: ReproduceReport): string {
  const lr = r.comparison.learningRate;
  const lines = ['The original recipe, exactly:', ...r.recipe.description.map((d) => `  - ${d}`)];
  if (r.recipe.epochsScale !== 1) {
    lines.push(`  (epochs scaled by ${r.recipe.epochsScale} for a quick check: not the published recipe)`);
  }
  lines.push(
    '',
    `Table 1: accuracy after N epochs at learning rate ${lr}`,
    versusTable(
      'epochs',
      r.table1.map((t) => ({ ...t, key: String(t.epochs) })),
    ),
    '',
    `Table 2: accuracy after ${r.comparison.epochs} epochs at each learning rate`,
    versusTable(
      'learning rate',
      r.table2.map((t) => ({ ...t, key: String(t.lr) })),
    ),
    '',
    `Softmax versus one-vs-rest (learning rate ${lr}, ${r.comparison.epochs} epochs, same data and recipe):`,
    comparisonTable(r),
    '',
    `Table 1 rises with epochs: ${yesNo(r.checks.table1RisesWithEpochs)}; ` +
      `Table 2 falls as the learning rate falls: ${yesNo(r.checks.table2FallsWithLearningRate)}; ` +
      `every figure within ${r.checks.tolerance} points of the published one: ${yesNo(r.checks.allWithinTolerance)}` +
      (r.checks.largestGap === null ? '' : ` (largest gap ${r.checks.largestGap.toFixed(2)})`),
    `${r.runs.length} runs on backend ${r.backend} with ${r.jobs} job${r.jobs === 1 ? '' : 's'} in ${duration(r.seconds)}`,
  );
  return lines.join('\n');
}
