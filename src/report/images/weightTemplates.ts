import { diverging } from './colormap.js';
import type { Raster } from './raster.js';

/** One class's weights drawn as an image, with the value that maps to full colour. */
export interface WeightTemplate {
  classIndex: number;
  image: Raster;
  /** |w| at or above this is drawn at full saturation. */
  scale: number;
}

/** Share of a template's pixels allowed to saturate: a few extreme weights must not wash out the rest. */
const SATURATE_QUANTILE = 0.99;

/**
 * The weight column of each class as a height × width RGBA image in the diverging scale: red pixels raise
 * the class's score when bright, blue ones lower it. W is d × k row-major (W[j·k + c]), as the model
 * stores it. Each template is scaled to its own range (symmetric about zero, so white always means 0),
 * because the question is what each class looks for, not which class has the largest weights.
 */
export function weightTemplates(
  W: ArrayLike<number>,
  height: number,
  width: number,
  k: number,
): WeightTemplate[] {
  const d = height * width;
  if (W.length !== d * k) throw new Error(`weightTemplates: W has ${W.length} values, expected ${d}×${k}`);
  const templates: WeightTemplate[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(d);
    for (let j = 0; j < d; j++) col[j] = W[j * k + c];
    const scale = robustMaxAbs(col);
    const data = new Uint8Array(d * 4);
    for (let j = 0; j < d; j++) {
      const [r, g, b] = diverging(scale > 0 ? col[j] / scale : 0);
      data.set([r, g, b, 255], 4 * j);
    }
    templates.push({ classIndex: c, image: { width, height, channels: 4, data }, scale });
  }
  return templates;
}

function robustMaxAbs(values: Float64Array): number {
  const abs = Array.from(values, Math.abs).sort((a, b) => a - b);
  const q = abs[Math.min(abs.length - 1, Math.floor(SATURATE_QUANTILE * abs.length))];
  return q > 0 ? q : (abs.at(-1) ?? 0);
}
