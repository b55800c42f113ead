import type { EvalPredictions } from './predictions.js';

/** One evaluation image with what the model made of it. */
export interface Example {
  index: number;
  truth: number;
  predicted: number;
  /** The model's probability for its predicted class. */
  probability: number;
}

/**
 * Images of true class `truth` predicted as `predicted`, most confident first: for right answers these
 * are what the class looks like to the model, for wrong ones what fools it most.
 */
export function examplesFor(p: EvalPredictions, truth: number, predicted: number, limit: number): Example[] {
  const found: Example[] = [];
  for (let i = 0; i < p.set.n; i++) {
    if (p.set.labels[i] === truth && p.pred[i] === predicted) {
      found.push({ index: i, truth, predicted, probability: p.proba[i * p.k + predicted] });
    }
  }
  return found.sort((a, b) => b.probability - a.probability || a.index - b.index).slice(0, limit);
}

/**
 * Mistakes on images of class `truth`, spread over what they were mistaken for: one from each wrong class
 * in turn (the most frequent confusion first), most confident first within each. A plain "most confident"
 * list tends to show one confusion only, which hides the others the matrix reports.
 */
export function mistakesOf(p: EvalPredictions, truth: number, limit: number): Example[] {
  const byTarget = new Map<number, Example[]>();
  for (let i = 0; i < p.set.n; i++) {
    const predicted = p.pred[i];
    if (p.set.labels[i] !== truth || predicted === truth) continue;
    const list = byTarget.get(predicted) ?? [];
    list.push({ index: i, truth, predicted, probability: p.proba[i * p.k + predicted] });
    byTarget.set(predicted, list);
  }
  const groups = [...byTarget.entries()]
    .sort(([a, x], [b, y]) => y.length - x.length || a - b)
    .map(([, list]) => list.sort((a, b) => b.probability - a.probability || a.index - b.index));
  const out: Example[] = [];
  for (let round = 0; out.length < limit && groups.some((g) => g.length > round); round++) {
    for (const g of groups) if (round < g.length && out.length < limit) out.push(g[round]);
  }
  return out;
}

/** The `count` classes with the lowest accuracy (recall), worst first; classes without images are skipped. */
export function weakestClasses(p: EvalPredictions, count: number): number[] {
  const right = new Array<number>(p.k).fill(0);
  const total = new Array<number>(p.k).fill(0);
  for (let i = 0; i < p.set.n; i++) {
    total[p.set.labels[i]]++;
    if (p.pred[i] === p.set.labels[i]) right[p.set.labels[i]]++;
  }
  return Array.from({ length: p.k }, (_, c) => c)
    .filter((c) => total[c] > 0)
    .sort((a, b) => right[a] / total[a] - right[b] / total[b] || a - b)
    .slice(0, count);
}
