/** Index of the largest of each row of an n × k matrix (ties go to the lower class). */
export function argmaxRows(m: Float32Array, n: number, k: number, out: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (m[base + c] > m[base + best]) best = c;
    out[i] = best;
  }
}
