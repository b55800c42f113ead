/**
 * The gallery: thumbnails of the first test images, each marked right or wrong by the latest model
 * (latest.galleryPredictions) and put on show in "Try it" when clicked.
 */
import type * as P from '../../src/browser/protocol.js';
import { byId, el, putPixels } from '../ui/dom.js';
import { latest, state } from './state.js';
import { show } from './tryIt.js';

/** The new data's thumbnails, unmarked. */
export function showGallery(s: P.DataSummary): void {
  const d = s.height * s.width * s.channels;
  const box = byId('gallery');
  box.replaceChildren(
    ...Array.from({ length: s.gallery.count }, (_, i) => {
      const canvas = el('canvas');
      putPixels(
        canvas,
        s.width,
        s.height,
        s.gallery.pixels.subarray(i * d, (i + 1) * d),
        s.channels === 3 ? 3 : 1,
      );
      const fig = el(
        'figure',
        {
          class: 'thumb',
          'data-index': String(i),
          title: `test image ${i}: ${s.classNames[s.gallery.labels[i]]}`,
        },
        canvas,
      );
      fig.addEventListener('click', () => {
        for (const f of box.querySelectorAll('.chosen')) f.classList.remove('chosen');
        fig.classList.add('chosen');
        show({
          source: `test image ${i} (${s.classNames[s.gallery.labels[i]]})`,
          pixels: s.gallery.pixels.slice(i * d, (i + 1) * d),
          channels: s.channels,
        });
      });
      return fig;
    }),
  );
}

/** Marks each thumbnail right or wrong by the latest predictions (none: unmarked). */
export function markGallery(): void {
  const s = state.summary;
  if (!s) return;
  byId('gallery')
    .querySelectorAll<HTMLElement>('.thumb')
    .forEach((f, i) => {
      const p = latest.galleryPredictions?.[i];
      f.classList.toggle('ok', p !== undefined && p === s.gallery.labels[i]);
      f.classList.toggle('bad', p !== undefined && p !== s.gallery.labels[i]);
      const caption = p === undefined ? '' : ` → ${(state.model?.classNames ?? s.classNames)[p]}`;
      f.title = `test image ${i}: ${s.classNames[s.gallery.labels[i]]}${caption}`;
    });
}
