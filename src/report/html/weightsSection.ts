import type { ModelJSON } from '../../model/modelFormat.js';
import { divergingCssGradient } from '../images/colormap.js';
import { pngDataUri, upscale, zoomFor } from '../images/raster.js';
import { weightTemplates } from '../images/weightTemplates.js';
import { REPORT_LIMITS } from '../limits.js';
import { displayNames } from '../text.js';
import { count, esc, note, type Section } from './markup.js';

/** On-screen size of a template's longer side, in CSS pixels. */
const TEMPLATE_PX = 140;
/** At most this many templates per row; rows are balanced (10 classes: two rows of 5). */
const MAX_COLUMNS = 6;

/** What a positive weight means depends on what the model's features are. */
const FEATURE_MEANING: Record<ModelJSON['preprocessing']['kind'], string> = {
  scale: 'a bright pixel',
  minmax: 'a bright pixel (after stretching each image to full contrast)',
  standardize: 'a pixel brighter than in the average training image',
};

/**
 * The learned weight templates: one image per class, in the model's image size. A linear classifier's
 * score for a class is the dot product of the image with its template, so the template is literally what
 * the class "looks for". Drawn only while readable (REPORT_LIMITS): otherwise the section says why, and
 * the reason is pushed to `notes`.
 */
export function weightsSection(model: ModelJSON, notes: string[]): Section {
  const { height, width, numClasses: k } = model;
  const why = leftOut(model);
  if (why !== null) return templatesLeftOut('weight templates', why, notes);
  const classNames = displayNames(model.classNames);
  const zoom = zoomFor(height, width, TEMPLATE_PX);
  const cards = weightTemplates(model.W, height, width, k).map((t) => {
    const name = classNames[t.classIndex];
    const uri = pngDataUri(upscale(t.image, zoom));
    return (
      `<figure class="template"><img src="${uri}" width="${width * zoom}" height="${height * zoom}" ` +
      `alt="weight template of class ${esc(name)}"><figcaption>${esc(name)}</figcaption></figure>`
    );
  });
  const meaning = FEATURE_MEANING[model.preprocessing.kind];
  const legend =
    `<div class="legend"><span>lowers the score</span>` +
    `<span class="ramp" style="background:${divergingCssGradient()}"></span><span>raises it</span></div>`;
  return {
    id: 'templates',
    nav: 'Templates',
    title: 'What each class looks for',
    lead:
      `Each image is one class’s ${height} × ${width} weights. Red: ${meaning} there raises the class’s score; ` +
      `blue: it lowers it; white: the pixel does not matter. Each template is scaled to its own range.`,
    body: `${legend}<div class="templates" style="--cols:${balancedColumns(k)}">${cards.join('')}</div>`,
    charts: [],
  };
}

/** Why the templates of this model would not be readable, or null when they are. */
function leftOut(model: ModelJSON): string | null {
  const { templateClasses, templateMinPixels, templateMaxPixels } = REPORT_LIMITS;
  const d = model.height * model.width;
  const size = `${model.height} × ${model.width}`;
  // Newer model files say what they read; a template is a picture only of one grey image's pixels.
  const input = (model as { input?: { kind?: unknown; channels?: unknown } }).input;
  if (input && input.kind !== 'images') return 'the model reads table columns, not image pixels';
  if (input && (input.channels ?? 1) !== 1) return 'templates are drawn for grey images only';
  if (model.W.length !== d * model.numClasses) return 'the weights are not one per pixel and class';
  if (model.numClasses > templateClasses) {
    return `${count(model.numClasses)} classes (templates are drawn up to ${templateClasses})`;
  }
  if (d < templateMinPixels) return `images of ${size} pixels are too small to show a pattern`;
  if (d > templateMaxPixels) return `images of ${size} pixels are too large to inline`;
  return null;
}

function balancedColumns(k: number): number {
  return Math.ceil(k / Math.ceil(k / MAX_COLUMNS));
}

/** The templates section when they cannot be drawn: it says why, and so does the command (`notes`). */
export function templatesLeftOut(what: string, why: string, notes: string[]): Section {
  notes.push(`${why}: the ${what} are left out`);
  return {
    id: 'templates',
    nav: 'Templates',
    title: 'What each class looks for',
    body: note(`The ${what} are left out: ${why}.`),
    charts: [],
  };
}
