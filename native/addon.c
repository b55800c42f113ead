/*
 * The N-API surface of the native kernels (src/kernels/native/addon.ts types it). Typed arrays are read
 * in place for the length of a call; data sets are prepared once into native memory (rows.c) and handed
 * back as opaque handles that the TypeScript side caches by array identity. Everything that JavaScript
 * passes is checked here too, so that a mistake on that side throws instead of reading out of bounds.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigAlloc.h"
#include "buffers.h"
#include "engine.h"
#include "rows.h"
#include "steps.h"

/** A handle's object; `live` is cleared by an explicit release, the struct freed by the finalizer. */
typedef struct {
  int live;
  Engine *engine;
  Rows *rows;
} Handle;

#define TRY(call)                                                      \
  do {                                                                 \
    if ((call) != napi_ok) return fail(env, "native: N-API call failed"); \
  } while (0)

static napi_value fail(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, message);
  return NULL;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  Handle *h = data;
  if (h->live) {
    engineDestroy(h->engine);
    rowsFree(h->rows);
  }
  free(h);
}

static napi_value wrap(napi_env env, Engine *engine, Rows *rows) {
  Handle *h = malloc(sizeof *h);
  napi_value out;
  if (!h) return fail(env, "native: out of memory");
  *h = (Handle){1, engine, rows};
  if (napi_create_external(env, h, finalize, NULL, &out) != napi_ok) {
    free(h);
    return fail(env, "native: N-API call failed");
  }
  return out;
}

/** The live handle in v, or NULL (and an exception) when it was released or is something else. */
static Handle *unwrap(napi_env env, napi_value v, int wantEngine) {
  void *data = NULL;
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external || napi_get_value_external(env, v, &data)) {
    fail(env, "native: expected a handle");
    return NULL;
  }
  Handle *h = data;
  if (!h->live || (wantEngine ? !h->engine : !h->rows)) {
    fail(env, "native: handle used after release");
    return NULL;
  }
  return h;
}

/**
 * The data of typed array v of type `want` with at least `need` elements; NULL for null/undefined
 * when `optional` (else an exception), and *ok = 0 on any error.
 */
static void *typed(napi_env env, napi_value v, napi_typedarray_type want, size_t need, int optional,
                   const char *what, int *ok) {
  napi_valuetype vt;
  napi_typeof(env, v, &vt);
  if (optional && (vt == napi_null || vt == napi_undefined)) return NULL;
  bool is = false;
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) != napi_ok || type != want) {
    char m[160];
    snprintf(m, sizeof m, "native: %s: wrong type of array", what);
    *ok = 0;
    return fail(env, m), NULL;
  }
  if (length < need) {
    char m[160];
    snprintf(m, sizeof m, "native: %s: %zu elements, need %zu", what, length, need);
    *ok = 0;
    return fail(env, m), NULL;
  }
  return data ? data : (void *)"";
}

static int intArg(napi_env env, napi_value v, int *out) {
  return napi_get_value_int32(env, v, out) == napi_ok;
}

/** variants() → [[name, lanes, supported], ...], best first. */
static napi_value Variants(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value list, item, x;
  TRY(napi_create_array(env, &list));
  for (int i = 0; variantAt(i); i++) {
    const Variant *v = variantAt(i);
    TRY(napi_create_array(env, &item));
    TRY(napi_create_string_utf8(env, v->name, NAPI_AUTO_LENGTH, &x));
    TRY(napi_set_element(env, item, 0, x));
    TRY(napi_create_int32(env, v->lanes, &x));
    TRY(napi_set_element(env, item, 1, x));
    TRY(napi_get_boolean(env, variantSupported(v), &x));
    TRY(napi_set_element(env, item, 2, x));
    TRY(napi_set_element(env, list, (uint32_t)i, item));
  }
  return list;
}

/** createEngine(variantIndex, threads) → handle. */
static napi_value CreateEngine(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value a[2];
  int vi, threads;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 2 || !intArg(env, a[0], &vi) || !intArg(env, a[1], &threads)) return fail(env, "native: bad arguments");
  const Variant *v = vi >= 0 ? variantAt(vi) : NULL;
  if (!v || !variantSupported(v)) return fail(env, "native: this CPU cannot run that variant");
  if (threads < 1 || threads > 1024) return fail(env, "native: threads out of range");
  Engine *e = engineCreate(v, threads);
  if (!e) return fail(env, "native: could not start the threads");
  return wrap(env, e, NULL);
}

/** prepareRows(engine, pixels: Uint8Array | values: Float32Array, n, d) → handle. */
static napi_value PrepareRows(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  int n, d, ok = 1;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  Handle *h = argc == 4 ? unwrap(env, a[0], 1) : NULL;
  if (!h) return fail(env, "native: bad arguments");
  if (!intArg(env, a[2], &n) || !intArg(env, a[3], &d) || n < 0 || d < 1 || d > 400000)
    return fail(env, "native: bad row shape");
  const int lanes = engineVariant(h->engine)->lanes;
  napi_typedarray_type type = napi_uint8_array;
  bool is = false;
  napi_is_typedarray(env, a[1], &is);
  if (is) napi_get_typedarray_info(env, a[1], &type, NULL, NULL, NULL, NULL);
  const size_t need = (size_t)n * d;
  Rows *R = NULL;
  if (type == napi_float32_array) {
    const float *values = typed(env, a[1], napi_float32_array, need, 0, "values", &ok);
    if (ok) R = rowsFromFloats(values, n, d, lanes);
  } else {
    const uint8_t *pixels = typed(env, a[1], napi_uint8_array, need, 0, "pixels", &ok);
    if (ok) R = rowsFromBytes(pixels, n, d, lanes);
  }
  if (!ok) return NULL;
  if (!R) return fail(env, "native: out of memory preparing rows");
  return wrap(env, NULL, R);
}

/** release(handle): frees what it holds now rather than at garbage collection. */
static napi_value Release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  void *data = NULL;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc == 1 && napi_get_value_external(env, a[0], &data) == napi_ok && data) {
    Handle *h = data;
    if (h->live) {
      h->live = 0;
      engineDestroy(h->engine);
      rowsFree(h->rows);
    }
  }
  return NULL;
}

/*
 * lossGrad(engine, rows, scale, offset, labels, index, start, count, W, b, k, link, weights, gW, gb, stats)
 * predict(engine, rows, scale, offset, null, index, start, count, W, b, k, link, null, out)
 * stats: Float64Array [loss, correct].
 */
static napi_value Run(napi_env env, napi_callback_info info, int grad) {
  size_t argc = 16;
  napi_value a[16];
  int ok = 1;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < (grad ? 16u : 14u)) return fail(env, "native: bad arguments");
  Handle *he = unwrap(env, a[0], 1), *hr = he ? unwrap(env, a[1], 0) : NULL;
  if (!hr) return NULL;
  const Rows *R = hr->rows;
  if (R->lanes != engineVariant(he->engine)->lanes) return fail(env, "native: rows prepared for another engine");
  Call c = {0};
  if (!intArg(env, a[6], &c.start) || !intArg(env, a[7], &c.count) || !intArg(env, a[10], &c.k) ||
      !intArg(env, a[11], &c.link) || c.start < 0 || c.count < 0 || c.k < 1 || c.k > 65535 ||
      (c.link != LINK_SOFTMAX && c.link != LINK_OVR))
    return fail(env, "native: bad arguments");
  const size_t n = (size_t)R->n, k = (size_t)c.k, d = (size_t)R->d, end = (size_t)c.start + c.count;
  const int bytes = R->kind == ROWS_BYTES;
  c.scale = typed(env, a[2], napi_float32_array, n, !bytes, "rowScale", &ok);
  if (ok) c.offset = typed(env, a[3], napi_float32_array, n, !bytes, "rowOffset", &ok);
  if (ok && grad) c.labels = typed(env, a[4], napi_uint8_array, n, 0, "labels", &ok);
  if (ok) c.index = typed(env, a[5], napi_int32_array, end, 1, "index", &ok);
  if (ok) c.W = typed(env, a[8], napi_float32_array, d * k, 0, "W", &ok);
  if (ok) c.b = typed(env, a[9], napi_float32_array, k, 0, "b", &ok);
  if (ok && grad) c.weights = typed(env, a[12], napi_float32_array, n, 1, "weights", &ok);
  if (!ok) return NULL;
  if (bytes && (!c.scale || !c.offset)) return fail(env, "native: byte rows need rowScale and rowOffset");
  if (!c.index && end > n) return fail(env, "native: rows outside the data");
  for (int t = 0; c.index && t < c.count; t++) {
    const int32_t r = c.index[c.start + t];
    if (r < 0 || (size_t)r >= n) {
      char m[120];
      snprintf(m, sizeof m, "row selection: row %d out of range 0..%zu", r, n - 1);
      return fail(env, m);
    }
  }
  for (int t = 0; grad && t < c.count; t++)
    if (c.labels[c.index ? c.index[c.start + t] : c.start + t] >= k) return fail(env, "native: label out of range");
  if (grad) {
    float *gW = typed(env, a[13], napi_float32_array, d * k, 0, "gW", &ok);
    float *gb = ok ? typed(env, a[14], napi_float32_array, k, 0, "gb", &ok) : NULL;
    double *stats = ok ? typed(env, a[15], napi_float64_array, 2, 0, "stats", &ok) : NULL;
    if (!ok) return NULL;
    if (engineLossGrad(he->engine, R, &c, gW, gb, &stats[0], &stats[1])) return fail(env, "native: out of memory");
  } else {
    float *out = typed(env, a[13], napi_float32_array, (size_t)c.count * k, 0, "out", &ok);
    if (!ok) return NULL;
    if (enginePredict(he->engine, R, &c, out)) return fail(env, "native: out of memory");
  }
  return NULL;
}

static napi_value LossGrad(napi_env env, napi_callback_info info) { return Run(env, info, 1); }
static napi_value Predict(napi_env env, napi_callback_info info) { return Run(env, info, 0); }

/*
 * epoch(engine, rows, scale, offset, labels, index, count, k, link, weights, W, b, batch, u, s1W, s1b, s2W,
 *       s2b, colScale, colOffset, losses, corrects) → steps taken.
 * u: Float64Array [rule, lr, lambda, momentum, nesterov, beta1, beta2, eps, t, divergenceFactor, firstLoss];
 * t and firstLoss are written back. The batches are index[0 .. count) (all rows when index is null).
 */
static napi_value Epoch(napi_env env, napi_callback_info info) {
  size_t argc = 22;
  napi_value a[22];
  int ok = 1;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 22) return fail(env, "native: bad arguments");
  Handle *he = unwrap(env, a[0], 1), *hr = he ? unwrap(env, a[1], 0) : NULL;
  if (!hr) return NULL;
  const Rows *R = hr->rows;
  if (R->lanes != engineVariant(he->engine)->lanes) return fail(env, "native: rows prepared for another engine");
  Call c = {0};
  int batch;
  if (!intArg(env, a[6], &c.count) || !intArg(env, a[7], &c.k) || !intArg(env, a[8], &c.link) ||
      !intArg(env, a[12], &batch) || c.count < 0 || batch < 1 || c.k < 1 || c.k > 65535 ||
      (c.link != LINK_SOFTMAX && c.link != LINK_OVR))
    return fail(env, "native: bad arguments");
  const size_t n = (size_t)R->n, k = (size_t)c.k, d = (size_t)R->d, m = (size_t)c.count;
  const int bytes = R->kind == ROWS_BYTES;
  c.scale = typed(env, a[2], napi_float32_array, n, !bytes, "rowScale", &ok);
  if (ok) c.offset = typed(env, a[3], napi_float32_array, n, !bytes, "rowOffset", &ok);
  if (ok) c.labels = typed(env, a[4], napi_uint8_array, n, 0, "labels", &ok);
  if (ok) c.index = typed(env, a[5], napi_int32_array, m, 1, "index", &ok);
  if (ok) c.weights = typed(env, a[9], napi_float32_array, n, 1, "weights", &ok);
  float *W = ok ? typed(env, a[10], napi_float32_array, d * k, 0, "W", &ok) : NULL;
  float *b = ok ? typed(env, a[11], napi_float32_array, k, 0, "b", &ok) : NULL;
  double *uv = ok ? typed(env, a[13], napi_float64_array, 11, 0, "update", &ok) : NULL;
  if (!ok) return NULL;
  const int adam = uv[0] == RULE_ADAM;
  Update u = {
      .rule = adam ? RULE_ADAM : RULE_SGD,
      .lr = uv[1],
      .lambda = uv[2],
      .momentum = uv[3],
      .nesterov = uv[4] != 0,
      .beta1 = uv[5],
      .beta2 = uv[6],
      .eps = uv[7],
      .t = (int)uv[8],
      .divergenceFactor = uv[9],
      .firstLoss = uv[10],
  };
  u.s1W = typed(env, a[14], napi_float32_array, d * k, 0, "state", &ok);
  if (ok) u.s1b = typed(env, a[15], napi_float32_array, k, 0, "state", &ok);
  if (ok) u.s2W = typed(env, a[16], napi_float32_array, d * k, !adam, "state", &ok);
  if (ok) u.s2b = typed(env, a[17], napi_float32_array, k, !adam, "state", &ok);
  if (ok) u.colScale = typed(env, a[18], napi_float32_array, d, 1, "colScale", &ok);
  if (ok) u.colOffset = typed(env, a[19], napi_float32_array, d, 1, "colOffset", &ok);
  const size_t stepsMax = m == 0 ? 0 : (m + batch - 1) / batch;
  double *losses = ok ? typed(env, a[20], napi_float64_array, stepsMax, 0, "losses", &ok) : NULL;
  double *corrects = ok ? typed(env, a[21], napi_float64_array, stepsMax, 0, "corrects", &ok) : NULL;
  if (!ok) return NULL;
  if (bytes && (!c.scale || !c.offset)) return fail(env, "native: byte rows need rowScale and rowOffset");
  if (!u.colScale != !u.colOffset) return fail(env, "native: colScale and colOffset go together");
  if (!c.index && m > n) return fail(env, "native: rows outside the data");
  for (size_t t = 0; t < m; t++) {
    const size_t r = c.index ? (size_t)c.index[t] : t;
    if (c.index && (c.index[t] < 0 || r >= n)) {
      char msg[120];
      snprintf(msg, sizeof msg, "row selection: row %d out of range 0..%zu", c.index[t], n - 1);
      return fail(env, msg);
    }
    if (c.labels[r] >= k) return fail(env, "native: label out of range");
  }
  const int steps = engineEpoch(he->engine, R, &c, batch, W, b, &u, losses, corrects);
  if (steps < 0) return fail(env, "native: out of memory");
  uv[8] = u.t;
  uv[10] = u.firstLoss;
  napi_value out;
  TRY(napi_create_int32(env, steps, &out));
  return out;
}

static void freeBytes(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/**
 * allocBytes(n) → an ArrayBuffer of n uninitialised bytes in huge-page-backed memory (bigAlloc.h), for
 * large data files: read into it, a 47 MB file costs its copy, not ~135 ms of first-touch page faults.
 */
static napi_value AllocBytes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1], out;
  int64_t n = 0;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 1 || napi_get_value_int64(env, a[0], &n) != napi_ok || n < 1 || n > ((int64_t)1 << 40))
    return fail(env, "native: bad byte count");
  void *p = bigAlloc((size_t)n);
  if (!p) return fail(env, "native: out of memory");
  if (napi_create_external_arraybuffer(env, p, (size_t)n, freeBytes, NULL, &out) != napi_ok) {
    free(p);
    return fail(env, "native: could not wrap the allocation");
  }
  return out;
}

static void unmapBytes(napi_env env, void *data, void *hint) {
  (void)env;
  bufferUnmap(data, (size_t)(uintptr_t)hint);
}

/**
 * mapFile(path) → an ArrayBuffer over the whole file, mapped copy-on-write (buffers.c), or null when it
 * cannot be mapped (the caller then reads the file). The finaliser unmaps it.
 */
static napi_value MapFile(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value a[1], out;
  char path[4096];
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 1 || napi_get_value_string_utf8(env, a[0], path, sizeof path, &len) != napi_ok || len == 0 ||
      len >= sizeof path - 1)
    return fail(env, "native: bad path");
  size_t length = 0;
  void *p = bufferMapFile(path, &length);
  if (!p) {
    TRY(napi_get_null(env, &out));
    return out;
  }
  if (napi_create_external_arraybuffer(env, p, length, unmapBytes, (void *)(uintptr_t)length, &out) != napi_ok) {
    bufferUnmap(p, length);
    return fail(env, "native: could not wrap the mapping");
  }
  return out;
}

/**
 * releaseBytes(arrayBuffer): an allocBytes or mapFile buffer that nothing will read again is detached (its views
 * become empty, so a stray read finds nothing rather than stale bytes) and its pages are given back at
 * once, not at a garbage collection that may come only after the report is drawn. The allocation itself
 * is freed by the finaliser, as before.
 */
static napi_value ReleaseBytes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  bool is = false;
  void *data = NULL;
  size_t len = 0;
  TRY(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 1 || napi_is_arraybuffer(env, a[0], &is) != napi_ok || !is)
    return fail(env, "native: not an ArrayBuffer");
  TRY(napi_get_arraybuffer_info(env, a[0], &data, &len));
  if (!data || len == 0) return NULL; /* already released */
  if (napi_detach_arraybuffer(env, a[0]) != napi_ok) return fail(env, "native: could not detach the buffer");
  bufferDiscard(data, len);
  return NULL;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor props[] = {
      {"variants", NULL, Variants, NULL, NULL, NULL, napi_default, NULL},
      {"createEngine", NULL, CreateEngine, NULL, NULL, NULL, napi_default, NULL},
      {"prepareRows", NULL, PrepareRows, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, Release, NULL, NULL, NULL, napi_default, NULL},
      {"lossGrad", NULL, LossGrad, NULL, NULL, NULL, napi_default, NULL},
      {"predict", NULL, Predict, NULL, NULL, NULL, napi_default, NULL},
      {"epoch", NULL, Epoch, NULL, NULL, NULL, napi_default, NULL},
      {"allocBytes", NULL, AllocBytes, NULL, NULL, NULL, napi_default, NULL},
      {"releaseBytes", NULL, ReleaseBytes, NULL, NULL, NULL, napi_default, NULL},
      {"mapFile", NULL, MapFile, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof *props, props) != napi_ok) return NULL;
  return exports;
}
