/*
 * The two chunk kernels (loss and gradient sums; probabilities) for one instruction set. build.mjs
 * compiles this file once per variant, with -DVARIANT=<name> -DLANES=<8|16> and that variant's -m flags;
 * addon.c picks the variant the CPU runs at load time.
 *
 * A row's scores are, per class c, the dot product of its blocks with class c's weights (Wt is
 * class-major): each block is widened to floats once and multiplied into up to MAX_GROUP accumulators
 * kept in registers, so the class count costs no padding and a zero block of a byte row costs nothing.
 * The gradient is the same walk in reverse, G[c, block] += dz_c · x. The per-row affine map of byte rows
 * is applied to the scores (z = a·xW + o·colSum + b) and to dz (a·dz; Σ o·dz is added to every row of
 * the gradient at the end), as in the js reference.
 */
#include <stdlib.h>

#include "kernels.h"
#include "link.h"
#include "vec.h"

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define NAME(f) CAT(f, VARIANT)

#define INLINE static inline __attribute__((always_inline))

/** k rounded up to a whole number of vectors of the widest variant (the link's vector passes). */
static inline int paddedK(int k) { return (k + 15) & ~15; }

/** z[0..ng) ← Σ over the row's blocks of x·Wt[c] (nb blocks; byte rows: their block numbers in num; float rows: every block). */
INLINE void dotBody(int ng, int isBytes, const uint8_t *bytes, const float *values, const uint16_t *num, int nb,
                    const float *Wt, size_t dp, float *z) {
  vf acc[MAX_GROUP];
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) acc[c] = vsplat(0.0f);
  for (int t = 0; t < nb; t++) {
    const vf x = isBytes ? vbytes(bytes + (size_t)t * LANES) : vload(values + (size_t)t * LANES);
    const float *w = Wt + (isBytes ? (size_t)num[t] : (size_t)t) * LANES;
#pragma GCC unroll 12
    for (int c = 0; c < ng; c++) acc[c] += x * vload(w + c * dp);
  }
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) z[c] = vsum(acc[c]);
}

/** G[c, block] += dz[c]·x over the row's blocks, for the ng classes from G. */
INLINE void scatterBody(int ng, int isBytes, const uint8_t *bytes, const float *values, const uint16_t *num, int nb,
                        float *G, size_t dp, const float *dz) {
  vf d[MAX_GROUP];
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) d[c] = vsplat(dz[c]);
  for (int t = 0; t < nb; t++) {
    const vf x = isBytes ? vbytes(bytes + (size_t)t * LANES) : vload(values + (size_t)t * LANES);
    float *g = G + (isBytes ? (size_t)num[t] : (size_t)t) * LANES;
#pragma GCC unroll 12
    for (int c = 0; c < ng; c++) vstore(g + c * dp, vload(g + c * dp) + x * d[c]);
  }
}

/* One function per class-group size, so that each keeps its accumulators in registers. */
#define GROUP_FNS(N)                                                                              \
  static void dotBytes##N(const uint8_t *x, const uint16_t *num, int nb, const float *W, size_t dp, \
                          float *z) {                                                             \
    dotBody(N, 1, x, NULL, num, nb, W, dp, z);                                                       \
  }                                                                                               \
  static void dotFloat##N(const float *x, int nb, const float *W, size_t dp, float *z) {          \
    dotBody(N, 0, NULL, x, NULL, nb, W, dp, z);                                                      \
  }                                                                                               \
  static void scatterBytes##N(const uint8_t *x, const uint16_t *num, int nb, float *G, size_t dp, \
                              const float *dz) {                                                  \
    scatterBody(N, 1, x, NULL, num, nb, G, dp, dz);                                                  \
  }                                                                                               \
  static void scatterFloat##N(const float *x, int nb, float *G, size_t dp, const float *dz) {     \
    scatterBody(N, 0, NULL, x, NULL, nb, G, dp, dz);                                                 \
  }
GROUP_FNS(1) GROUP_FNS(2) GROUP_FNS(3) GROUP_FNS(4) GROUP_FNS(5) GROUP_FNS(6)
GROUP_FNS(7) GROUP_FNS(8) GROUP_FNS(9) GROUP_FNS(10) GROUP_FNS(11) GROUP_FNS(12)

typedef void (*DotBytes)(const uint8_t *, const uint16_t *, int, const float *, size_t, float *);
typedef void (*DotFloat)(const float *, int, const float *, size_t, float *);
typedef void (*ScatterBytes)(const uint8_t *, const uint16_t *, int, float *, size_t, const float *);
typedef void (*ScatterFloat)(const float *, int, float *, size_t, const float *);
#define TABLE(f) {NULL, f##1, f##2, f##3, f##4, f##5, f##6, f##7, f##8, f##9, f##10, f##11, f##12}
static const DotBytes dotBytes[] = TABLE(dotBytes);
static const DotFloat dotFloat[] = TABLE(dotFloat);
static const ScatterBytes scatterBytes[] = TABLE(scatterBytes);
static const ScatterFloat scatterFloat[] = TABLE(scatterFloat);

/** Classes [c0, c1) of group g when k classes are cut into groups of at most MAX_GROUP, near equal. */
static inline void group(int k, int g, int *c0, int *c1) {
  const int groups = (k + MAX_GROUP - 1) / MAX_GROUP;
  *c0 = (int)((int64_t)k * g / groups);
  *c1 = (int)((int64_t)k * (g + 1) / groups);
}

static inline int rowAt(const Job *J, int t) { return J->index ? J->index[J->start + t] : J->start + t; }

/** z[0..k) ← x_r·W (no map yet), every class group in turn. */
static void rowScores(const Job *J, int r, float *z) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int groups = (J->k + MAX_GROUP - 1) / MAX_GROUP;
  for (int g = 0; g < groups; g++) {
    int c0, c1;
    group(J->k, g, &c0, &c1);
    const float *W = J->Wt + (size_t)c0 * dp;
    if (R->kind == ROWS_FLOAT) {
      dotFloat[c1 - c0](R->values + (size_t)r * dp, R->dp / LANES, W, dp, z + c0);
    } else {
      const uint64_t b = R->start[r];
      const int nb = (int)(R->start[r + 1] - b);
      dotBytes[c1 - c0](R->data + b * LANES, R->num + b, nb, W, dp, z + c0);
    }
  }
}

/** G += x_r ⊗ dz, every class group in turn. */
static void rowScatter(const Job *J, int r, float *G, const float *dz) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int groups = (J->k + MAX_GROUP - 1) / MAX_GROUP;
  for (int g = 0; g < groups; g++) {
    int c0, c1;
    group(J->k, g, &c0, &c1);
    float *Gg = G + (size_t)c0 * dp;
    if (R->kind == ROWS_FLOAT) {
      scatterFloat[c1 - c0](R->values + (size_t)r * dp, R->dp / LANES, Gg, dp, dz + c0);
    } else {
      const uint64_t b = R->start[r];
      const int nb = (int)(R->start[r + 1] - b);
      scatterBytes[c1 - c0](R->data + b * LANES, R->num + b, nb, Gg, dp, dz + c0);
    }
  }
}

/** Asks for the first lines of the rows at positions [t0, t1) (a shuffled batch visits them at random). */
static void prefetchRows(const Job *J, int t0, int t1) {
  const Rows *R = J->rows;
  for (int t = t0; t < t1; t++) {
    const int r = rowAt(J, t);
    const char *p;
    size_t bytes;
    if (R->kind == ROWS_FLOAT) {
      p = (const char *)(R->values + (size_t)r * R->dp);
      bytes = (size_t)R->dp * 4;
    } else {
      p = (const char *)(R->data + R->start[r] * LANES);
      bytes = (R->start[r + 1] - R->start[r]) * LANES;
      __builtin_prefetch(R->num + R->start[r]);
    }
    if (bytes > 1024) bytes = 1024;
    for (size_t q = 0; q < bytes; q += 64) __builtin_prefetch(p + q);
  }
}

/** z ← a·z + o·colSum + b for byte rows (float rows: z + b), in float64, rounded once. */
static inline void affine(const Job *J, int r, float *z, float *a, float *o) {
  const int bytes = J->rows->kind == ROWS_BYTES;
  *a = bytes ? J->scale[r] : 1.0f;
  *o = bytes ? J->offset[r] : 0.0f;
  for (int c = 0; c < J->k; c++)
    z[c] = (float)((double)*a * z[c] + (double)*o * J->colSum[c] + J->b[c]);
}

/** slot (float64) = or += G (float32), and G ← 0. */
static void flush(float *G, double *slot, size_t count, int add) {
  if (add)
    for (size_t i = 0; i < count; i++) slot[i] += G[i];
  else
    for (size_t i = 0; i < count; i++) slot[i] = G[i];
  memset(G, 0, count * sizeof *G);
}

void NAME(lossGradChunk)(const Job *J, int ch, int thread) {
  const int k = J->k;
  const int kz = paddedK(k);
  const size_t gsize = (size_t)k * J->rows->dp;
  float *G = J->scratch + (size_t)thread * J->scratchStride;
  float *zb = G + gsize;
  float *dzb = zb + ROW_BLOCK * kz;
  float *e = dzb + ROW_BLOCK * kz;
  double *slot = J->slots + (size_t)ch * J->slotStride;
  double *gb = slot + gsize;
  double *off = gb + k;
  memset(G, 0, gsize * sizeof *G);
  memset(zb, 0, 2 * ROW_BLOCK * kz * sizeof *zb); /* lanes past k stay finite */
  for (int c = 0; c < k; c++) gb[c] = off[c] = 0;
  double loss = 0;
  int correct = 0, flushed = 0, sinceFlush = 0;
  const int lo = chunkLo(J->count, J->chunks, ch), hi = chunkLo(J->count, J->chunks, ch + 1);
  for (int t0 = lo; t0 < hi; t0 += ROW_BLOCK) {
    const int t1 = t0 + ROW_BLOCK < hi ? t0 + ROW_BLOCK : hi;
    if (J->index) prefetchRows(J, t1, t1 + ROW_BLOCK < hi ? t1 + ROW_BLOCK : hi);
    /* Scores, link and per-row sums for the block's rows, with W hot in cache... */
    for (int t = t0; t < t1; t++) {
      const int r = rowAt(J, t);
      float *z = zb + (t - t0) * kz, *dz = dzb + (t - t0) * kz;
      float a, o;
      rowScores(J, r, z);
      affine(J, r, z, &a, &o);
      const int y = J->labels[r];
      if (argmaxRow(z, k) == y) correct++;
      double rowLoss = lossGradRow(J->link, z, k, kz, y, dz, e);
      const float w = J->weights ? J->weights[r] : 1.0f;
      if (J->weights) rowLoss *= w;
      loss += rowLoss;
      for (int c = 0; c < k; c++) {
        const float g = J->weights ? w * dz[c] : dz[c];
        gb[c] += g;
        off[c] += (double)o * g;
        dz[c] = a * g;
      }
    }
    /* ...then their gradient updates, with G hot in cache. */
    for (int t = t0; t < t1; t++) rowScatter(J, rowAt(J, t), G, dzb + (t - t0) * kz);
    sinceFlush += t1 - t0;
    if (sinceFlush >= FLUSH_ROWS) {
      flush(G, slot, gsize, flushed);
      flushed = 1;
      sinceFlush = 0;
    }
  }
  if (sinceFlush > 0 || !flushed) flush(G, slot, gsize, flushed);
  off[k] = loss; /* the slot's tail: loss, correct */
  off[k + 1] = correct;
}

void NAME(predictChunk)(const Job *J, int ch, int thread) {
  const int k = J->k;
  const int kz = paddedK(k);
  float *z = J->scratch + (size_t)thread * J->scratchStride + (size_t)k * J->rows->dp;
  float *e = z + ROW_BLOCK * kz * 2;
  memset(z, 0, kz * sizeof *z);
  const int lo = chunkLo(J->count, J->chunks, ch), hi = chunkLo(J->count, J->chunks, ch + 1);
  for (int t = lo; t < hi; t++) {
    if (J->index && (t - lo) % ROW_BLOCK == 0)
      prefetchRows(J, t + ROW_BLOCK < hi ? t + ROW_BLOCK : hi, t + 2 * ROW_BLOCK < hi ? t + 2 * ROW_BLOCK : hi);
    const int r = rowAt(J, t);
    float a, o;
    rowScores(J, r, z);
    affine(J, r, z, &a, &o);
    probaRow(J->link, z, k, kz, J->proba + (size_t)t * k, e);
  }
}
