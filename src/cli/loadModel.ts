import { existsSync, readFileSync } from 'node:fs';
import { SoftmaxClassifier } from '../model/SoftmaxClassifier.js';
import { InputError } from '../util/errors.js';

/** Reads and checks a saved model file; every fault becomes one line naming the file. */
export function loadModelFile(path: string): SoftmaxClassifier {
  if (!existsSync(path)) throw new InputError(`--model: file not found: ${path}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return SoftmaxClassifier.fromJSON(value, path);
}
