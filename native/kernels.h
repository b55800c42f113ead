/*
 * The native kernels' shared types: a data set as the kernels read it (Rows), one call's job (Job), and
 * the per-instruction-set variants of the two chunk kernels (kernels.c, compiled once per variant).
 *
 * Layout. Features are read in blocks of `lanes` (8 or 16) consecutive columns, one SIMD vector each;
 * d is padded with zeros to dp, a multiple of lanes. Parameters and gradients are stored TRANSPOSED,
 * class-major: Wt[c·dp + j], so that a block of a row meets a block of each class's weights and the
 * class count k costs no padding. Byte rows carry a bitmask of their non-zero blocks, and only those are
 * visited (Fashion-MNIST: 72% of the 8-pixel blocks, the image border being zero); float rows visit all.
 * Register blocking (kernels.c): scores take two rows at a time where the registers hold both rows' sums
 * (AVX-512), so each weight loaded serves two multiply-adds; the gradient keeps a tile of G (a few
 * blocks × the class group) in registers while the ROW_BLOCK rows pass, so G is read and written once
 * per block of rows. Both passes are then bound by arithmetic rather than by loads and stores.
 */
#ifndef SOFTMAX_NATIVE_KERNELS_H
#define SOFTMAX_NATIVE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

enum { LINK_SOFTMAX = 0, LINK_OVR = 1 };
enum { ROWS_BYTES = 0, ROWS_FLOAT = 1 };

/** Rows per block of the gradient: scores and links for the block (W hot), then its updates (G hot). */
#define ROW_BLOCK 16
/** Float32 gradient sums are added into the chunk's float64 slot every FLUSH_ROWS rows. */
#define FLUSH_ROWS 256
/** The most classes a kernel pass keeps in registers; more classes take several passes. */
#define MAX_GROUP 12

typedef struct {
  int kind;       /* ROWS_BYTES or ROWS_FLOAT */
  int n, d, dp;   /* rows, features, features padded to a multiple of lanes */
  int lanes;      /* block width this data set was prepared for */
  int words;      /* bytes: mask words per row, ceil(dp / lanes / 64) */
  /* bytes: n × dp pixels, zero-padded, and per row `words` 64-bit masks of its non-zero blocks */
  uint8_t *data;
  int borrowed; /* bytes: data is the caller's array (dp == d), not a copy; never freed here */
  uint64_t *mask;
  /* float: n × dp values, zero-padded */
  float *values;
} Rows;

/** One lossGrad or predict call, read by every thread; each chunk writes only its own slot or rows. */
typedef struct {
  const Rows *rows;
  const float *scale, *offset; /* per original row (byte rows), or NULL */
  const uint8_t *labels;       /* per original row (lossGrad) */
  const int32_t *index;        /* selection: rows index[start + t], or start + t when NULL */
  int start, count, chunks;
  const float *weights;        /* per original row, or NULL */
  int k, link;
  const float *Wt;             /* k × dp, transposed and padded */
  const double *colSum;        /* k: Σ_j W[j, c], the per-row offset's share of the scores */
  const float *b;              /* k */
  /* lossGrad: chunk c's slot at slots + c·slotStride doubles: G[k·dp], gb[k], off[k], loss, correct */
  double *slots;
  size_t slotStride;
  /* per thread scratch at scratch + thread·scratchStride floats: G[k·dp], z and dz blocks,
   * e[2·kz] */
  float *scratch;
  size_t scratchStride;
  float *proba;                /* predict: count × k, row-major */
} Job;

typedef void (*ChunkFn)(const Job *job, int chunk, int thread);

typedef struct {
  const char *name; /* 'generic', 'avx2', 'avx2-16', 'avx512' */
  int lanes;
  ChunkFn lossGrad;
  ChunkFn predict;
} Variant;

/** The first position (in the selection) of chunk c of a batch of count rows cut into chunks. */
static inline int chunkLo(int count, int chunks, int c) {
  return (int)(((int64_t)count * c) / chunks);
}

#define DECLARE_VARIANT(v)                                      \
  void lossGradChunk_##v(const Job *job, int chunk, int thread); \
  void predictChunk_##v(const Job *job, int chunk, int thread);

DECLARE_VARIANT(generic)
#if defined(__x86_64__)
DECLARE_VARIANT(avx2)
DECLARE_VARIANT(avx2w16)
DECLARE_VARIANT(avx512)
#endif

#endif
