/**
 * How a batch is cut into chunks: a function of the row count ONLY, never of the thread count, so that
 * the chunk sums, added in chunk order, give the same bytes on one thread or many. Chunks of at least
 * MIN_CHUNK_ROWS keep the per-chunk overhead (zeroing and reducing d·k sums) small next to the rows'
 * work; MAX_CHUNKS bounds the reduction and is how many threads can share one batch.
 */
export const MIN_CHUNK_ROWS = 128;
export const MAX_CHUNKS = 32;

export function chunkCount(rows: number): number {
  return Math.max(1, Math.min(MAX_CHUNKS, Math.floor(rows / MIN_CHUNK_ROWS)));
}
