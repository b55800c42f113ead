/*
 * Fused mini-batch epochs (steps.h). Compiled with -ffp-contract=off: every multiply and add here rounds
 * as JavaScript's do, so the updates match the js loop's bit for bit given the same gradient sums.
 */
#include "steps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/** θ ← θ − v after v ← μv + α∇ (Nesterov: θ ← θ − (μv + α∇)); sgd.ts's update. */
static void sgdUpdate(float *theta, float *v, const float *g, size_t n, double lr, double mu, int nesterov) {
  for (size_t i = 0; i < n; i++) {
    const double vi = mu * (double)v[i] + lr * (double)g[i];
    v[i] = (float)vi;
    theta[i] = (float)((double)theta[i] - (nesterov ? mu * vi + lr * (double)g[i] : vi));
  }
}

/** adam.ts's update, in float64 and rounded once per array element. */
static void adamUpdate(float *theta, float *m, float *v, const float *g, size_t n, double b1, double b2,
                       double eps, double stepSize, double c2) {
  for (size_t i = 0; i < n; i++) {
    const double gi = g[i];
    const double mi = b1 * (double)m[i] + (1 - b1) * gi;
    const double vi = b2 * (double)v[i] + (1 - b2) * gi * gi;
    m[i] = (float)mi;
    v[i] = (float)vi;
    theta[i] = (float)((double)theta[i] - (stepSize * mi) / (sqrt(vi) / c2 + eps));
  }
}

int engineEpoch(Engine *e, const Rows *R, const Call *call, int batch, float *W, float *b, Update *u,
                double *losses, double *corrects) {
  const int d = R->d, k = call->k, m = call->count;
  const size_t dk = (size_t)d * k;
  /* folded parameters and one gradient, for the epoch */
  float *Wf = malloc((dk + k) * sizeof(float)), *gW = malloc((dk + k) * sizeof(float));
  if (!Wf || !gW) return free(Wf), free(gW), -1;
  float *bf = Wf + dk, *gb = gW + dk;
  const float *s = u->colScale, *t = u->colOffset;
  int steps = 0;
  for (int start = 0; start < m; start += batch, steps++) {
    const int count = m - start < batch ? m - start : batch;
    Call c = *call;
    c.start = call->start + start;
    c.count = count;
    /* objective.ts: W' = diag(s)·W, b' = b + Wᵀt (foldColumns) */
    if (s) {
      for (int j = 0; j < d; j++)
        for (int q = 0; q < k; q++) Wf[(size_t)j * k + q] = (float)((double)s[j] * (double)W[(size_t)j * k + q]);
      for (int q = 0; q < k; q++) {
        double acc = b[q];
        for (int j = 0; j < d; j++) acc += (double)t[j] * (double)W[(size_t)j * k + q];
        bf[q] = (float)acc;
      }
      c.W = Wf;
      c.b = bf;
    } else {
      c.W = W;
      c.b = b;
    }
    double loss, correct;
    if (engineLossGrad(e, R, &c, gW, gb, &loss, &correct)) {
      steps = -1;
      break;
    }
    double total = count;
    if (c.weights) {
      total = 0;
      for (int i = 0; i < count; i++) total += c.weights[c.index ? c.index[c.start + i] : c.start + i];
    }
    const double inv = total > 0 ? 1 / total : 0;
    for (int q = 0; q < k; q++) gb[q] = (float)((double)gb[q] * inv);
    if (s) {
      for (int j = 0; j < d; j++) {
        const double sj = (double)s[j] * inv, tj = t[j];
        for (int q = 0; q < k; q++) {
          float *g = &gW[(size_t)j * k + q];
          *g = (float)(sj * (double)*g + tj * (double)gb[q]);
        }
      }
    } else {
      for (size_t i = 0; i < dk; i++) gW[i] = (float)((double)gW[i] * inv);
    }
    double penalty = 0;
    if (u->lambda != 0) {
      for (size_t i = 0; i < dk; i++) {
        penalty += (double)W[i] * (double)W[i];
        gW[i] = (float)((double)gW[i] + u->lambda * (double)W[i]);
      }
    }
    loss = loss * inv + 0.5 * u->lambda * penalty;
    losses[steps] = loss;
    corrects[steps] = correct;
    /* the solver's update (sgd.ts, adam.ts) */
    if (u->rule == RULE_SGD) {
      sgdUpdate(W, u->s1W, gW, dk, u->lr, u->momentum, u->nesterov);
      sgdUpdate(b, u->s1b, gb, (size_t)k, u->lr, u->momentum, u->nesterov);
    } else {
      u->t++;
      const double c1 = 1 - pow(u->beta1, u->t), c2 = sqrt(1 - pow(u->beta2, u->t));
      adamUpdate(W, u->s1W, u->s2W, gW, dk, u->beta1, u->beta2, u->eps, u->lr / c1, c2);
      adamUpdate(b, u->s1b, u->s2b, gb, (size_t)k, u->beta1, u->beta2, u->eps, u->lr / c1, c2);
    }
    /* train.ts's divergence test, after the step as there */
    if (isnan(u->firstLoss)) u->firstLoss = loss;
    if (!isfinite(loss) || loss > u->divergenceFactor * u->firstLoss) {
      steps++;
      break;
    }
  }
  free(Wf);
  free(gW);
  return steps;
}
