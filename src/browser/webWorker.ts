/**
 * The few parts of the Web Worker API the browser layer uses, typed here because the project's
 * TypeScript libraries (ES2022 and @types/node, no DOM) do not declare them; the page (web/) has the DOM.
 */
export interface MessageEventLike<T = unknown> {
  readonly data: T;
}

export interface WebWorker {
  postMessage(message: unknown, transfer?: unknown[]): void;
  terminate(): void;
  onmessage: ((event: MessageEventLike) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** What a dedicated worker's global scope offers to code running in it. */
export interface WorkerScope {
  postMessage(message: unknown, transfer?: unknown[]): void;
  onmessage: ((event: MessageEventLike) => void) | null;
}

interface BrowserGlobals {
  Worker: new (url: string, options?: { name?: string; type?: 'classic' | 'module' }) => WebWorker;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

export const browser = globalThis as unknown as BrowserGlobals;

/** True where memory may be shared between workers (the page was served with COOP and COEP headers). */
export function isCrossOriginIsolated(): boolean {
  return browser.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Logical cores the browser reports (at least 1). */
export function browserCores(): number {
  return Math.max(1, browser.navigator?.hardwareConcurrency ?? 1);
}
