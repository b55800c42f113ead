/**
 * softmax-classifier's Node entry (`softmax-classifier/node`): everything the core exports, with
 * `SoftmaxClassifier` running on WebAssembly over worker_threads by default, plus what only Node has:
 * reading data sets, IDX (gzip or not) and PNG files with size caps, and the backend factory.
 */
export * from '../index.js';
export { SoftmaxClassifier } from './classifier.js';
export { createBackend, nodeBackendFactory, resolveThreads } from './backend.js';
export { readKernelsWasm } from './kernelsWasm.js';
export { loadDataset, type LoadOptions } from './dataset.js';
export { readIdxFile, type IdxFileOptions } from './idxFile.js';
export { readPng, type ReadPngOptions } from './pngFile.js';
export { FILE_SIZE_LIMITS_MB } from './readFileCapped.js';
