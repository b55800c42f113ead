/**
 * softmax-classifier's Node entry (`softmax-classifier/node`): everything the core exports, with
 * `SoftmaxClassifier` running on WebAssembly over worker_threads by default, plus what only Node has:
 * reading data sets in any format (loadData: IDX, CSV, folders of PNG/JPEG images; or loadCsv,
 * loadImageFolder, loadIdx), IDX (gzip or not) and PNG files with size caps, and the backend factory.
 */
export * from '../index.js';
export { SoftmaxClassifier } from './classifier.js';
export { createBackend, nodeBackendFactory, resolveThreads } from './backend.js';
export { readKernelsWasm } from './kernelsWasm.js';
export { loadDataset, type LoadOptions } from './dataset.js';
export { readIdxFile, type IdxFileOptions } from './idxFile.js';
export { readPng, type ReadPngOptions } from './pngFile.js';
export { FILE_SIZE_LIMITS_MB } from '../data/fileLimits.js';
export { loadData, inferFormat, type LoadDataOptions } from './loadData.js';
export { readCsv as loadCsv } from './csvSource.js';
export { readImageFolder as loadImageFolder, RESIZE_METHOD } from './imageFolderSource.js';
export { readIdx as loadIdx } from './idxSource.js';
export { readImage } from './imageFile.js';
export { tableDefaults } from '../data/tableDefaults.js';
export type { DataFormat, DataSet, LabeledRows, Provenance, ReadOptions } from '../data/dataSource.js';
export type { Features, FloatMatrix, ByteImages, InputShape } from '../data/features.js';
export { openIdxStream, type IdxStream, type StreamOptions } from './streamSource.js';
export { openCsvStream, scanCsv, type CsvScan, type CsvStream } from './csvStream.js';
