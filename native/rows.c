/*
 * Data sets as the kernels read them (kernels.h, Rows), prepared once per data set: byte rows keep only
 * their non-zero blocks of `lanes` pixels with each block's number, float rows are copied with every row
 * padded with zeros to dp columns.
 */
#include "rows.h"

#include <stdlib.h>
#include <string.h>

static int padded(int d, int lanes) { return (d + lanes - 1) / lanes * lanes; }

/** Whether the block of row x starting at column j has a non-zero byte (columns past d do not count). */
static int blockNonZero(const uint8_t *x, int j, int d, int lanes) {
  const int end = j + lanes < d ? j + lanes : d;
  for (int q = j; q < end; q++)
    if (x[q]) return 1;
  return 0;
}

Rows *rowsFromBytes(const uint8_t *pixels, int n, int d, int lanes) {
  Rows *R = calloc(1, sizeof *R);
  if (!R) return NULL;
  *R = (Rows){.kind = ROWS_BYTES, .n = n, .d = d, .dp = padded(d, lanes), .lanes = lanes};
  R->start = malloc(((size_t)n + 1) * sizeof *R->start);
  if (!R->start) return rowsFree(R), NULL;
  uint64_t total = 0;
  for (int i = 0; i < n; i++) {
    R->start[i] = total;
    for (int j = 0; j < d; j += lanes) total += (uint64_t)blockNonZero(pixels + (size_t)i * d, j, d, lanes);
  }
  R->start[n] = total;
  /* + 1 block: never empty, and a whole vector may be read past the last block's bytes */
  R->num = malloc((total + 1) * sizeof *R->num);
  R->data = calloc((total + 1) * lanes, 1);
  if (!R->num || !R->data) return rowsFree(R), NULL;
  for (int i = 0; i < n; i++) {
    const uint8_t *x = pixels + (size_t)i * d;
    uint64_t b = R->start[i];
    for (int j = 0; j < d; j += lanes) {
      if (!blockNonZero(x, j, d, lanes)) continue;
      R->num[b] = (uint16_t)(j / lanes);
      memcpy(R->data + b * lanes, x + j, (size_t)(j + lanes <= d ? lanes : d - j));
      b++;
    }
  }
  return R;
}

Rows *rowsFromFloats(const float *values, int n, int d, int lanes) {
  Rows *R = calloc(1, sizeof *R);
  if (!R) return NULL;
  *R = (Rows){.kind = ROWS_FLOAT, .n = n, .d = d, .dp = padded(d, lanes), .lanes = lanes};
  const size_t bytes = ((size_t)n * R->dp * sizeof(float) + 63) / 64 * 64;
  R->values = aligned_alloc(64, bytes > 0 ? bytes : 64);
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
  free(R->start);
  free(R->num);
  free(R->data);
  free(R->values);
  free(R);
}
