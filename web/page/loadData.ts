/**
 * Asking the worker for data: the bundled Fashion-MNIST or files the user gave, with the row limits
 * (the "training images" and "test images" fields, --train-limit and --test-limit; ?train= and ?test=
 * in the address) and, for files, the seed. A change of the limits loads the same data again.
 */
import type * as P from '../../src/browser/protocol.js';
import { byId, el } from '../ui/dom.js';
import { setPhase } from './controls.js';
import { seedSetting } from './settings.js';
import { state } from './state.js';
import { send } from './worker.js';

const params = new URLSearchParams(location.search);
let lastLoad: P.ToTrainer | null = null;
const limits = buildLimits();

/** The last load asked for (null before the first), to load again with new limits or a new seed. */
export function lastLoadAsked(): P.ToTrainer | null {
  return lastLoad;
}

/** The message that loads the bundled data set, with the limits as set. */
export function bundled(): P.ToTrainer {
  return {
    type: 'load-bundled',
    base: new URL('data/fashion-mnist/', document.baseURI).href,
    ...limits.read(),
  };
}

/** Asks the worker for data (not while a run is on). */
export function load(m: P.ToTrainer): void {
  if (state.phase === 'training' || state.phase === 'paused') return;
  if (m.type === 'load-bundled' || m.type === 'load-files') Object.assign(m, limits.read());
  if (m.type === 'load-files') m.seed = seedSetting();
  lastLoad = m;
  setPhase('loading');
  byId('data-message').textContent = '';
  send(m);
}

function buildLimits(): {
  train: HTMLInputElement;
  test: HTMLInputElement;
  read(): { trainLimit?: number; testLimit?: number };
} {
  const box = byId('limits');
  const make = (id: string, label: string, flag: string, value: string | null): HTMLInputElement => {
    const input = el('input', {
      id,
      type: 'text',
      inputmode: 'numeric',
      placeholder: 'all',
      value: value ?? '',
    });
    box.append(
      el(
        'div',
        { class: 'knob', title: `use the first N images (${flag})` },
        el('label', { for: id }, label, el('code', { text: flag })),
        input,
      ),
    );
    input.addEventListener('change', () =>
      lastLoad ? load(lastLoad.type === 'load-files' ? lastLoad : bundled()) : undefined,
    );
    return input;
  };
  const train = make('train-limit', 'training images', '--train-limit', params.get('train'));
  const test = make('test-limit', 'test images', '--test-limit', params.get('test'));
  const num = (i: HTMLInputElement): number | undefined => {
    const v = Number(i.value.trim());
    return i.value.trim() !== '' && Number.isInteger(v) && v > 0 ? v : undefined;
  };
  return { train, test, read: () => ({ trainLimit: num(train), testLimit: num(test) }) };
}
