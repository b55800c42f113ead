/**
 * The backends a run may ask for; 'auto' picks the fastest that loads (Node: native, else wasm, else js).
 * 'native' exists only under Node with the addon built. Core: no Node modules.
 */
export type BackendName = 'auto' | 'native' | 'js' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'native', 'wasm', 'js'];

/** The backend a name like 'wasm×2' or 'native' (Backend.name) stands for. */
export function backendKind(name: string): Exclude<BackendName, 'auto'> {
  return name.startsWith('native') ? 'native' : name.startsWith('wasm') ? 'wasm' : 'js';
}
