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

/** The mask of blocks [b0, b1) within mask word w (blocks 64w .. 64w + 63). */
static inline uint64_t rangeBits(int w, int b0, int b1) {
  const int lo = b0 - 64 * w, hi = b1 - 64 * w;
  const uint64_t upTo = hi >= 64 ? ~0ull : (1ull << hi) - 1;
  return lo <= 0 ? upTo : upTo & ~((1ull << lo) - 1);
}

/* Walks the blocks b in [b0, b1) of a row: every block (mask NULL: float rows), or the set bits of mask. */
#define FOR_BLOCKS(mask, b0, b1, BODY)                                         \
  if (!(mask)) {                                                               \
    for (int b = (b0); b < (b1); b++) BODY                                     \
  } else {                                                                     \
    for (int w = (b0) >> 6; w <= ((b1) - 1) >> 6 && (b0) < (b1); w++) {        \
      uint64_t bits = (mask)[w] & rangeBits(w, (b0), (b1));                    \
      while (bits) {                                                           \
        const int b = w * 64 + __builtin_ctzll(bits);                          \
        bits &= bits - 1;                                                      \
        BODY                                                                   \
      }                                                                        \
    }                                                                          \
  }

/** Block b of a row as floats: LANES bytes widened, or LANES float values. */
#define XBLOCK(isBytes, row, b) \
  ((isBytes) ? vbytes((const uint8_t *)(row) + (size_t)(b) * LANES) : vload((const float *)(row) + (size_t)(b) * LANES))

/** acc[c] += Σ over the row's blocks in [b0, b1) of x·Wt[c], for ng classes; acc: ng vectors in memory. */
INLINE void dotBody(int ng, int isBytes, const void *row, const uint64_t *mask, int b0, int b1, const float *Wt,
                    size_t dp, float *accm) {
  vf acc[MAX_GROUP];
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) acc[c] = vload(accm + c * LANES);
  FOR_BLOCKS(mask, b0, b1, {
    const vf x = XBLOCK(isBytes, row, b);
    const float *w = Wt + (size_t)b * LANES;
    _Pragma("GCC unroll 12")
    for (int c = 0; c < ng; c++) acc[c] += x * vload(w + c * dp);
  })
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) vstore(accm + c * LANES, acc[c]);
}

/**
 * G[c, b] += dz1[c]·x1_b + dz2[c]·x2_b over the blocks in [b0, b1) of either row, for ng ≤ MAX_PAIR
 * classes: two rows per pass halve the loads and stores of G, which bound a pass of one row (row2 NULL:
 * one row). A block absent from one row is zeros there.
 */
INLINE void scatterBody(int ng, int isBytes, const void *row1, const uint64_t *mask1, const void *row2,
                        const uint64_t *mask2, int words, int b0, int b1, float *G, size_t dp, const float *dz1,
                        const float *dz2) {
  vf d1[MAX_GROUP], d2[MAX_PAIR];
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) d1[c] = vsplat(dz1[c]);
  if (!row2) {
    FOR_BLOCKS(mask1, b0, b1, {
      const vf x = XBLOCK(isBytes, row1, b);
      float *g = G + (size_t)b * LANES;
    _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) vstore(g + c * dp, vload(g + c * dp) + x * d1[c]);
    })
    return;
  }
#pragma GCC unroll 6
  for (int c = 0; c < ng && c < MAX_PAIR; c++) d2[c] = vsplat(dz2[c]);
  uint64_t both[8];
  const uint64_t *mask = NULL;
  if (mask1) {
    for (int w = 0; w < words && w < 8; w++) both[w] = mask1[w] | mask2[w];
    mask = both;
  }
  FOR_BLOCKS(mask, b0, b1, {
    const vf x1 = XBLOCK(isBytes, row1, b);
    const vf x2 = XBLOCK(isBytes, row2, b);
    float *g = G + (size_t)b * LANES;
    _Pragma("GCC unroll 6")
    for (int c = 0; c < ng && c < MAX_PAIR; c++) vstore(g + c * dp, vload(g + c * dp) + x1 * d1[c] + x2 * d2[c]);
  })
}

/* One function per class-group size and kind of row, so that each keeps its vectors in registers. */
#define DOT_FNS(N)                                                                                        \
  static void dotB##N(const void *r, const uint64_t *m, int b0, int b1, const float *W, size_t dp, float *a) { \
    dotBody(N, 1, r, m, b0, b1, W, dp, a);                                                                \
  }                                                                                                       \
  static void dotF##N(const void *r, const uint64_t *m, int b0, int b1, const float *W, size_t dp, float *a) { \
    dotBody(N, 0, r, m, b0, b1, W, dp, a);                                                                \
  }                                                                                                       \
  static void oneB##N(const void *r, const uint64_t *m, const void *r2, const uint64_t *m2, int words,   \
                      int b0, int b1, float *G, size_t dp, const float *d, const float *d2) {             \
    scatterBody(N, 1, r, m, NULL, m2, words, b0, b1, G, dp, d, d2);                                       \
  }                                                                                                       \
  static void oneF##N(const void *r, const uint64_t *m, const void *r2, const uint64_t *m2, int words,   \
                      int b0, int b1, float *G, size_t dp, const float *d, const float *d2) {             \
    scatterBody(N, 0, r, m, NULL, m2, words, b0, b1, G, dp, d, d2);                                       \
  }
#define PAIR_FNS(N)                                                                                       \
  static void pairB##N(const void *r, const uint64_t *m, const void *r2, const uint64_t *m2, int words,  \
                       int b0, int b1, float *G, size_t dp, const float *d, const float *d2) {            \
    scatterBody(N, 1, r, m, r2, m2, words, b0, b1, G, dp, d, d2);                                         \
  }                                                                                                       \
  static void pairF##N(const void *r, const uint64_t *m, const void *r2, const uint64_t *m2, int words,  \
                       int b0, int b1, float *G, size_t dp, const float *d, const float *d2) {            \
    scatterBody(N, 0, r, m, r2, m2, words, b0, b1, G, dp, d, d2);                                         \
  }
DOT_FNS(1) DOT_FNS(2) DOT_FNS(3) DOT_FNS(4) DOT_FNS(5) DOT_FNS(6)
DOT_FNS(7) DOT_FNS(8) DOT_FNS(9) DOT_FNS(10) DOT_FNS(11) DOT_FNS(12)
PAIR_FNS(1) PAIR_FNS(2) PAIR_FNS(3) PAIR_FNS(4) PAIR_FNS(5) PAIR_FNS(6)

typedef void (*DotFn)(const void *, const uint64_t *, int, int, const float *, size_t, float *);
typedef void (*ScatterFn)(const void *, const uint64_t *, const void *, const uint64_t *, int, int, int, float *,
                          size_t, const float *, const float *);
#define TABLE12(f) {NULL, f##1, f##2, f##3, f##4, f##5, f##6, f##7, f##8, f##9, f##10, f##11, f##12}
#define TABLE6(f) {NULL, f##1, f##2, f##3, f##4, f##5, f##6}
static const DotFn DOT[2][MAX_GROUP + 1] = {TABLE12(dotB), TABLE12(dotF)};
static const ScatterFn ONE[2][MAX_GROUP + 1] = {TABLE12(oneB), TABLE12(oneF)};
static const ScatterFn PAIR[2][MAX_PAIR + 1] = {TABLE6(pairB), TABLE6(pairF)};

/** Classes [c0, c1) of group g when k classes are cut into groups of at most `most`, near equal. */
static inline void group(int k, int most, int g, int *c0, int *c1) {
  const int groups = (k + most - 1) / most;
  *c0 = (int)((int64_t)k * g / groups);
  *c1 = (int)((int64_t)k * (g + 1) / groups);
}

static inline int rowAt(const Job *J, int t) { return J->index ? J->index[J->start + t] : J->start + t; }

/** Row r's data and its block mask (NULL for float rows). */
static inline const void *rowData(const Rows *R, int r) {
  return R->kind == ROWS_FLOAT ? (const void *)(R->values + (size_t)r * R->dp)
                               : (const void *)(R->data + (size_t)r * R->dp);
}
static inline const uint64_t *rowMask(const Rows *R, int r) {
  return R->kind == ROWS_FLOAT ? NULL : R->mask + (size_t)r * R->words;
}

/** Column tiles: about TILE_BYTES of W per tile, for k classes. */
#define TILE_BYTES 8192
static inline int tileCount(const Rows *R, int k) {
  const int blocks = R->dp / LANES;
  int per = TILE_BYTES / (k * LANES * 4);
  if (per < 1) per = 1;
  return (blocks + per - 1) / per;
}
static inline int tileLo(const Rows *R, int tiles, int i) { return (int)((int64_t)(R->dp / LANES) * i / tiles); }

/**
 * Scores of the m rows at positions [t0, t0 + m): z (m rows of kz floats) ← x_r·W, tile by tile, every
 * class group in turn; accm: m × k vectors of partial sums.
 */
static void blockScores(const Job *J, int t0, int m, float *z, int kz, float *accm) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int k = J->k, kind = R->kind, tiles = tileCount(R, k);
  const int groups = (k + MAX_GROUP - 1) / MAX_GROUP;
  memset(accm, 0, (size_t)m * k * LANES * sizeof *accm);
  for (int tile = 0; tile < tiles; tile++) {
    const int b0 = tileLo(R, tiles, tile), b1 = tileLo(R, tiles, tile + 1);
    for (int i = 0; i < m; i++) {
      const int r = rowAt(J, t0 + i);
      for (int g = 0; g < groups; g++) {
        int c0, c1;
        group(k, MAX_GROUP, g, &c0, &c1);
        DOT[kind][c1 - c0](rowData(R, r), rowMask(R, r), b0, b1, J->Wt + c0 * dp, dp,
                           accm + ((size_t)i * k + c0) * LANES);
      }
    }
  }
  for (int i = 0; i < m; i++)
    for (int c = 0; c < k; c++) z[i * kz + c] = vsum(vload(accm + ((size_t)i * k + c) * LANES));
}

/** G += x_r ⊗ dz_r for the m rows at positions [t0, t0 + m), tile by tile, two rows at a time. */
static void blockScatter(const Job *J, int t0, int m, float *G, const float *dz, int kz) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int k = J->k, kind = R->kind, tiles = tileCount(R, k);
  for (int tile = 0; tile < tiles; tile++) {
    const int b0 = tileLo(R, tiles, tile), b1 = tileLo(R, tiles, tile + 1);
    for (int i = 0; i < m; i += 2) {
      const int r1 = rowAt(J, t0 + i);
      const float *dz1 = dz + i * kz;
      if (i + 1 < m && R->words <= 8) {
        const int r2 = rowAt(J, t0 + i + 1);
        const float *dz2 = dz + (i + 1) * kz;
        const int groups = (k + MAX_PAIR - 1) / MAX_PAIR;
        for (int g = 0; g < groups; g++) {
          int c0, c1;
          group(k, MAX_PAIR, g, &c0, &c1);
          PAIR[kind][c1 - c0](rowData(R, r1), rowMask(R, r1), rowData(R, r2), rowMask(R, r2), R->words, b0, b1,
                              G + c0 * dp, dp, dz1 + c0, dz2 + c0);
        }
        continue;
      }
      for (int i1 = i; i1 < i + 2 && i1 < m; i1++) {
        const int r = rowAt(J, t0 + i1);
        const int groups = (k + MAX_GROUP - 1) / MAX_GROUP;
        for (int g = 0; g < groups; g++) {
          int c0, c1;
          group(k, MAX_GROUP, g, &c0, &c1);
          ONE[kind][c1 - c0](rowData(R, r), rowMask(R, r), NULL, NULL, R->words, b0, b1, G + c0 * dp, dp,
                             dz + i1 * kz + c0, NULL);
        }
      }
    }
  }
}

/** Asks for the rows at positions [t0, t1) (a shuffled batch visits them at random). */
static void prefetchRows(const Job *J, int t0, int t1) {
  const Rows *R = J->rows;
  const size_t bytes = (size_t)R->dp * (R->kind == ROWS_FLOAT ? 4 : 1);
  for (int t = t0; t < t1; t++) {
    const char *p = rowData(R, rowAt(J, t));
    for (size_t q = 0; q < bytes && q < 4096; q += 64) __builtin_prefetch(p + q);
    if (R->kind == ROWS_BYTES) __builtin_prefetch(rowMask(R, rowAt(J, t)));
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
  float *accm = e + 2 * kz;
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
    blockScores(J, t0, t1 - t0, zb, kz, accm);
    for (int t = t0; t < t1; t++) {
      const int r = rowAt(J, t);
      float *z = zb + (t - t0) * kz, *dz = dzb + (t - t0) * kz;
      float a, o;
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
    blockScatter(J, t0, t1 - t0, G, dzb, kz);
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
  float *zb = J->scratch + (size_t)thread * J->scratchStride + (size_t)k * J->rows->dp;
  float *e = zb + ROW_BLOCK * kz * 2;
  float *accm = e + 2 * kz;
  memset(zb, 0, ROW_BLOCK * kz * sizeof *zb);
  const int lo = chunkLo(J->count, J->chunks, ch), hi = chunkLo(J->count, J->chunks, ch + 1);
  for (int t0 = lo; t0 < hi; t0 += ROW_BLOCK) {
    const int t1 = t0 + ROW_BLOCK < hi ? t0 + ROW_BLOCK : hi;
    if (J->index) prefetchRows(J, t1, t1 + ROW_BLOCK < hi ? t1 + ROW_BLOCK : hi);
    blockScores(J, t0, t1 - t0, zb, kz, accm);
    for (int t = t0; t < t1; t++) {
      float a, o;
      float *z = zb + (t - t0) * kz;
      affine(J, rowAt(J, t), z, &a, &o);
      probaRow(J->link, z, k, kz, J->proba + (size_t)t * k, e);
    }
  }
}
