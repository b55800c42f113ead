/** The backends a run may ask for; 'auto' picks the fastest that loads. Core: no Node modules. */
export type BackendName = 'auto' | 'js' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'js', 'wasm'];
