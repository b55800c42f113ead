/*
 * The engine (engine.h): lays out each call's parameters for the kernels, cuts the batch into chunks by
 * its row count alone (as src/kernels/wasm/chunks.ts), has the pool run them, and adds the chunks' float64
 * sums in chunk order, so that the result does not depend on the number of threads.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#define MIN_CHUNK_ROWS 128
#define MAX_CHUNKS 32

static const Variant VARIANTS[] = {
#if defined(__x86_64__)
    {"avx512", 16, lossGradChunk_avx512, predictChunk_avx512},
    {"avx2", 8, lossGradChunk_avx2, predictChunk_avx2},
    /* avx2-16: the AVX-512 variant's 16-lane layout on AVX2, so that it is tested where AVX-512 is not */
    {"avx2-16", 16, lossGradChunk_avx2w16, predictChunk_avx2w16},
#endif
    {"generic", 8, lossGradChunk_generic, predictChunk_generic},
    {NULL, 0, NULL, NULL},
};

const Variant *variantAt(int i) { return VARIANTS[i].name ? &VARIANTS[i] : NULL; }

int variantSupported(const Variant *v) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  const int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!strcmp(v->name, "avx512"))
    return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
  if (!strcmp(v->name, "avx2") || !strcmp(v->name, "avx2-16")) return avx2;
#endif
  return !strcmp(v->name, "generic");
}

struct Engine {
  const Variant *v;
  Pool *pool;
  int threads;
  float *Wt;
  double *colSum, *acc;
  double *slots;
  float *scratch;
  size_t wtCap, colCap, accCap, slotCap, scratchCap; /* in elements */
};

Engine *engineCreate(const Variant *v, int threads) {
  Engine *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->v = v;
  e->threads = threads;
  e->pool = poolCreate(threads);
  if (!e->pool) return free(e), NULL;
  return e;
}

void engineDestroy(Engine *e) {
  if (!e) return;
  poolDestroy(e->pool);
  free(e->Wt);
  free(e->colSum);
  free(e->acc);
  free(e->slots);
  free(e->scratch);
  free(e);
}

const Variant *engineVariant(const Engine *e) { return e->v; }

/** Grows *buf (64-byte aligned) to hold n elements of size bytes; 0, or −1 without memory. */
static int grow(void **buf, size_t *cap, size_t n, size_t size) {
  if (n <= *cap) return 0;
  void *p = aligned_alloc(64, (n * size + 63) / 64 * 64);
  if (!p) return -1;
  free(*buf);
  *buf = p;
  *cap = n;
  return 0;
}

static int chunkCount(int rows) {
  const int c = rows / MIN_CHUNK_ROWS;
  return c < 1 ? 1 : c > MAX_CHUNKS ? MAX_CHUNKS : c;
}

/** Runs a chunk kernel (the pool's pieces are the job's chunks). */
typedef struct {
  ChunkFn fn;
  const Job *job;
} ChunkRun;

static void runChunk(const void *ctx, int c, int thread) {
  const ChunkRun *r = ctx;
  r->fn(r->job, c, thread);
}

static void runChunks(Engine *e, ChunkFn fn, const Job *job) {
  const ChunkRun r = {fn, job};
  poolRun(e->pool, runChunk, &r, job->chunks);
}

/**
 * Fills job with everything but the op-specific outputs and the parameters' values: the buffers (Wt,
 * colSum, thread scratch) grown for k classes, the selection cut into chunks.
 */
static int layout(Engine *e, const Rows *R, const Call *call, Job *job) {
  const int dp = R->dp, k = call->k;
  const int kz = (k + 15) & ~15;
  const size_t stride = ((size_t)k * dp + 2 * ROW_BLOCK * kz + 2 * kz + 15) & ~(size_t)15;
  if (grow((void **)&e->Wt, &e->wtCap, (size_t)k * dp, sizeof(float)) ||
      grow((void **)&e->colSum, &e->colCap, (size_t)k, sizeof(double)) ||
      grow((void **)&e->scratch, &e->scratchCap, stride * e->threads, sizeof(float)))
    return -1;
  *job = (Job){
      .rows = R,
      .scale = call->scale,
      .offset = call->offset,
      .labels = call->labels,
      .index = call->index,
      .start = call->start,
      .count = call->count,
      .chunks = chunkCount(call->count),
      .weights = call->weights,
      .k = k,
      .link = call->link,
      .Wt = e->Wt,
      .colSum = e->colSum,
      .b = call->b,
      .scratch = e->scratch,
      .scratchStride = stride,
  };
  return 0;
}

/** layout, then the parameters: W transposed into Wt (padded with zeros) and its column sums. */
static int prepare(Engine *e, const Rows *R, const Call *call, Job *job) {
  if (layout(e, R, call, job)) return -1;
  const int d = R->d, dp = R->dp, k = call->k;
  for (int c = 0; c < k; c++) {
    float *w = e->Wt + (size_t)c * dp;
    double s = 0;
    for (int j = 0; j < d; j++) {
      w[j] = call->W[(size_t)j * k + c];
      s += w[j];
    }
    memset(w + d, 0, (size_t)(dp - d) * sizeof *w);
    e->colSum[c] = s;
  }
  return 0;
}

/** The slots of a loss-and-gradient job of up to `chunks` chunks: G, gb, off, loss, correct per chunk. */
static int slotsFor(Engine *e, const Rows *R, int k, int chunks, Job *job) {
  const size_t gsize = (size_t)k * R->dp;
  job->slotStride = (gsize + 2 * (size_t)k + 2 + 7) & ~(size_t)7;
  if (grow((void **)&e->slots, &e->slotCap, job->slotStride * chunks, sizeof(double))) return -1;
  job->slots = e->slots;
  return 0;
}

int engineFusedJob(Engine *e, const Rows *R, const Call *call, int batch, Job *job, float **Wt, double **colSum) {
  if (layout(e, R, call, job) || slotsFor(e, R, call->k, chunkCount(batch), job)) return -1;
  *Wt = e->Wt;
  *colSum = e->colSum;
  return 0;
}

int engineChunkCount(int rows) { return chunkCount(rows); }

int engineThreads(const Engine *e) { return e->threads; }

void engineRunLossGrad(Engine *e, const Job *job) { runChunks(e, e->v->lossGrad, job); }

void engineRunParts(Engine *e, PieceFn fn, const void *ctx, int parts) { poolRun(e->pool, fn, ctx, parts); }

int engineLossGrad(Engine *e, const Rows *R, const Call *call, float *gW, float *gb, double *loss,
                   double *correct) {
  Job job;
  if (prepare(e, R, call, &job)) return -1;
  const int k = call->k, d = R->d;
  const size_t gsize = (size_t)k * R->dp;
  if (slotsFor(e, R, k, job.chunks, &job) ||
      grow((void **)&e->acc, &e->accCap, gsize + 2 * (size_t)k + 2, sizeof(double)))
    return -1;
  runChunks(e, e->v->lossGrad, &job);
  /* acc ← Σ over chunks, in chunk order, of each slot (G, gb, off, loss, correct) */
  const size_t len = gsize + 2 * (size_t)k + 2;
  memcpy(e->acc, e->slots, len * sizeof *e->acc);
  for (int ch = 1; ch < job.chunks; ch++) {
    const double *s = e->slots + (size_t)ch * job.slotStride;
    for (size_t i = 0; i < len; i++) e->acc[i] += s[i];
  }
  const double *off = e->acc + gsize + k;
  for (int j = 0; j < d; j++)
    for (int c = 0; c < k; c++) gW[(size_t)j * k + c] = (float)(e->acc[(size_t)c * R->dp + j] + off[c]);
  for (int c = 0; c < k; c++) gb[c] = (float)e->acc[gsize + c];
  *loss = off[k];
  *correct = off[k + 1];
  return 0;
}

int enginePredict(Engine *e, const Rows *R, const Call *call, float *out) {
  Job job;
  if (prepare(e, R, call, &job)) return -1;
  job.proba = out;
  runChunks(e, e->v->predict, &job);
  return 0;
}
