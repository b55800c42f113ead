/** The training worker's entry: the page starts it as a module worker (see app.ts). */
import { startTrainer } from '../src/browser/trainer.js';
import type { WorkerScope } from '../src/browser/webWorker.js';

startTrainer(self as unknown as WorkerScope);
