import { confusionMatrix, mostConfusedPairs } from '../../metrics/confusion.js';
import { pngDataUri, upscale, zoomFor, type Raster } from '../images/raster.js';
import { examplesFor, mistakesOf, weakestClasses, type Example } from './examples.js';
import { esc, note, type Section } from './markup.js';
import type { EvalPredictions } from './predictions.js';

/** How many classes get a gallery, and how many images per row of it. */
const WEAK_CLASSES = 3;
/** Right and wrong side by side: five each fit a laptop screen and a slide. */
const PER_SIDE = 5;
const PER_PAIR = 10;
const CONFUSED_PAIRS = 5;
/** On-screen size of a thumbnail's longer side, in CSS pixels. */
const THUMB_PX = 84;

/**
 * Galleries of evaluation images for the weakest classes (right and wrong) and for the most confused
 * pairs. Numbers say how often the model fails; the images show why (a shirt and a coat can be the same
 * blurry shape at this size).
 */
export function gallerySection(p: EvalPredictions): Section {
  const names = p.classNames;
  const weak = weakestClasses(p, WEAK_CLASSES).map((c) => {
    const right = examplesFor(p, c, c, PER_SIDE);
    const wrong = mistakesOf(p, c, PER_SIDE);
    const rate = accuracyOf(p, c);
    return (
      `<div class="gallery-class"><h3>${esc(names[c])} <small>${(100 * rate).toFixed(1)}% right</small></h3>` +
      `<div class="sides"><div>${row('right, most confident first', right, p, 'ok')}</div>` +
      `<div>${row('wrong, one per confusion in turn', wrong, p, 'bad')}</div></div></div>`
    );
  });
  const pairs = mostConfusedPairs(confusionMatrix(p.set.labels, p.pred, p.k), names, CONFUSED_PAIRS).map(
    (pair) =>
      `<div class="pair"><h3>${esc(pair.trueClass)} <span class="arrow">→</span> ${esc(pair.predictedClass)}` +
      ` <small>${pair.count} images, ${(100 * pair.rate).toFixed(1)}% of ${esc(pair.trueClass)}</small></h3>` +
      row(null, examplesFor(p, pair.trueIndex, pair.predictedIndex, PER_PAIR), p, 'bad') +
      `</div>`,
  );
  const body =
    (p.warning ? note(p.warning) : '') +
    `<div class="galleries">${weak.join('')}</div>` +
    `<h3 class="subhead" id="confused">Most confused pairs (true → predicted)</h3>` +
    (pairs.length > 0 ? pairs.join('') : note('No image was misclassified.'));
  return {
    id: 'gallery',
    nav: 'Examples',
    title: 'Where it goes wrong',
    lead:
      `${p.label === 'test' ? 'Test' : 'Validation'} images of the ${WEAK_CLASSES} weakest classes, right and wrong, and the most frequent confusions. ` +
      `Under each image: the predicted class and the model’s probability for it.`,
    body,
    charts: [],
  };
}

function row(label: string | null, examples: Example[], p: EvalPredictions, kind: 'ok' | 'bad'): string {
  const head = label ? `<p class="row-label">${esc(label)}</p>` : '';
  if (examples.length === 0) return head + note('none');
  return head + `<div class="thumbs">${examples.map((e) => thumb(e, p, kind)).join('')}</div>`;
}

function thumb(e: Example, p: EvalPredictions, kind: 'ok' | 'bad'): string {
  const { height, width } = p.set;
  const channels = p.set.channels ?? 1;
  const d = height * width * channels;
  const zoom = zoomFor(height, width, THUMB_PX);
  const bytes = p.set.pixels.slice(e.index * d, (e.index + 1) * d);
  const uri = pngDataUri(
    upscale(
      channels === 3 ? rgbRaster(bytes, width, height) : { width, height, channels: 1, data: bytes },
      zoom,
    ),
  );
  const name = p.classNames[e.predicted];
  const prob = probability(e.probability);
  return (
    `<figure class="thumb ${kind}"><img src="${uri}" width="${width * zoom}" height="${height * zoom}" ` +
    `alt="${p.label} image ${e.index}, a ${esc(p.classNames[e.truth])}, predicted ${esc(name)} (${prob})">` +
    `<figcaption><span class="pred">${esc(name)}</span><span class="prob">${prob}</span></figcaption></figure>`
  );
}

/** Colour pixels (r, g, b side by side) as an opaque RGBA raster. */
function rgbRaster(rgb: Uint8Array, width: number, height: number): Raster {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
    data[4 * i + 3] = 255;
  }
  return { width, height, channels: 4, data };
}

/** A probability as a percentage that never claims certainty the model does not have ("100%"). */
export function probability(x: number): string {
  if (x < 0.995) return `${(100 * x).toFixed(0)}%`;
  const fine = (100 * x).toFixed(1);
  return fine === '100.0' ? '>99.9%' : `${fine}%`;
}

function accuracyOf(p: EvalPredictions, c: number): number {
  let right = 0;
  let total = 0;
  for (let i = 0; i < p.set.n; i++) {
    if (p.set.labels[i] !== c) continue;
    total++;
    if (p.pred[i] === c) right++;
  }
  return total > 0 ? right / total : 0;
}
