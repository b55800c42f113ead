/*
 * Mini-batch epochs in the kernels (steps.c): for each batch of a shuffled index, the loss and gradient
 * (engine.c, on the pool's threads), then the objective's normalisation, standardisation unfold and
 * penalty and the solver's update (sgd with momentum / Nesterov, or Adam), split among the same threads
 * by classes, all without returning to JavaScript. Each element's arithmetic is that of
 * src/model/objective.ts and src/model/solvers/{sgd,adam}.ts, in the same order and with the same
 * float32 roundings, so a fused epoch gives the js loop's weights.
 */
#ifndef SOFTMAX_NATIVE_STEPS_H
#define SOFTMAX_NATIVE_STEPS_H

#include "engine.h"

enum { RULE_SGD = 0, RULE_ADAM = 1 };

typedef struct {
  int rule;
  double lr, lambda;
  double momentum; /* sgd */
  int nesterov;    /* sgd */
  double beta1, beta2, eps; /* adam */
  int t;                    /* adam: steps taken before this epoch; advanced here */
  /* sgd: s1 = velocity (W then b); adam: s1 = first moment, s2 = second moment */
  float *s1W, *s1b, *s2W, *s2b;
  const float *colScale, *colOffset; /* per-column standardisation, or NULL */
  double divergenceFactor;
  double firstLoss; /* NaN before the run's first step; set by it */
} Update;

/**
 * Runs the batches [0, batch), [batch, 2·batch), ... of the selection call->index[0 .. count) (call->W and
 * call->b are ignored: the parameters are W, b, updated in place). Per step, losses[s] and corrects[s].
 * Stops after a step whose loss is not finite or exceeds divergenceFactor × firstLoss. Returns the steps
 * taken, or −1 when memory runs out.
 */
int engineEpoch(Engine *e, const Rows *R, const Call *call, int batch, float *W, float *b, Update *u,
                double *losses, double *corrects);

#endif
