import { loadNativeAddon, nativeTurnedOff } from '../kernels/native/addon.js';

/** The buffers allocLarge and mapLarge took from the addon: the only ones releaseLarge gives back. */
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
 * A whole file as a buffer mapped from the page cache by the addon (copy-on-write: writing into it never
 * reaches the file), or null when the addon is absent, turned off or cannot map it; the caller then reads
 * the file. For files this process alone uses and nobody shortens while it runs (a mapped file cut short
 * underneath would fault): the bundled data unpacked at install. 47 MB map in ~25 ms, against ~140 ms
 * to read into fresh 4 KiB pages.
 */
export function mapLarge(path: string): Buffer | null {
  if (nativeTurnedOff()) return null;
  let memory: ArrayBuffer | null = null;
  try {
    memory = loadNativeAddon().mapFile(path);
  } catch {
    return null; // no addon here, or an older one without mapFile
  }
  if (memory === null) return null;
  fromAddon.add(memory);
  return Buffer.from(memory);
}

/**
 * Gives back now the memory under `view` when allocLarge or mapLarge took it from the addon, and does nothing
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
