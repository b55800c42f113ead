import type { Init } from './options.js';
import type { Rng } from './rng.js';

/** W's starting values; b always starts at zero. */
export function initWeights(init: Init, W: Float32Array, rng: Rng): void {
  switch (init) {
    case 'zeros':
      W.fill(0);
      return;
    case 'uniform': // the original write-up: 0.001 · U[0, 1)
      for (let i = 0; i < W.length; i++) W[i] = 0.001 * rng.uniform();
      return;
    case 'gaussian':
      for (let i = 0; i < W.length; i++) W[i] = 0.01 * rng.normal();
      return;
  }
}
