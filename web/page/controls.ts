/**
 * The run's controls and phases: Train, Pause, Step and Reset, which act through the control words shared
 * with the worker where the page is cross-origin isolated (between epochs); setPhase, which enables the
 * buttons and file pickers each phase allows and writes the status line; and clearRun, which forgets a
 * run's epochs, model and pictures.
 */
import * as P from '../../src/browser/protocol.js';
import type { ClassifierOptions } from '../../src/model/options.js';
import { byId, el } from '../ui/dom.js';
import { drawCurves } from './curves.js';
import { markGallery } from './gallery.js';
import { drawLearned } from './learned.js';
import { forgetModel } from './predictor.js';
import { knobs } from './settings.js';
import { latest, state, type Phase } from './state.js';
import { text } from './text.js';
import { predictCurrent } from './tryIt.js';
import { send, sharedControl, startWorker, stopWorker } from './worker.js';

function startRun(paused: boolean): void {
  const options = knobs.read();
  if (options === null) {
    byId('train-message').textContent = 'Some settings are out of range: see the fields marked in red.';
    return;
  }
  byId('train-message').textContent = '';
  clearRun();
  const control = sharedControl();
  // Step from the start: paused, with one epoch let through (the worker pauses between steps too).
  if (control) P.setControl(control, paused ? P.STATE_PAUSE : P.STATE_RUN, paused ? 1 : 0);
  state.trainPressedAt = performance.now();
  setPhase('training');
  send({ type: 'train', options: options as Partial<ClassifierOptions> });
}

/** The Train, Pause, Step and Reset buttons. */
export function wireControls(): void {
  byId('train').addEventListener('click', () => {
    const control = sharedControl();
    if (state.phase === 'paused' && control) P.setControl(control, P.STATE_RUN);
    else startRun(false);
  });
  byId('pause').addEventListener('click', () => {
    const control = sharedControl();
    if (control) P.setControl(control, P.STATE_PAUSE);
  });
  byId('step').addEventListener('click', () => {
    const control = sharedControl();
    if (state.phase === 'paused' && control) P.setControl(control, P.STATE_PAUSE, 1);
    else startRun(true);
  });
  byId('reset').addEventListener('click', () => {
    const control = sharedControl();
    if ((state.phase === 'training' || state.phase === 'paused') && control) {
      P.setControl(control, P.STATE_STOP);
      return;
    }
    if (state.phase === 'training') {
      // Without shared memory the worker cannot be told mid-run: end it and start a fresh one.
      stopWorker();
      clearRun();
      setPhase('starting');
      startWorker();
      return;
    }
    clearRun();
    setPhase(state.summary ? 'ready' : 'starting');
  });
}

/** Forgets the run: its epochs, model, scores and pictures (the data stay). */
export function clearRun(): void {
  state.history = [];
  state.progress = [];
  state.model = null;
  state.accuracy = null;
  state.doneAfterSeconds = null;
  forgetModel();
  latest.confusion = null;
  latest.galleryPredictions = null;
  for (const id of ['card-accuracy', 'card-epoch', 'card-loss', 'card-time']) text(id, '–');
  text('card-accuracy-sub', 'not trained yet');
  for (const id of ['card-epoch-sub', 'card-loss-sub', 'card-speed']) text(id, '\u00a0');
  drawCurves();
  drawLearned();
  markGallery();
  predictCurrent();
}

export function setPhase(phase: Phase): void {
  state.phase = phase;
  document.body.dataset.phase = phase;
  const control = sharedControl();
  const busy = phase === 'training' || phase === 'paused';
  const has = state.summary !== null;
  (byId('train') as HTMLButtonElement).disabled = !has || phase === 'training' || phase === 'loading';
  byId('train').textContent = phase === 'paused' ? 'Resume' : 'Train';
  (byId('pause') as HTMLButtonElement).disabled = !control || phase !== 'training';
  (byId('step') as HTMLButtonElement).disabled =
    !control || !has || phase === 'training' || phase === 'loading';
  (byId('reset') as HTMLButtonElement).disabled = phase === 'starting' || phase === 'loading';
  (byId('download') as HTMLButtonElement).disabled = state.model === null;
  (byId('idx-files') as HTMLInputElement).disabled = busy;
  (byId('folder-files') as HTMLInputElement).disabled = busy;
  (byId('use-bundled') as HTMLButtonElement).disabled = busy;
  const label: Record<Phase, string> = {
    starting: 'Starting…',
    loading: 'Loading data…',
    ready: 'Ready to train',
    training: 'Training…',
    paused: 'Paused',
    done: 'Trained',
  };
  byId('status').replaceChildren(
    el('b', { text: label[phase] }),
    ` · ${state.isolated ? `cross-origin isolated, ${state.cores} cores` : 'not isolated: one worker'}`,
  );
}
