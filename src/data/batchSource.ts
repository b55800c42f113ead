import type { Labels, RowSelection, Rows } from '../kernels/types.js';

/**
 * The seam between the training loop and where its rows come from. The loop (model/train.ts) pulls
 * batches from a BatchSource: in memory, a shuffled index over rows already loaded (memoryBatches,
 * below); from disk, blocks of rows read ahead by a worker (node/streamSource.ts). Nothing here reads
 * files, so the same loop runs in a page, in Node, over memory or over a file larger than memory.
 */

/** One batch: the rows `rows` of `data` (with `labels`, indexed as data's rows). */
export interface Batch {
  readonly data: Rows;
  readonly labels: Labels;
  readonly rows: RowSelection;
}

/** What a source shuffles with (model/rng.ts's Rng): a seeded Fisher–Yates shuffle and uniform draws. */
export interface Shuffler {
  shuffle(a: Int32Array): void;
  uniform(): number;
}

export interface BatchSource {
  /** Rows in one pass (an epoch). */
  readonly count: number;
  /**
   * Starts a pass over every row in batches of at most `batchSize` rows (a streaming source may cap it at
   * the rows it holds at once), in an order drawn from `shuffle`, or in the data's order when null.
   * Starting a pass abandons the one before.
   */
  begin(batchSize: number, shuffle: Shuffler | null): void;
  /** The pass's next batch, or null after its last. A batch is valid until the next call. */
  next(): Batch | null;
}

/**
 * Rows held in memory: `rows` (original row numbers) or all n. Shuffled passes permute one index in place,
 * pass after pass, exactly as the loop did before sources existed, so a seed gives the same model; a batch
 * of every row is the selection as it is (no copy, no shuffle), as a full-batch solver wants.
 */
export function memoryBatches(data: Rows, labels: Labels, rows: Int32Array | null): BatchSource {
  const m = rows === null ? data.n : rows.length;
  let index: Int32Array | null = null;
  let pass: { index: Int32Array | null; batch: number; start: number } | null = null;
  return {
    count: m,
    begin(batchSize, shuffle) {
      const batch = Math.max(1, Math.min(batchSize, m));
      if (batch === m) {
        pass = { index: rows, batch, start: 0 };
        return;
      }
      index ??= rows?.slice() ?? Int32Array.from({ length: m }, (_, i) => i);
      if (shuffle !== null) shuffle.shuffle(index);
      pass = { index, batch, start: 0 };
    },
    next() {
      if (pass === null || pass.start >= m) return null;
      const count = Math.min(pass.batch, m - pass.start);
      const batch: Batch = { data, labels, rows: { index: pass.index, start: pass.start, count } };
      pass.start += count;
      return batch;
    },
  };
}
