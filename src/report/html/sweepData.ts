import { optionLabel, shortOptions } from './optionLabels.js';
import {
  ACCURACY_KEYS,
  cellText,
  curveOf,
  distinct,
  firstKey,
  isObject,
  num,
  percentScale,
  percentText,
  rowsOf,
  type Card,
  type Row,
  type Study,
  type StudyChartData,
  type StudyPoint,
} from './studyCommon.js';
import { grouped } from '../../util/grouped.js';

/** Learning curves of more runs than this make an unreadable tangle; the table still lists them all. */
const MAX_CURVES = 12;
/** Result columns shown after the swept options, when present: key, header, kind. */
const RESULT_COLUMNS: [string, string, 'percent' | 'number' | 'seconds' | 'text'][] = [
  ['accuracy', 'accuracy (%)', 'percent'],
  ['accuracyFirst2000', 'first 2,000 (%)', 'percent'],
  ['meanPerClassAccuracy', 'mean per class (%)', 'percent'],
  ['logLoss', 'log loss', 'number'],
  ['trainSeconds', 'training time', 'seconds'],
  ['status', 'status', 'text'],
];

/**
 * sweep.json: rows, one per configuration, each with the options that varied (`swept`, or at the top
 * level) and its scores; optionally `axes` (what was swept), `fixed` (what was not) and runs[].history
 * (learning curves). A bare array of rows is read too.
 */
export function readSweep(raw: unknown): Study | null {
  const list = rowsOf(raw) ?? (isObject(raw) ? (rowsOf(raw.rows) ?? rowsOf(raw.results)) : null);
  if (!list) return null;
  const top = isObject(raw) ? raw : {};
  const rows = list.map((r) => ({ ...(isObject(r.swept) ? r.swept : {}), ...scalars(r) }));
  const axes = axisKeys(top, rows);
  const acc = firstKey(rows, ACCURACY_KEYS);
  const scale = acc ? percentScale(rows, [acc]) : 1;

  const charts: StudyChartData[] = [];
  if (acc) {
    const lr = axes.find((k) => k === 'learningRate' || k === 'lr');
    if (lr)
      charts.push(
        axisChart(
          'sweep-learning-rate',
          'Accuracy against learning rate',
          'learning rate',
          true,
          rows,
          lr,
          acc,
          scale,
          axes,
        ),
      );
    if (axes.includes('epochs'))
      charts.push(
        axisChart(
          'sweep-epochs',
          'Accuracy against epochs',
          'epochs',
          false,
          rows,
          'epochs',
          acc,
          scale,
          axes,
        ),
      );
  }
  const curves = learningCurves(top.runs, axes);
  if (curves) charts.push(curves);

  let best: number | undefined;
  if (acc) {
    rows.forEach((r, i) => {
      const v = num(r[acc]);
      if (v !== null && (best === undefined || v > (num(rows[best][acc]) ?? -Infinity))) best = i;
    });
  }
  // A column equal to accuracy everywhere (first 2,000 when at most 2,000 images are scored) says nothing.
  const shown = RESULT_COLUMNS.filter(([k]) => k === acc || !acc || rows.some((r) => r[k] !== r[acc])).filter(
    ([k]) => !axes.includes(k) && rows.some((r) => r[k] !== undefined && r[k] !== null),
  );
  const extra = Object.keys(rows[0]).filter(
    (k) => !axes.includes(k) && !RESULT_COLUMNS.some(([c]) => c === k) && !HIDDEN.has(k),
  );
  const scales = new Map(
    shown.filter(([, , kind]) => kind === 'percent').map(([k]) => [k, percentScale(rows, [k])]),
  );
  const keys = [...axes, ...(rowsOf(raw) ? extra : []), ...shown.map(([k]) => k)];
  const table = {
    caption: `${rows.length} configurations${best !== undefined ? ', the best highlighted' : ''}`,
    columns: [...axes.map(optionLabel), ...(rowsOf(raw) ? extra : []), ...shown.map(([, h]) => h)],
    rows: rows.map((r) => keys.map((k) => format(k, r[k], scales.get(k) ?? 1))),
    highlight: best,
  };

  const facts: [string, string][] = [];
  if (isObject(top.fixed)) facts.push(['shared options', shortOptions(top.fixed, Object.keys(top.fixed))]);
  if (num(top.evalCount) !== null)
    facts.push([
      `${typeof top.evaluatedOn === 'string' ? top.evaluatedOn : 'evaluation'} images`,
      grouped(top.evalCount as number),
    ]);
  const cards: Card[] = [];
  if (best !== undefined && acc) {
    cards.push(['best accuracy', `${percentText(rows[best][acc], scale)}%`, shortOptions(rows[best], axes)]);
  }
  cards.push([
    'configurations',
    String(rows.length),
    axes.length > 0 ? `swept: ${axes.map(optionLabel).join(', ')}` : '',
  ]);
  if (num(top.seconds) !== null)
    cards.push([
      'total time',
      `${(top.seconds as number).toFixed(1)} s`,
      num(top.jobs) !== null ? `${top.jobs} jobs` : '',
    ]);
  return {
    kind: 'sweep',
    cards,
    charts,
    tables: [table],
    facts,
    bullets: [],
    command: typeof top.command === 'string' ? top.command : undefined,
  };
}

/** Bookkeeping fields of a row that mean nothing to a reader. */
const HIDDEN = new Set(['row', 'run', 'divergedAtEpoch', 'trainLoss', 'trainAccuracy']);

/** What was swept: `axes[].key` when the file says, else every scalar field that varies and is no score. */
function axisKeys(top: Row, rows: Row[]): string[] {
  const declared = rowsOf(top.axes)
    ?.map((a) => a.key)
    .filter((k): k is string => typeof k === 'string');
  if (declared && declared.length > 0) return declared;
  const scores = new Set([...ACCURACY_KEYS, ...RESULT_COLUMNS.map(([k]) => k), ...HIDDEN]);
  return Object.keys(rows[0]).filter((k) => !scores.has(k) && distinct(rows, k) > 1);
}

/** A row's scalar fields (nested objects such as the full options, and arrays such as confusion matrices, are not table material). */
function scalars(r: Row): Row {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v === null || typeof v !== 'object'));
}

function axisChart(
  id: string,
  title: string,
  xTitle: string,
  logX: boolean,
  rows: Row[],
  x: string,
  acc: string,
  scale: number,
  axes: string[],
): StudyChartData {
  const others = axes.filter((k) => k !== x);
  const ours: StudyPoint[] = rows
    .filter((r) => num(r[x]) !== null && num(r[acc]) !== null)
    .map((r) => ({
      x: num(r[x]) as number,
      accuracy: scale * (num(r[acc]) as number),
      series: shortOptions(r, others) || 'ours',
    }));
  return {
    id,
    title,
    xTitle,
    logX,
    ours,
    published: [],
    caption: `${title}: one line per combination of the other swept settings.`,
  };
}

/** Accuracy after every epoch of each run, one line per run, labelled by its swept options. */
function learningCurves(runs: unknown, axes: string[]): StudyChartData | null {
  const list = rowsOf(runs);
  if (!list || list.length > MAX_CURVES) return null;
  const keys = axes.filter((k) => k !== 'epochs');
  const ours = list.flatMap((run, i) => {
    const options = isObject(run.options) ? run.options : {};
    return curveOf(run.history, shortOptions(options, keys) || `run ${i + 1}`) ?? [];
  });
  if (ours.length === 0) return null;
  return {
    id: 'sweep-curves',
    title: 'Learning curves',
    xTitle: 'epoch',
    logX: false,
    ours,
    published: [],
    caption: 'Accuracy after every epoch of each run (on the first 2,000 evaluation images).',
  };
}

function format(key: string, v: unknown, scale: number): string {
  const kind = RESULT_COLUMNS.find(([k]) => k === key)?.[2];
  if (kind === 'percent') return percentText(v, scale);
  if (kind === 'seconds') return num(v) === null ? '—' : `${(v as number).toFixed(2)} s`;
  if (kind === 'number') return num(v) === null ? '—' : (v as number).toFixed(4);
  return cellText(v);
}
