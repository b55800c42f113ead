import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/kernels/select.js';
import { bytesOf, lossGrad, makeProblem, shuffledRows } from './fixtures.js';

/**
 * The batch is cut into chunks by its size alone and the chunks are added in order, so the threads
 * backend gives the same bytes as the single-thread one, whatever the number of threads.
 */
describe('thread count does not change the result', () => {
  it.each(['softmax', 'ovr'] as const)('%s: 1, 2 and 3 threads give identical bytes', async (link) => {
    const q = makeProblem(42, 9000, 40, 10);
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
          selections.map((rows) => {
            const out = lossGrad(be, q, rows, link);
            return (
              Buffer.concat([bytesOf(out.gW), bytesOf(out.gb)]).toString('base64') +
              `|${out.loss}|${out.correct}`
            );
          }),
        );
      } finally {
        be.dispose();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
