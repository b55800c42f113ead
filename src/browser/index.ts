/**
 * softmax-classifier's browser entry (`softmax-classifier/browser`): everything the core exports, plus
 * the WebAssembly backend in Web Workers (several sharing memory when the page is cross-origin isolated,
 * one otherwise), fetching and inflating IDX files, and the training worker the page talks to.
 *
 *   // in a Web Worker (the threaded backend blocks in Atomics.wait, which a page's thread may not):
 *   const kernels = await fetchBytes('kernels.wasm');
 *   const clf = new SoftmaxClassifier({}, undefined, { backendFactory: browserBackendFactory({ kernels }) });
 */
export * from '../index.js';
export { browserBackendFactory, type BrowserBackendOptions } from './backend.js';
export { spawnBrowserKernelWorker } from './kernelWorker.js';
export { fetchBytes, gunzipIfGzip } from './fetchBytes.js';
export { startTrainer, readIdxSet } from './trainer.js';
export * as trainerProtocol from './protocol.js';
export { isCrossOriginIsolated } from './webWorker.js';
