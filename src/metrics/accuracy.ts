/** Share of positions where predicted and true labels agree, in 0..1. */
export function accuracy(pred: Uint8Array, truth: Uint8Array): number {
  if (pred.length === 0) return NaN;
  let same = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) same++;
  return same / pred.length;
}
