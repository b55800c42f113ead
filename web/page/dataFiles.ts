/**
 * Data the user gives: IDX files, CSV tables or image folders dropped on the page or picked with the file
 * inputs (ui/dropFiles.ts reads them into files and folders), the "use the bundled data" button, and a
 * new seed, which reads dropped data again.
 */
import { byId } from '../ui/dom.js';
import { pickedFromDrop, pickedFromInput, type Picked } from '../ui/dropFiles.js';
import { showError } from './errors.js';
import { bundled, lastLoadAsked, load } from './loadData.js';

function loadFiles(picked: Picked): void {
  if (picked.files.length === 0 && picked.folders.length === 0) return;
  load({ type: 'load-files', files: picked.files, names: picked.names, folders: picked.folders });
}

/** The drop zone, the two file inputs, the seed field and the bundled-data button. */
export function wireDataFiles(): void {
  const drop = byId('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer)
      void pickedFromDrop(e.dataTransfer).then(loadFiles, (err: unknown) => showError('load', String(err)));
  });
  for (const id of ['idx-files', 'folder-files']) {
    byId(id).addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      if (input.files) loadFiles(pickedFromInput(input.files));
      input.value = '';
    });
  }
  // The seed also draws the test rows of a CSV or a folder without its own split (as --seed does): a new
  // seed reads the dropped data again.
  byId('opt-seed').addEventListener('change', () => {
    const lastLoad = lastLoadAsked();
    if (lastLoad?.type === 'load-files') load(lastLoad);
  });
  byId('use-bundled').addEventListener('click', () => load(bundled()));
}
