/** Shared number formats for experiment tables. */

/** A 0..1 share as a percentage with two decimals, or a dash when there is no figure. */
export function pct(x: number | null): string {
  return x === null ? '–' : `${(100 * x).toFixed(2)}%`;
}

export function fixed(x: number | null, digits: number): string {
  return x === null ? '–' : x.toFixed(digits);
}

/** A percentage rounded to two decimals as a number (for JSON: 81.7, not 81.69999999999999). */
export function percent(x: number): number {
  return Math.round(x * 10000) / 100;
}

/** Seconds as the shortest readable duration. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
