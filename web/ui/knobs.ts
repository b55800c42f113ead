import {
  DEFAULTS,
  OPTION_KEYS,
  defaultFor,
  specOf,
  type ClassifierOptions,
  type OptionKey,
} from '../../src/model/options.js';
import { el } from './dom.js';

/** The knobs shown first; every other option of the schema is under "More options". */
const FIRST: readonly OptionKey[] = [
  'solver',
  'learningRate',
  'epochs',
  'batchSize',
  'momentum',
  'nesterov',
  'weightDecay',
  'lrDecay',
  'preprocessing',
  'init',
  'strategy',
  'seed',
  'backend',
  'threads',
];

interface Range {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
}

export interface Knobs {
  /** The options as set, checked by the schema's own parse and check; null with messages shown if any is bad. */
  read(): Partial<ClassifierOptions> | null;
  /** Shows a model's options (e.g. a loaded model.json). */
  set(options: Partial<ClassifierOptions>): void;
}

/**
 * One control per option of the options schema (src/model/options.ts), with the command line's flag,
 * label, help, range and default: nothing about an option is restated here, so the page and
 * `softmax train --help` cannot drift apart. Text is parsed and checked by the option's own spec.
 */
export function buildKnobs(first: HTMLElement, more: HTMLElement): Knobs {
  const inputs = new Map<
    OptionKey,
    { input: HTMLInputElement | HTMLSelectElement; box: HTMLElement; why: HTMLElement }
  >();
  const order = [
    ...FIRST.filter((k) => OPTION_KEYS.includes(k)),
    ...OPTION_KEYS.filter((k) => !FIRST.includes(k)),
  ];
  for (const key of order) {
    const spec = specOf(key);
    const id = `opt-${key}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.choices) {
      input = el('select', { id, name: key });
      for (const c of spec.choices) input.append(el('option', { value: c, text: c }));
      input.value = spec.format(DEFAULTS[key]);
    } else if (typeof DEFAULTS[key] === 'boolean') {
      input = el('input', { id, name: key, type: 'checkbox' });
      input.checked = DEFAULTS[key] === true;
    } else {
      input = el('input', {
        id,
        name: key,
        type: 'text',
        inputmode: 'decimal',
        spellcheck: 'false',
        autocomplete: 'off',
      });
      input.value = spec.format(DEFAULTS[key]);
    }
    const why = el('div', { class: 'why' });
    const title = `${spec.help}${rangeText(spec as unknown as Range)}; default ${spec.format(DEFAULTS[key])}${otherDefaults(key)} (${spec.flag})`;
    const box = el(
      'div',
      { class: 'knob', title, 'data-option': key },
      el('label', { for: id }, spec.label, el('code', { text: spec.flag })),
      input,
      why,
    );
    (FIRST.includes(key) ? first : more).append(box);
    inputs.set(key, { input, box, why });
  }

  // A knob whose default follows another (the learning rate follows the solver) shows the default for
  // that knob's value until the user types into it: then the typed value stays, as on the command line.
  const typed = new Set<OptionKey>();
  const followers = OPTION_KEYS.filter((k) => specOf(k).defaultBy !== undefined);
  const follow = (): void => {
    for (const key of followers) {
      const on = specOf(key).defaultBy?.on as OptionKey;
      const entry = inputs.get(key);
      const leader = inputs.get(on);
      if (typed.has(key) || !entry || !leader) continue;
      entry.input.value = specOf(key).format(defaultFor(key, { [on]: leader.input.value }));
    }
  };
  for (const key of followers) inputs.get(key)?.input.addEventListener('input', () => typed.add(key));
  for (const on of new Set(followers.map((k) => specOf(k).defaultBy?.on as OptionKey)))
    inputs.get(on)?.input.addEventListener('change', follow);

  return {
    read() {
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const [key, { input, box, why }] of inputs) {
        const spec = specOf(key);
        let problem: string | null = null;
        let value: unknown;
        if (input instanceof HTMLInputElement && input.type === 'checkbox') value = input.checked;
        else {
          try {
            value = spec.parse(input.value.trim());
            problem = spec.check(value);
          } catch (err) {
            problem = err instanceof Error ? err.message : String(err);
          }
        }
        box.classList.toggle('bad', problem !== null);
        why.textContent = problem === null ? '' : `${spec.flag} ${problem}`;
        if (problem !== null) ok = false;
        else out[key] = value;
      }
      return ok ? (out as Partial<ClassifierOptions>) : null;
    },
    set(options) {
      for (const [key, value] of Object.entries(options) as [OptionKey, unknown][]) {
        const entry = inputs.get(key);
        if (!entry || value === undefined) continue;
        if (entry.input instanceof HTMLInputElement && entry.input.type === 'checkbox')
          entry.input.checked = value === true;
        else entry.input.value = specOf(key).format(value);
      }
      // A loaded value that is the default for its solver keeps following; any other counts as typed.
      for (const key of followers) {
        if (options[key] === undefined) continue;
        if (options[key] === defaultFor(key, options)) typed.delete(key);
        else typed.add(key);
      }
    },
  };
}

/** ", 0.01 with adam" for each value of another option that gives this one a different default. */
function otherDefaults(key: OptionKey): string {
  const spec = specOf(key);
  return Object.entries(spec.defaultBy?.values ?? {})
    .map(([choice, v]) => `, ${spec.format(v)} with ${choice}`)
    .join('');
}

function rangeText(r: Range): string {
  if (r.min === undefined && r.max === undefined && r.above === undefined && r.below === undefined) return '';
  const lo = r.above !== undefined ? `(${r.above}` : r.min !== undefined ? `[${r.min}` : '(−∞';
  const hi = r.below !== undefined ? `${r.below})` : r.max !== undefined ? `${r.max}]` : '∞)';
  return `, in ${lo}, ${hi}`;
}
