/*
 * Fused mini-batch epochs (steps.h). Compiled with -ffp-contract=off: every multiply and add here rounds
 * as JavaScript's do, so the updates match the js loop's bit for bit given the same gradient sums.
 *
 * For the whole epoch the parameters and the solver's state are kept class-major (W transposed, k × dp,
 * the kernels' layout), so a step neither transposes W for the kernels nor transposes the gradient back.
 * After each step's gradient, the work on the parameters is split by classes among the threads: each
 * part adds up its classes' chunk sums, normalises, unfolds and penalises their gradient, updates them
 * and lays out the next step's folded weights. Every element's arithmetic is the js loop's; only the
 * penalty ½λ‖W‖² is summed class by class (a fixed order, whatever the thread count), which can change
 * the reported loss in its last bits, never the weights.
 */
#include "steps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/** θ ← θ − v after v ← μv + α∇ (Nesterov: θ ← θ − (μv + α∇)); sgd.ts's update of one element. */
static inline void sgdStep(float *theta, float *v, float g, double lr, double mu, int nesterov) {
  const double vi = mu * (double)*v + lr * (double)g;
  *v = (float)vi;
  *theta = (float)((double)*theta - (nesterov ? mu * vi + lr * (double)g : vi));
}

/** adam.ts's update of one element, in float64 and rounded once. */
static inline void adamStep(float *theta, float *m, float *v, float g, const Update *u, double stepSize, double c2) {
  const double gi = g;
  const double mi = u->beta1 * (double)*m + (1 - u->beta1) * gi;
  const double vi = u->beta2 * (double)*v + (1 - u->beta2) * gi * gi;
  *m = (float)mi;
  *v = (float)vi;
  *theta = (float)((double)*theta - (stepSize * mi) / (sqrt(vi) / c2 + u->eps));
}

/** One epoch's shared state: the parameters class-major, and what each step's parts read and write. */
typedef struct {
  const Update *u;
  int d, dp, k, parts;
  float *Wm, *m1, *m2; /* W and the solver's state for W, k × dp */
  float *b;            /* the caller's b, updated in place */
  float *Wt, *bf;      /* the kernels' folded parameters for the next step */
  double *colSum;
  double *penalty;     /* per class: Σ_j W[j, c]² before the step's update */
  const Job *job;      /* the step's job: its chunks' slots */
  double inv, stepSize, c2;
} Epoch;

static inline void classRange(const Epoch *E, int part, int *c0, int *c1) {
  *c0 = (int)((int64_t)E->k * part / E->parts);
  *c1 = (int)((int64_t)E->k * (part + 1) / E->parts);
}

/** objective.ts's foldColumns for class c: W' = diag(s)·W, b' = b + Wᵀt; and the column sum of W'. */
static void fold(const Epoch *E, int c) {
  const float *s = E->u->colScale, *t = E->u->colOffset;
  const float *w = E->Wm + (size_t)c * E->dp;
  float *wt = E->Wt + (size_t)c * E->dp;
  double sum = 0;
  if (s) {
    double acc = E->b[c];
    for (int j = 0; j < E->d; j++) {
      wt[j] = (float)((double)s[j] * (double)w[j]);
      sum += wt[j];
      acc += (double)t[j] * (double)w[j];
    }
    E->bf[c] = (float)acc;
  } else {
    for (int j = 0; j < E->d; j++) {
      wt[j] = w[j];
      sum += wt[j];
    }
    E->bf[c] = E->b[c];
  }
  E->colSum[c] = sum;
}

static void foldPart(const void *ctx, int part, int thread) {
  (void)thread;
  const Epoch *E = ctx;
  int c0, c1;
  classRange(E, part, &c0, &c1);
  for (int c = c0; c < c1; c++) fold(E, c);
}

/**
 * Classes [c0, c1) of a step: their gradient from the chunks' sums (added in chunk order, as engine.c
 * does), divided by the batch's weight, unfolded and penalised as objective.ts does; the solver's
 * update; then the next step's folded weights.
 */
static void updatePart(const void *ctx, int part, int thread) {
  (void)thread;
  const Epoch *E = ctx;
  const Update *u = E->u;
  const float *s = u->colScale, *t = u->colOffset;
  const size_t gsize = (size_t)E->k * E->dp, stride = E->job->slotStride;
  const double *slots = E->job->slots;
  const int chunks = E->job->chunks;
  const int adam = u->rule == RULE_ADAM;
  int c0, c1;
  classRange(E, part, &c0, &c1);
  for (int c = c0; c < c1; c++) {
    double gbs = slots[gsize + c], off = slots[gsize + E->k + c];
    for (int ch = 1; ch < chunks; ch++) {
      gbs += slots[ch * stride + gsize + c];
      off += slots[ch * stride + gsize + E->k + c];
    }
    const float gb = (float)((double)(float)gbs * E->inv);
    float *w = E->Wm + (size_t)c * E->dp, *m1 = E->m1 + (size_t)c * E->dp;
    float *m2 = adam ? E->m2 + (size_t)c * E->dp : NULL;
    double penalty = 0;
    for (int j = 0; j < E->d; j++) {
      const size_t i = (size_t)c * E->dp + j;
      double a = slots[i];
      for (int ch = 1; ch < chunks; ch++) a += slots[ch * stride + i];
      float g = (float)(a + off);
      g = s ? (float)(((double)s[j] * E->inv) * (double)g + (double)t[j] * (double)gb) : (float)((double)g * E->inv);
      if (u->lambda != 0) {
        penalty += (double)w[j] * (double)w[j];
        g = (float)((double)g + u->lambda * (double)w[j]);
      }
      if (adam)
        adamStep(&w[j], &m1[j], &m2[j], g, u, E->stepSize, E->c2);
      else
        sgdStep(&w[j], &m1[j], g, u->lr, u->momentum, u->nesterov);
    }
    E->penalty[c] = penalty;
    if (adam)
      adamStep(&E->b[c], &u->s1b[c], &u->s2b[c], gb, u, E->stepSize, E->c2);
    else
      sgdStep(&E->b[c], &u->s1b[c], gb, u->lr, u->momentum, u->nesterov);
    fold(E, c);
  }
}

/** dst[c·dp + j] ← src[j·k + c] (to = 1), or back (to = 0), for the d × k array src. */
static void transpose(float *rowMajor, float *classMajor, int d, int dp, int k, int to) {
  for (int c = 0; c < k; c++)
    for (int j = 0; j < d; j++) {
      float *a = &rowMajor[(size_t)j * k + c], *t = &classMajor[(size_t)c * dp + j];
      if (to)
        *t = *a;
      else
        *a = *t;
    }
}

int engineEpoch(Engine *e, const Rows *R, const Call *call, int batch, float *W, float *b, Update *u,
                double *losses, double *corrects) {
  const int d = R->d, dp = R->dp, k = call->k, m = call->count;
  const int adam = u->rule == RULE_ADAM;
  const size_t kd = (size_t)k * dp;
  Job job;
  Epoch E = {.u = u, .d = d, .dp = dp, .k = k, .b = b, .job = &job};
  E.parts = engineThreads(e) < k ? engineThreads(e) : k;
  if (engineFusedJob(e, R, call, batch, &job, &E.Wt, &E.colSum)) return -1;
  /* class-major copies of W and of the state, zero past d; b' and the per-class penalties */
  float *mem = calloc(kd * (adam ? 3 : 2) + k, sizeof(float));
  E.penalty = calloc(k, sizeof(double));
  if (!mem || !E.penalty) return free(mem), free(E.penalty), -1;
  E.Wm = mem;
  E.m1 = mem + kd;
  E.m2 = adam ? mem + 2 * kd : NULL;
  E.bf = mem + kd * (adam ? 3 : 2);
  transpose(W, E.Wm, d, dp, k, 1);
  transpose(u->s1W, E.m1, d, dp, k, 1);
  if (adam) transpose(u->s2W, E.m2, d, dp, k, 1);
  memset(E.Wt, 0, kd * sizeof *E.Wt); /* the padding past d stays zero */
  engineRunParts(e, foldPart, &E, E.parts);
  job.b = E.bf;
  int steps = 0;
  for (int start = 0; start < m; start += batch, steps++) {
    const int count = m - start < batch ? m - start : batch;
    job.start = call->start + start;
    job.count = count;
    job.chunks = engineChunkCount(count);
    engineRunLossGrad(e, &job);
    double total = count;
    if (call->weights) {
      total = 0;
      for (int i = 0; i < count; i++) total += call->weights[call->index ? call->index[job.start + i] : job.start + i];
    }
    E.inv = total > 0 ? 1 / total : 0;
    if (adam) {
      u->t++;
      const double c1 = 1 - pow(u->beta1, u->t);
      E.c2 = sqrt(1 - pow(u->beta2, u->t));
      E.stepSize = u->lr / c1;
    }
    /* the batch's data loss and correct count, added in chunk order */
    double loss = 0, correct = 0;
    for (int ch = 0; ch < job.chunks; ch++) {
      loss += job.slots[ch * job.slotStride + kd + 2 * (size_t)k];
      correct += job.slots[ch * job.slotStride + kd + 2 * (size_t)k + 1];
    }
    engineRunParts(e, updatePart, &E, E.parts);
    double penalty = 0;
    for (int c = 0; c < k; c++) penalty += E.penalty[c];
    loss = loss * E.inv + 0.5 * u->lambda * penalty;
    losses[steps] = loss;
    corrects[steps] = correct;
    /* train.ts's divergence test, after the step as there */
    if (isnan(u->firstLoss)) u->firstLoss = loss;
    if (!isfinite(loss) || loss > u->divergenceFactor * u->firstLoss) {
      steps++;
      break;
    }
  }
  transpose(W, E.Wm, d, dp, k, 0);
  transpose(u->s1W, E.m1, d, dp, k, 0);
  if (adam) transpose(u->s2W, E.m2, d, dp, k, 0);
  free(mem);
  free(E.penalty);
  return steps;
}
