/*
 * A pool of threads that run the chunks of one job: the calling thread (thread 0) and threads − 1
 * pthreads. Chunks are claimed one at a time; which thread ran a chunk does not change the result, since
 * every chunk writes only its own slot and the slots are added in chunk order afterwards.
 */
#ifndef SOFTMAX_NATIVE_POOL_H
#define SOFTMAX_NATIVE_POOL_H

#include "kernels.h"

typedef struct Pool Pool;

/** A pool of `threads` threads in all (≥ 1); NULL if a thread could not be started. */
Pool *poolCreate(int threads);

/** Runs fn(job, c, thread) for c in [0, chunks) on the pool's threads; returns when all have run. */
void poolRun(Pool *pool, ChunkFn fn, const Job *job, int chunks);

/** Stops and joins the threads and frees the pool. */
void poolDestroy(Pool *pool);

#endif
