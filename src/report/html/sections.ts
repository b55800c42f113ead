import { InputError } from '../../util/errors.js';
import { oneLine } from '../text.js';
import { evaluationSection } from './evaluationSection.js';
import { gallerySection } from './gallerySection.js';
import { esc, note, type Section } from './markup.js';
import { predictEvaluationSet, type Evaluated, type ReloadRows } from './predictions.js';
import { classNamesOf, type RunFolder } from './runFolder.js';
import { settingsSection } from './settingsSection.js';
import { stepUnit, stopSentence } from './solverInfo.js';
import type { Study } from './studyCommon.js';
import { studySection } from './studySection.js';
import { trainingSection } from './trainingSection.js';
import { inputOf } from '../../model/modelFormat.js';
import { inputWeightsSection } from './inputWeightsSection.js';

/**
 * The sections in reading order: what was left out first (when anything was), results, then why, then
 * how the run was made. `notes` says, one printable line each, what was left out and why: the same lines
 * the page lists, for the terminal.
 *
 * A section whose builder fails is left out with a note rather than losing the whole report; a failure
 * that is not an InputError is a bug, and its note says so ("unexpected error"), which the tests look for.
 */
export async function buildSections(
  run: RunFolder,
  studies: Study[],
  evaluated?: Evaluated,
  reloadRows?: ReloadRows,
): Promise<{ sections: Section[]; notes: string[] }> {
  const notes: string[] = [...run.notes];
  const sections: Section[] = [];
  const add = async (what: string, build: () => Promise<Section | null> | Section | null): Promise<void> => {
    try {
      const section = await build();
      if (section) sections.push(section);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      notes.push(
        err instanceof InputError
          ? `${what} left out: ${message}`
          : `${what} left out after an unexpected error (${message}); please report it`,
      );
    }
  };
  const m = run.metrics;
  const evalLabel = m?.evaluatedOn ?? 'test';
  for (const study of studies) await add(`the ${study.kind} section`, () => studySection(study, notes));
  if ((run.reproduce !== null || run.sweep !== null) && studies.length === 0) {
    notes.push('reproduce.json / sweep.json found but not understood: their charts are left out');
  }
  const history = run.history;
  if (history && history.length > 0) {
    await add('the training curves', () =>
      trainingSection(history, evalLabel, m?.logLoss, stopSentence(m), stepUnit(m)),
    );
  }
  const names = classNamesOf(run);
  if (m && names) await add('the evaluation section', () => evaluationSection(m, names, notes));
  const model = run.model;
  if (model) await add('the weight templates', () => inputWeightsSection(model, notes));
  // Galleries only where there are images: a table has none to show.
  if (model && m && inputOf(model).kind === 'images') {
    await add('the image galleries', () => gallery(run, notes, evaluated, reloadRows));
  }
  await add('the settings', () => settingsSection(run));
  const lines = notes.map((n) => oneLine(n));
  if (lines.length > 0) sections.unshift(leftOutSection(lines));
  return { sections, notes: lines };
}

async function gallery(
  run: RunFolder,
  notes: string[],
  evaluated?: Evaluated,
  reloadRows?: ReloadRows,
): Promise<Section> {
  const predictions = await predictEvaluationSet(run, evaluated, reloadRows);
  if (predictions.ok) return gallerySection(predictions.value);
  notes.push(`image galleries left out: ${predictions.reason}`);
  return {
    id: 'gallery',
    nav: 'Examples',
    title: 'Where it goes wrong',
    body: note(`The image galleries could not be drawn: ${predictions.reason}.`),
    charts: [],
  };
}

/** What the report could not draw from this run folder, and why: the reader must not take a gap for "none". */
function leftOutSection(lines: string[]): Section {
  return {
    id: 'left-out',
    nav: 'Left out',
    title: 'Left out of this report',
    lead: 'Parts of the run folder this report does not draw, and why. The files themselves are unchanged.',
    body: `<ul class="left-out">${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    charts: [],
  };
}
