/**
 * The control block shared by the calling thread and its workers: Int32 slots in a SharedArrayBuffer,
 * read and written only with Atomics. A job is announced by bumping GEN; every thread then takes chunks
 * by incrementing NEXT until it passes CHUNKS, and each worker increments DONE when it finds none left.
 * The caller waits for DONE to reach the number of workers, so a job is a full barrier and the next one
 * cannot be confused with it.
 */
export const C_GEN = 0;
export const C_NEXT = 1;
export const C_CHUNKS = 2;
export const C_DONE = 3;
export const C_STOP = 4;
/** Set by a worker whose kernel threw; the message follows as UTF-8 from MESSAGE_OFFSET. */
export const C_ERROR = 5;
export const CONTROL_INTS = 16;
export const MESSAGE_OFFSET = CONTROL_INTS * 4;
export const MESSAGE_BYTES = 1024;
/** How long a thread polls a slot before it sleeps on it with Atomics.wait, in milliseconds. */
export const SPIN_MS = 1;

export function createControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(MESSAGE_OFFSET + MESSAGE_BYTES));
}

/** Waits until ctrl[slot] reaches `target` (it only grows): polls for SPIN_MS, then sleeps between changes. */
export function waitUntil(ctrl: Int32Array, slot: number, target: number): void {
  const since = performance.now();
  while (performance.now() - since < SPIN_MS) if (Atomics.load(ctrl, slot) >= target) return;
  for (let v = Atomics.load(ctrl, slot); v < target; v = Atomics.load(ctrl, slot))
    Atomics.wait(ctrl, slot, v);
}

/** The message a failed worker left, if any. */
export function readError(ctrl: Int32Array): string | null {
  if (Atomics.load(ctrl, C_ERROR) === 0) return null;
  const bytes = new Uint8Array(ctrl.buffer, MESSAGE_OFFSET, MESSAGE_BYTES);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.slice(0, end < 0 ? MESSAGE_BYTES : end));
}
