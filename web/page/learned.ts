/**
 * What the model has learned, redrawn after every epoch: each class's weights (as an image per class, or
 * a table's largest weights by column) and the confusion matrix on the test set (latest.confusion).
 */
import { inputOf } from '../../src/model/modelFormat.js';
import { weightTemplates } from '../../src/report/images/weightTemplates.js';
import { drawConfusion } from '../ui/confusion.js';
import { byId, el, putPixels } from '../ui/dom.js';
import { drawTableWeights } from '../ui/tableWeights.js';
import { latest, state } from './state.js';

/** The weights and the confusion matrix. */
export function drawLearned(): void {
  drawTemplates();
  drawConfusionMatrix();
}

export function drawTemplates(): void {
  const box = byId('templates');
  const m = state.model;
  const names = m?.classNames ?? state.summary?.classNames ?? [];
  if (state.summary?.kind === 'table') {
    const input = m === null ? null : inputOf(m);
    if (m !== null && input?.kind === 'table') drawTableWeights(box, m.W, input.featureNames, names);
    else box.replaceChildren();
    return;
  }
  if (box.children.length !== names.length || box.querySelector('canvas') === null) {
    box.replaceChildren(
      ...names.map((n) =>
        el(
          'figure',
          { class: 'template' },
          el('canvas', { width: '28', height: '28' }),
          el('figcaption', { text: n }),
        ),
      ),
    );
  }
  const grey =
    m !== null &&
    (m.input?.kind ?? 'images') === 'images' &&
    (m.input?.kind !== 'images' || m.input.channels === 1);
  if (m !== null && grey) {
    weightTemplates(m.W, m.height, m.width, m.numClasses).forEach((t, c) => {
      putPixels(
        box.children[c].querySelector('canvas') as HTMLCanvasElement,
        m.width,
        m.height,
        t.image.data,
        4,
      );
    });
  } else {
    for (const c of box.querySelectorAll('canvas')) c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }
}

export function drawConfusionMatrix(): void {
  const names = state.model?.classNames ?? state.summary?.classNames ?? [];
  const cv = byId<HTMLCanvasElement>('confusion');
  if (latest.confusion && names.length > 0) drawConfusion(cv, latest.confusion, names);
  else cv.getContext('2d')?.clearRect(0, 0, cv.width, cv.height);
  cv.dataset.filled = latest.confusion ? String(latest.confusion.reduce((a, b) => a + b, 0)) : '0';
}
