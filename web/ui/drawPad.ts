import { rgbaToGray } from '../../src/data/png.js';

/** The pad's drawing is this many times the model's image size, so one image pixel is a block of it. */
export const PAD_SCALE = 10;

/**
 * A canvas to draw on with mouse, pen or touch (Pointer Events), white strokes on black like
 * Fashion-MNIST's images. `onChange` runs while drawing (at most once a frame) and after each stroke.
 */
export function drawPad(canvas: HTMLCanvasElement, size: number, onChange: () => void): { clear(): void } {
  canvas.width = size * PAD_SCALE;
  canvas.height = size * PAD_SCALE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  const clear = (): void => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  let last: [number, number] | null = null;
  let queued = false;
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [
      ((e.clientX - r.left) / r.width) * canvas.width,
      ((e.clientY - r.top) / r.height) * canvas.height,
    ];
  };
  const changed = (): void => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (last === null) return;
    const p = at(e);
    stroke(last, p);
    last = p;
  });
  const end = (): void => {
    if (last !== null) onChange();
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  function stroke(a: [number, number], b: [number, number]): void {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2.2 * PAD_SCALE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
    changed();
  }
  return { clear };
}

/**
 * The pad as the model's input, the way `softmax predict` reads a PNG of the model's size: the drawing
 * is averaged down to size × size (each image pixel the mean of its PAD_SCALE × PAD_SCALE block, the
 * pixels a 28×28 PNG of the drawing would hold), then made grey by rgbaToGray, the function predict's
 * PNG reader uses (BT.601 luma, transparency over black). The model's preprocessing follows as usual.
 */
export function padPixels(canvas: HTMLCanvasElement, size: number): Uint8Array {
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  const src = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const s = canvas.width / size;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let dy = 0; dy < s; dy++) {
        for (let dx = 0; dx < s; dx++) {
          const i = ((y * s + dy) * canvas.width + x * s + dx) * 4;
          for (let c = 0; c < 4; c++) sum[c] += src[i + c];
        }
      }
      for (let c = 0; c < 4; c++) rgba[(y * size + x) * 4 + c] = Math.round(sum[c] / (s * s));
    }
  }
  return rgbaToGray(rgba, size, size);
}

/**
 * An image file as the model's input: decoded by the browser without colour conversion, scaled to the
 * model's size only if it is not that size already (softmax predict refuses other sizes). RGBA: the page
 * makes it grey (as rgbaToGray above) or colour for the model by toChannels, as predict does.
 */
export async function filePixels(
  file: Blob,
  height: number,
  width: number,
): Promise<{ rgba: Uint8Array; resized: boolean; size: string }> {
  const bmp = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const size = `${bmp.width}×${bmp.height}`;
  const resized = bmp.width !== width || bmp.height !== height;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bmp, 0, 0, width, height);
  bmp.close();
  return { rgba: new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer), resized, size };
}
