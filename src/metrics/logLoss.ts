/** Mean −log p(true class), with probabilities clipped at 1e-15 so one certain mistake stays finite. */
export function logLoss(proba: Float32Array, truth: Uint8Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum -= Math.log(Math.max(proba[i * k + truth[i]], 1e-15));
  return sum / truth.length;
}
