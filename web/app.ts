/**
 * The page: it draws and asks; a training worker (trainer.worker.ts, running src/browser/trainer.ts)
 * holds the data, the backend and its kernel workers, trains, and reports each epoch. The page predicts
 * drawings and picked images itself with the core classifier on the js reference (one image is 7,840
 * multiply-adds), from the model as of the last epoch, so it answers while the worker trains.
 *
 * This entry only wires the parts in page/ together and starts the worker:
 *   state.ts      what the page knows (window.softmaxPage), the latest scores
 *   worker.ts     the channel to the training worker; messages.ts, what the page does with each message
 *   controls.ts   Train, Pause, Step, Reset and the run's phases; errors.ts, where errors are shown
 *   settings.ts   the knobs, the seed, the table defaults; loadData.ts, asking for data with the row limits
 *   liveView.ts   the cards and the throttled redraw of curves.ts, learned.ts and gallery.ts
 *   showData.ts   what new data bring; dataFiles.ts, data the user gives; modelFile.ts, model.json
 *   tryIt.ts      the pad, a picked image and the probabilities, from predictor.ts's classifier
 */
import { byId } from './ui/dom.js';
import { setPhase, wireControls } from './page/controls.js';
import { drawCurves } from './page/curves.js';
import { wireDataFiles } from './page/dataFiles.js';
import { showError } from './page/errors.js';
import { redrawOnResize } from './page/liveView.js';
import { onMessage } from './page/messages.js';
import { wireModelFile } from './page/modelFile.js';
import { state } from './page/state.js';
import { wireTryIt } from './page/tryIt.js';
import { listen, startWorker } from './page/worker.js';

wireControls();
wireTryIt();
wireDataFiles();
wireModelFile();
redrawOnResize();
listen({ message: onMessage, error: showError });

state.isolated = window.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
byId('pause-note').textContent = state.isolated
  ? 'Training runs in a Web Worker with its kernel workers sharing memory; Pause and Step act between epochs.'
  : 'This page is not cross-origin isolated (served without COOP/COEP headers), so it trains on one worker and cannot pause a run (Reset ends it). softmax serve sends the headers.';
setPhase('starting');
drawCurves();
startWorker();
