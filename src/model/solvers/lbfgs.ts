import type { GradOut, Params } from '../../kernels/types.js';
import { gradNormInf } from '../objective.js';
import type { Evaluate, Solver, StepReport } from './solver.js';
import { strongWolfe, type LinePoint } from './strongWolfe.js';

/** What the line search keeps of a trial point: its gradient in the solver's variables (float64), the
 *  ∞-norm of ∇J in W and b, and its count of right rows. */
interface Trial {
  g: Float64Array;
  gradNorm: number;
  correct: number;
}

/**
 * Limited-memory BFGS on the full batch, after torch.optim.LBFGS with line_search_fn='strong_wolfe':
 * each step builds the direction p = −H·g from the last m curvature pairs (s, y) by the two-loop
 * recursion (Nocedal & Wright, Algorithm 7.4, with H₀ = (sᵀy / yᵀy)·I from the newest pair), then takes
 * the step a strong-Wolfe line search accepts (strongWolfe.ts). The first step is steepest descent of
 * length min(1, 1/‖g‖₁), as in torch.
 *
 * The parameters W, b (float32, as the kernels read them) are viewed as one float64 vector
 * x = [W; c] with c = b + Wᵀμ, μ the features' means (or 0): the same objective over centred features,
 * whose bias no longer moves with every weight, and which L-BFGS solves in about half the iterations on
 * pixel data (Fashion-MNIST: ~280 instead of ~500 to within 1e-5 of the optimum). All of L-BFGS's own
 * arithmetic is float64; the W part of x is always the float32 point the objective was evaluated at. A pair with sᵀy ≤ 1e-10 (no positive curvature seen)
 * is skipped. A direction that is not a descent direction drops the memory and restarts from steepest
 * descent; if even that finds no decrease, the step reports `stalled`.
 */
export class LbfgsSolver implements Solver {
  readonly name = 'lbfgs';
  readonly batching = 'full';
  private readonly size: number;
  private x: Float64Array;
  private cur: LinePoint<Trial> | null = null;
  private readonly pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  private readonly alpha: Float64Array;
  private hDiag = 1;

  /** `shift` is μ (d entries), the features' means, or null for none (see above). */
  constructor(
    private readonly d: number,
    private readonly k: number,
    private readonly historySize: number,
    private readonly shift: Float64Array | null = null,
  ) {
    this.size = d * k + k;
    this.x = new Float64Array(this.size);
    this.alpha = new Float64Array(historySize);
  }

  step(params: Params, evaluate: Evaluate, grad: GradOut, _lr: number): StepReport {
    let evaluations = 0;
    const at = (x: Float64Array, t: number): LinePoint<Trial> => {
      this.writeParams(x, params);
      evaluate(params, grad);
      evaluations++;
      const state = { g: this.readGrad(grad), gradNorm: gradNormInf(grad), correct: grad.correct };
      return { t, f: grad.loss, slope: NaN, state };
    };
    if (this.cur === null) {
      this.readParams(params, this.x);
      this.cur = at(this.x, 0);
    }
    let found = this.search(this.direction(this.cur.state.g), at);
    if (found === null && this.pairs.length > 0) {
      // No decrease along the L-BFGS direction (pairs spoiled by rounding): forget them, go downhill.
      this.pairs.length = 0;
      found = this.search(this.direction(this.cur.state.g), at);
    }
    if (found !== null) {
      this.remember(found.x, found.point.state.g);
      this.x = found.x;
      this.cur = found.point;
    }
    // Leave params at the current point (the search may have ended on another trial).
    this.writeParams(this.x, params);
    return {
      loss: this.cur.f,
      correct: this.cur.state.correct,
      evaluations,
      stepSize: found === null ? 0 : found.point.t,
      gradNorm: this.cur.state.gradNorm,
      stalled: found === null,
    };
  }

  /** The strong-Wolfe step along p from the current point, or null when it finds no decrease. */
  private search(
    p: Float64Array,
    at: (x: Float64Array, t: number) => LinePoint<Trial>,
  ): { x: Float64Array; point: LinePoint<Trial> } | null {
    const cur = this.cur as LinePoint<Trial>;
    let slope0 = dot(cur.state.g, p);
    if (!(slope0 < 0)) {
      this.pairs.length = 0;
      p = this.direction(cur.state.g);
      slope0 = dot(cur.state.g, p);
      if (!(slope0 < 0)) return null; // ∇J = 0
    }
    const t0 = this.pairs.length === 0 ? Math.min(1, 1 / sumAbs(p)) : 1;
    const trial = new Float64Array(this.size);
    const phi = (t: number): LinePoint<Trial> => {
      for (let i = 0; i < this.size; i++) trial[i] = Math.fround(this.x[i] + t * p[i]);
      const q = at(trial, t);
      return { ...q, slope: dot(q.state.g, p) };
    };
    const { point } = strongWolfe(phi, { ...cur, t: 0, slope: slope0 }, t0, maxAbs(p));
    if (!(point.f < cur.f)) return null;
    const x = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) x[i] = Math.fround(this.x[i] + point.t * p[i]);
    return { x, point };
  }

  /** Stores the pair (x_new − x, g_new − g) when it shows positive curvature. */
  private remember(xNew: Float64Array, gNew: Float64Array): void {
    const cur = this.cur as LinePoint<Trial>;
    const s = new Float64Array(this.size);
    const y = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) {
      s[i] = xNew[i] - this.x[i];
      y[i] = gNew[i] - cur.state.g[i];
    }
    const ys = dot(y, s);
    if (ys <= 1e-10) return;
    if (this.pairs.length === this.historySize) this.pairs.shift();
    this.pairs.push({ s, y, rho: 1 / ys });
    this.hDiag = ys / dot(y, y);
  }

  /** x = [W; b + Wᵀμ] from the parameters. */
  private readParams(p: Params, x: Float64Array): void {
    const { d, k, shift } = this;
    x.set(p.W);
    for (let c = 0; c < k; c++) {
      let v = p.b[c];
      if (shift !== null) for (let j = 0; j < d; j++) v += shift[j] * p.W[j * k + c];
      x[d * k + c] = v;
    }
  }

  /** W = x_W, b = x_c − Wᵀμ, rounded to float32. */
  private writeParams(x: Float64Array, p: Params): void {
    const { d, k, shift } = this;
    for (let i = 0; i < d * k; i++) p.W[i] = x[i];
    for (let c = 0; c < k; c++) {
      let v = x[d * k + c];
      if (shift !== null) for (let j = 0; j < d; j++) v -= shift[j] * x[j * k + c];
      p.b[c] = v;
    }
  }

  /** ∇J in x's variables: ∂J/∂W_jc − μ_j·∂J/∂b_c for the weights, ∂J/∂b_c for the centred biases. */
  private readGrad(grad: GradOut): Float64Array {
    const { d, k, shift } = this;
    const g = new Float64Array(this.size);
    g.set(grad.gW);
    g.set(grad.gb, d * k);
    if (shift !== null) {
      for (let j = 0; j < d; j++) for (let c = 0; c < k; c++) g[j * k + c] -= shift[j] * grad.gb[c];
    }
    return g;
  }

  /** p = −H·g by the two-loop recursion over the stored pairs (oldest first in `pairs`). */
  private direction(g: Float64Array): Float64Array {
    const q = negate(g);
    const n = this.pairs.length;
    if (n === 0) return q;
    for (let i = n - 1; i >= 0; i--) {
      const { s, y, rho } = this.pairs[i];
      const a = rho * dot(s, q);
      this.alpha[i] = a;
      axpy(-a, y, q);
    }
    for (let i = 0; i < q.length; i++) q[i] *= this.hDiag;
    for (let i = 0; i < n; i++) {
      const { s, y, rho } = this.pairs[i];
      const beta = rho * dot(y, q);
      axpy(this.alpha[i] - beta, s, q);
    }
    return q;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function negate(g: Float64Array): Float64Array {
  const q = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) q[i] = -g[i];
  return q;
}

function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
