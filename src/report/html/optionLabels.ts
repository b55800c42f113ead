import { OPTION_KEYS, OPTIONS, type OptionKey } from '../../model/options.js';

/** Labels for the model options, from the options schema; any other key is shown as itself. */
export const OPTION_LABELS: Record<string, string> = {
  ...Object.fromEntries(OPTION_KEYS.map((k) => [k, OPTIONS[k].label])),
  lr: OPTIONS.learningRate.label,
};

export function optionLabel(key: string): string {
  return OPTION_LABELS[key] ?? key;
}

function shortOf(key: string): string {
  return (OPTION_KEYS as string[]).includes(key) ? (OPTIONS[key as OptionKey].short ?? key) : key;
}

/** "lr 0.1, batch 64" for the given keys of a set of options, for chart legends. */
export function shortOptions(options: Record<string, unknown>, keys: readonly string[]): string {
  return keys
    .filter((k) => options[k] !== undefined)
    .map((k) => {
      const v = options[k];
      if (k === 'strategy') return v === 'ovr' ? 'one-vs-rest' : String(v);
      if (k === 'nesterov') return v ? 'Nesterov' : 'no Nesterov';
      if (k === 'preprocessing' || k === 'init' || k === 'solver') return String(v);
      return `${shortOf(k)} ${Array.isArray(v) ? v.join(',') : String(v)}`;
    })
    .join(', ');
}
