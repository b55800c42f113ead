/**
 * The model as a file: Download saves the model on show as model.json (the form `softmax predict` reads),
 * and a picked model.json is checked against the data loaded, scored by the worker on the test set, and
 * shown as a trained run would be (accuracy, weights, confusion matrix, gallery marks, its settings).
 */
import type { ModelJSON } from '../../src/model/modelFormat.js';
import { parseModelJSON } from '../../src/model/modelFormat.js';
import { byId, el } from '../ui/dom.js';
import { clearRun, setPhase } from './controls.js';
import { describeInput, describeSummary, fits } from './fits.js';
import { markGallery } from './gallery.js';
import { drawLearned } from './learned.js';
import { useModel } from './predictor.js';
import { knobs } from './settings.js';
import { latest, state } from './state.js';
import { pct, text } from './text.js';
import { predictCurrent } from './tryIt.js';
import { send } from './worker.js';

/** The Download button and the model file picker. */
export function wireModelFile(): void {
  byId('download').addEventListener('click', () => {
    if (!state.model) return;
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(state.model, null, 2) + '\n'], { type: 'application/json' }),
    );
    const a = el('a', { href: url, download: 'model.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  byId('model-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file || state.phase === 'training' || state.phase === 'paused') return;
    try {
      const model = parseModelJSON(JSON.parse(await file.text()), file.name);
      const s = state.summary;
      if (s && !fits(model, s)) {
        throw new Error(
          `${file.name}: the model reads ${describeInput(model)}, the data are ${describeSummary(s)}`,
        );
      }
      byId('train-message').textContent = '';
      send({ type: 'evaluate', model, source: file.name });
    } catch (err) {
      const why =
        err instanceof SyntaxError
          ? `${file.name}: not JSON (${err.message})`
          : err instanceof Error
            ? err.message
            : String(err);
      byId('train-message').textContent = why;
      state.errors.push(why);
    }
  });
}

/** A loaded model, as the worker scored it on the test set: shown as the outcome of a run. */
export function showModel(
  model: ModelJSON,
  accuracy: number,
  counts: number[],
  predictions: Uint8Array,
): void {
  clearRun();
  state.model = model;
  state.accuracy = accuracy;
  useModel(model);
  latest.confusion = counts;
  latest.galleryPredictions = predictions;
  knobs.set(model.options);
  text('card-accuracy', pct(accuracy));
  text('card-accuracy-sub', 'loaded model, on the test images');
  drawLearned();
  markGallery();
  predictCurrent();
  setPhase('done');
}
