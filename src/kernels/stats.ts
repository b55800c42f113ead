/**
 * Statistics for preprocessing, over uint8 rows (n × d). Pure functions that write into the arrays they
 * are given.
 */

/** Per-row minimum and maximum. */
export function rowMinMax(pixels: Uint8Array, n: number, d: number, min: Uint8Array, max: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    let lo = 255;
    let hi = 0;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const x = pixels[base + j];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    min[i] = lo;
    max[i] = hi;
  }
}

/** Per-column mean and (population) standard deviation, accumulated in float64. */
export function columnMeanStd(
  pixels: Uint8Array,
  n: number,
  d: number,
  mean: Float64Array,
  std: Float64Array,
): void {
  const sum = new Float64Array(d);
  const sumSq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const x = pixels[base + j];
      sum[j] += x;
      sumSq[j] += x * x;
    }
  }
  for (let j = 0; j < d; j++) {
    const m = sum[j] / n;
    mean[j] = m;
    std[j] = Math.sqrt(Math.max(sumSq[j] / n - m * m, 0));
  }
}
