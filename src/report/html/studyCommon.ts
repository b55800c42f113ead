/**
 * The shape the study part of the report draws (charts, tables, headline cards), and small lenient
 * helpers for reading reproduce.json and sweep.json, whose shapes may still change: readers take what they
 * recognise and never throw.
 */

/** A point of an accuracy chart; accuracy in percent. */
export interface StudyPoint {
  x: number;
  accuracy: number;
  series: string;
}

export interface StudyChartData {
  id: string;
  title: string;
  xTitle: string;
  logX: boolean;
  ours: StudyPoint[];
  published: StudyPoint[];
  /** Legend entry of the published points. */
  publishedLabel?: string;
  caption?: string;
}

export interface StudyTable {
  caption: string;
  columns: string[];
  /** Cell text, already formatted. */
  rows: string[][];
  /** Row to highlight (the best configuration of a sweep). */
  highlight?: number;
}

/** Label, value, small print: one headline number for the top of the page. */
export type Card = [string, string, string];

export interface Study {
  kind: 'reproduce' | 'sweep';
  cards: Card[];
  charts: StudyChartData[];
  tables: StudyTable[];
  /** Loose facts as label → text. */
  facts: [string, string][];
  /** Sentences for a bulleted list (the recipe in words). */
  bullets: string[];
  command?: string;
}

export type Row = Record<string, unknown>;

export const ACCURACY_KEYS = ['accuracy', 'accuracyFirst2000', 'testAccuracy', 'validationAccuracy', 'acc'];
export const PUBLISHED_KEYS = ['published', 'publishedAccuracy', 'paper'];

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function isObject(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function rowsOf(value: unknown): Row[] | null {
  return Array.isArray(value) && value.length > 0 && value.every(isObject) ? (value as Row[]) : null;
}

/** The first of `keys` that holds a number in some row. */
export function firstKey(rows: Row[], keys: readonly string[]): string | null {
  return keys.find((k) => rows.some((r) => num(r[k]) !== null)) ?? null;
}

export function distinct(rows: Row[], key: string): number {
  return new Set(rows.map((r) => JSON.stringify(r[key] ?? null))).size;
}

/** Accuracies should be in percent; a column whose values all lie in 0..1 is taken as a share. */
export function percentScale(rows: Row[], keys: readonly (string | null)[]): number {
  const values = rows
    .flatMap((r) => keys.map((k) => (k ? num(r[k]) : null)))
    .filter((v): v is number => v !== null);
  return values.length > 0 && values.every((v) => v >= 0 && v <= 1) ? 100 : 1;
}

/** A value as table text: numbers to four significant digits, nothing as a dash. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function percentText(v: unknown, scale: number): string {
  const x = num(v);
  return x === null ? '—' : (x * scale).toFixed(2);
}

/** A difference in percentage points with its sign ("+0.40", "−1.10"). */
export function signedText(v: unknown): string {
  const x = num(v);
  if (x === null) return '—';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
}

/**
 * A per-epoch accuracy curve from a history array ({epoch, accuracyFirst2000 | testAccuracy | accuracy}),
 * in percent; null when the array holds no such points.
 */
export function curveOf(history: unknown, series: string): StudyPoint[] | null {
  const rows = rowsOf(history);
  if (!rows) return null;
  const acc = firstKey(rows, ACCURACY_KEYS);
  if (!acc) return null;
  const scale = percentScale(rows, [acc]);
  const points = rows
    .filter((r) => num(r.epoch) !== null && num(r[acc]) !== null)
    .map((r) => ({ x: num(r.epoch) as number, accuracy: scale * (num(r[acc]) as number), series }));
  return points.length > 0 ? points : null;
}
