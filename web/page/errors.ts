/**
 * Errors from the worker or from reading files, shown where they belong: a failed load or start under
 * the data panel, anything else under the training controls; a run an error ends goes back to a phase
 * the buttons can leave. Each is also kept in state.errors for the browser test.
 */
import { byId } from '../ui/dom.js';
import { setPhase } from './controls.js';
import { state } from './state.js';

export function showError(during: string, message: string): void {
  state.errors.push(message);
  if (during === 'load' || during === 'init') {
    byId('data-message').textContent = message;
    setPhase(state.summary ? (state.model ? 'done' : 'ready') : 'ready');
  } else {
    byId('train-message').textContent = message;
    if (state.phase === 'training' || state.phase === 'paused') setPhase(state.model ? 'done' : 'ready');
  }
}
