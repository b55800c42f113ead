/** Labels for the model options a reader will look for; any other option is shown under its own key. */
export const OPTION_LABELS: Record<string, string> = {
  strategy: 'strategy',
  learningRate: 'learning rate',
  lr: 'learning rate',
  lrDecay: 'learning-rate decay per epoch',
  momentum: 'momentum',
  nesterov: 'Nesterov momentum',
  weightDecay: 'weight decay (λ)',
  epochs: 'epochs',
  batchSize: 'batch size',
  init: 'initial weights',
  preprocessing: 'preprocessing',
  seed: 'random seed',
  backend: 'backend requested',
  threads: 'threads (0 = one per core)',
  divergenceFactor: 'divergence factor',
};

/** Short forms for chart legends, where "lr 0.1, batch 64" must fit on one line. */
const SHORT: Record<string, string> = {
  learningRate: 'lr',
  batchSize: 'batch',
  weightDecay: 'λ',
  lrDecay: 'decay',
  momentum: 'μ',
};

export function optionLabel(key: string): string {
  return OPTION_LABELS[key] ?? key;
}

/** "lr 0.1, batch 64" for the given keys of a set of options. */
export function shortOptions(options: Record<string, unknown>, keys: readonly string[]): string {
  return keys
    .filter((k) => options[k] !== undefined)
    .map((k) => {
      const v = options[k];
      if (k === 'strategy') return v === 'ovr' ? 'one-vs-rest' : String(v);
      if (k === 'nesterov') return v ? 'Nesterov' : 'no Nesterov';
      if (k === 'preprocessing' || k === 'init') return String(v);
      return `${SHORT[k] ?? k} ${String(v)}`;
    })
    .join(', ');
}
