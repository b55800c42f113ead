/*
 * The thread pool (pool.h). A job is announced by a new generation in `ticket`'s high 32 bits with the
 * next chunk (0) in its low bits; a thread claims chunk c by compare-and-swap of (gen, c) to (gen, c + 1),
 * so a thread that woke late for an old generation can never claim (and lose) a chunk of a newer job.
 * The caller takes chunks itself, then waits for `finished` to reach the chunk count: it never waits for
 * a thread that found nothing to do. Idle threads spin briefly (back-to-back mini-batches arrive within
 * microseconds), then sleep on a condition variable.
 */
#define _GNU_SOURCE
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/** How many polls an idle thread makes before it sleeps (~50 µs). */
#define SPIN_POLLS 20000

struct Pool {
  int threads;
  pthread_t *handles;
  _Atomic uint64_t ticket; /* generation << 32 | next chunk */
  _Atomic int finished;    /* chunks of the current job that have run */
  _Atomic int sleepers;
  _Atomic int stop;
  /* the current job; written before its generation is published */
  PieceFn fn;
  const void *ctx;
  int chunks;
  pthread_mutex_t lock;
  pthread_cond_t wake;
};

typedef struct {
  Pool *pool;
  int id;
} Start;

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/** Claims and runs chunks of generation gen until none are left. */
static void work(Pool *p, uint32_t gen, int id) {
  uint64_t t = atomic_load(&p->ticket);
  for (;;) {
    if ((uint32_t)(t >> 32) != gen || (int)(uint32_t)t >= p->chunks) return;
    if (!atomic_compare_exchange_weak(&p->ticket, &t, t + 1)) continue;
    p->fn(p->ctx, (int)(uint32_t)t, id);
    atomic_fetch_add(&p->finished, 1);
    t = atomic_load(&p->ticket);
  }
}

static void *threadMain(void *arg) {
  Start s = *(Start *)arg;
  free(arg);
  Pool *p = s.pool;
  uint32_t seen = 0;
  for (;;) {
    uint32_t gen = (uint32_t)(atomic_load(&p->ticket) >> 32);
    for (int i = 0; gen == seen && i < SPIN_POLLS && !atomic_load(&p->stop); i++) {
      relax();
      gen = (uint32_t)(atomic_load(&p->ticket) >> 32);
    }
    if (gen == seen && !atomic_load(&p->stop)) {
      pthread_mutex_lock(&p->lock);
      atomic_fetch_add(&p->sleepers, 1);
      while ((gen = (uint32_t)(atomic_load(&p->ticket) >> 32)) == seen && !atomic_load(&p->stop))
        pthread_cond_wait(&p->wake, &p->lock);
      atomic_fetch_sub(&p->sleepers, 1);
      pthread_mutex_unlock(&p->lock);
    }
    if (atomic_load(&p->stop)) return NULL;
    seen = gen;
    work(p, gen, s.id);
  }
}

Pool *poolCreate(int threads) {
  Pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->threads = threads;
  p->handles = calloc((size_t)(threads > 1 ? threads - 1 : 1), sizeof *p->handles);
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  int started = 0;
  for (int i = 1; p->handles && i < threads; i++, started++) {
    Start *s = malloc(sizeof *s);
    if (!s) break;
    *s = (Start){p, i};
    if (pthread_create(&p->handles[i - 1], NULL, threadMain, s) != 0) {
      free(s);
      break;
    }
  }
  if (!p->handles || started != threads - 1) {
    p->threads = started + 1;
    poolDestroy(p);
    return NULL;
  }
  return p;
}

void poolRun(Pool *p, PieceFn fn, const void *ctx, int chunks) {
  if (p->threads == 1) {
    for (int c = 0; c < chunks; c++) fn(ctx, c, 0);
    return;
  }
  p->fn = fn;
  p->ctx = ctx;
  p->chunks = chunks;
  atomic_store(&p->finished, 0);
  const uint32_t gen = (uint32_t)(atomic_load(&p->ticket) >> 32) + 1;
  atomic_store(&p->ticket, (uint64_t)gen << 32);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->lock);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
  }
  work(p, gen, 0);
  for (int i = 0; atomic_load(&p->finished) < chunks; i++) {
    if (i < SPIN_POLLS)
      relax();
    else
      sched_yield();
  }
}

void poolDestroy(Pool *p) {
  if (!p) return;
  atomic_store(&p->stop, 1);
  pthread_mutex_lock(&p->lock);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  for (int i = 0; i < p->threads - 1; i++) pthread_join(p->handles[i], NULL);
  pthread_mutex_destroy(&p->lock);
  pthread_cond_destroy(&p->wake);
  free(p->handles);
  free(p);
}
