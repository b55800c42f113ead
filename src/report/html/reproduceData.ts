import { optionLabel, shortOptions } from './optionLabels.js';
import {
  ACCURACY_KEYS,
  PUBLISHED_KEYS,
  cellText,
  curveOf,
  firstKey,
  isObject,
  num,
  percentScale,
  percentText,
  rowsOf,
  signedText,
  type Card,
  type Row,
  type Study,
  type StudyChartData,
  type StudyPoint,
  type StudyTable,
} from './studyCommon.js';
import { grouped } from '../../util/grouped.js';

/**
 * reproduce.json: table1 (accuracy against epochs) and table2 (against learning rate), each row with our
 * accuracy and the published one in percent; optionally the per-epoch curves of the runs behind them
 * (runs[].history), the recipe, a softmax / one-vs-rest comparison and the checks. Only the tables are
 * needed; everything else is drawn when present.
 */
export function readReproduce(raw: unknown): Study | null {
  if (!isObject(raw)) return null;
  const t1 = rowsOf(raw.table1);
  const t2 = rowsOf(raw.table2);
  if (!t1 && !t2) return null;
  const charts: StudyChartData[] = [];
  const curves = runCurves(raw.runs);
  const byEpochs = t1
    ? tableChart(t1, 'epochs', 'reproduce-epochs', 'Accuracy against epochs', 'epochs', false)
    : null;
  if (byEpochs || curves.length > 0) {
    const chart = byEpochs ?? emptyChart('reproduce-epochs', 'Accuracy against epochs', 'epochs', false);
    if (curves.length > 0) {
      chart.ours = curves;
      const lr =
        isObject(raw.recipe) && isObject(raw.recipe.options) ? num(raw.recipe.options.learningRate) : null;
      if (lr !== null) chart.publishedLabel = `published (lr ${lr})`;
      chart.caption =
        'Accuracy after every epoch of each run (lines) and the published Table 1 (black diamonds).';
    }
    charts.push(chart);
  }
  if (t2) {
    const chart = tableChart(
      t2,
      'lr',
      'reproduce-learning-rate',
      'Accuracy against learning rate',
      'learning rate',
      true,
    );
    if (chart) charts.push(chart);
  }
  const tables: StudyTable[] = [];
  if (t1) tables.push(versusTable('Table 1: accuracy after each number of epochs', t1));
  if (t2) tables.push(versusTable('Table 2: accuracy at each learning rate', t2));
  const comparison = comparisonTable(raw.comparison);
  if (comparison) tables.push(comparison);

  const recipe = isObject(raw.recipe) ? raw.recipe : null;
  const bullets = Array.isArray(recipe?.description) ? recipe.description.map(String) : [];
  const facts: [string, string][] = [];
  if (typeof raw.recipe === 'string') facts.push(['recipe', raw.recipe]);
  if (num(recipe?.trainCount) !== null)
    facts.push(['training images', grouped(recipe?.trainCount as number)]);
  if (num(recipe?.scoredTestCount) !== null)
    facts.push(['test images scored', grouped(recipe?.scoredTestCount as number)]);
  if (num(recipe?.epochsScale) !== null && recipe?.epochsScale !== 1)
    facts.push(['epochs scaled by', String(recipe?.epochsScale)]);
  const checks = isObject(raw.checks) ? raw.checks : null;
  if (typeof checks?.table1RisesWithEpochs === 'boolean')
    facts.push(['Table 1 rises with epochs', cellText(checks.table1RisesWithEpochs)]);
  if (typeof checks?.table2FallsWithLearningRate === 'boolean')
    facts.push(['Table 2 falls as the learning rate falls', cellText(checks.table2FallsWithLearningRate)]);
  if (typeof raw.backend === 'string') facts.push(['backend', raw.backend]);
  return {
    kind: 'reproduce',
    cards: cards(raw, t1, checks),
    charts,
    tables,
    facts,
    bullets,
    command: typeof raw.command === 'string' ? raw.command : undefined,
  };
}

/** One line per run: "lr 0.1", "lr 0.1, one-vs-rest"... from runs[].options and runs[].history. */
function runCurves(runs: unknown): StudyPoint[] {
  const list = rowsOf(runs) ?? [];
  return list.flatMap((run) => {
    const options = isObject(run.options) ? run.options : {};
    const label = shortOptions(
      options,
      options.strategy === 'ovr' ? ['learningRate', 'strategy'] : ['learningRate'],
    );
    return curveOf(run.history, label || `run ${cellText(run.id)}`) ?? [];
  });
}

function tableChart(
  rows: Row[],
  xKey: string,
  id: string,
  title: string,
  xTitle: string,
  logX: boolean,
): StudyChartData | null {
  const acc = firstKey(rows, ACCURACY_KEYS);
  const pub = firstKey(rows, PUBLISHED_KEYS);
  if (!rows.some((r) => num(r[xKey]) !== null) || (!acc && !pub)) return null;
  const points = (key: string | null, series: string): StudyPoint[] => {
    if (!key) return [];
    const scale = percentScale(rows, [key]);
    return rows
      .filter((r) => num(r[xKey]) !== null && num(r[key]) !== null)
      .map((r) => ({ x: num(r[xKey]) as number, accuracy: scale * (num(r[key]) as number), series }));
  };
  return { id, title, xTitle, logX, ours: points(acc, 'ours'), published: points(pub, 'published') };
}

function emptyChart(id: string, title: string, xTitle: string, logX: boolean): StudyChartData {
  return { id, title, xTitle, logX, ours: [], published: [] };
}

/** Our figure, the published one and the gap, two decimals, whatever unit the file used. */
function versusTable(caption: string, rows: Row[]): StudyTable {
  const acc = firstKey(rows, ACCURACY_KEYS);
  const pub = firstKey(rows, PUBLISHED_KEYS);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
    (k) => !isObject(rows[0][k]) && !Array.isArray(rows[0][k]),
  );
  const scale = (k: string): number => percentScale(rows, [k]);
  const computeGap = acc !== null && pub !== null && !keys.includes('difference');
  const columns = [
    ...keys.map((k) =>
      k === acc
        ? 'ours (%)'
        : k === pub
          ? 'published (%)'
          : k === 'difference'
            ? 'difference'
            : optionLabel(k),
    ),
    ...(computeGap ? ['difference'] : []),
  ];
  const body = rows.map((r) => {
    const cells = keys.map((k) =>
      k === acc || k === pub
        ? percentText(r[k], scale(k))
        : k === 'difference'
          ? signedText(r[k])
          : cellText(r[k]),
    );
    if (computeGap && acc && pub) {
      const a = num(r[acc]);
      const p = num(r[pub]);
      cells.push(a === null || p === null ? '—' : signedText(a * scale(acc) - p * scale(pub)));
    }
    return cells;
  });
  return { caption, columns, rows: body };
}

function comparisonTable(raw: unknown): StudyTable | null {
  if (!isObject(raw)) return null;
  const entries = (['softmax', 'ovr'] as const).filter((k) => isObject(raw[k]));
  if (entries.length === 0) return null;
  const rows = entries.map((k) => {
    const f = raw[k] as Row;
    return [
      k === 'ovr' ? 'one-vs-rest' : 'softmax',
      percentText(f.accuracyFirst2000, 1),
      percentText(f.accuracy, 1),
      num(f.trainSeconds) === null ? '—' : `${(f.trainSeconds as number).toFixed(2)} s`,
    ];
  });
  const where = [
    num(raw.learningRate) !== null ? `learning rate ${cellText(raw.learningRate)}` : '',
    num(raw.epochs) !== null ? `${cellText(raw.epochs)} epochs` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    caption: `Softmax against one-vs-rest${where ? ` (${where})` : ''}`,
    columns: ['strategy', 'first 2,000 (%)', allLabel(num(raw.testCount)), 'training time'],
    rows,
  };
}

function cards(raw: Row, t1: Row[] | null, checks: Row | null): Card[] {
  const out: Card[] = [];
  const last = t1?.at(-1);
  if (last) {
    const acc = firstKey(t1 ?? [], ACCURACY_KEYS);
    const pub = firstKey(t1 ?? [], PUBLISHED_KEYS);
    const value = acc ? percentText(last[acc], percentScale(t1 ?? [], [acc])) : '—';
    const published = pub ? percentText(last[pub], percentScale(t1 ?? [], [pub])) : '—';
    out.push([
      `Table 1, ${cellText(last.epochs)} epochs`,
      value === '—' ? '—' : `${value}%`,
      `published ${published}%`,
    ]);
  }
  if (checks && num(checks.largestGap) !== null) {
    const within = checks.allWithinTolerance === true;
    out.push([
      'largest gap',
      `${(checks.largestGap as number).toFixed(2)} pt`,
      `${within ? 'within' : 'outside'} the ±${cellText(checks.tolerance)} pt tolerance`,
    ]);
  }
  if (num(raw.seconds) !== null) {
    const runs = rowsOf(raw.runs)?.length;
    out.push(['total time', `${(raw.seconds as number).toFixed(1)} s`, runs ? `${runs} runs` : '']);
  }
  return out;
}

function allLabel(n: number | null): string {
  return n === null ? 'all (%)' : `all ${grouped(n)} (%)`;
}
