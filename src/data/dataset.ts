/**
 * Where the data-set API used to live. The pure parts are in ./imageSet.ts (core); reading files is
 * Node-only and lives in ../node/dataset.ts. This file only re-exports both so existing imports keep
 * working; when index.ts splits into a core and a Node entry (issue 11), import from those two instead.
 */
export { imageSetFrom, limit, type DataBundle, type ImageSet, type NamedIdx } from './imageSet.js';
export { loadDataset, type LoadOptions } from '../node/dataset.js';
