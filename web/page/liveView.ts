/**
 * The live view of a run: the cards (accuracy, epoch, loss, time) follow every epoch and every progress
 * report within one; the heavier pictures (curves, weights, confusion matrix, gallery marks, the bars of
 * "Try it") are redrawn by render(), throttled and in small tasks, so that the page answers and the
 * kernels keep their cores while training.
 */
import type * as P from '../../src/browser/protocol.js';
import type { StepProgress } from '../../src/model/train.js';
import { byId } from '../ui/dom.js';
import { drawCurves } from './curves.js';
import { markGallery } from './gallery.js';
import { drawConfusionMatrix, drawLearned, drawTemplates } from './learned.js';
import { nextModel, predictor } from './predictor.js';
import { latest, state } from './state.js';
import { pct, text } from './text.js';
import { predictCurrent, somethingShown } from './tryIt.js';

/** Set when an epoch arrives while render draws the one before. */
let again = false;

export function onEpoch(u: P.EpochUpdate): void {
  const r = u.record;
  state.history.push({
    epoch: r.epoch,
    loss: r.loss,
    trainAccuracy: r.trainAccuracy,
    testAccuracy: u.testAccuracy,
    seconds: r.seconds,
    sinceTrain: (performance.now() - state.trainPressedAt) / 1000,
  });
  state.model = u.model;
  state.accuracy = u.testAccuracy;
  nextModel(u.model);
  latest.confusion = u.confusion;
  latest.galleryPredictions = u.galleryPredictions;
  text('card-accuracy', pct(u.testAccuracy));
  text('card-accuracy-sub', `test loss ${u.testLoss.toFixed(4)}`);
  text('card-epoch', String(r.epoch));
  text('card-epoch-sub', `${state.history[state.history.length - 1].sinceTrain.toFixed(1)} s since Train`);
  text('card-loss', r.loss.toFixed(4));
  text('card-loss-sub', `training accuracy ${pct(r.trainAccuracy)}`);
  text('card-time', `${(1000 * r.seconds).toFixed(0)} ms`);
  text('card-speed', `${Math.round(u.imagesPerSecond).toLocaleString('en')} images/s`);
  (byId('download') as HTMLButtonElement).disabled = false;
  void render();
}

/** Progress within an epoch (long epochs of big data sets): the running loss and accuracy, drawn in. */
export function onProgress(p: StepProgress): void {
  const share = p.rows / p.of;
  state.progress.push({ x: p.epoch - 1 + share, loss: p.loss, trainAccuracy: p.trainAccuracy });
  text('card-epoch', `${p.epoch - 1 + Math.floor(10 * share) / 10}`);
  text(
    'card-epoch-sub',
    `${Math.round(100 * share)}% of epoch ${p.epoch} · ${((performance.now() - state.trainPressedAt) / 1000).toFixed(1)} s since Train`,
  );
  text('card-loss', p.loss.toFixed(4));
  text('card-loss-sub', `so far this epoch; training accuracy ${pct(p.trainAccuracy)}`);
  void render();
}

/** A new task: what runs after it lets the page handle input and paint in between. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** While training, the page redraws at most this often... */
const MIN_REDRAW_GAP_MS = 250;
/**
 * ...and leaves the kernels at least this many times a redraw's own time between redraws. On a machine
 * with as many cores as kernel threads, every millisecond the page's thread draws is taken from a
 * kernel thread, and the others wait for it at the next barrier: on two cores a full-batch epoch took
 * 37 ms with no redraws and 49–69 ms with a redraw after every epoch.
 */
const REDRAW_DUTY = 4;
/** When the last redraw ended, and how long its pieces took. */
let lastRender = { end: -Infinity, ms: 0 };
/** Ends a redraw's wait for its budget, when one is waiting. */
let endWait: (() => void) | null = null;

/** Training ended: a redraw waiting out its budget draws the final state now. */
export function redrawNow(): void {
  endWait?.();
}

/**
 * Redraws after an epoch, one piece per task (the model read, the curves, the templates, the confusion
 * matrix, the gallery and bars), so that no update holds the page's thread for long (each piece takes
 * a few to a few tens of milliseconds, all of them together could pass 100). Epochs that arrive while it
 * draws, or while training waits out the redraw budget above, are drawn together: the latest state wins.
 * The cards (accuracy, epoch, time) are plain text and follow every epoch.
 */
export async function render(): Promise<void> {
  if (state.rendering) {
    again = true;
    return;
  }
  state.rendering = true;
  try {
    do {
      again = false;
      const wait =
        lastRender.end + Math.max(MIN_REDRAW_GAP_MS, REDRAW_DUTY * lastRender.ms) - performance.now();
      if (state.phase === 'training' && wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          endWait = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        endWait = null;
      }
      let spent = 0;
      const steps: [string, () => void][] = [
        [
          'read the model',
          // Only when something is on show to predict: otherwise predictor() reads it when asked.
          () => (somethingShown() ? predictor() : undefined),
        ],
        ['curves', drawCurves],
        ['templates', drawTemplates],
        ['confusion matrix', drawConfusionMatrix],
        [
          'gallery and bars',
          () => {
            markGallery();
            predictCurrent();
          },
        ],
      ];
      for (const [name, step] of steps) {
        await nextTask();
        const t0 = performance.now();
        step();
        const ms = performance.now() - t0;
        spent += ms;
        if (ms > 50) state.slowMessages.push({ type: `render: ${name}`, ms: Math.round(ms) });
      }
      lastRender = { end: performance.now(), ms: spent };
    } while (again);
  } finally {
    state.rendering = false;
  }
}

/** Redraws the curves and the weights when the window's size settles. */
export function redrawOnResize(): void {
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      drawCurves();
      drawLearned();
    }, 100);
  });
}
