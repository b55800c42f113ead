import { InputError } from '../util/errors.js';
import { MAX_CLASSES, MAX_FEATURES } from './limits.js';
import { describe } from './validate.js';

/**
 * Checks of the library's public arguments, done once where they enter (fit, predict, score, evaluate,
 * fromJSON). Each failure is an InputError naming the argument and its value; inside, code trusts types.
 */

export function checkObject(v: unknown, name: string): asserts v is object {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new InputError(`${name}: must be an object, got ${describe(v)}`);
  }
}

export function checkWholeNumber(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new InputError(`${name}: must be a whole number from ${min} to ${max}, got ${describe(v)}`);
  }
  return v;
}

/**
 * Labels as bytes. Takes a Uint8Array as is (no copy) or an array of whole numbers 0..255 (copied), so
 * that `[0, 1, 300]` is refused rather than wrapped to 44 by a byte conversion.
 */
export function checkLabels(y: unknown, name: string, n: number): Uint8Array {
  if (y === undefined || y === null) throw new InputError(`${name}: labels are required, got ${describe(y)}`);
  let labels: Uint8Array;
  if (y instanceof Uint8Array) {
    labels = y;
  } else if (Array.isArray(y) || ArrayBuffer.isView(y)) {
    const a = y as ArrayLike<unknown>;
    labels = new Uint8Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= MAX_CLASSES) {
        throw new InputError(
          `${name}[${i}]: a label must be a whole number from 0 to ${MAX_CLASSES - 1}, got ${describe(v)}`,
        );
      }
      labels[i] = v;
    }
  } else {
    throw new InputError(`${name}: must be a Uint8Array or an array of class numbers, got ${describe(y)}`);
  }
  if (labels.length !== n)
    throw new InputError(`${name}: holds ${labels.length} labels but X holds ${n} images`);
  return labels;
}

/** Every label below k; names the first that is not. */
export function checkLabelRange(y: Uint8Array, k: number, name: string): void {
  for (let i = 0; i < y.length; i++) {
    if (y[i] >= k) throw new InputError(`${name}[${i}]: label ${y[i]} out of range 0..${k - 1}`);
  }
}

/** The number of classes: given, or from the class names, or the largest label + 1. */
export function resolveNumClasses(given: unknown, classNames: unknown, top: number): number {
  if (given !== undefined) return checkWholeNumber(given, 'numClasses', 2, MAX_CLASSES);
  if (classNames !== undefined) return checkClassNames(classNames, 'classNames').length;
  const k = top + 1;
  if (k < 2) throw new InputError(`y: need at least 2 classes, but every label is ${top}`);
  return k;
}

export function checkClassNames(v: unknown, name: string, k?: number): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw new InputError(`${name}: must be an array of strings, got ${describe(v)}`);
  }
  if (v.length < 2 || v.length > MAX_CLASSES) {
    throw new InputError(`${name}: must name 2 to ${MAX_CLASSES} classes, got ${v.length}`);
  }
  if (k !== undefined && v.length !== k)
    throw new InputError(`${name}: names ${v.length} classes, expected ${k}`);
  return v as string[];
}

/** An image size: whole numbers, and height × width within MAX_FEATURES. */
export function checkImageSize(height: unknown, width: unknown, name: string): void {
  checkWholeNumber(height, `${name}.height`, 1, MAX_FEATURES);
  checkWholeNumber(width, `${name}.width`, 1, MAX_FEATURES);
  if ((height as number) * (width as number) > MAX_FEATURES) {
    throw new InputError(
      `${name}: ${String(height)}×${String(width)} pixels is more than ${MAX_FEATURES} features`,
    );
  }
}

export function checkFunction(v: unknown, name: string): void {
  if (v !== undefined && typeof v !== 'function')
    throw new InputError(`${name}: must be a function, got ${describe(v)}`);
}
