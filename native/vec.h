/*
 * SIMD vectors for the kernels through GCC/Clang vector extensions: one source, compiled once per
 * instruction set (build.mjs passes -DLANES and -m flags), so AVX2+FMA, AVX-512 and the portable
 * baseline run the same arithmetic in the same order, only on wider or narrower registers. Multiplies
 * and adds are fused where the target has FMA (-ffp-contract=fast).
 */
#ifndef SOFTMAX_NATIVE_VEC_H
#define SOFTMAX_NATIVE_VEC_H

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#ifndef LANES
#define LANES 8
#endif

typedef float vf __attribute__((vector_size(LANES * 4)));
typedef int32_t vi __attribute__((vector_size(LANES * 4)));
typedef uint8_t vb __attribute__((vector_size(LANES)));
typedef float v4 __attribute__((vector_size(16)));

static inline vf vload(const float *p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }

/** LANES bytes widened to floats: vpmovzxbd + vcvtdq2ps where there is AVX2 (compilers do not find it). */
static inline vf vbytes(const uint8_t *p) {
#if defined(__AVX512F__) && LANES == 16
  return (vf)_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)p)));
#elif defined(__AVX2__) && LANES == 16
  typedef float v8 __attribute__((vector_size(32)));
  const v8 lo = (v8)_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
  const v8 hi = (v8)_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p + 8))));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
#elif defined(__AVX2__) && LANES == 8
  return (vf)_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
#else
  vb u;
  memcpy(&u, p, sizeof u);
  return __builtin_convertvector(__builtin_convertvector(u, vi), vf);
#endif
}

static inline vf vsplat(float s) { return (vf){0} + s; }

/** Lanes of a where mask is set (all ones), else of b. */
static inline vf vselect(vi mask, vf a, vf b) { return (vf)((mask & (vi)a) | (~mask & (vi)b)); }

static inline vf vmax(vf a, vf b) { return vselect(a > b, a, b); }
static inline vf vmin(vf a, vf b) { return vselect(a < b, a, b); }

/** The sum of a vector's lanes, pairwise (the same order on every variant of the same width). */
static inline float vsum(vf v) {
#if LANES == 16
  typedef float v8 __attribute__((vector_size(32)));
  v8 h = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
         __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
#else
  vf h = v;
#endif
  v4 q = __builtin_shufflevector(h, h, 0, 1, 2, 3) + __builtin_shufflevector(h, h, 4, 5, 6, 7);
  return (q[0] + q[2]) + (q[1] + q[3]);
}

/**
 * e^x for x ≤ 0 on every lane, as assembly/link.ts's expNeg: Cephes' expf, x = n·ln 2 + r with
 * |r| ≤ ln 2 / 2, a degree-6 polynomial for e^r (about 1 ulp) and 2^n built in the exponent bits; below
 * −86 the result is 0, which keeps 2^n a normal number.
 */
static inline vf vexpNeg(vf x) {
  const vf lo = vsplat(-86.0f);
  const vf xc = vmax(vmin(x, vsplat(0.0f)), lo);
  const vf magic = vsplat(12582912.0f); /* 1.5·2²³: adding and subtracting it rounds to an integer */
  const vf n = (xc * vsplat(1.4426950408889634f) + magic) - magic;
  vf r = xc - n * vsplat(0.693359375f);
  r = r - n * vsplat(-2.12194440e-4f);
  vf y = vsplat(1.98756915e-4f);
  y = y * r + vsplat(1.3981999507e-3f);
  y = y * r + vsplat(8.3334519073e-3f);
  y = y * r + vsplat(4.1665795894e-2f);
  y = y * r + vsplat(1.6666665459e-1f);
  y = y * r + vsplat(5.0000001201e-1f);
  y = (y * r) * r + r + vsplat(1.0f);
  const vi pow2n = (__builtin_convertvector(n, vi) + 127) << 23;
  return vselect(x >= lo, y * (vf)pow2n, vsplat(0.0f));
}

#endif
