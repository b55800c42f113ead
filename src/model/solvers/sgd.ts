import type { Params } from '../kernels/types.js';

/**
 * Gradient descent with momentum in the original write-up's form, for W and b alike:
 *   v ← μv + α∇,  θ ← θ − v
 * or, with Nesterov's look-ahead (as PyTorch writes it for this form): θ ← θ − (μv + α∇) after the same
 * update of v. With μ = 0 both are plain gradient descent. The optimiser sees only parameters, gradient
 * and step size.
 */
export class MomentumOptimizer {
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

  step(p: Params, gW: Float32Array, gb: Float32Array, lr: number): void {
    update(p.W, this.vW, gW, lr, this.momentum, this.nesterov);
    update(p.b, this.vb, gb, lr, this.momentum, this.nesterov);
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
