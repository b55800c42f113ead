import { inputOf, type ModelJSON } from '../../model/modelFormat.js';
import { pngDataUri, upscale, zoomFor } from '../images/raster.js';
import { displayNames } from '../text.js';
import { esc, note, type Section } from './markup.js';
import { templatesLeftOut, weightsSection } from './weightsSection.js';

/** Largest weights shown per class for a table, and most classes drawn. */
const TOP_FEATURES = 8;
const MAX_CLASSES = 20;
const TEMPLATE_PX = 140;
const MAX_COLOUR_PIXELS = 128 * 128;

/**
 * What each class looks for, in the form the model's input has: grey image templates (weightsSection),
 * colour templates for colour images, and for tables a bar chart per class of its largest weights by
 * column name.
 */
export function inputWeightsSection(model: ModelJSON, notes: string[]): Section {
  const input = inputOf(model);
  if (input.kind === 'table') return tableWeightsSection(model, input.featureNames);
  if (input.channels === 3) return colourTemplatesSection(model, notes);
  return weightsSection(model, notes);
}

/**
 * Per class, the columns with the largest |weight|, as bars (blue lowers the class's score, red raises
 * it). With standardize, a weight is the change in score for one standard deviation of its column, so
 * the columns compare.
 */
export function tableWeightsSection(model: ModelJSON, featureNames: readonly string[]): Section {
  const k = model.numClasses;
  const d = featureNames.length;
  const names = displayNames(model.classNames);
  const shown = Math.min(k, MAX_CLASSES);
  let top = 0;
  for (let i = 0; i < model.W.length; i++) top = Math.max(top, Math.abs(model.W[i]));
  const cards: string[] = [];
  for (let c = 0; c < shown; c++) {
    const order = Array.from({ length: d }, (_, j) => j)
      .sort((a, b) => Math.abs(model.W[b * k + c]) - Math.abs(model.W[a * k + c]))
      .slice(0, TOP_FEATURES);
    const bars = order.map((j) => {
      const w = model.W[j * k + c];
      const width = top > 0 ? (50 * Math.abs(w)) / top : 0;
      const side = w >= 0 ? `left:50%` : `left:${(50 - width).toFixed(2)}%`;
      return (
        `<div class="fw-row"><span class="fw-name" title="${esc(featureNames[j])}">${esc(featureNames[j])}</span>` +
        `<span class="fw-track"><span class="fw-bar ${w >= 0 ? 'fw-pos' : 'fw-neg'}" style="${side};width:${width.toFixed(2)}%"></span></span>` +
        `<span class="fw-value">${w.toPrecision(3)}</span></div>`
      );
    });
    cards.push(`<figure class="fw-class"><figcaption>${esc(names[c])}</figcaption>${bars.join('')}</figure>`);
  }
  const standardized = model.preprocessing.kind === 'standardize';
  return {
    id: 'templates',
    nav: 'Weights',
    title: 'What each class looks for',
    lead:
      `For each class, the ${Math.min(TOP_FEATURES, d)} columns with the largest weights. Red: a larger value raises the class’s score; blue: it lowers it. ` +
      (standardized
        ? 'Columns were standardized, so a weight is the change in score for one standard deviation of its column, and weights compare across columns.'
        : 'Columns were not standardized, so weights compare only within a column’s own units.'),
    body:
      `<style>.fw-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:18px}` +
      `.fw-class figcaption{font-weight:600;margin-bottom:6px}.fw-row{display:grid;grid-template-columns:minmax(0,11em) 1fr 4.5em;gap:8px;align-items:center;font-size:13px}` +
      `.fw-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.fw-track{position:relative;height:12px;background:linear-gradient(90deg,transparent calc(50% - 0.5px),#999 calc(50% - 0.5px),#999 calc(50% + 0.5px),transparent calc(50% + 0.5px))}` +
      `.fw-bar{position:absolute;top:1px;bottom:1px;border-radius:2px}.fw-pos{background:#c0392b}.fw-neg{background:#2e6fb7}.fw-value{text-align:right;font-variant-numeric:tabular-nums}</style>` +
      `<div class="fw-grid">${cards.join('')}</div>` +
      (k > shown ? note(`Showing the first ${shown} of ${k} classes.`) : ''),
    charts: [],
  };
}

/**
 * Colour templates: each class's weights for red, green and blue shown as a colour image, 0 at mid-grey,
 * each class scaled to its own largest |weight|. Where a template is red, more red in that place raises
 * the class's score; where it is darker than grey, light there lowers it.
 */
export function colourTemplatesSection(model: ModelJSON, notes: string[]): Section {
  const { height, width, numClasses: k } = model;
  if (height * width > MAX_COLOUR_PIXELS || k > MAX_CLASSES) {
    const why =
      k > MAX_CLASSES
        ? `${k} classes (drawn up to ${MAX_CLASSES})`
        : `images of ${height} × ${width} are too large to inline`;
    return templatesLeftOut('colour templates', why, notes);
  }
  const names = displayNames(model.classNames);
  const zoom = zoomFor(height, width, TEMPLATE_PX);
  const pixels = height * width;
  const cards = Array.from({ length: k }, (_, c) => {
    let top = 0;
    for (let j = 0; j < pixels * 3; j++) top = Math.max(top, Math.abs(model.W[j * k + c]));
    const data = new Uint8Array(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      for (let ch = 0; ch < 3; ch++) {
        const w = model.W[(p * 3 + ch) * k + c];
        data[4 * p + ch] = Math.round(128 + (top > 0 ? (127 * w) / top : 0));
      }
      data[4 * p + 3] = 255;
    }
    const uri = pngDataUri(upscale({ width, height, channels: 4, data }, zoom));
    return (
      `<figure class="template"><img src="${uri}" width="${width * zoom}" height="${height * zoom}" ` +
      `alt="colour weight template of class ${esc(names[c])}"><figcaption>${esc(names[c])}</figcaption></figure>`
    );
  });
  return {
    id: 'templates',
    nav: 'Templates',
    title: 'What each class looks for',
    lead:
      `Each image is one class’s ${height} × ${width} × 3 weights, with 0 as mid-grey. Where a template is tinted a colour, ` +
      `that colour there raises the class’s score; darker than grey, light there lowers it. Each template is scaled to its own range.`,
    body: `<div class="templates" style="--cols:${Math.min(k, 5)}">${cards.join('')}</div>`,
    charts: [],
  };
}
