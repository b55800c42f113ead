import { loadNativeAddon, nativeTurnedOff } from '../kernels/native/addon.js';

/** The buffers allocLarge took from the addon: the only ones releaseLarge gives back. */
const fromAddon = new WeakSet<ArrayBufferLike>();

/** From this size on, a buffer is worth huge pages (below it, the ordinary allocator is as fast). */
const LARGE = 4 * 1024 * 1024;

/**
 * An uninitialised buffer of `bytes` bytes for reading a file into. Large ones come from the native
 * addon's huge-page-backed memory when it is built and not turned off: on the virtual machines we
 * measured, touching a fresh 4 KiB page for the first time costs about 12 µs, so reading the 47 MB of
 * Fashion-MNIST's training images into an ordinary buffer took ~140 ms and into huge pages ~15 ms.
 * Otherwise, and for small buffers, Buffer.allocUnsafe.
 */
export function allocLarge(bytes: number): Buffer {
  if (bytes >= LARGE && !nativeTurnedOff()) {
    let memory: ArrayBuffer | undefined;
    try {
      memory = loadNativeAddon().allocBytes(bytes);
    } catch {
      // no addon here (or an older one without allocBytes): ordinary memory below
    }
    if (memory) {
      fromAddon.add(memory);
      return Buffer.from(memory, 0, bytes);
    }
  }
  return Buffer.allocUnsafe(bytes);
}

/**
 * Gives back now the memory under `view` when allocLarge took it from the addon, and does nothing
 * otherwise. Every view of that memory becomes empty: call it only when nothing will read the data
 * again (the command line, on its training rows, once the model is trained and before the report is
 * drawn: the 47 MB of Fashion-MNIST's training images would otherwise stay until a garbage collection
 * and set the run's peak memory).
 */
export function releaseLarge(view: ArrayBufferView): void {
  if (!fromAddon.has(view.buffer)) return;
  fromAddon.delete(view.buffer);
  loadNativeAddon().releaseBytes(view.buffer as ArrayBuffer);
}
