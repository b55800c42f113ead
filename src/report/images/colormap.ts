/**
 * A diverging colour scale for signed values: blue for negative, near-white for zero, red for positive
 * (ColorBrewer's RdBu, reversed so that "more" reads as warm). Zero must look neutral so that the eye sees
 * only the pixels a weight template cares about.
 */
const STOPS: readonly (readonly [number, number, number])[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

/** The colour of t in [-1, 1] (clamped); -1 is dark blue, 0 near-white, +1 dark red. */
export function diverging(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
  const pos = ((x + 1) / 2) * (STOPS.length - 1);
  const i = Math.min(Math.floor(pos), STOPS.length - 2);
  const f = pos - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as [number, number, number];
}

/** CSS colour stops for a legend bar drawn with a linear-gradient, left = -1, right = +1. */
export function divergingCssGradient(): string {
  const stops = STOPS.map(
    ([r, g, b], i) => `rgb(${r},${g},${b}) ${((100 * i) / (STOPS.length - 1)).toFixed(0)}%`,
  );
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Hex form of an RGB triple, for chart specs. */
export function hex([r, g, b]: readonly [number, number, number]): string {
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}
