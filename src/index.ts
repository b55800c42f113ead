/**
 * softmax-classifier's core API (`softmax-classifier`): the classifier, its options, objective and
 * solvers, metrics, the model format, IDX parsing from bytes and the WebAssembly backend made from the
 * kernels' bytes. It imports no Node module, so it bundles for a page as it is (test/web/bundle.test.ts).
 * Files, gzip, worker threads and the default WebAssembly-on-threads backend are in the Node entry,
 * `softmax-classifier/node` (src/node/index.ts); Web Workers in `softmax-classifier/browser`.
 */
export {
  SoftmaxClassifier,
  type ClassifierContext,
  type Images,
  type FitOptions,
  type ModelView,
  type RunOptions,
} from './model/SoftmaxClassifier.js';
export {
  DEFAULTS,
  ORIGINAL_RECIPE,
  OPTIONS,
  type ClassifierOptions,
  type Init,
  type Strategy,
} from './model/options.js';
export type { EpochRecord, StepProgress, TrainResult, Divergence } from './model/train.js';
export { parseModelJSON, MODEL_FORMAT_VERSION, type ModelJSON } from './model/modelFormat.js';
export { imageSetFrom, type DataBundle, type ImageSet } from './data/imageSet.js';
export { FASHION_MNIST_CLASSES, IDX_FILES } from './data/fashionMnist.js';
export { parseIdx, encodeIdx, isGzip } from './data/idx.js';
export { rgbaToGray } from './data/png.js';
export type { Preprocessing } from './data/preprocess.js';
export { evaluate, type Evaluation } from './metrics/evaluate.js';
export {
  jsBackendFactory,
  wasmBackendFactory,
  threadCount,
  BACKEND_NAMES,
  type BackendChoice,
  type BackendFactory,
  type BackendName,
  type WasmPlatform,
} from './kernels/select.js';
export { createWasmBackend } from './kernels/wasm/wasmBackend.js';
export type { Backend } from './kernels/backend.js';
export { InputError, DivergenceError } from './util/errors.js';
export { memoryBatches, type Batch, type BatchSource, type Shuffler } from './data/batchSource.js';
export type { SourceFitOptions } from './model/fitSource.js';
