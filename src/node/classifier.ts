import {
  SoftmaxClassifier as CoreSoftmaxClassifier,
  type ClassifierContext,
} from '../model/SoftmaxClassifier.js';
import type { ClassifierOptions } from '../model/options.js';
import type { OptionLabel } from '../model/validate.js';
import { nodeBackendFactory } from './backend.js';

/**
 * The classifier with Node's backends: WebAssembly kernels on worker_threads ('auto' and 'wasm'), or the
 * js reference. The same class as the core's in every other way; `fromJSON` builds this class too.
 */
export class SoftmaxClassifier extends CoreSoftmaxClassifier {
  constructor(
    options: Partial<ClassifierOptions> = {},
    label?: OptionLabel,
    context: ClassifierContext = {},
  ) {
    super(options, label, { backendFactory: nodeBackendFactory, ...context });
  }
}
