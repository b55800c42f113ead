import type { ImageSet } from '../data/imageSet.js';
import type { ExperimentData } from './runPlan.js';

/**
 * The experiment's images copied once into SharedArrayBuffers: handed to workers as workerData, they
 * are shared, not copied, so N workers hold one copy of the data set between them.
 */
export function shareData(data: ExperimentData): ExperimentData {
  return { train: shareSet(data.train), evalSet: shareSet(data.evalSet), classNames: [...data.classNames] };
}

function shareSet(set: ImageSet): ImageSet {
  return { ...set, pixels: shareBytes(set.pixels), labels: shareBytes(set.labels) };
}

function shareBytes(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(src.length));
  out.set(src);
  return out;
}
