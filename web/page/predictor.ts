/**
 * The classifier the page predicts with: the model as of the last epoch (or a loaded model.json), on the
 * js reference in the page's own thread (one image is 7,840 multiply-adds), so that it answers while the
 * worker trains. An epoch only hands its model over (`nextModel`); the model is read into a classifier
 * when something asks to predict, so epochs nobody predicts with cost nothing here.
 */
import type { ModelJSON } from '../../src/model/modelFormat.js';
import { SoftmaxClassifier } from '../../src/model/SoftmaxClassifier.js';

let classifier: SoftmaxClassifier | null = null;
/** The latest epoch's model, not yet read into `classifier` (predictor() reads it when it is needed). */
let pendingModel: ModelJSON | null = null;

/** The classifier of the latest epoch (or loaded model), read from its model file form on first use. */
export function predictor(): SoftmaxClassifier | null {
  if (pendingModel !== null) {
    classifier = SoftmaxClassifier.fromJSON(pendingModel, 'the model');
    pendingModel = null;
  }
  return classifier;
}

/** A new epoch's (or the final) model, read on first use. */
export function nextModel(model: ModelJSON): void {
  pendingModel = model;
}

/** A loaded model, read at once. */
export function useModel(model: ModelJSON): void {
  classifier = SoftmaxClassifier.fromJSON(model, 'the model');
}

export function forgetModel(): void {
  classifier = null;
  pendingModel = null;
}

/** The channels of the model on show, if any. */
export function modelChannels(): number | null {
  const input = predictor()?.inputShape;
  return input?.kind === 'images' ? input.channels : null;
}
