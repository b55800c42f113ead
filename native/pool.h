/*
 * A pool of threads that run the pieces (chunks of rows, or parts of the parameters) of one job: the calling thread (thread 0) and threads − 1
 * pthreads. Chunks are claimed one at a time; which thread ran a chunk does not change the result, since
 * every chunk writes only its own slot and the slots are added in chunk order afterwards.
 */
#ifndef SOFTMAX_NATIVE_POOL_H
#define SOFTMAX_NATIVE_POOL_H

typedef struct Pool Pool;

/** One piece of a job: piece c of the work described by ctx, run on thread `thread` (0 = the caller). */
typedef void (*PieceFn)(const void *ctx, int c, int thread);

/** A pool of `threads` threads in all (≥ 1); NULL if a thread could not be started. */
Pool *poolCreate(int threads);

/** Runs fn(ctx, c, thread) for c in [0, pieces) on the pool's threads; returns when all have run. */
void poolRun(Pool *pool, PieceFn fn, const void *ctx, int pieces);

/** Stops and joins the threads and frees the pool. */
void poolDestroy(Pool *pool);

#endif
