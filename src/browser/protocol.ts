import type { ClassifierOptions } from '../model/options.js';
import type { ModelJSON } from '../model/modelFormat.js';
import type { EpochRecord } from '../model/train.js';
import type { StepProgress } from '../model/train.js';

/**
 * The messages between a page and its training worker (trainer.ts). The worker owns the data, the
 * backend and its kernel workers; the page only draws. Training is paused, stepped and stopped through
 * a shared control block (CONTROL_*), which the worker reads between epochs: while an epoch runs the
 * worker does not read messages, and while paused it blocks in Atomics.wait.
 */
export type ToTrainer =
  | { type: 'init'; kernelsUrl: string; control: SharedArrayBuffer | null }
  | { type: 'load-bundled'; base: string; trainLimit?: number; testLimit?: number }
  | {
      type: 'load-files';
      files: Blob[];
      /** Each file's path inside what was dropped or picked ('photos/cat/1.png'), or its name. */
      names: string[];
      /** Folders a drop reported that the paths may not show (an empty class folder). */
      folders?: string[];
      /** Seeds the stratified test split of data without one (the seed setting, as --seed does). */
      seed?: number;
      trainLimit?: number;
      testLimit?: number;
    }
  | { type: 'train'; options: Partial<ClassifierOptions> }
  | { type: 'evaluate'; model: unknown; source: string };

export interface DataSummary {
  source: string;
  /** Images (IDX, a folder) or a table (a CSV file). */
  kind: 'images' | 'table';
  trainCount: number;
  testCount: number;
  /** Images: their size; a table: 1 × its number of feature columns. */
  height: number;
  width: number;
  channels: number;
  /** A table's feature columns (empty for images). */
  featureNames: string[];
  classNames: string[];
  /** The reader's warnings (skipped files, resizing) and how the test rows were chosen, one line each. */
  notes: string[];
  /** The first test images (count × height·width·channels bytes) and their labels, for the gallery; none for a table. */
  gallery: { pixels: Uint8Array; labels: Uint8Array; count: number };
}

/** What the page draws after each epoch. */
export interface EpochUpdate {
  record: EpochRecord;
  /** On the test set after the epoch. */
  testAccuracy: number;
  testLoss: number;
  /** k × k counts, row-major; rows are the true class. */
  confusion: number[];
  /** The predicted class of each gallery image. */
  galleryPredictions: Uint8Array;
  /** The model as it stands, in the model file's format (what the page predicts drawings with). */
  model: ModelJSON;
  imagesPerSecond: number;
}

export type FromTrainer =
  | { type: 'ready'; isolated: boolean; cores: number }
  | { type: 'data'; summary: DataSummary }
  | { type: 'started'; backend: string; threads: number; epochs: number }
  | { type: 'epoch'; update: EpochUpdate }
  /** Within a mini-batch epoch, at most every PROGRESS_EVERY_MS: how far it has got. */
  | { type: 'progress'; progress: StepProgress }
  | { type: 'paused'; epoch: number }
  | { type: 'resumed' }
  | { type: 'done'; model: ModelJSON; seconds: number; stopReason: string; accuracy: number }
  | { type: 'stopped' }
  | {
      type: 'evaluated';
      model: ModelJSON;
      accuracy: number;
      confusion: number[];
      galleryPredictions: Uint8Array;
    }
  | { type: 'error'; message: string; during: 'load' | 'train' | 'evaluate' | 'init' };

/** Int32 slots of the control block: the state, epochs allowed while paused, and a change counter. */
export const CONTROL_STATE = 0;
export const CONTROL_STEPS = 1;
export const CONTROL_SEQ = 2;
export const CONTROL_INTS = 4;
export const STATE_RUN = 0;
export const STATE_PAUSE = 1;
export const STATE_STOP = 2;

/** Sets the control state (and any step allowance) and wakes a paused worker. Safe on the page's thread. */
export function setControl(ctrl: Int32Array, state: number, steps = 0): void {
  Atomics.store(ctrl, CONTROL_STEPS, steps);
  Atomics.store(ctrl, CONTROL_STATE, state);
  Atomics.add(ctrl, CONTROL_SEQ, 1);
  Atomics.notify(ctrl, CONTROL_SEQ);
}

/** How often the trainer reports progress within an epoch (epochs of big data sets take seconds). */
export const PROGRESS_EVERY_MS = 100;
