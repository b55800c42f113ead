import { statSync } from 'node:fs';
import { SoftmaxClassifier } from '../node/classifier.js';
import { readJsonFile } from '../node/jsonFile.js';
import { maxBytesFor } from '../data/fileLimits.js';
import { InputError } from '../util/errors.js';

/**
 * Reads and checks a saved model file, at most `maxBytes` long (the model cap by default); every fault,
 * from the file system, the size, the JSON syntax or the format, becomes one line naming the file.
 */
export function loadModelFile(path: string, maxBytes = maxBytesFor('model')): SoftmaxClassifier {
  if (missing(path)) throw new InputError(`--model: file not found: ${path}`);
  return SoftmaxClassifier.fromJSON(readJsonFile(path, maxBytes, '--model'), path);
}

/** True only for ENOENT; other faults (a symlink loop, a denied folder) are named by readJsonFile. */
function missing(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}
