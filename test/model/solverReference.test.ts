import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryBatches } from '../../src/data/batchSource.js';
import { toByteRows } from '../../src/data/preprocess.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import type { Link, Params } from '../../src/kernels/types.js';
import { featureMeans } from '../../src/model/featureMeans.js';
import { createObjective, emptyGrad } from '../../src/model/objective.js';
import { DEFAULTS } from '../../src/model/options.js';
import { Rng } from '../../src/model/rng.js';
import { AdamSolver } from '../../src/model/solvers/adam.js';
import { LbfgsSolver } from '../../src/model/solvers/lbfgs.js';
import type { Solver } from '../../src/model/solvers/solver.js';
import { runTraining, type EpochRecord } from '../../src/model/train.js';

/**
 * L-BFGS and Adam against numbers from independent implementations (numpy/scipy/torch in float64), made
 * by test/fixtures/make_solver_reference.py into test/fixtures/solverReference.json.
 */
const ref = JSON.parse(
  readFileSync(new URL('../fixtures/solverReference.json', import.meta.url), 'utf8'),
) as {
  n: number;
  d: number;
  k: number;
  lambda: number;
  pixels: number[];
  labels: number[];
  softmaxOptimum: number;
  ovrOptimum: number;
  torchLbfgsLosses: number[];
  adam: {
    lr: number;
    beta1: number;
    beta2: number;
    epsilon: number;
    steps: number;
    W: number[];
    b: number[];
  };
};

/** Our float32 iterates against torch's float64 ones, over the first iterations. */
const ITERATE_RTOL = 1e-4;
/** The optimum reached in float32 parameters against scipy's float64 one. */
const OPTIMUM_ATOL = 2e-6;
/** Adam's weights after 25 steps, float32 against float64. */
const ADAM_ATOL = 1e-4;

const { n, d, k } = ref;
const pixels = Uint8Array.from(ref.pixels);
const labels = Uint8Array.from(ref.labels);
const rows = toByteRows({ kind: 'scale' }, pixels, n, d);

function train(
  link: Link,
  solver: Solver,
  limit: number,
  tol = 0,
): { params: Params; history: EpochRecord[]; result: ReturnType<typeof runTraining> } {
  const objective = createObjective({
    backend: createJsBackend(),
    data: rows,
    labels,
    link,
    weightDecay: ref.lambda,
    columns: null,
  });
  const params: Params = { W: new Float32Array(d * k), b: new Float32Array(k), d, k };
  const history: EpochRecord[] = [];
  const result = runTraining({
    objective,
    params,
    source: memoryBatches(rows, labels, null),
    solver,
    options: {
      ...DEFAULTS,
      batchSize: 'full',
      epochs: limit,
      maxIter: limit,
      tol,
      lrDecay: 1,
      learningRate: ref.adam.lr,
    },
    rng: new Rng(1),
    afterEpoch: (r) => history.push(r),
  });
  return { params, history, result };
}

describe('L-BFGS', () => {
  it("follows torch.optim.LBFGS(line_search_fn='strong_wolfe') iteration by iteration", () => {
    const { history } = train('softmax', new LbfgsSolver(d, k, 10), ref.torchLbfgsLosses.length);
    const ours = history.map((h) => h.loss);
    ref.torchLbfgsLosses.forEach((want, i) =>
      expect(Math.abs(ours[i] - want) / want, `iteration ${i + 1}`).toBeLessThan(ITERATE_RTOL),
    );
  });

  it.each([
    { link: 'softmax' as const, optimum: ref.softmaxOptimum },
    { link: 'ovr' as const, optimum: ref.ovrOptimum },
  ])('reaches scipy’s optimum ($link), with and without centring', ({ link, optimum }) => {
    const means = featureMeans({ kind: 'scale' }, rows);
    for (const shift of [null, means]) {
      const { result } = train(link, new LbfgsSolver(d, k, 10, shift), 500, 1e-12);
      expect(Math.abs(result.finalObjective - optimum)).toBeLessThan(OPTIMUM_ATOL);
      expect(result.stopReason).not.toBe('limit');
    }
  });
});

describe('Adam', () => {
  it('matches torch.optim.Adam after 25 full-batch steps', () => {
    const a = ref.adam;
    const { params } = train('softmax', new AdamSolver(d, k, a.beta1, a.beta2, a.epsilon), a.steps);
    const diff = Math.max(
      ...a.W.map((w, i) => Math.abs(w - params.W[i])),
      ...a.b.map((b, i) => Math.abs(b - params.b[i])),
    );
    expect(diff).toBeLessThan(ADAM_ATOL);
    expect(Math.max(...a.W.map(Math.abs))).toBeGreaterThan(0.1); // the steps went somewhere
  });
});

it('the objective keeps its gradient scratch apart from the solver’s', () => {
  // A guard for the fixture itself: J at zero is log k for softmax.
  const objective = createObjective({
    backend: createJsBackend(),
    data: rows,
    labels,
    link: 'softmax',
    weightDecay: ref.lambda,
    columns: null,
  });
  const g = emptyGrad(d, k);
  objective.evaluate(
    { W: new Float32Array(d * k), b: new Float32Array(k), d, k },
    { index: null, start: 0, count: n },
    g,
  );
  expect(g.loss).toBeCloseTo(Math.log(k), 12);
});
