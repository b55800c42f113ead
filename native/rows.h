/* Preparing data sets for the kernels once (rows.c); NULL when memory runs out. */
#ifndef SOFTMAX_NATIVE_ROWS_H
#define SOFTMAX_NATIVE_ROWS_H

#include "kernels.h"

/** n × d bytes, row-major, with a bitmask per row of its non-zero blocks of `lanes` pixels. */
Rows *rowsFromBytes(const uint8_t *pixels, int n, int d, int lanes);

/** n × d float32 features, row-major, copied with rows padded to a multiple of `lanes`. */
Rows *rowsFromFloats(const float *values, int n, int d, int lanes);

void rowsFree(Rows *rows);

#endif
