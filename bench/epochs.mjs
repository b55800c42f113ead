// Whole-epoch workloads through the trainer's own objective and sgd solver (scores, softmax, gradient,
// penalty and momentum update), so the numbers are what a training run pays per epoch. A mini-batch
// epoch runs as the training loop runs it: in one call where the backend runs whole epochs (native), one
// step per batch otherwise.
import { createObjective, emptyGrad } from '../dist/model/objective.js';
import { canFuse, fusedSteps, runFusedEpoch } from '../dist/model/solvers/fusedEpoch.js';
import { SgdSolver } from '../dist/model/solvers/sgd.js';
import { Rng } from '../dist/model/rng.js';

/** Workloads for one backend over Fashion-MNIST's training rows (x/255) and test rows. */
export function epochWorkloads(backend, { train, labels, test, d, k, batch }) {
  const spec = { backend, data: train, labels, link: 'softmax', weightDecay: 1e-4, columns: null };
  const objective = createObjective(spec);
  const params = { W: new Float32Array(d * k), b: new Float32Array(k), d, k };
  const grad = emptyGrad(d, k);
  const solver = new SgdSolver(d, k, 0.9, true);
  const index = Int32Array.from({ length: train.n }, (_, i) => i);
  const rng = new Rng(1);
  const proba = new Float32Array(test.n * k);
  const fused = canFuse(spec, solver) ? fusedSteps(train.n, batch) : null;
  return {
    fullBatchEpoch: () => {
      const rows = { index: null, start: 0, count: train.n };
      solver.step(params, (p, g) => objective.evaluate(p, rows, g), grad, 0.01);
    },
    miniBatchEpoch: () => {
      rng.shuffle(index);
      if (fused) {
        runFusedEpoch(spec, solver, params, index, train.n, batch, 0.01, Infinity, NaN, fused);
        return;
      }
      for (let start = 0; start < train.n; start += batch) {
        const rows = { index, start, count: Math.min(batch, train.n - start) };
        solver.step(params, (p, g) => objective.evaluate(p, rows, g), grad, 0.01);
      }
    },
    predict10k: () =>
      backend.predictProba(test, { index: null, start: 0, count: test.n }, params, 'softmax', proba),
  };
}
