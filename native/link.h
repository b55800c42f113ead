/*
 * The loss of one row and its derivative with respect to the scores, and the row's probabilities,
 * mirroring src/kernels/link.ts with assembly/link.ts's stable forms: float32 exponentials on vectors,
 * sums, the one logarithm per row and the terms that cancel in float64, so that a confident row's small
 * loss and gradient keep their relative precision:
 * - softmax: with m = max z, e_c = e^(z_c − m) and s = Σ e_c ≥ 1, loss = (m − z_y) + log1p(s − 1), and
 *   ∂/∂z_y = −(s − e_y)/s rather than e_y/s − 1;
 * - one-vs-rest: with e_c = e^(−|z_c|), loss = Σ max(z_c, 0) − z_y + log Π (1 + e_c), σ(z_c) from e_c
 *   without overflow, and ∂/∂z_y = −σ(−z_y) rather than σ(z_y) − 1.
 * z, dz, e: kz floats (kz = k rounded up to a whole number of vectors); lanes past k are ignored.
 */
#ifndef SOFTMAX_NATIVE_LINK_H
#define SOFTMAX_NATIVE_LINK_H

#include <math.h>

#include "kernels.h"
#include "vec.h"

static inline float rowMax(const float *z, int k) {
  float m = -INFINITY;
  for (int c = 0; c < k; c++) m = z[c] > m ? z[c] : m;
  return m;
}

/** The index of the highest score, ties to the lower class (as the reference's argmax). */
static inline int argmaxRow(const float *z, int k) {
  int best = 0;
  for (int c = 1; c < k; c++)
    if (z[c] > z[best]) best = c;
  return best;
}

/** Writes ∂loss/∂z into dz[0..k) and returns the row's loss. */
static inline double lossGradRow(int link, const float *z, int k, int kz, int y, float *dz, float *e) {
  const double zy = z[y];
  if (link == LINK_SOFTMAX) {
    const float m = rowMax(z, k);
    for (int v = 0; v < kz; v += LANES) vstore(e + v, vexpNeg(vload(z + v) - vsplat(m)));
    double s = 0;
    for (int c = 0; c < k; c++) s += e[c];
    const double inv = 1 / s;
    const vf iv = vsplat((float)inv);
    for (int v = 0; v < kz; v += LANES) vstore(dz + v, vload(e + v) * iv);
    dz[y] = (float)(-(s - e[y]) * inv);
    return (double)m - zy + log1p(s - 1);
  }
  const vf one = vsplat(1.0f);
  for (int v = 0; v < kz; v += LANES) {
    const vf zv = vload(z + v);
    const vf ev = vexpNeg(vmin(zv, -zv)); /* e^(−|z|) */
    const vf r = one / (one + ev);        /* σ(|z|) */
    vstore(e + v, ev);
    vstore(dz + v, vselect(zv >= vsplat(0.0f), r, ev * r));
  }
  double sum = 0;
  double prod = 1;
  for (int c = 0; c < k; c++) {
    sum += z[c] > 0 ? (double)z[c] : 0.0;
    prod *= 1 + (double)e[c];
    if (prod > 1e300) {
      sum += log(prod);
      prod = 1;
    }
  }
  const double ey = e[y];
  dz[y] = (float)-(zy >= 0 ? ey / (1 + ey) : 1 / (1 + ey));
  return sum - zy + log(prod);
}

/**
 * Class probabilities into p[0..k): the softmax, or the k sigmoids normalised to sum to one (uniform
 * when they all underflow). One-vs-rest stays in scalar float64, as the reference, so rows whose sigmoids
 * are all tiny still rank their classes the same way. e: kz floats, or k doubles for one-vs-rest.
 */
static inline void probaRow(int link, const float *z, int k, int kz, float *p, float *e) {
  if (link == LINK_SOFTMAX) {
    const vf mv = vsplat(rowMax(z, k));
    for (int v = 0; v < kz; v += LANES) vstore(e + v, vexpNeg(vload(z + v) - mv));
    double s = 0;
    for (int c = 0; c < k; c++) s += e[c];
    const double inv = 1 / s;
    for (int c = 0; c < k; c++) p[c] = (float)(e[c] * inv);
    return;
  }
  double *sig = (double *)e;
  double s = 0;
  for (int c = 0; c < k; c++) {
    const double v = z[c];
    const double ex = exp(-fabs(v));
    sig[c] = v >= 0 ? 1 / (1 + ex) : ex / (1 + ex);
    s += sig[c];
  }
  if (s == 0) {
    for (int c = 0; c < k; c++) sig[c] = 1;
    s = k;
  }
  const double inv = 1 / s;
  for (int c = 0; c < k; c++) p[c] = (float)(sig[c] * inv);
}

#endif
