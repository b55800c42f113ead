/**
 * What the page knows, in one object: the run's phase, the data's summary, the epochs so far, the model
 * on show and its accuracy, the last probabilities and any errors. The browser test reads it as
 * window.softmaxPage, so whatever the test checks is written here by the part of the page that learns it.
 * Beside it, `latest`: the latest epoch's (or loaded model's) confusion counts and gallery
 * predictions, which the live view and the gallery draw from.
 */
import type * as P from '../../src/browser/protocol.js';
import type { ModelJSON } from '../../src/model/modelFormat.js';

export type Phase = 'starting' | 'loading' | 'ready' | 'training' | 'paused' | 'done';

export interface Point {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
  /** Seconds from pressing Train to this epoch's update reaching the page. */
  sinceTrain: number;
}

/** What the page knows, also read by the browser test (window.softmaxPage). */
export const state = {
  phase: 'starting' as Phase,
  isolated: false,
  cores: 1,
  backend: '',
  threads: 0,
  summary: null as P.DataSummary | null,
  history: [] as Point[],
  /** Within epochs (mini-batches): x = epochs done so far, with the fraction of the current one. */
  progress: [] as { x: number; loss: number; trainAccuracy: number }[],
  model: null as ModelJSON | null,
  accuracy: null as number | null,
  trainPressedAt: 0,
  doneAfterSeconds: null as number | null,
  lastProbabilities: null as { source: string; top: string; probabilities: number[] } | null,
  errors: [] as string[],
  /** True while the page redraws after an epoch (render). */
  rendering: false,
  /** Worker messages and redraw steps that took over 50 ms on this thread (what a long task is made of). */
  slowMessages: [] as { type: string; ms: number }[],
};
(window as unknown as { softmaxPage: typeof state }).softmaxPage = state;

/** The latest epoch's (or loaded model's) scores on the test set, drawn by the live view and the gallery. */
export const latest = {
  /** The confusion matrix's counts, row-major (rows: true class). */
  confusion: null as number[] | null,
  /** The predicted class of each gallery image. */
  galleryPredictions: null as Uint8Array | null,
};
