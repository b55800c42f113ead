import { loadNativeAddon, nativeTurnedOff } from '../kernels/native/addon.js';

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
    if (memory) return Buffer.from(memory, 0, bytes);
  }
  return Buffer.allocUnsafe(bytes);
}
