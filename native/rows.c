/*
 * Data sets as the kernels read them (kernels.h, Rows), prepared once per data set: rows copied and
 * padded with zeros to dp columns, byte rows with a bitmask of their non-zero blocks of `lanes` pixels.
 */
#include "rows.h"

#include "bigAlloc.h"

#include <stdlib.h>
#include <string.h>

static int padded(int d, int lanes) { return (d + lanes - 1) / lanes * lanes; }

/**
 * Whether the block of row x starting at column j has a non-zero byte (columns past d do not count): a
 * whole block is tested 8 bytes at a time, since this runs over every pixel of a data set once.
 */
static int blockNonZero(const uint8_t *x, int j, int d, int lanes) {
  if (j + lanes <= d) {
    uint64_t any = 0;
    for (int q = 0; q < lanes; q += 8) {
      uint64_t w;
      memcpy(&w, x + j + q, sizeof w);
      any |= w;
    }
    return any != 0;
  }
  for (int q = j; q < d; q++)
    if (x[q]) return 1;
  return 0;
}

Rows *rowsFromBytes(const uint8_t *pixels, int n, int d, int lanes) {
  Rows *R = calloc(1, sizeof *R);
  if (!R) return NULL;
  *R = (Rows){.kind = ROWS_BYTES, .n = n, .d = d, .dp = padded(d, lanes), .lanes = lanes};
  R->words = (R->dp / lanes + 63) / 64;
  /*
   * Rows that need no padding (784 = 49 × 16 for 28 × 28 images) are read in place: the kernels load
   * them unaligned, and the caller (nativeBackend.ts) keeps the array alive, and unmoved, for as long as
   * the handle lives. Holding the data once saves a copy of the whole set (47 MB for Fashion-MNIST).
   */
  R->borrowed = R->dp == d;
  R->data = R->borrowed ? (uint8_t *)pixels : bigAlloc((size_t)n * R->dp + 64);
  R->mask = calloc((size_t)n * R->words + 1, sizeof *R->mask);
  if (!R->data || !R->mask) return rowsFree(R), NULL;
  for (int i = 0; i < n; i++) {
    const uint8_t *x = pixels + (size_t)i * d;
    uint64_t *mask = R->mask + (size_t)i * R->words;
    if (!R->borrowed) {
      uint8_t *row = R->data + (size_t)i * R->dp;
      memcpy(row, x, (size_t)d);
      memset(row + d, 0, (size_t)(R->dp - d));
    }
    for (int j = 0; j < d; j += lanes)
      if (blockNonZero(x, j, d, lanes)) mask[j / lanes / 64] |= 1ull << (j / lanes % 64);
  }
  return R;
}

Rows *rowsFromFloats(const float *values, int n, int d, int lanes) {
  Rows *R = calloc(1, sizeof *R);
  if (!R) return NULL;
  *R = (Rows){.kind = ROWS_FLOAT, .n = n, .d = d, .dp = padded(d, lanes), .lanes = lanes};
  const size_t bytes = ((size_t)n * R->dp * sizeof(float) + 63) / 64 * 64;
  R->values = bigAlloc(bytes);
  if (!R->values) return rowsFree(R), NULL;
  for (int i = 0; i < n; i++) {
    float *row = R->values + (size_t)i * R->dp;
    memcpy(row, values + (size_t)i * d, (size_t)d * sizeof(float));
    memset(row + d, 0, (size_t)(R->dp - d) * sizeof(float));
  }
  return R;
}

void rowsFree(Rows *R) {
  if (!R) return;
  free(R->mask);
  if (!R->borrowed) free(R->data);
  free(R->values);
  free(R);
}
