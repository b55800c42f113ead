/*
 * One backend's native state: the variant it runs, its thread pool and the buffers that grow to the
 * largest call seen (transposed parameters, chunk slots, thread scratch), so that calls allocate nothing.
 */
#ifndef SOFTMAX_NATIVE_ENGINE_H
#define SOFTMAX_NATIVE_ENGINE_H

#include "kernels.h"
#include "pool.h"

typedef struct Engine Engine;

/** The variants this build has, best first, and whether the CPU runs each. */
const Variant *variantAt(int i);
int variantSupported(const Variant *v);

/** NULL when a thread or memory is missing. */
Engine *engineCreate(const Variant *v, int threads);
void engineDestroy(Engine *e);
const Variant *engineVariant(const Engine *e);

/** What a call reads besides the rows; arrays as the caller has them (W is d × k, row-major). */
typedef struct {
  const float *scale, *offset, *weights, *W, *b;
  const uint8_t *labels;
  const int32_t *index;
  int start, count, k, link;
} Call;

/**
 * Loss and gradient sums (Backend.lossGrad) into gW (d × k), gb (k), *loss and *correct; 0 on success,
 * −1 when memory runs out.
 */
int engineLossGrad(Engine *e, const Rows *rows, const Call *call, float *gW, float *gb, double *loss,
                   double *correct);

/** Probabilities (Backend.predictProba) into out (count × k); 0 on success, −1 when memory runs out. */
int enginePredict(Engine *e, const Rows *rows, const Call *call, float *out);

/*
 * For fused epochs (steps.c), which keep the parameters in the kernels' transposed layout for a whole
 * epoch: a loss-and-gradient job for batches of up to `batch` rows of call's selection, whose parameters
 * the caller writes into *Wt (k × dp, padded with zeros) and *colSum (k) and whose b it points at; per
 * step it sets start, count and chunks (engineChunkCount) and runs it. 0, or −1 without memory.
 */
int engineFusedJob(Engine *e, const Rows *rows, const Call *call, int batch, Job *job, float **Wt, double **colSum);
int engineChunkCount(int rows);
int engineThreads(const Engine *e);
void engineRunLossGrad(Engine *e, const Job *job);
/** Runs fn(ctx, part, thread) for part in [0, parts) on the engine's threads. */
void engineRunParts(Engine *e, PieceFn fn, const void *ctx, int parts);

#endif
