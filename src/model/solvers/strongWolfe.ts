/**
 * A line search that returns a step satisfying the strong Wolfe conditions, written after
 * torch.optim.lbfgs's `_strong_wolfe` (itself after minFunc and Nocedal & Wright, Algorithm 3.5/3.6):
 * a bracketing phase that grows the step by cubic extrapolation, then a zoom phase that shrinks the
 * bracket by safeguarded cubic interpolation. For a search direction p with slope φ'(0) = gᵀp < 0, an
 * accepted step t satisfies
 *
 *   sufficient decrease:  φ(t) ≤ φ(0) + c₁·t·φ'(0)
 *   curvature (strong):   |φ'(t)| ≤ c₂·|φ'(0)|
 *
 * `done` says whether both hold; when the search runs out of trials or its bracket shrinks below what the
 * arithmetic resolves, it returns the lowest point it saw instead (possibly t = 0: no decrease found).
 */

/**
 * φ(t) = J(x + t·p) and its slope φ'(t) = ∇J(x + t·p)ᵀp at a trial step, with whatever the caller needs
 * to take that point up afterwards (its gradient): the search returns one of the points it was given.
 */
export interface LinePoint<S> {
  readonly t: number;
  readonly f: number;
  readonly slope: number;
  readonly state: S;
}

export interface LineSearchResult<S> {
  point: LinePoint<S>;
  /** Both strong Wolfe conditions hold at point.t. */
  done: boolean;
  evaluations: number;
}

export interface LineSearchOptions {
  c1: number;
  c2: number;
  /** Stop when the bracket's width times maxAbsP falls below this. */
  toleranceChange: number;
  maxTrials: number;
}

export const LINE_SEARCH_DEFAULTS: LineSearchOptions = {
  c1: 1e-4,
  c2: 0.9,
  toleranceChange: 1e-9,
  maxTrials: 25,
};

/**
 * Minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to [lo, hi] (by
 * default the interval between the points); the interval's middle when the cubic has no minimum there.
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2sq = d1 * d1 - g1 * g2;
  if (d2sq >= 0) {
    const d2 = Math.sqrt(d2sq);
    const m =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    // A non-finite f (a trial step too far) makes m NaN: bisect instead.
    if (Number.isFinite(m)) return Math.min(Math.max(m, lo), hi);
  }
  return (lo + hi) / 2;
}

/**
 * Searches along a descent direction from `start` (t = 0, slope < 0), trying t first. `phi(t)` evaluates
 * the objective at x + t·p; `maxAbsP` is the largest |component| of p. A non-finite value counts as "too
 * far" (it fails sufficient decrease).
 */
export function strongWolfe<S>(
  phi: (t: number) => LinePoint<S>,
  start: LinePoint<S>,
  t: number,
  maxAbsP: number,
  options: LineSearchOptions = LINE_SEARCH_DEFAULTS,
): LineSearchResult<S> {
  const { c1, c2, toleranceChange, maxTrials } = options;
  const f0 = start.f;
  const slope0 = start.slope;
  const armijo = (q: LinePoint<S>): boolean => Number.isFinite(q.f) && q.f <= f0 + c1 * q.t * slope0;
  const curvature = (q: LinePoint<S>): boolean => Math.abs(q.slope) <= -c2 * slope0;

  let p = phi(t);
  let evaluations = 1;
  let prev = start;
  let trials = 0;
  // The bracket: two points, br[low] the lower of the two.
  let br: [LinePoint<S>, LinePoint<S>];

  // Bracketing: grow t until the interval (prev.t, p.t) must hold a point that satisfies the conditions.
  for (;;) {
    if (trials >= maxTrials) {
      br = [start, p];
      break;
    }
    if (!armijo(p) || (trials > 1 && p.f >= prev.f)) {
      br = [prev, p];
      break;
    }
    if (curvature(p)) return { point: p, done: true, evaluations };
    if (p.slope >= 0) {
      br = [prev, p];
      break;
    }
    const next = cubicInterpolate(prev.t, prev.f, prev.slope, p.t, p.f, p.slope, [
      p.t + 0.01 * (p.t - prev.t),
      p.t * 10,
    ]);
    prev = p;
    p = phi(next);
    evaluations++;
    trials++;
  }

  // Zoom: shrink the bracket around a point that satisfies both conditions.
  let low = lower(br);
  let done = false;
  let insufficientProgress = false;
  while (!done && trials < maxTrials) {
    const a = br[0];
    const b = br[1];
    if (Math.abs(b.t - a.t) * maxAbsP < toleranceChange) break;
    let tt = cubicInterpolate(a.t, a.f, a.slope, b.t, b.f, b.slope);
    const hiT = Math.max(a.t, b.t);
    const loT = Math.min(a.t, b.t);
    const eps = 0.1 * (hiT - loT);
    if (Math.min(hiT - tt, tt - loT) < eps) {
      // Too close to an end of the bracket: move a tenth of its width inside, at the second such trial.
      if (insufficientProgress || tt >= hiT || tt <= loT) {
        tt = Math.abs(tt - hiT) < Math.abs(tt - loT) ? hiT - eps : loT + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    p = phi(tt);
    evaluations++;
    trials++;
    const high = 1 - low;
    if (!armijo(p) || p.f >= br[low].f) {
      br[high] = p;
      low = lower(br);
    } else {
      if (curvature(p)) done = true;
      else if (p.slope * (br[high].t - br[low].t) >= 0) br[high] = br[low];
      br[low] = p;
    }
  }
  return { point: br[low], done, evaluations };
}

/** Which end of the bracket is lower; a NaN value counts as +∞. */
function lower<S>(br: [LinePoint<S>, LinePoint<S>]): 0 | 1 {
  const f = (q: LinePoint<S>): number => (Number.isNaN(q.f) ? Infinity : q.f);
  return f(br[0]) <= f(br[1]) ? 0 : 1;
}
