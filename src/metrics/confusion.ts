/** k × k counts; rows are the true class, columns the predicted one. */
export function confusionMatrix(truth: Uint8Array, pred: Uint8Array, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][pred[i]]++;
  return m;
}

export interface ClassScore {
  name: string;
  /** Of this class's images, the share predicted as this class (equal to recall; kept under the name
   *  the original write-up used). */
  accuracy: number;
  /** Of the images predicted as this class, the share that are. */
  precision: number;
  recall: number;
  support: number;
}

/** Per-class scores from a confusion matrix. A class never predicted has precision 0. */
export function perClassScores(cm: number[][], names: string[]): ClassScore[] {
  const k = cm.length;
  return names.map((name, c) => {
    const support = cm[c].reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let r = 0; r < k; r++) predicted += cm[r][c];
    const recall = support > 0 ? cm[c][c] / support : 0;
    return { name, accuracy: recall, precision: predicted > 0 ? cm[c][c] / predicted : 0, recall, support };
  });
}

export interface ConfusedPair {
  trueClass: string;
  predictedClass: string;
  trueIndex: number;
  predictedIndex: number;
  count: number;
  /** count over the true class's support. */
  rate: number;
}

/** Off-diagonal cells, most frequent first. */
export function mostConfusedPairs(cm: number[][], names: string[], top = 5): ConfusedPair[] {
  const pairs: ConfusedPair[] = [];
  cm.forEach((row, t) => {
    const support = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      if (t !== p && count > 0) {
        pairs.push({
          trueClass: names[t],
          predictedClass: names[p],
          trueIndex: t,
          predictedIndex: p,
          count,
          rate: count / support,
        });
      }
    });
  });
  return pairs.sort((a, b) => b.count - a.count || a.trueIndex - b.trueIndex).slice(0, top);
}
