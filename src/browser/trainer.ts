import { FASHION_MNIST_CLASSES, FASHION_TEST_LABELS_SHA256, IDX_FILES } from '../data/fashionMnist.js';
import { parseIdx } from '../data/idx.js';
import { imageSetFrom, limit, type ImageSet } from '../data/imageSet.js';
import type { Backend } from '../kernels/backend.js';
import type { BackendFactory } from '../kernels/select.js';
import { argmaxRows } from '../metrics/argmax.js';
import { logLoss } from '../metrics/logLoss.js';
import { MODEL_FORMAT_VERSION, modelOptionsOf, type ModelJSON } from '../model/modelFormat.js';
import type { ClassifierOptions } from '../model/options.js';
import { SoftmaxClassifier, type ModelView } from '../model/SoftmaxClassifier.js';
import { InputError } from '../util/errors.js';
import { browserBackendFactory } from './backend.js';
import { fetchBytes, gunzipIfGzip } from './fetchBytes.js';
import * as P from './protocol.js';
import { browserCores, isCrossOriginIsolated, type WorkerScope } from './webWorker.js';

/** Thrown from the epoch callback to end a run the page reset. */
class StopTraining extends Error {}

const GALLERY = 48;

interface Loaded {
  train: ImageSet;
  test: ImageSet;
  classNames: string[];
}

/**
 * The training worker's program: it loads data (fetched or dropped IDX files, gzip or not), trains with
 * the core classifier on the browser's backend (WebAssembly on this worker plus kernel workers when the
 * page is isolated), and reports every epoch. It runs in a dedicated Web Worker, never on the page's
 * thread: the kernels' barrier and the pause both block in Atomics.wait.
 */
export function startTrainer(scope: WorkerScope): void {
  let factory: BackendFactory | null = null;
  let control: Int32Array | null = null;
  let data: Loaded | null = null;
  let backend: { key: string; backend: Backend } | null = null;
  const post = (m: P.FromTrainer, transfer: unknown[] = []): void => scope.postMessage(m, transfer);
  const fail = (during: 'load' | 'train' | 'evaluate' | 'init', err: unknown): void =>
    post({ type: 'error', during, message: err instanceof Error ? err.message : String(err) });

  async function backendFor(o: Pick<ClassifierOptions, 'backend' | 'threads'>): Promise<Backend> {
    const key = `${o.backend}/${o.threads}`;
    if (backend?.key === key) return backend.backend;
    backend?.backend.dispose();
    backend = null;
    const made = await (factory as BackendFactory)(o);
    backend = { key, backend: made };
    return made;
  }

  scope.onmessage = (event) => {
    const msg = event.data as P.ToTrainer;
    void handle(msg);
  };

  async function handle(msg: P.ToTrainer): Promise<void> {
    switch (msg.type) {
      case 'init':
        try {
          control = msg.control ? new Int32Array(msg.control) : null;
          const kernels = await fetchBytes(msg.kernelsUrl);
          factory = browserBackendFactory({ kernels });
          post({ type: 'ready', isolated: isCrossOriginIsolated(), cores: browserCores() });
        } catch (err) {
          fail('init', err);
        }
        return;
      case 'load-bundled':
      case 'load-files':
        try {
          const files =
            msg.type === 'load-bundled'
              ? await Promise.all(
                  Object.values(IDX_FILES).map(async (f) => ({
                    name: `${f}.gz`,
                    bytes: await fetchBytes(`${msg.base}${f}.gz`),
                  })),
                )
              : await Promise.all(
                  msg.files.map(async (f, i) => ({
                    name: msg.names[i],
                    bytes: new Uint8Array(await f.arrayBuffer()),
                  })),
                );
          data = await readIdxSet(files, msg.trainLimit, msg.testLimit);
          post({
            type: 'data',
            summary: {
              source:
                msg.type === 'load-bundled' ? 'Fashion-MNIST (bundled)' : files.map((f) => f.name).join(', '),
              trainCount: data.train.n,
              testCount: data.test.n,
              height: data.train.height,
              width: data.train.width,
              classNames: data.classNames,
              gallery: galleryOf(data.test),
            },
          });
        } catch (err) {
          fail('load', err);
        }
        return;
      case 'train':
        try {
          await train(msg.options);
        } catch (err) {
          if (err instanceof StopTraining) post({ type: 'stopped' });
          else fail('train', err);
        }
        return;
      case 'evaluate':
        try {
          evaluateModel(msg.model, msg.source);
        } catch (err) {
          fail('evaluate', err);
        }
        return;
    }
  }

  async function train(options: Partial<ClassifierOptions>): Promise<void> {
    if (data === null) throw new InputError('no data loaded yet');
    const { train: tr, test, classNames } = data;
    const clf = new SoftmaxClassifier(options, undefined, { backendFactory: factory ?? undefined });
    const be = await backendFor(clf.options);
    const threads = Number(/×(\d+)$/.exec(be.name)?.[1] ?? 1);
    const epochs = clf.options.solver === 'lbfgs' ? clf.options.maxIter : clf.options.epochs;
    post({ type: 'started', backend: be.name, threads, epochs });
    const k = classNames.length;
    const testX = { pixels: test.pixels, n: test.n, height: test.height, width: test.width };
    const pred = new Uint8Array(test.n);
    const started = performance.now();
    const result = await clf.fit(tr, tr.labels, {
      backend: be,
      classNames,
      numClasses: k,
      onEpoch: (record, view) => {
        const proba = view.predictProba(testX);
        argmaxRows(proba, test.n, k, pred);
        const confusion = new Array<number>(k * k).fill(0);
        let right = 0;
        for (let i = 0; i < test.n; i++) {
          confusion[test.labels[i] * k + pred[i]]++;
          if (pred[i] === test.labels[i]) right++;
        }
        const galleryPredictions = pred.slice(0, Math.min(GALLERY, test.n));
        post({
          type: 'epoch',
          update: {
            record,
            testAccuracy: right / test.n,
            testLoss: logLoss(proba, test.labels, k),
            confusion,
            galleryPredictions,
            model: snapshot(clf.options, view, classNames, tr),
            imagesPerSecond: record.seconds > 0 ? tr.n / record.seconds : 0,
          },
        });
        waitWhilePaused(record.epoch);
      },
    });
    clf.metrics = { accuracy: accuracyOf(clf, testX, test.labels), testImages: test.n };
    post({
      type: 'done',
      model: clf.toJSON(),
      seconds: (performance.now() - started) / 1000,
      stopReason: result.stopReason,
      accuracy: clf.metrics.accuracy as number,
    });
  }

  /** Between epochs: returns to train on, blocks while paused, throws StopTraining after a reset. */
  function waitWhilePaused(epoch: number): void {
    if (control === null) return;
    let announced = false;
    for (;;) {
      const seq = Atomics.load(control, P.CONTROL_SEQ);
      const state = Atomics.load(control, P.CONTROL_STATE);
      if (state === P.STATE_STOP) throw new StopTraining('reset');
      if (state === P.STATE_RUN) break;
      if (Atomics.load(control, P.CONTROL_STEPS) > 0) {
        Atomics.sub(control, P.CONTROL_STEPS, 1);
        break;
      }
      if (!announced) post({ type: 'paused', epoch });
      announced = true;
      Atomics.wait(control, P.CONTROL_SEQ, seq);
    }
    if (announced) post({ type: 'resumed' });
  }

  function evaluateModel(value: unknown, source: string): void {
    if (data === null) throw new InputError('no data loaded yet');
    const clf = SoftmaxClassifier.fromJSON(value, source);
    if (backend !== null) clf.useBackend(backend.backend);
    const { test } = data;
    const testX = { pixels: test.pixels, n: test.n, height: test.height, width: test.width };
    const pred = clf.predict(testX);
    const k = clf.numClasses;
    const confusion = new Array<number>(k * k).fill(0);
    let right = 0;
    for (let i = 0; i < test.n; i++) {
      if (test.labels[i] < k) confusion[test.labels[i] * k + pred[i]]++;
      if (pred[i] === test.labels[i]) right++;
    }
    post({
      type: 'evaluated',
      model: clf.toJSON(),
      accuracy: right / test.n,
      confusion,
      galleryPredictions: pred.slice(0, Math.min(GALLERY, test.n)),
    });
  }
}

function accuracyOf(
  clf: SoftmaxClassifier,
  X: { pixels: Uint8Array; n: number; height: number; width: number },
  y: Uint8Array,
): number {
  return clf.score(X, y);
}

/** The model as it stands after an epoch, in the model file's format. */
function snapshot(o: ClassifierOptions, view: ModelView, classNames: string[], set: ImageSet): ModelJSON {
  return {
    format: 'softmax-classifier',
    version: MODEL_FORMAT_VERSION,
    height: set.height,
    width: set.width,
    numClasses: view.params.k,
    classNames,
    preprocessing: view.preprocess,
    input: { kind: 'images', height: set.height, width: set.width, channels: 1 },
    W: Array.from(view.params.W),
    b: Array.from(view.params.b),
    options: modelOptionsOf(o),
  };
}

function galleryOf(test: ImageSet): P.DataSummary['gallery'] {
  const count = Math.min(GALLERY, test.n);
  const d = test.height * test.width;
  return { pixels: test.pixels.slice(0, count * d), labels: test.labels.slice(0, count), count };
}

/** Which of the four IDX files a name is, by the usual names (MNIST's, or train/test plus images/labels). */
function roleOf(name: string): keyof typeof IDX_FILES | null {
  const n = name.toLowerCase();
  const test = /t10k|test/.test(n);
  const train = !test && /train/.test(n);
  const images = /images|idx3/.test(n);
  const labels = /labels|idx1/.test(n);
  if (train && images) return 'trainImages';
  if (train && labels) return 'trainLabels';
  if (test && images) return 'testImages';
  if (test && labels) return 'testLabels';
  return null;
}

/**
 * Reads the four IDX files of a data set from their bytes (gzip or not). Every fault names its file:
 * one that is not IDX, is truncated, has the wrong number of dimensions, or whose role its name does not say.
 */
export async function readIdxSet(
  files: readonly { name: string; bytes: Uint8Array }[],
  trainLimit?: number,
  testLimit?: number,
): Promise<Loaded> {
  const found: Partial<Record<keyof typeof IDX_FILES, { name: string; bytes: Uint8Array }>> = {};
  for (const f of files) {
    const role = roleOf(f.name);
    if (role === null) {
      throw new InputError(
        `${f.name}: not one of the four IDX files (expected names like train-images-idx3-ubyte, t10k-labels-idx1-ubyte, .gz or not)`,
      );
    }
    found[role] = f;
  }
  // Parse what was given first, so that a damaged file is named even when others are missing.
  const parsed: Partial<Record<keyof typeof IDX_FILES, ReturnType<typeof parseIdx>>> = {};
  for (const [role, f] of Object.entries(found) as [
    keyof typeof IDX_FILES,
    { name: string; bytes: Uint8Array },
  ][]) {
    const bytes = await gunzipIfGzip(f.bytes, f.name);
    parsed[role] = parseIdx(bytes, f.name, role.endsWith('Images') ? 3 : 1);
  }
  const missing = (Object.keys(IDX_FILES) as (keyof typeof IDX_FILES)[]).filter((r) => !parsed[r]);
  if (missing.length > 0) {
    throw new InputError(
      `missing ${missing.map((r) => IDX_FILES[r]).join(', ')} (drop all four files at once)`,
    );
  }
  const named = (r: keyof typeof IDX_FILES): { name: string; idx: ReturnType<typeof parseIdx> } => ({
    name: found[r]!.name,
    idx: parsed[r]!,
  });
  const fullTest = imageSetFrom(named('testImages'), named('testLabels'));
  const isFashion = (await sha256Hex(fullTest.labels)) === FASHION_TEST_LABELS_SHA256;
  const train = limit(imageSetFrom(named('trainImages'), named('trainLabels')), trainLimit);
  const test = limit(fullTest, testLimit);
  if (train.height !== test.height || train.width !== test.width) {
    throw new InputError(
      `${found.testImages!.name}: images are ${test.height}×${test.width}, the training images ${train.height}×${train.width}`,
    );
  }
  let maxLabel = 0;
  for (const set of [train, test]) for (const y of set.labels) if (y > maxLabel) maxLabel = y;
  const k = Math.max(2, maxLabel + 1);
  // As the Node loader does: Fashion-MNIST (recognised by its test labels) gets its class names.
  const classNames =
    isFashion && k === FASHION_MNIST_CLASSES.length
      ? [...FASHION_MNIST_CLASSES]
      : Array.from({ length: k }, (_, i) => String(i));
  return { train, test, classNames };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
