import { FASHION_MNIST_CLASSES, FASHION_TEST_LABELS_SHA256, IDX_FILES } from '../data/fashionMnist.js';
import { parseIdx } from '../data/idx.js';
import { featureCount, isFloatMatrix, type InputShape } from '../data/features.js';
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
import type { DroppedFile } from './droppedFolder.js';
import { fetchBytes, gunzipIfGzip } from './fetchBytes.js';
import { baseName, droppedFormat, loadDroppedData, rowsOfImages, type Loaded } from './loadDropped.js';
import * as P from './protocol.js';
import { browserCores, isCrossOriginIsolated, type WorkerScope } from './webWorker.js';

/** Thrown from the epoch callback to end a run the page reset. */
class StopTraining extends Error {}

const GALLERY = 48;

/**
 * The training worker's program: it loads data (fetched or dropped IDX files, gzip or not; a dropped CSV
 * file or folder of images, read as the command line reads them), trains with
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
          data = msg.type === 'load-bundled' ? await loadBundled(msg) : await loadFiles(msg);
          post({ type: 'data', summary: summaryOf(data) });
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
    const { train: tr, test, classNames, shape } = data;
    const clf = new SoftmaxClassifier(options, undefined, { backendFactory: factory ?? undefined });
    const be = await backendFor(clf.options);
    const threads = Number(/×(\d+)$/.exec(be.name)?.[1] ?? 1);
    const epochs = clf.options.solver === 'lbfgs' ? clf.options.maxIter : clf.options.epochs;
    post({ type: 'started', backend: be.name, threads, epochs });
    const k = classNames.length;
    const n = test.X.n;
    const pred = new Uint8Array(n);
    const started = performance.now();
    let reported = started;
    // The epoch that "Step one epoch" let run: paused between its steps, it runs on to its end.
    let granted = 0;
    const result = await clf.fit(tr.X, tr.y, {
      backend: be,
      classNames,
      numClasses: k,
      onStep: (progress) => {
        const now = performance.now();
        if (now - reported >= P.PROGRESS_EVERY_MS && progress.rows < progress.of) {
          reported = now;
          post({ type: 'progress', progress });
        }
        if (progress.epoch !== granted) granted = waitWhilePaused(progress.epoch) ? progress.epoch : granted;
      },
      onEpoch: (record, view) => {
        const proba = view.predictProba(test.X);
        argmaxRows(proba, n, k, pred);
        const confusion = new Array<number>(k * k).fill(0);
        let right = 0;
        for (let i = 0; i < n; i++) {
          confusion[test.y[i] * k + pred[i]]++;
          if (pred[i] === test.y[i]) right++;
        }
        const galleryPredictions = pred.slice(0, Math.min(GALLERY, n));
        post({
          type: 'epoch',
          update: {
            record,
            testAccuracy: right / n,
            testLoss: logLoss(proba, test.y, k),
            confusion,
            galleryPredictions,
            model: snapshot(clf.options, view, classNames, shape),
            imagesPerSecond: record.seconds > 0 ? tr.X.n / record.seconds : 0,
          },
        });
        reported = performance.now();
        if (waitWhilePaused(record.epoch)) granted = record.epoch + 1;
      },
    });
    clf.metrics = { accuracy: clf.score(test.X, test.y), testImages: n };
    post({
      type: 'done',
      model: clf.toJSON(),
      seconds: (performance.now() - started) / 1000,
      stopReason: result.stopReason,
      accuracy: clf.metrics.accuracy as number,
    });
  }

  /** Between epochs: returns to train on, blocks while paused, throws StopTraining after a reset. */
  /**
   * Blocks while the page says pause (between epochs, and between the steps of one), throws on reset.
   * Returns true when it let one epoch run because "Step one epoch" was pressed: the caller then lets
   * that epoch's steps run on without pausing.
   */
  function waitWhilePaused(epoch: number): boolean {
    if (control === null) return false;
    let announced = false;
    let stepped = false;
    for (;;) {
      const seq = Atomics.load(control, P.CONTROL_SEQ);
      const state = Atomics.load(control, P.CONTROL_STATE);
      if (state === P.STATE_STOP) throw new StopTraining('reset');
      if (state === P.STATE_RUN) break;
      if (Atomics.load(control, P.CONTROL_STEPS) > 0) {
        Atomics.sub(control, P.CONTROL_STEPS, 1);
        stepped = true;
        break;
      }
      if (!announced) post({ type: 'paused', epoch });
      announced = true;
      Atomics.wait(control, P.CONTROL_SEQ, seq);
    }
    if (announced) post({ type: 'resumed' });
    return stepped;
  }

  function evaluateModel(value: unknown, source: string): void {
    if (data === null) throw new InputError('no data loaded yet');
    const clf = SoftmaxClassifier.fromJSON(value, source);
    if (backend !== null) clf.useBackend(backend.backend);
    const { test } = data;
    const n = test.X.n;
    const pred = clf.predict(test.X);
    const k = clf.numClasses;
    const confusion = new Array<number>(k * k).fill(0);
    let right = 0;
    for (let i = 0; i < n; i++) {
      if (test.y[i] < k) confusion[test.y[i] * k + pred[i]]++;
      if (pred[i] === test.y[i]) right++;
    }
    post({
      type: 'evaluated',
      model: clf.toJSON(),
      accuracy: right / n,
      confusion,
      galleryPredictions: pred.slice(0, Math.min(GALLERY, n)),
    });
  }
}

/** The bundled Fashion-MNIST, fetched from beside the page. */
async function loadBundled(msg: Extract<P.ToTrainer, { type: 'load-bundled' }>): Promise<Loaded> {
  const files = await Promise.all(
    Object.values(IDX_FILES).map(async (f) => ({
      name: `${f}.gz`,
      bytes: await fetchBytes(`${msg.base}${f}.gz`),
    })),
  );
  const set = await readIdxSet(files, msg.trainLimit, msg.testLimit);
  return idxLoaded(set, 'Fashion-MNIST (bundled)');
}

/** Dropped or picked files: four IDX files (loose or in a folder), one CSV file, or a folder of images. */
async function loadFiles(msg: Extract<P.ToTrainer, { type: 'load-files' }>): Promise<Loaded> {
  const files: DroppedFile[] = msg.files.map((blob, i) => ({ path: msg.names[i], blob }));
  const folders = msg.folders ?? [];
  const format = droppedFormat(files, folders);
  if (format !== 'idx') {
    return loadDroppedData(format, files, folders, {
      seed: msg.seed ?? 0,
      trainLimit: msg.trainLimit,
      testLimit: msg.testLimit,
    });
  }
  // In a folder, the IDX files are the ones at its top (others, such as a README, are not data).
  const idx = files.filter((f) => !f.path.includes('/') || roleOf(baseName(f.path)) !== null);
  const read = await Promise.all(
    idx.map(async (f) => ({ name: baseName(f.path), bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
  );
  const set = await readIdxSet(read, msg.trainLimit, msg.testLimit);
  return idxLoaded(set, read.map((f) => f.name).join(', '));
}

function idxLoaded(set: { train: ImageSet; test: ImageSet; classNames: string[] }, source: string): Loaded {
  const { height, width } = set.train;
  return {
    train: rowsOfImages(set.train),
    test: rowsOfImages(set.test),
    classNames: set.classNames,
    shape: { kind: 'images', height, width, channels: 1 },
    source,
    notes: [],
  };
}

function summaryOf(d: Loaded): P.DataSummary {
  const X = d.train.X;
  const images = !isFloatMatrix(X);
  return {
    source: d.source,
    kind: images ? 'images' : 'table',
    trainCount: X.n,
    testCount: d.test.X.n,
    height: images ? X.height : 1,
    width: images ? X.width : featureCount(X),
    channels: images ? (X.channels ?? 1) : 1,
    featureNames: d.shape.kind === 'table' ? [...d.shape.featureNames] : [],
    classNames: d.classNames,
    notes: d.notes,
    gallery: galleryOf(d),
  };
}

/** The model as it stands after an epoch, in the model file's format (as SoftmaxClassifier.toJSON). */
function snapshot(o: ClassifierOptions, view: ModelView, classNames: string[], shape: InputShape): ModelJSON {
  const [height, width] =
    shape.kind === 'images' ? [shape.height, shape.width] : [1, shape.featureNames.length];
  return {
    format: 'softmax-classifier',
    version: MODEL_FORMAT_VERSION,
    height,
    width,
    numClasses: view.params.k,
    classNames,
    preprocessing: view.preprocess,
    input:
      shape.kind === 'images'
        ? { ...shape, channels: shape.channels === 3 ? 3 : 1 }
        : { kind: 'table', featureNames: [...shape.featureNames] },
    W: Array.from(view.params.W),
    b: Array.from(view.params.b),
    options: modelOptionsOf(o),
  };
}

/** The first test images for the page's gallery (none for a table). */
function galleryOf(d: Loaded): P.DataSummary['gallery'] {
  const X = d.test.X;
  if (isFloatMatrix(X)) return { pixels: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
  const count = Math.min(GALLERY, X.n);
  const dims = featureCount(X);
  return { pixels: X.pixels.slice(0, count * dims), labels: d.test.y.slice(0, count), count };
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
): Promise<{ train: ImageSet; test: ImageSet; classNames: string[] }> {
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
