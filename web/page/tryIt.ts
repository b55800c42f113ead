/**
 * "Try it": what is on show to classify (a drawing on the pad, a picked image file or a gallery image) and
 * the model's probabilities for it, as bars. It predicts with predictor.ts's classifier, so the bars
 * follow every epoch while the worker trains.
 */
import type * as P from '../../src/browser/protocol.js';
import { toChannels } from '../../src/data/pixels.js';
import { byId, el } from '../ui/dom.js';
import { drawPad, filePixels, padPixels, PAD_SCALE } from '../ui/drawPad.js';
import { modelChannels, predictor } from './predictor.js';
import { state } from './state.js';
import { pct } from './text.js';

/** Something to classify: grey or colour bytes (`channels`), with the words that name it. */
export interface Shown {
  source: string;
  pixels: Uint8Array;
  channels: number;
}

/** What is on show to classify: grey or colour bytes (`channels`), of the size the model read then. */
let current: Shown | null = null;
let pad: { clear(): void } | null = null;

/** Whether anything is on show to classify (the live view reads the model for it only then). */
export function somethingShown(): boolean {
  return current !== null;
}

/** Puts an image on show (or nothing) and predicts it. */
export function show(shown: Shown | null): void {
  current = shown;
  predictCurrent();
}

/** A new pad for images of this data set, with the words saying how a drawing becomes the model's input. */
export function setUpPad(s: P.DataSummary): void {
  pad = drawPad(byId<HTMLCanvasElement>('pad'), s.height, onDraw);
  byId('how-input').textContent =
    `How a drawing becomes the model's input: the pad (${s.width * PAD_SCALE}×${s.height * PAD_SCALE}) is averaged down to ${s.width}×${s.height}, ` +
    `each pixel the mean of a ${PAD_SCALE}×${PAD_SCALE} block, and made grey as 0.299·R + 0.587·G + 0.114·B over black: what softmax predict ` +
    `does with a ${s.width}×${s.height} PNG. A picked image is read the same way (scaled to ${s.width}×${s.height} first if it is another size, which ` +
    `softmax predict refuses). The model's preprocessing (x/255 by default) then applies as for every image.`;
}

function onDraw(): void {
  const s = state.summary;
  if (!s) return;
  show({
    source: 'your drawing',
    pixels: padPixels(byId<HTMLCanvasElement>('pad'), s.height),
    channels: 1,
  });
}

/** The pad's Clear button and the image file picker. */
export function wireTryIt(): void {
  byId('clear-pad').addEventListener('click', () => {
    pad?.clear();
    show(null);
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
      show({
        source: `${file.name}${resized ? ` (${size}, scaled to ${width}×${height})` : ''}`,
        pixels: toChannels({ width, height, rgba }, channels),
        channels,
      });
    } catch {
      byId('bars-title').textContent = `${file.name}: not an image this browser can decode`;
    }
  });
}

/** Predicts what is on show with the latest model and draws the bars (or says why it cannot). */
export function predictCurrent(): void {
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

function greyToColour(grey: Uint8Array): Uint8Array {
  const out = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) out.fill(grey[i], 3 * i, 3 * i + 3);
  return out;
}
