import type { LabeledRows } from '../data/dataSource.js';

/**
 * predictions.csv: a header `id,label,predicted,p_<class>…` (label only when the rows have labels), then
 * one line per row: its id (a CSV's id column, an image's file name, else the row number from 1), its
 * true class, the most probable class, and the probability of every class. Fields are quoted as RFC 4180
 * asks when they hold a comma, a quote or a line break.
 */
export function predictionsCsv(
  rows: LabeledRows,
  proba: Float32Array,
  classNames: readonly string[],
  opts: { header?: boolean; firstRow?: number } = {},
): { text: string; right: number; labelled: number } {
  const k = classNames.length;
  const hasLabels = rows.y !== null;
  const lines: string[] = [];
  if (opts.header ?? true) {
    lines.push(
      ['id', ...(hasLabels ? ['label'] : []), 'predicted', ...classNames.map((c) => `p_${c}`)]
        .map(field)
        .join(','),
    );
  }
  let right = 0;
  for (let i = 0; i < rows.X.n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
    const id = rows.ids?.[i] ?? String((opts.firstRow ?? 0) + i + 1);
    const cells = [id];
    if (rows.y !== null) {
      cells.push(classNames[rows.y[i]]);
      if (rows.y[i] === best) right++;
    }
    cells.push(classNames[best]);
    for (let c = 0; c < k; c++) cells.push(Number(proba[i * k + c].toPrecision(6)).toString());
    lines.push(cells.map(field).join(','));
  }
  return { text: lines.map((l) => l + '\n').join(''), right, labelled: hasLabels ? rows.X.n : 0 };
}

function field(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
