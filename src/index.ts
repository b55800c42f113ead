/** softmax-classifier's public API. */
export {
  SoftmaxClassifier,
  type Images,
  type FitOptions,
  type ModelView,
} from './model/SoftmaxClassifier.js';
export {
  DEFAULTS,
  ORIGINAL_RECIPE,
  type ClassifierOptions,
  type Init,
  type Strategy,
} from './model/options.js';
export type { EpochRecord, TrainResult, Divergence } from './model/train.js';
export { parseModelJSON, MODEL_FORMAT_VERSION, type ModelJSON } from './model/modelFormat.js';
export { loadDataset, type DataBundle, type ImageSet, type LoadOptions } from './data/dataset.js';
export { FASHION_MNIST_CLASSES } from './data/fashionMnist.js';
export { parseIdx, encodeIdx } from './data/idx.js';
// Node-only readers (files, gzip); they move to the Node entry when this file splits (issue 11).
export { readIdxFile, type IdxFileOptions } from './node/idxFile.js';
export { readPng, type ReadPngOptions } from './node/pngFile.js';
export { FILE_SIZE_LIMITS_MB } from './node/readFileCapped.js';
export type { Preprocessing } from './data/preprocess.js';
export { evaluate, type Evaluation } from './metrics/evaluate.js';
export { createBackend, type BackendName } from './kernels/select.js';
export type { Backend } from './kernels/backend.js';
export { InputError, DivergenceError } from './util/errors.js';
