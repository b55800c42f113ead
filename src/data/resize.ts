/**
 * Resizes an image of 8-bit pixels (height × width × channels, channels side by side), separably, one
 * axis at a time:
 * - along an axis that shrinks, by area averaging: each output pixel is the mean of the source pixels it
 *   covers, weighted by how much of each it covers (as OpenCV's INTER_AREA), so no source pixel is lost;
 * - along an axis that grows (or keeps its size), by bilinear interpolation between the two nearest
 *   source pixels, pixel centres aligned (as OpenCV's INTER_LINEAR); an unchanged axis is copied exactly.
 * Pure: allocates its output and a float row buffer, nothing else.
 */
export function resizeImage(
  src: Uint8Array,
  height: number,
  width: number,
  channels: number,
  toHeight: number,
  toWidth: number,
): Uint8Array {
  if (height === toHeight && width === toWidth) return src.slice();
  const xs = axisWeights(width, toWidth);
  const ys = axisWeights(height, toHeight);
  // Horizontal pass: height × toWidth × channels, in float.
  const mid = new Float32Array(height * toWidth * channels);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    for (let x = 0; x < toWidth; x++) {
      const { from, weights } = xs[x];
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = 0; t < weights.length; t++) acc += weights[t] * src[row + (from + t) * channels + c];
        mid[(y * toWidth + x) * channels + c] = acc;
      }
    }
  }
  const out = new Uint8Array(toHeight * toWidth * channels);
  const stride = toWidth * channels;
  for (let y = 0; y < toHeight; y++) {
    const { from, weights } = ys[y];
    for (let i = 0; i < stride; i++) {
      let acc = 0;
      for (let t = 0; t < weights.length; t++) acc += weights[t] * mid[(from + t) * stride + i];
      out[y * stride + i] = Math.min(255, Math.max(0, Math.round(acc)));
    }
  }
  return out;
}

/** For each output index, the first source index it reads and the weights of the source indices from there. */
export function axisWeights(size: number, toSize: number): { from: number; weights: Float64Array }[] {
  const scale = size / toSize;
  return Array.from({ length: toSize }, (_, o) => {
    if (scale > 1) {
      // Area: the output pixel covers source [o·scale, (o+1)·scale).
      const lo = o * scale;
      const hi = lo + scale;
      const from = Math.floor(lo);
      const to = Math.min(Math.ceil(hi), size);
      const weights = new Float64Array(to - from);
      for (let s = from; s < to; s++) weights[s - from] = (Math.min(hi, s + 1) - Math.max(lo, s)) / scale;
      return { from, weights };
    }
    // Bilinear: the output pixel's centre, in source coordinates, clamped to the edge pixels' centres.
    const centre = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), size - 1);
    const from = Math.min(Math.floor(centre), Math.max(size - 2, 0));
    const f = centre - from;
    return size === 1 ? { from: 0, weights: Float64Array.of(1) } : { from, weights: Float64Array.of(1 - f, f) };
  });
}
