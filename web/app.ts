/**
 * The page: it draws and asks; a training worker (trainer.worker.ts, running src/browser/trainer.ts)
 * holds the data, the backend and its kernel workers, trains, and reports each epoch. The page predicts
 * drawings and picked images itself with the core classifier on the js reference (one image is 7,840
 * multiply-adds), from the model as of the last epoch, so it answers while the worker trains.
 */
import * as P from '../src/browser/protocol.js';
import { toChannels } from '../src/data/pixels.js';
import { tableDefaults } from '../src/data/tableDefaults.js';
import { inputOf, parseModelJSON, type ModelJSON } from '../src/model/modelFormat.js';
import { DEFAULTS, type ClassifierOptions } from '../src/model/options.js';
import { SoftmaxClassifier } from '../src/model/SoftmaxClassifier.js';
import type { StepProgress } from '../src/model/train.js';
import { SERIES_COLORS } from '../src/report/charts/theme.js';
import { weightTemplates } from '../src/report/images/weightTemplates.js';
import { drawConfusion } from './ui/confusion.js';
import { byId, el, putPixels } from './ui/dom.js';
import { drawPad, filePixels, padPixels, PAD_SCALE } from './ui/drawPad.js';
import { pickedFromDrop, pickedFromInput, type Picked } from './ui/dropFiles.js';
import { buildKnobs } from './ui/knobs.js';
import { drawLineChart } from './ui/lineChart.js';
import { drawTableWeights } from './ui/tableWeights.js';

type Phase = 'starting' | 'loading' | 'ready' | 'training' | 'paused' | 'done';

interface Point {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
  /** Seconds from pressing Train to this epoch's update reaching the page. */
  sinceTrain: number;
}

/** What the page knows, also read by the browser test (window.softmaxPage). */
const state = {
  phase: 'starting' as Phase,
  isolated: false,
  cores: 1,
  backend: '',
  threads: 0,
  summary: null as P.DataSummary | null,
  history: [] as Point[],
  /** Within epochs (mini-batches): x = epochs done so far, with the fraction of the current one. */
  progress: [] as { x: number; loss: number; trainAccuracy: number }[],
  model: null as ModelJSON | null,
  accuracy: null as number | null,
  trainPressedAt: 0,
  doneAfterSeconds: null as number | null,
  lastProbabilities: null as { source: string; top: string; probabilities: number[] } | null,
  errors: [] as string[],
  /** True while the page redraws after an epoch (render). */
  rendering: false,
  /** Worker messages and redraw steps that took over 50 ms on this thread (what a long task is made of). */
  slowMessages: [] as { type: string; ms: number }[],
};
(window as unknown as { softmaxPage: typeof state }).softmaxPage = state;

const params = new URLSearchParams(location.search);
let control: Int32Array | null = null;
let worker: Worker;
let classifier: SoftmaxClassifier | null = null;
let confusion: number[] | null = null;
let galleryPredictions: Uint8Array | null = null;
/** What is on show to classify: grey or colour bytes (`channels`), of the size the model read then. */
let current: { source: string; pixels: Uint8Array; channels: number } | null = null;
/** True while the settings hold the table defaults the page set for a CSV (see showData). */
let tableDefaultsSet = false;
let lastLoad: P.ToTrainer | null = null;
/** The latest epoch's model, not yet read into `classifier` (predictor() reads it when it is needed). */
let pendingModel: ModelJSON | null = null;
/** Set when an epoch arrives while render draws the one before. */
let again = false;

const knobs = buildKnobs(byId('knobs'), byId('knobs-more'));
const limits = buildLimits();

function buildLimits(): {
  train: HTMLInputElement;
  test: HTMLInputElement;
  read(): { trainLimit?: number; testLimit?: number };
} {
  const box = byId('limits');
  const make = (id: string, label: string, flag: string, value: string | null): HTMLInputElement => {
    const input = el('input', {
      id,
      type: 'text',
      inputmode: 'numeric',
      placeholder: 'all',
      value: value ?? '',
    });
    box.append(
      el(
        'div',
        { class: 'knob', title: `use the first N images (${flag})` },
        el('label', { for: id }, label, el('code', { text: flag })),
        input,
      ),
    );
    input.addEventListener('change', () =>
      lastLoad ? load(lastLoad.type === 'load-files' ? lastLoad : bundled()) : undefined,
    );
    return input;
  };
  const train = make('train-limit', 'training images', '--train-limit', params.get('train'));
  const test = make('test-limit', 'test images', '--test-limit', params.get('test'));
  const num = (i: HTMLInputElement): number | undefined => {
    const v = Number(i.value.trim());
    return i.value.trim() !== '' && Number.isInteger(v) && v > 0 ? v : undefined;
  };
  return { train, test, read: () => ({ trainLimit: num(train), testLimit: num(test) }) };
}

// ---- the worker ---------------------------------------------------------------------------------------

function startWorker(): void {
  worker = new Worker(new URL('./trainer.js', import.meta.url), { type: 'module', name: 'softmax trainer' });
  worker.onmessage = (e: MessageEvent<P.FromTrainer>) => {
    const t0 = performance.now();
    onMessage(e.data);
    const ms = performance.now() - t0;
    if (ms > 50) state.slowMessages.push({ type: e.data.type, ms: Math.round(ms) });
  };
  worker.onerror = (e) => showError('train', `training worker: ${e.message}`);
  control = state.isolated ? new Int32Array(new SharedArrayBuffer(P.CONTROL_INTS * 4)) : null;
  const kernelsUrl = new URL('./kernels.wasm', import.meta.url).href;
  send({ type: 'init', kernelsUrl, control: control ? (control.buffer as SharedArrayBuffer) : null });
}

function send(m: P.ToTrainer): void {
  worker.postMessage(m);
}

function bundled(): P.ToTrainer {
  return {
    type: 'load-bundled',
    base: new URL('data/fashion-mnist/', document.baseURI).href,
    ...limits.read(),
  };
}

function load(m: P.ToTrainer): void {
  if (state.phase === 'training' || state.phase === 'paused') return;
  if (m.type === 'load-bundled' || m.type === 'load-files') Object.assign(m, limits.read());
  if (m.type === 'load-files') m.seed = seedSetting();
  lastLoad = m;
  setPhase('loading');
  byId('data-message').textContent = '';
  send(m);
}

function onMessage(m: P.FromTrainer): void {
  switch (m.type) {
    case 'ready':
      state.cores = m.cores;
      load(bundled());
      return;
    case 'data':
      state.summary = m.summary;
      // A model of another kind or size than the new data cannot be scored on it: the run is over.
      if (state.model !== null && !fits(state.model, m.summary)) clearRun();
      showData(m.summary);
      setPhase(state.model ? 'done' : 'ready');
      return;
    case 'started':
      state.backend = m.backend;
      state.threads = m.threads;
      text('card-backend', m.backend);
      text(
        'card-backend-sub',
        `${m.threads} thread${m.threads === 1 ? '' : 's'}${state.isolated ? ', shared memory' : ', not isolated'}`,
      );
      return;
    case 'epoch':
      onEpoch(m.update);
      return;
    case 'progress':
      onProgress(m.progress);
      return;
    case 'paused':
      setPhase('paused');
      return;
    case 'resumed':
      setPhase('training');
      return;
    case 'done':
      // The final model (early stopping may have gone back to an earlier epoch's weights): drawn and
      // predicted with from here on, as the download saves it.
      state.model = m.model;
      pendingModel = m.model;
      void render();
      state.accuracy = m.accuracy;
      state.doneAfterSeconds = (performance.now() - state.trainPressedAt) / 1000;
      text(
        'card-accuracy-sub',
        `after ${state.history.length} epochs, ${state.doneAfterSeconds.toFixed(1)} s (${m.stopReason})`,
      );
      text('card-accuracy', pct(m.accuracy));
      setPhase('done');
      return;
    case 'stopped':
      clearRun();
      setPhase('ready');
      return;
    case 'evaluated':
      showModel(m.model, m.accuracy, m.confusion, m.galleryPredictions);
      return;
    case 'error':
      showError(m.during, m.message);
      return;
  }
}

function showError(during: string, message: string): void {
  state.errors.push(message);
  if (during === 'load' || during === 'init') {
    byId('data-message').textContent = message;
    setPhase(state.summary ? (state.model ? 'done' : 'ready') : 'ready');
  } else {
    byId('train-message').textContent = message;
    if (state.phase === 'training' || state.phase === 'paused') setPhase(state.model ? 'done' : 'ready');
  }
}

// ---- training controls ---------------------------------------------------------------------------------

function startRun(paused: boolean): void {
  const options = knobs.read();
  if (options === null) {
    byId('train-message').textContent = 'Some settings are out of range: see the fields marked in red.';
    return;
  }
  byId('train-message').textContent = '';
  clearRun();
  // Step from the start: paused, with one epoch let through (the worker pauses between steps too).
  if (control) P.setControl(control, paused ? P.STATE_PAUSE : P.STATE_RUN, paused ? 1 : 0);
  state.trainPressedAt = performance.now();
  setPhase('training');
  send({ type: 'train', options: options as Partial<ClassifierOptions> });
}

byId('train').addEventListener('click', () => {
  if (state.phase === 'paused' && control) P.setControl(control, P.STATE_RUN);
  else startRun(false);
});
byId('pause').addEventListener('click', () => control && P.setControl(control, P.STATE_PAUSE));
byId('step').addEventListener('click', () => {
  if (state.phase === 'paused' && control) P.setControl(control, P.STATE_PAUSE, 1);
  else startRun(true);
});
byId('reset').addEventListener('click', () => {
  if ((state.phase === 'training' || state.phase === 'paused') && control) {
    P.setControl(control, P.STATE_STOP);
    return;
  }
  if (state.phase === 'training') {
    // Without shared memory the worker cannot be told mid-run: end it and start a fresh one.
    worker.terminate();
    clearRun();
    setPhase('starting');
    startWorker();
    return;
  }
  clearRun();
  setPhase(state.summary ? 'ready' : 'starting');
});

function clearRun(): void {
  state.history = [];
  state.progress = [];
  state.model = null;
  state.accuracy = null;
  state.doneAfterSeconds = null;
  classifier = null;
  pendingModel = null;
  confusion = null;
  galleryPredictions = null;
  for (const id of ['card-accuracy', 'card-epoch', 'card-loss', 'card-time']) text(id, '–');
  text('card-accuracy-sub', 'not trained yet');
  for (const id of ['card-epoch-sub', 'card-loss-sub', 'card-speed']) text(id, '\u00a0');
  drawCurves();
  drawLearned();
  markGallery();
  predictCurrent();
}

function setPhase(phase: Phase): void {
  state.phase = phase;
  document.body.dataset.phase = phase;
  const busy = phase === 'training' || phase === 'paused';
  const has = state.summary !== null;
  (byId('train') as HTMLButtonElement).disabled = !has || phase === 'training' || phase === 'loading';
  byId('train').textContent = phase === 'paused' ? 'Resume' : 'Train';
  (byId('pause') as HTMLButtonElement).disabled = !control || phase !== 'training';
  (byId('step') as HTMLButtonElement).disabled =
    !control || !has || phase === 'training' || phase === 'loading';
  (byId('reset') as HTMLButtonElement).disabled = phase === 'starting' || phase === 'loading';
  (byId('download') as HTMLButtonElement).disabled = state.model === null;
  (byId('idx-files') as HTMLInputElement).disabled = busy;
  (byId('folder-files') as HTMLInputElement).disabled = busy;
  (byId('use-bundled') as HTMLButtonElement).disabled = busy;
  const label: Record<Phase, string> = {
    starting: 'Starting…',
    loading: 'Loading data…',
    ready: 'Ready to train',
    training: 'Training…',
    paused: 'Paused',
    done: 'Trained',
  };
  byId('status').replaceChildren(
    el('b', { text: label[phase] }),
    ` · ${state.isolated ? `cross-origin isolated, ${state.cores} cores` : 'not isolated: one worker'}`,
  );
}

// ---- live view ------------------------------------------------------------------------------------------

function onEpoch(u: P.EpochUpdate): void {
  const r = u.record;
  state.history.push({
    epoch: r.epoch,
    loss: r.loss,
    trainAccuracy: r.trainAccuracy,
    testAccuracy: u.testAccuracy,
    seconds: r.seconds,
    sinceTrain: (performance.now() - state.trainPressedAt) / 1000,
  });
  state.model = u.model;
  state.accuracy = u.testAccuracy;
  pendingModel = u.model;
  confusion = u.confusion;
  galleryPredictions = u.galleryPredictions;
  text('card-accuracy', pct(u.testAccuracy));
  text('card-accuracy-sub', `test loss ${u.testLoss.toFixed(4)}`);
  text('card-epoch', String(r.epoch));
  text('card-epoch-sub', `${state.history[state.history.length - 1].sinceTrain.toFixed(1)} s since Train`);
  text('card-loss', r.loss.toFixed(4));
  text('card-loss-sub', `training accuracy ${pct(r.trainAccuracy)}`);
  text('card-time', `${(1000 * r.seconds).toFixed(0)} ms`);
  text('card-speed', `${Math.round(u.imagesPerSecond).toLocaleString('en')} images/s`);
  (byId('download') as HTMLButtonElement).disabled = false;
  void render();
}

/** Progress within an epoch (long epochs of big data sets): the running loss and accuracy, drawn in. */
function onProgress(p: StepProgress): void {
  const share = p.rows / p.of;
  state.progress.push({ x: p.epoch - 1 + share, loss: p.loss, trainAccuracy: p.trainAccuracy });
  text('card-epoch', `${p.epoch - 1 + Math.floor(10 * share) / 10}`);
  text(
    'card-epoch-sub',
    `${Math.round(100 * share)}% of epoch ${p.epoch} · ${((performance.now() - state.trainPressedAt) / 1000).toFixed(1)} s since Train`,
  );
  text('card-loss', p.loss.toFixed(4));
  text('card-loss-sub', `so far this epoch; training accuracy ${pct(p.trainAccuracy)}`);
  void render();
}

/** The training curve's points: every epoch's record, and the progress reported within epochs. */
function trainingPoints(value: (p: { loss: number; trainAccuracy: number }) => number): [number, number][] {
  const points: [number, number][] = [
    ...state.history.map((h): [number, number] => [h.epoch, value(h)]),
    ...state.progress.map((p): [number, number] => [p.x, value(p)]),
  ];
  return points.sort((a, b) => a[0] - b[0]);
}

/** A new task: what runs after it lets the page handle input and paint in between. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** While training, the page redraws at most this often... */
const MIN_REDRAW_GAP_MS = 250;
/**
 * ...and leaves the kernels at least this many times a redraw's own time between redraws. On a machine
 * with as many cores as kernel threads, every millisecond the page's thread draws is taken from a
 * kernel thread, and the others wait for it at the next barrier: on two cores a full-batch epoch took
 * 37 ms with no redraws and 49–69 ms with a redraw after every epoch.
 */
const REDRAW_DUTY = 4;
/** When the last redraw ended, and how long its pieces took. */
let lastRender = { end: -Infinity, ms: 0 };

/**
 * Redraws after an epoch, one piece per task (the model read, the curves, the templates, the confusion
 * matrix, the gallery and bars), so that no update holds the page's thread for long (each piece takes
 * a few to a few tens of milliseconds, all of them together could pass 100). Epochs that arrive while it
 * draws, or while training waits out the redraw budget above, are drawn together: the latest state wins.
 * The cards (accuracy, epoch, time) are plain text and follow every epoch.
 */
async function render(): Promise<void> {
  if (state.rendering) {
    again = true;
    return;
  }
  state.rendering = true;
  try {
    do {
      again = false;
      const wait =
        lastRender.end + Math.max(MIN_REDRAW_GAP_MS, REDRAW_DUTY * lastRender.ms) - performance.now();
      if (state.phase === 'training' && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      let spent = 0;
      const steps: [string, () => void][] = [
        [
          'read the model',
          // Only when something is on show to predict: otherwise predictor() reads it when asked.
          () => (current !== null ? predictor() : undefined),
        ],
        ['curves', drawCurves],
        ['templates', drawTemplates],
        ['confusion matrix', drawConfusionMatrix],
        [
          'gallery and bars',
          () => {
            markGallery();
            predictCurrent();
          },
        ],
      ];
      for (const [name, step] of steps) {
        await nextTask();
        const t0 = performance.now();
        step();
        const ms = performance.now() - t0;
        spent += ms;
        if (ms > 50) state.slowMessages.push({ type: `render: ${name}`, ms: Math.round(ms) });
      }
      lastRender = { end: performance.now(), ms: spent };
    } while (again);
  } finally {
    state.rendering = false;
  }
}

function drawCurves(): void {
  const h = state.history;
  drawLineChart(
    byId<HTMLCanvasElement>('loss-chart'),
    [{ name: 'training loss', color: SERIES_COLORS.train, points: trainingPoints((p) => p.loss) }],
    {
      yLabel: 'loss',
      xLabel: 'epoch',
    },
  );
  drawLineChart(
    byId<HTMLCanvasElement>('accuracy-chart'),
    [
      { name: 'training', color: SERIES_COLORS.train, points: trainingPoints((p) => p.trainAccuracy) },
      { name: 'test', color: SERIES_COLORS.test, points: h.map((p) => [p.epoch, p.testAccuracy]) },
    ],
    { yLabel: 'accuracy', xLabel: 'epoch', percent: true },
  );
}

function drawLearned(): void {
  drawTemplates();
  drawConfusionMatrix();
}

function drawTemplates(): void {
  const box = byId('templates');
  const m = state.model;
  const names = m?.classNames ?? state.summary?.classNames ?? [];
  if (state.summary?.kind === 'table') {
    const input = m === null ? null : inputOf(m);
    if (m !== null && input?.kind === 'table') drawTableWeights(box, m.W, input.featureNames, names);
    else box.replaceChildren();
    return;
  }
  if (box.children.length !== names.length || box.querySelector('canvas') === null) {
    box.replaceChildren(
      ...names.map((n) =>
        el(
          'figure',
          { class: 'template' },
          el('canvas', { width: '28', height: '28' }),
          el('figcaption', { text: n }),
        ),
      ),
    );
  }
  const grey =
    m !== null &&
    (m.input?.kind ?? 'images') === 'images' &&
    (m.input?.kind !== 'images' || m.input.channels === 1);
  if (m !== null && grey) {
    weightTemplates(m.W, m.height, m.width, m.numClasses).forEach((t, c) => {
      putPixels(
        box.children[c].querySelector('canvas') as HTMLCanvasElement,
        m.width,
        m.height,
        t.image.data,
        4,
      );
    });
  } else {
    for (const c of box.querySelectorAll('canvas')) c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }
}

function drawConfusionMatrix(): void {
  const names = state.model?.classNames ?? state.summary?.classNames ?? [];
  const cv = byId<HTMLCanvasElement>('confusion');
  if (confusion && names.length > 0) drawConfusion(cv, confusion, names);
  else cv.getContext('2d')?.clearRect(0, 0, cv.width, cv.height);
  cv.dataset.filled = confusion ? String(confusion.reduce((a, b) => a + b, 0)) : '0';
}

// ---- data, gallery ---------------------------------------------------------------------------------------

function showData(s: P.DataSummary): void {
  const counts = `${s.trainCount.toLocaleString('en')} training and ${s.testCount.toLocaleString('en')} test`;
  byId('data-summary').textContent =
    s.kind === 'table'
      ? `${s.source}: ${counts} rows of ${s.featureNames.length} columns, ${s.classNames.length} classes.`
      : `${s.source}: ${counts} ${s.channels === 3 ? 'colour ' : ''}images of ${s.height}×${s.width}, ${s.classNames.length} classes.`;
  document.body.dataset.kind = s.kind;
  byId('learned-lead').textContent =
    s.kind === 'table'
      ? "Each class's three largest weights by column (red raises the class's score, blue lowers it; with standardize, per standard deviation of the column), redrawn after every epoch; and the confusion matrix on the test rows (rows: true class)."
      : "Each class's weights as an image (red raises the class's score, blue lowers it), redrawn after every epoch; and the confusion matrix on the test images (rows: true class).";
  byId('data-notes').textContent = [...s.notes, ...useDefaultsFor(s)].join(' · ');
  const d = s.height * s.width * s.channels;
  const box = byId('gallery');
  box.replaceChildren(
    ...Array.from({ length: s.gallery.count }, (_, i) => {
      const canvas = el('canvas');
      putPixels(
        canvas,
        s.width,
        s.height,
        s.gallery.pixels.subarray(i * d, (i + 1) * d),
        s.channels === 3 ? 3 : 1,
      );
      const fig = el(
        'figure',
        {
          class: 'thumb',
          'data-index': String(i),
          title: `test image ${i}: ${s.classNames[s.gallery.labels[i]]}`,
        },
        canvas,
      );
      fig.addEventListener('click', () => {
        for (const f of box.querySelectorAll('.chosen')) f.classList.remove('chosen');
        fig.classList.add('chosen');
        current = {
          source: `test image ${i} (${s.classNames[s.gallery.labels[i]]})`,
          pixels: s.gallery.pixels.slice(i * d, (i + 1) * d),
          channels: s.channels,
        };
        predictCurrent();
      });
      return fig;
    }),
  );
  if (s.kind === 'table') {
    drawLearned();
    return;
  }
  pad = drawPad(byId<HTMLCanvasElement>('pad'), s.height, onDraw);
  byId('how-input').textContent =
    `How a drawing becomes the model's input: the pad (${s.width * PAD_SCALE}×${s.height * PAD_SCALE}) is averaged down to ${s.width}×${s.height}, ` +
    `each pixel the mean of a ${PAD_SCALE}×${PAD_SCALE} block, and made grey as 0.299·R + 0.587·G + 0.114·B over black: what softmax predict ` +
    `does with a ${s.width}×${s.height} PNG. A picked image is read the same way (scaled to ${s.width}×${s.height} first if it is another size, which ` +
    `softmax predict refuses). The model's preprocessing (x/255 by default) then applies as for every image.`;
  drawLearned();
  markGallery();
}

function markGallery(): void {
  const s = state.summary;
  if (!s) return;
  byId('gallery')
    .querySelectorAll<HTMLElement>('.thumb')
    .forEach((f, i) => {
      const p = galleryPredictions?.[i];
      f.classList.toggle('ok', p !== undefined && p === s.gallery.labels[i]);
      f.classList.toggle('bad', p !== undefined && p !== s.gallery.labels[i]);
      const caption = p === undefined ? '' : ` → ${(state.model?.classNames ?? s.classNames)[p]}`;
      f.title = `test image ${i}: ${s.classNames[s.gallery.labels[i]]}${caption}`;
    });
}

// ---- try it ------------------------------------------------------------------------------------------------

let pad: { clear(): void } | null = null;

function onDraw(): void {
  const s = state.summary;
  if (!s) return;
  current = {
    source: 'your drawing',
    pixels: padPixels(byId<HTMLCanvasElement>('pad'), s.height),
    channels: 1,
  };
  predictCurrent();
}

byId('clear-pad').addEventListener('click', () => {
  pad?.clear();
  current = null;
  predictCurrent();
});

byId('image-file').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const s = state.summary;
  const height = predictor()?.imageShape.height ?? s?.height ?? 28;
  const width = predictor()?.imageShape.width ?? s?.width ?? 28;
  try {
    const { rgba, resized, size } = await filePixels(file, height, width);
    const channels = modelChannels() ?? s?.channels ?? 1;
    current = {
      source: `${file.name}${resized ? ` (${size}, scaled to ${width}×${height})` : ''}`,
      pixels: toChannels({ width, height, rgba }, channels),
      channels,
    };
    predictCurrent();
  } catch {
    byId('bars-title').textContent = `${file.name}: not an image this browser can decode`;
  }
});

/** The classifier of the latest epoch (or loaded model), read from its model file form on first use. */
function predictor(): SoftmaxClassifier | null {
  if (pendingModel !== null) {
    classifier = SoftmaxClassifier.fromJSON(pendingModel, 'the model');
    pendingModel = null;
  }
  return classifier;
}

function predictCurrent(): void {
  const bars = byId('bars');
  const classifier = predictor();
  if (current === null || classifier === null) {
    bars.replaceChildren();
    byId('bars-title').textContent =
      current === null
        ? 'Draw something (light on dark), or pick an image'
        : `${current.source}: train or load a model first`;
    state.lastProbabilities = null;
    return;
  }
  const input = classifier.inputShape;
  if (input.kind === 'table') {
    bars.replaceChildren();
    byId('bars-title').textContent = `${current.source}: the model reads a table, not images`;
    return;
  }
  const { height, width, channels } = input;
  // A grey image for a colour model is what predict makes of a grey PNG: r = g = b.
  const pixels = current.channels === 1 && channels === 3 ? greyToColour(current.pixels) : current.pixels;
  if (pixels.length !== height * width * channels) {
    byId('bars-title').textContent = `${current.source}: the model reads ${width}×${height} images`;
    return;
  }
  const p = classifier.predictProba({ pixels, n: 1, height, width, channels });
  const names = classifier.classNames;
  let top = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[top]) top = c;
  byId('bars-title').textContent = `${current.source}: ${names[top]} (${pct(p[top])})`;
  bars.replaceChildren(
    ...names.flatMap((n, c) => {
      const cls = c === top ? 'top' : '';
      const bar = el('div', { class: 'bar' }, el('span'));
      (bar.firstChild as HTMLElement).style.width = `${(100 * p[c]).toFixed(1)}%`;
      return [
        el('div', { class: cls, text: n }),
        el('div', { class: cls }, bar),
        el('div', { class: cls, text: pct(p[c]) }),
      ];
    }),
  );
  for (let i = 0; i < bars.children.length; i += 3) {
    if (Math.floor(i / 3) === top) for (let j = 0; j < 3; j++) bars.children[i + j].classList.add('top');
  }
  state.lastProbabilities = { source: current.source, top: names[top], probabilities: Array.from(p) };
}

// ---- data files, models -------------------------------------------------------------------------------

function loadFiles(picked: Picked): void {
  if (picked.files.length === 0 && picked.folders.length === 0) return;
  load({ type: 'load-files', files: picked.files, names: picked.names, folders: picked.folders });
}

const drop = byId('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer)
    void pickedFromDrop(e.dataTransfer).then(loadFiles, (err: unknown) => showError('load', String(err)));
});
for (const id of ['idx-files', 'folder-files']) {
  byId(id).addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.files) loadFiles(pickedFromInput(input.files));
    input.value = '';
  });
}
// The seed also draws the test rows of a CSV or a folder without its own split (as --seed does): a new
// seed reads the dropped data again.
byId('opt-seed').addEventListener('change', () => {
  if (lastLoad?.type === 'load-files') load(lastLoad);
});
byId('use-bundled').addEventListener('click', () => load(bundled()));

byId('download').addEventListener('click', () => {
  if (!state.model) return;
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(state.model, null, 2) + '\n'], { type: 'application/json' }),
  );
  const a = el('a', { href: url, download: 'model.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

byId('model-file').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file || state.phase === 'training' || state.phase === 'paused') return;
  try {
    const model = parseModelJSON(JSON.parse(await file.text()), file.name);
    const s = state.summary;
    if (s && !fits(model, s)) {
      throw new Error(
        `${file.name}: the model reads ${describeInput(model)}, the data are ${describeSummary(s)}`,
      );
    }
    byId('train-message').textContent = '';
    send({ type: 'evaluate', model, source: file.name });
  } catch (err) {
    const why =
      err instanceof SyntaxError
        ? `${file.name}: not JSON (${err.message})`
        : err instanceof Error
          ? err.message
          : String(err);
    byId('train-message').textContent = why;
    state.errors.push(why);
  }
});

function showModel(model: ModelJSON, accuracy: number, counts: number[], predictions: Uint8Array): void {
  clearRun();
  state.model = model;
  state.accuracy = accuracy;
  classifier = SoftmaxClassifier.fromJSON(model, 'the model');
  confusion = counts;
  galleryPredictions = predictions;
  knobs.set(model.options);
  text('card-accuracy', pct(accuracy));
  text('card-accuracy-sub', 'loaded model, on the test images');
  drawLearned();
  markGallery();
  predictCurrent();
  setPhase('done');
}

// ---- helpers ---------------------------------------------------------------------------------------------

function text(id: string, s: string): void {
  byId(id).textContent = s;
}

function pct(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

/** The seed setting as a number (its default while it does not parse): it draws a CSV's test rows. */
function seedSetting(): number {
  const v = Number(byId<HTMLInputElement>('opt-seed').value.trim());
  return Number.isInteger(v) && v >= 0 ? v : DEFAULTS.seed;
}

/** The channels of the model on show, if any. */
function modelChannels(): number | null {
  const input = predictor()?.inputShape;
  return input?.kind === 'images' ? input.channels : null;
}

function greyToColour(grey: Uint8Array): Uint8Array {
  const out = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) out.fill(grey[i], 3 * i, 3 * i + 3);
  return out;
}

/**
 * The settings `softmax train` uses on such data for what the user does not give: on a table, the
 * table defaults (standardize, auto, λ = 1/n: data/tableDefaults.ts); on images again, the image
 * defaults back in place of those. Returns the note saying so.
 */
function useDefaultsFor(s: P.DataSummary): string[] {
  if (s.kind === 'table') {
    const set = tableDefaults(s.trainCount);
    knobs.set(set);
    tableDefaultsSet = true;
    return [
      `settings for a table, as softmax train uses on a CSV: preprocessing ${set.preprocessing}, solver ${set.solver}, λ = 1/${s.trainCount}`,
    ];
  }
  if (tableDefaultsSet) {
    const { preprocessing, solver, weightDecay } = DEFAULTS;
    knobs.set({ preprocessing, solver, weightDecay });
    tableDefaultsSet = false;
  }
  return [];
}

/** Whether a model reads data of this kind, size and channels. */
function fits(m: ModelJSON, s: P.DataSummary): boolean {
  const input = inputOf(m);
  const channels = input.kind === 'images' ? input.channels : 1;
  return input.kind === s.kind && m.height === s.height && m.width === s.width && channels === s.channels;
}

function describeInput(m: ModelJSON): string {
  const input = inputOf(m);
  return input.kind === 'table'
    ? `a table of ${input.featureNames.length} columns`
    : `${input.width}×${input.height}${input.channels === 3 ? ' colour' : ''} images`;
}

function describeSummary(s: P.DataSummary): string {
  return s.kind === 'table'
    ? `a table of ${s.featureNames.length} columns`
    : `${s.width}×${s.height}${s.channels === 3 ? ' colour' : ''} images`;
}

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    drawCurves();
    drawLearned();
  }, 100);
});

state.isolated = window.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
byId('pause-note').textContent = state.isolated
  ? 'Training runs in a Web Worker with its kernel workers sharing memory; Pause and Step act between epochs.'
  : 'This page is not cross-origin isolated (served without COOP/COEP headers), so it trains on one worker and cannot pause a run (Reset ends it). softmax serve sends the headers.';
setPhase('starting');
drawCurves();
startWorker();
