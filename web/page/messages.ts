/**
 * What the page does with each message from the training worker: the worker is ready (load the bundled
 * data), data arrived, a run started, an epoch or progress within one, paused and resumed, the run is
 * done or stopped, a loaded model was scored, or something failed. worker.ts calls it (see app.ts).
 */
import type * as P from '../../src/browser/protocol.js';
import { clearRun, setPhase } from './controls.js';
import { showError } from './errors.js';
import { fits } from './fits.js';
import { onEpoch, onProgress, redrawNow, render } from './liveView.js';
import { bundled, load } from './loadData.js';
import { showModel } from './modelFile.js';
import { nextModel } from './predictor.js';
import { showData } from './showData.js';
import { state } from './state.js';
import { pct, text } from './text.js';

export function onMessage(m: P.FromTrainer): void {
  switch (m.type) {
    case 'ready':
      state.cores = m.cores;
      load(bundled());
      return;
    case 'data':
      state.summary = m.summary;
      // A model of another kind or size than the new data cannot be scored on it: the run is over.
      if (state.model !== null && !fits(state.model, m.summary)) clearRun();
      showData(m.summary);
      setPhase(state.model ? 'done' : 'ready');
      return;
    case 'started':
      state.backend = m.backend;
      state.threads = m.threads;
      text('card-backend', m.backend);
      text(
        'card-backend-sub',
        `${m.threads} thread${m.threads === 1 ? '' : 's'}${state.isolated ? ', shared memory' : ', not isolated'}`,
      );
      return;
    case 'epoch':
      onEpoch(m.update);
      return;
    case 'progress':
      onProgress(m.progress);
      return;
    case 'paused':
      setPhase('paused');
      return;
    case 'resumed':
      setPhase('training');
      return;
    case 'done':
      // The final model (early stopping may have gone back to an earlier epoch's weights): drawn and
      // predicted with from here on, as the download saves it.
      state.model = m.model;
      nextModel(m.model);
      void render();
      state.accuracy = m.accuracy;
      state.doneAfterSeconds = (performance.now() - state.trainPressedAt) / 1000;
      text(
        'card-accuracy-sub',
        `after ${state.history.length} epochs, ${state.doneAfterSeconds.toFixed(1)} s (${m.stopReason})`,
      );
      text('card-accuracy', pct(m.accuracy));
      setPhase('done');
      redrawNow();
      return;
    case 'stopped':
      clearRun();
      setPhase('ready');
      return;
    case 'evaluated':
      showModel(m.model, m.accuracy, m.confusion, m.galleryPredictions);
      return;
    case 'error':
      showError(m.during, m.message);
      return;
  }
}
