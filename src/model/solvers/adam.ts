import type { UpdateRule } from '../../kernels/backend.js';
import type { GradOut, Params } from '../../kernels/types.js';
import type { Evaluate, Solver, StepReport } from './solver.js';

/**
 * Adam (Kingma & Ba, 2015), as torch.optim.Adam computes it, for W and b alike, on the objective's
 * gradient g (which already holds the penalty's λW, so this is Adam with L2, not AdamW):
 *
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − α·(m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε)
 *
 * with t the step count from 1. The moments are float32, like the parameters; each update is computed
 * in float64 and rounded once.
 */
export class AdamSolver implements Solver {
  readonly name = 'adam';
  readonly batching = 'mini-batch';
  private readonly mW: Float32Array;
  private readonly vW: Float32Array;
  private readonly mb: Float32Array;
  private readonly vb: Float32Array;
  private t = 0;

  constructor(
    d: number,
    k: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {
    this.mW = new Float32Array(d * k);
    this.vW = new Float32Array(d * k);
    this.mb = new Float32Array(k);
    this.vb = new Float32Array(k);
  }

  step(params: Params, evaluate: Evaluate, grad: GradOut, lr: number): StepReport {
    evaluate(params, grad);
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = Math.sqrt(1 - this.beta2 ** this.t);
    this.update(params.W, this.mW, this.vW, grad.gW, lr / c1, c2);
    this.update(params.b, this.mb, this.vb, grad.gb, lr / c1, c2);
    return { loss: grad.loss, correct: grad.correct, evaluations: 1, stepSize: lr };
  }

  /** The same update for kernels that run it (native/steps.c), on this solver's moments. */
  updateRule(lr: number): UpdateRule {
    const { beta1, beta2, epsilon, t, mW, vW, mb, vb } = this;
    return { kind: 'adam', lr, beta1, beta2, epsilon, t, mW, vW, mb, vb };
  }

  tookSteps(_steps: number, t: number): void {
    this.t = t;
  }

  private update(
    theta: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    stepSize: number,
    c2: number,
  ): void {
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i];
      const mi = b1 * m[i] + (1 - b1) * gi;
      const vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      theta[i] -= (stepSize * mi) / (Math.sqrt(vi) / c2 + eps);
    }
  }
}
