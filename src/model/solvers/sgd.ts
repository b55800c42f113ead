import type { UpdateRule } from '../../kernels/backend.js';
import type { GradOut, Params } from '../../kernels/types.js';
import type { Evaluate, Solver, StepReport } from './solver.js';

/**
 * Gradient descent with momentum in the original write-up's form, for W and b alike:
 *   v ← μv + α∇,  θ ← θ − v
 * or, with Nesterov's look-ahead (as PyTorch writes it for this form): θ ← θ − (μv + α∇) after the same
 * update of v. With μ = 0 both are plain gradient descent. Float32 state, the same arithmetic in the same
 * order as before the Solver seam (test/model/sgdUnchanged.test.ts checks the bytes).
 */
export class SgdSolver implements Solver {
  readonly name = 'sgd';
  readonly batching = 'mini-batch';
  private readonly vW: Float32Array;
  private readonly vb: Float32Array;

  constructor(
    d: number,
    k: number,
    private readonly momentum: number,
    private readonly nesterov: boolean,
  ) {
    this.vW = new Float32Array(d * k);
    this.vb = new Float32Array(k);
  }

  step(params: Params, evaluate: Evaluate, grad: GradOut, lr: number): StepReport {
    evaluate(params, grad);
    const report = { loss: grad.loss, correct: grad.correct, evaluations: 1, stepSize: lr };
    update(params.W, this.vW, grad.gW, lr, this.momentum, this.nesterov);
    update(params.b, this.vb, grad.gb, lr, this.momentum, this.nesterov);
    return report;
  }

  /** The same update for kernels that run it (native/steps.c), on this solver's velocity. */
  updateRule(lr: number): UpdateRule {
    const { momentum, nesterov, vW, vb } = this;
    return { kind: 'sgd', lr, momentum, nesterov, vW, vb };
  }

  tookSteps(): void {
    // the velocity was updated in place
  }
}

function update(
  theta: Float32Array,
  v: Float32Array,
  g: Float32Array,
  lr: number,
  mu: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < theta.length; i++) {
    const vi = mu * v[i] + lr * g[i];
    v[i] = vi;
    theta[i] -= nesterov ? mu * vi + lr * g[i] : vi;
  }
}
