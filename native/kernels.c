/*
 * The two chunk kernels (loss and gradient sums; probabilities) for one instruction set. build.mjs
 * compiles this file once per variant, with -DVARIANT=<name> -DLANES=<8|16> and that variant's -m flags;
 * addon.c picks the variant the CPU runs at load time.
 *
 * A row's scores are, per class c, the dot product of its blocks with class c's weights (Wt is
 * class-major): each block is widened to floats once and multiplied into up to MAX_GROUP accumulators
 * kept in registers, so the class count costs no padding and a zero block of a byte row costs nothing.
 * The gradient is the same walk in reverse, G[c, block] += dz_c · x, with a tile of G in registers while
 * a block of rows passes (kernels.h says why both passes are shaped so). The per-row affine map of byte rows
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

/*
 * Register budget. A pass keeps ACC vectors of sums in registers: AVX-512 has 32 vector registers, so 24
 * sums leave room for the rows' blocks and a weight; AVX2 has 16, so 12.
 */
#if defined(__AVX512F__)
#define ACC 24
#else
#define ACC 12
#endif
/** Classes per scores pass: two rows at a time where the budget holds both rows' sums for a group. */
#define SCORE_ROWS (ACC >= 2 * MAX_GROUP ? 2 : 1)
/** Blocks per gradient tile for ng classes: as many as the budget holds, 1, 2 or 4 (64 is a multiple). */
#define TILE_BLOCKS(ng) ((ng) * 4 <= ACC ? 4 : (ng) * 2 <= ACC ? 2 : 1)

/**
 * z1[c] (and z2[c] when row2) ← Σ over the blocks of x·Wt[c], for ng classes. The sums stay in registers
 * for the whole row; with two rows each weight loaded serves two multiply-adds, so a pass is bound by
 * arithmetic, not by loads. A block zero in both rows is skipped; one zero in one row only is multiplied.
 */
INLINE void dotBody(int ng, int isBytes, const void *row1, const uint64_t *mask1, const void *row2,
                    const uint64_t *mask2, int words, int blocks, const float *Wt, size_t dp, float *z1, float *z2) {
  vf a1[MAX_GROUP], a2[MAX_GROUP];
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) a1[c] = a2[c] = (vf){0};
  if (!row2) {
    FOR_BLOCKS(mask1, 0, blocks, {
      const vf x = XBLOCK(isBytes, row1, b);
      const float *w = Wt + (size_t)b * LANES;
      _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) a1[c] += x * vload(w + c * dp);
    })
  } else {
    const uint64_t *mask = NULL;
    uint64_t both[8];
    if (mask1) {
      for (int w = 0; w < words; w++) both[w] = mask1[w] | mask2[w];
      mask = both;
    }
    FOR_BLOCKS(mask, 0, blocks, {
      const vf x1 = XBLOCK(isBytes, row1, b);
      const vf x2 = XBLOCK(isBytes, row2, b);
      const float *w = Wt + (size_t)b * LANES;
      _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) {
        const vf wc = vload(w + c * dp);
        a1[c] += x1 * wc;
        a2[c] += x2 * wc;
      }
    })
#pragma GCC unroll 12
    for (int c = 0; c < ng; c++) z2[c] = vsum(a2[c]);
  }
#pragma GCC unroll 12
  for (int c = 0; c < ng; c++) z1[c] = vsum(a1[c]);
}

/** The bits of a row's mask for blocks [b, b + tb), tb a power of two up to 4 and b a multiple of it. */
static inline unsigned tileBits(const uint64_t *mask, int b, int tb) {
  return mask ? (unsigned)(mask[b >> 6] >> (b & 63)) & ((1u << tb) - 1) : 1u;
}

/**
 * G[c, b .. b + TB) += Σ over the m rows of dz_i[c]·x_i, tile after tile of TB blocks, for ng classes:
 * the tile's sums stay in registers while the block's rows pass, so G is read and written once per block
 * of rows instead of once per row. A row whose blocks in the tile are all zero is skipped.
 */
INLINE void tileBody(int ng, int tb, int isBytes, const void *const *rows, const uint64_t *const *masks, int m,
                     int blocks, float *G, size_t dp, const float *dz, int kz) {
  for (int b0 = 0; b0 < blocks; b0 += tb) {
    const int n = blocks - b0 < tb ? blocks - b0 : tb;
    vf acc[4][MAX_GROUP];
    _Pragma("GCC unroll 4")
    for (int q = 0; q < tb; q++)
      _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) acc[q][c] = (vf){0};
    for (int i = 0; i < m; i++) {
      if (!tileBits(masks[i], b0, tb)) continue;
      vf x[4];
      _Pragma("GCC unroll 4")
      for (int q = 0; q < tb; q++) x[q] = q < n ? XBLOCK(isBytes, rows[i], b0 + q) : (vf){0};
      const float *d = dz + (size_t)i * kz;
      _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) {
        const vf s = vsplat(d[c]);
        _Pragma("GCC unroll 4")
        for (int q = 0; q < tb; q++) acc[q][c] += s * x[q];
      }
    }
    _Pragma("GCC unroll 4")
    for (int q = 0; q < tb; q++) {
      if (q >= n) break;
      float *g = G + (size_t)(b0 + q) * LANES;
      _Pragma("GCC unroll 12")
      for (int c = 0; c < ng; c++) vstore(g + c * dp, vload(g + c * dp) + acc[q][c]);
    }
  }
}

/* One function per class-group size and kind of row, so that each keeps its vectors in registers. */
#define KERNEL_FNS(N)                                                                                       \
  static void dotB##N(const void *r1, const uint64_t *m1, const void *r2, const uint64_t *m2, int words,  \
                      int blocks, const float *W, size_t dp, float *z1, float *z2) {                     \
    dotBody(N, 1, r1, m1, r2, m2, words, blocks, W, dp, z1, z2);                                         \
  }                                                                                                       \
  static void dotF##N(const void *r1, const uint64_t *m1, const void *r2, const uint64_t *m2, int words,  \
                      int blocks, const float *W, size_t dp, float *z1, float *z2) {                     \
    dotBody(N, 0, r1, m1, r2, m2, words, blocks, W, dp, z1, z2);                                         \
  }                                                                                                       \
  static void tileB##N(const void *const *r, const uint64_t *const *m, int rows, int blocks, float *G,      \
                       size_t dp, const float *dz, int kz) {                                              \
    tileBody(N, TILE_BLOCKS(N), 1, r, m, rows, blocks, G, dp, dz, kz);                                  \
  }                                                                                                       \
  static void tileF##N(const void *const *r, const uint64_t *const *m, int rows, int blocks, float *G,      \
                       size_t dp, const float *dz, int kz) {                                              \
    tileBody(N, TILE_BLOCKS(N), 0, r, m, rows, blocks, G, dp, dz, kz);                                  \
  }
KERNEL_FNS(1) KERNEL_FNS(2) KERNEL_FNS(3) KERNEL_FNS(4) KERNEL_FNS(5) KERNEL_FNS(6)
KERNEL_FNS(7) KERNEL_FNS(8) KERNEL_FNS(9) KERNEL_FNS(10) KERNEL_FNS(11) KERNEL_FNS(12)

typedef void (*DotFn)(const void *, const uint64_t *, const void *, const uint64_t *, int, int, const float *,
                      size_t, float *, float *);
typedef void (*TileFn)(const void *const *, const uint64_t *const *, int, int, float *, size_t, const float *, int);
#define TABLE12(f) {NULL, f##1, f##2, f##3, f##4, f##5, f##6, f##7, f##8, f##9, f##10, f##11, f##12}
static const DotFn DOT[2][MAX_GROUP + 1] = {TABLE12(dotB), TABLE12(dotF)};
static const TileFn TILE[2][MAX_GROUP + 1] = {TABLE12(tileB), TABLE12(tileF)};

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

/** The most classes a pass keeps: two rows' sums for SCORE_ROWS 2 within the register budget. */
#define SCORE_GROUP (ACC / SCORE_ROWS < MAX_GROUP ? ACC / SCORE_ROWS : MAX_GROUP)

/** Scores of the m rows at positions [t0, t0 + m): z (m rows of kz floats) ← x_r·W, SCORE_ROWS at a time. */
static void blockScores(const Job *J, int t0, int m, float *z, int kz) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int k = J->k, kind = R->kind, blocks = R->dp / LANES;
  const int groups = (k + SCORE_GROUP - 1) / SCORE_GROUP;
  const int pairs = SCORE_ROWS == 2 && R->words <= 8;
  for (int i = 0; i < m; i += pairs ? 2 : 1) {
    const int r1 = rowAt(J, t0 + i), two = pairs && i + 1 < m;
    const int r2 = two ? rowAt(J, t0 + i + 1) : r1;
    for (int g = 0; g < groups; g++) {
      int c0, c1;
      group(k, SCORE_GROUP, g, &c0, &c1);
      DOT[kind][c1 - c0](rowData(R, r1), rowMask(R, r1), two ? rowData(R, r2) : NULL, rowMask(R, r2), R->words,
                         blocks, J->Wt + c0 * dp, dp, z + i * kz + c0, z + (i + 1) * kz + c0);
    }
  }
}

/** G += x_r ⊗ dz_r for the m ≤ ROW_BLOCK rows at positions [t0, t0 + m), in register tiles of G. */
static void blockScatter(const Job *J, int t0, int m, float *G, const float *dz, int kz) {
  const Rows *R = J->rows;
  const size_t dp = (size_t)R->dp;
  const int k = J->k, kind = R->kind, blocks = R->dp / LANES;
  const void *rows[ROW_BLOCK];
  const uint64_t *masks[ROW_BLOCK];
  for (int i = 0; i < m; i++) {
    const int r = rowAt(J, t0 + i);
    rows[i] = rowData(R, r);
    masks[i] = rowMask(R, r);
  }
  const int groups = (k + MAX_GROUP - 1) / MAX_GROUP;
  for (int g = 0; g < groups; g++) {
    int c0, c1;
    group(k, MAX_GROUP, g, &c0, &c1);
    TILE[kind][c1 - c0](rows, masks, m, blocks, G + c0 * dp, dp, dz + c0, kz);
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
    blockScores(J, t0, t1 - t0, zb, kz);
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
  memset(zb, 0, ROW_BLOCK * kz * sizeof *zb);
  const int lo = chunkLo(J->count, J->chunks, ch), hi = chunkLo(J->count, J->chunks, ch + 1);
  for (int t0 = lo; t0 < hi; t0 += ROW_BLOCK) {
    const int t1 = t0 + ROW_BLOCK < hi ? t0 + ROW_BLOCK : hi;
    if (J->index) prefetchRows(J, t1, t1 + ROW_BLOCK < hi ? t1 + ROW_BLOCK : hi);
    blockScores(J, t0, t1 - t0, zb, kz);
    for (int t = t0; t < t1; t++) {
      float a, o;
      float *z = zb + (t - t0) * kz;
      affine(J, rowAt(J, t), z, &a, &o);
      probaRow(J->link, z, k, kz, J->proba + (size_t)t * k, e);
    }
  }
}
