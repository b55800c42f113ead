import { el } from './dom.js';

/**
 * What each class looks for in a table: its largest weights, by column name (the report's bar chart, in
 * a few lines). With standardize, a weight is the change in the class's score per standard deviation
 * of the column, so columns compare. W is d × k, row-major.
 */
export function drawTableWeights(
  box: HTMLElement,
  W: ArrayLike<number>,
  featureNames: readonly string[],
  classNames: readonly string[],
  shown = 3,
): void {
  const k = classNames.length;
  box.replaceChildren(
    ...classNames.map((name, c) => {
      const top = featureNames
        .map((f, j) => ({ f, w: W[j * k + c] }))
        .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
        .slice(0, shown);
      return el(
        'figure',
        { class: 'template table-weights' },
        el('figcaption', { text: name }),
        ...top.map(({ f, w }) =>
          el('div', {
            class: w >= 0 ? 'up' : 'down',
            text: `${f} ${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`,
          }),
        ),
      );
    }),
  );
}
