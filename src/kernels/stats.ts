/**
 * Statistics for preprocessing, over uint8 rows (n × d). Pure functions that write into the arrays they
 * are given.
 */

/**
 * Per-row affine map of min-max scaling: f = scale·x + offset takes each row's smallest byte to 0 and
 * its largest to 1. A constant row (range 0) maps to all zeros, where the original's numpy gave 0/0.
 */
export function rowMinMaxAffine(
  pixels: Uint8Array,
  n: number,
  d: number,
  scale: Float32Array,
  offset: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    let lo = 255;
    let hi = 0;
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const x = pixels[base + j];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const range = hi - lo;
    scale[i] = range > 0 ? 1 / range : 0;
    offset[i] = range > 0 ? -lo / range : 0;
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

/** The largest label (0 for none): with labels 0..k-1, the class count is this + 1. */
export function maxLabel(labels: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > m) m = labels[i];
  return m;
}

/**
 * Per-column mean and (population) standard deviation of float32 rows (n × d), in two passes over the
 * data (mean, then squared deviations), so a column of large values with a small spread keeps its digits.
 */
export function columnMeanStdFloat(
  values: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  std: Float64Array,
): void {
  mean.fill(0);
  std.fill(0);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) mean[j] += values[base + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) {
      const dev = values[base + j] - mean[j];
      std[j] += dev * dev;
    }
  }
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / n);
}
