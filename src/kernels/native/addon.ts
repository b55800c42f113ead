import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The optional native kernels (native/*.c, built by `npm run build:native` into
 * build/softmax_native.node) as JavaScript sees them. Handles are opaque; arrays are read in place for
 * the length of a call, and data sets are prepared once by prepareRows (copied, or read in place).
 */
export interface NativeAddon {
  /** The instruction-set variants of this build, best first: [name, lanes, whether this CPU runs it]. */
  variants(): [name: string, lanes: number, supported: boolean][];
  /** An engine running variant number `variant` on `threads` threads (the caller and threads − 1 more). */
  createEngine(variant: number, threads: number): NativeHandle;
  /**
   * A data set prepared for the engine's variant: byte rows (non-zero blocks kept) or float rows. Byte
   * rows whose width is a multiple of the variant's lanes are read in place, not copied: the caller
   * keeps `data` alive, undetached and unchanged until it releases the handle.
   */
  prepareRows(engine: NativeHandle, data: Uint8Array | Float32Array, n: number, d: number): NativeHandle;
  /**
   * n uninitialised bytes in huge-page-backed native memory, freed when the buffer is collected: large
   * files are read into it because first touches of ordinary 4 KiB pages are slow on virtual machines.
   */
  allocBytes(n: number): ArrayBuffer;
  /** A whole file mapped copy-on-write (writes never reach the file), or null when it cannot be mapped. */
  mapFile(path: string): ArrayBuffer | null;
  /** Detaches an allocBytes or mapFile buffer and gives its pages back now (its views become empty). */
  releaseBytes(buffer: ArrayBuffer): void;
  /** Frees an engine (and its threads) or a data set now; a released handle throws when used. */
  release(handle: NativeHandle): void;
  lossGrad(
    engine: NativeHandle,
    rows: NativeHandle,
    rowScale: Float32Array | null,
    rowOffset: Float32Array | null,
    labels: Uint8Array,
    index: Int32Array | null,
    start: number,
    count: number,
    W: Float32Array,
    b: Float32Array,
    k: number,
    link: number,
    weights: Float32Array | null,
    gW: Float32Array,
    gb: Float32Array,
    stats: Float64Array,
  ): void;
  /** A fused mini-batch epoch (native/steps.h); returns the steps taken, writes t and firstLoss into update. */
  epoch(
    engine: NativeHandle,
    rows: NativeHandle,
    rowScale: Float32Array | null,
    rowOffset: Float32Array | null,
    labels: Uint8Array,
    index: Int32Array | null,
    count: number,
    k: number,
    link: number,
    weights: Float32Array | null,
    W: Float32Array,
    b: Float32Array,
    batch: number,
    update: Float64Array,
    s1W: Float32Array,
    s1b: Float32Array,
    s2W: Float32Array | null,
    s2b: Float32Array | null,
    colScale: Float32Array | null,
    colOffset: Float32Array | null,
    losses: Float64Array,
    corrects: Float64Array,
  ): number;
  predict(
    engine: NativeHandle,
    rows: NativeHandle,
    rowScale: Float32Array | null,
    rowOffset: Float32Array | null,
    labels: null,
    index: Int32Array | null,
    start: number,
    count: number,
    W: Float32Array,
    b: Float32Array,
    k: number,
    link: number,
    weights: null,
    out: Float32Array,
  ): void;
}

/** An opaque native object (an N-API external). */
export interface NativeHandle {
  readonly __nativeHandle?: never;
}

/** The link numbers of native/kernels.h. */
export const NATIVE_LINK = { softmax: 0, ovr: 1 } as const;

/**
 * Where the addon is looked for: SOFTMAX_NATIVE_ADDON when set (a path; pointing it at a missing file
 * is how the fallback to WebAssembly is tested), else build/softmax_native.node at the package root,
 * three folders above this file both as source (src/kernels/native) and compiled (dist/kernels/native).
 */
export function nativeAddonPath(): string {
  const fromEnv = process.env.SOFTMAX_NATIVE_ADDON;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../../build/softmax_native.node', import.meta.url));
}

/** SOFTMAX_NATIVE=0: the user (or a test of the fallback) turned the addon off for this process. */
export function nativeTurnedOff(): boolean {
  return process.env.SOFTMAX_NATIVE === '0';
}

const loaded = new Map<string, NativeAddon>();

/** Loads the addon (once per path); throws when it is missing or does not load here. */
export function loadNativeAddon(path: string = nativeAddonPath()): NativeAddon {
  const hit = loaded.get(path);
  if (hit) return hit;
  if (!existsSync(path))
    throw new Error(`native kernels not built: ${path} is missing (run npm run build:native)`);
  const addon = createRequire(import.meta.url)(path) as NativeAddon;
  loaded.set(path, addon);
  return addon;
}
