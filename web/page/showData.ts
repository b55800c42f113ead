/**
 * What the page shows when new data arrive: the summary line and its notes, the words over the learned
 * weights, the gallery, and (for images) a pad of the data's size; on a table, the settings a table
 * trains with by default.
 */
import type * as P from '../../src/browser/protocol.js';
import { byId } from '../ui/dom.js';
import { markGallery, showGallery } from './gallery.js';
import { drawLearned } from './learned.js';
import { useDefaultsFor } from './settings.js';
import { setUpPad } from './tryIt.js';

export function showData(s: P.DataSummary): void {
  const counts = `${s.trainCount.toLocaleString('en')} training and ${s.testCount.toLocaleString('en')} test`;
  byId('data-summary').textContent =
    s.kind === 'table'
      ? `${s.source}: ${counts} rows of ${s.featureNames.length} columns, ${s.classNames.length} classes.`
      : `${s.source}: ${counts} ${s.channels === 3 ? 'colour ' : ''}images of ${s.height}×${s.width}, ${s.classNames.length} classes.`;
  document.body.dataset.kind = s.kind;
  byId('learned-lead').textContent =
    s.kind === 'table'
      ? "Each class's three largest weights by column (red raises the class's score, blue lowers it; with standardize, per standard deviation of the column), redrawn after every epoch; and the confusion matrix on the test rows (rows: true class)."
      : "Each class's weights as an image (red raises the class's score, blue lowers it), redrawn after every epoch; and the confusion matrix on the test images (rows: true class).";
  byId('data-notes').textContent = [...s.notes, ...useDefaultsFor(s)].join(' · ');
  showGallery(s);
  if (s.kind === 'table') {
    drawLearned();
    return;
  }
  setUpPad(s);
  drawLearned();
  markGallery();
}
