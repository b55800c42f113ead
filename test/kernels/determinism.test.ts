import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/node/backend.js';
import { fingerprint, lossGrad, makeRowsProblem, makeWeights, ROWS_KINDS, shuffledRows } from './fixtures.js';

/**
 * The batch is cut into chunks by its size alone and the chunks are added in order, so the threads
 * backend gives the same bytes as the single-thread one, whatever the number of threads: for byte and
 * float rows, with and without weights.
 */
describe.each(ROWS_KINDS)('%s rows: thread count does not change the result', (kind) => {
  it.each(['softmax', 'ovr'] as const)('%s: 1, 2 and 3 threads give identical bytes', async (link) => {
    const q = makeRowsProblem(kind, 42, 9000, 40, 10);
    const weights = makeWeights(43, 9000);
    const selections = [
      { index: null, start: 0, count: 9000 }, // float64 slots (chunks of over 256 rows)
      { index: null, start: 0, count: 3000 },
      { index: null, start: 100, count: 256 },
      shuffledRows(9, 3000, 0, 2000),
    ];
    const results: string[][] = [];
    for (const threads of [1, 2, 3]) {
      const be = await createBackend({ backend: 'wasm', threads });
      try {
        results.push(
          selections.flatMap((rows) =>
            [null, weights].map((w) => fingerprint(lossGrad(be, q, rows, link, w))),
          ),
        );
      } finally {
        be.dispose();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
