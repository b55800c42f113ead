import { describe, expect, it } from 'vitest';
import { readReproduce } from '../../src/report/html/reproduceData.js';
import { readStudies } from '../../src/report/html/studySection.js';
import { readSweep } from '../../src/report/html/sweepData.js';

const curve = (lr: number, strategy = 'softmax') => ({
  options: { learningRate: lr, strategy },
  history: [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracyFirst2000: 0.6 + epoch / 100 })),
});

/** The shape `softmax reproduce` writes today (trimmed). */
const reproduce = {
  table1: [
    { epochs: 2, accuracy: 61.5, published: 79.95, difference: -18.45 },
    { epochs: 3, accuracy: null, published: 81.7, difference: null },
  ],
  table2: [
    { lr: 0.8, accuracy: 62.6, published: 83.7, difference: -21.1 },
    { lr: 0.01, accuracy: 64.75, published: 75.75, difference: -11 },
  ],
  recipe: {
    description: ['full-batch gradient descent'],
    options: { learningRate: 0.1 },
    trainCount: 3000,
    scoredTestCount: 2000,
  },
  comparison: {
    learningRate: 0.1,
    epochs: 3,
    testCount: 10000,
    softmax: { accuracyFirst2000: 70.4, accuracy: 70.25, trainSeconds: 0.2 },
    ovr: { accuracyFirst2000: 58.65, accuracy: 59.19, trainSeconds: 0.14 },
  },
  checks: {
    table1RisesWithEpochs: true,
    table2FallsWithLearningRate: false,
    tolerance: 2.5,
    largestGap: 21.1,
    allWithinTolerance: false,
  },
  backend: 'wasm',
  seconds: 2.7,
  runs: [curve(0.1), curve(0.8), curve(0.1, 'ovr')],
  command: 'softmax reproduce --epochs-scale 0.01',
};

describe('reproduce.json', () => {
  it('reads the tables, the per-run curves and the published points', () => {
    const s = readReproduce(reproduce);
    expect(s).not.toBeNull();
    const [epochs, lr] = s!.charts;
    expect(epochs.id).toBe('reproduce-epochs');
    expect(new Set(epochs.ours.map((p) => p.series))).toEqual(
      new Set(['lr 0.1', 'lr 0.8', 'lr 0.1, one-vs-rest']),
    );
    expect(epochs.ours[0].accuracy).toBeCloseTo(61); // a share of 0.61 shown in percent
    expect(epochs.published.map((p) => p.x)).toEqual([2, 3]);
    expect(epochs.publishedLabel).toBe('published (lr 0.1)');
    expect(lr.logX).toBe(true);
    expect(lr.ours.map((p) => [p.x, p.accuracy])).toEqual([
      [0.8, 62.6],
      [0.01, 64.75],
    ]);
    const [t1, t2, comparison] = s!.tables;
    expect(t1.columns).toEqual(['epochs', 'ours (%)', 'published (%)', 'difference']);
    expect(t1.rows).toEqual([
      ['2', '61.50', '79.95', '−18.45'],
      ['3', '—', '81.70', '—'],
    ]);
    expect(t2.columns[0]).toBe('learning rate');
    expect(comparison.rows[1]).toEqual(['one-vs-rest', '58.65', '59.19', '0.14 s']);
    expect(s!.bullets).toEqual(['full-batch gradient descent']);
    expect(s!.cards[0]).toEqual(['Table 1, 3 epochs', '—', 'published 81.70%']);
    expect(s!.command).toBe('softmax reproduce --epochs-scale 0.01');
  });

  it('needs only the minimal shape, in percent or as shares, and computes the gap itself', () => {
    const s = readReproduce({
      table1: [{ epochs: 5, accuracy: 0.8, published: 0.82 }],
      table2: [{ lr: 0.1, accuracy: 0.8, published: 0.82 }],
      recipe: 'the original',
      seconds: 3,
    });
    expect(s!.charts.map((c) => c.id)).toEqual(['reproduce-epochs', 'reproduce-learning-rate']);
    expect(s!.charts[0].ours).toEqual([{ x: 5, accuracy: 80, series: 'ours' }]);
    expect(s!.tables[0].rows[0]).toEqual(['5', '80.00', '82.00', '−2.00']);
    expect(s!.facts).toContainEqual(['recipe', 'the original']);
  });

  it('gives up quietly on anything else', () => {
    for (const bad of [null, 3, 'x', [], {}, { table1: 'no' }, { table1: [1, 2] }])
      expect(readReproduce(bad)).toBeNull();
  });
});

/** The shape `softmax sweep` writes today (trimmed). */
const sweep = {
  axes: [
    { key: 'learningRate', flag: '--lr', values: [0.3, 0.1] },
    { key: 'epochs', flag: '--epochs', values: [2, 4] },
  ],
  fixed: { batchSize: 64 },
  evalCount: 2000,
  evaluatedOn: 'test',
  seconds: 0.6,
  jobs: 2,
  rows: [
    [0.3, 2, 0.75],
    [0.3, 4, 0.79],
    [0.1, 2, 0.806],
    [0.1, 4, 0.796],
  ].map(([learningRate, epochs, accuracy], i) => ({
    row: i + 1,
    run: i % 2,
    swept: { learningRate, epochs },
    options: { learningRate, epochs, batchSize: 64, momentum: 0.9 },
    epochs,
    accuracy,
    accuracyFirst2000: accuracy,
    logLoss: 0.6,
    trainSeconds: 0.05,
    confusionMatrix: [
      [1, 0],
      [0, 1],
    ],
    status: 'ok',
  })),
  runs: [curve(0.3), curve(0.1)].map((r) => ({ ...r, options: { ...r.options, epochs: 4 } })),
  command: 'softmax sweep --lr 0.3,0.1 --epochs 2,4',
};

describe('sweep.json', () => {
  it('tabulates the swept options and the scores, highlighting the best', () => {
    const s = readSweep(sweep);
    expect(s).not.toBeNull();
    const [t] = s!.tables;
    // accuracyFirst2000 equals accuracy everywhere here, so it is not repeated.
    expect(t.columns).toEqual([
      'learning rate',
      'epochs',
      'accuracy (%)',
      'log loss',
      'training time',
      'status',
    ]);
    expect(t.rows[2]).toEqual(['0.1', '2', '80.60', '0.6000', '0.05 s', 'ok']);
    expect(t.highlight).toBe(2);
    expect(s!.cards[0]).toEqual(['best accuracy', '80.60%', 'lr 0.1, epochs 2']);
    expect(s!.charts.map((c) => c.id)).toEqual(['sweep-learning-rate', 'sweep-epochs', 'sweep-curves']);
    expect(new Set(s!.charts[0].ours.map((p) => p.series))).toEqual(new Set(['epochs 2', 'epochs 4']));
    expect(new Set(s!.charts[2].ours.map((p) => p.series))).toEqual(new Set(['lr 0.3', 'lr 0.1']));
  });

  it('reads a bare array of rows and finds what varied', () => {
    const s = readSweep([
      { lr: 0.1, batchSize: 64, accuracy: 84.6 },
      { lr: 0.3, batchSize: 64, accuracy: 82.9 },
    ]);
    expect(s!.tables[0].columns).toEqual(['learning rate', 'batchSize', 'accuracy (%)']);
    expect(s!.charts[0].logX).toBe(true);
    expect(s!.cards[0][1]).toBe('84.60%');
  });

  it('gives up quietly on anything else', () => {
    for (const bad of [null, 3, {}, { rows: 'x' }, [1, 2]]) expect(readSweep(bad)).toBeNull();
  });

  it('finds both studies of a run folder', () => {
    expect(readStudies(reproduce, sweep).map((s) => s.kind)).toEqual(['reproduce', 'sweep']);
    expect(readStudies(null, { nonsense: true })).toEqual([]);
  });
});
