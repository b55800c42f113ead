import { openRunFolder, type RunFolderTransaction } from '../../node/runFolder.js';
import { RUN_FILES } from '../../node/runFiles.js';
import { evaluationSection } from './evaluationSection.js';
import { writeFigures } from './figures.js';
import { gallerySection } from './gallerySection.js';
import { note, type Section } from './markup.js';
import { renderPage } from './page.js';
import { predictEvaluationSet, type Evaluated } from './predictions.js';
import { classNamesOf, readRunFolder, type RunFolder } from './runFolder.js';
import { settingsSection } from './settingsSection.js';
import type { Study } from './studyCommon.js';
import { readStudies, studySection } from './studySection.js';
import { reportTitle, summaryHeader } from './summarySection.js';
import { trainingSection } from './trainingSection.js';
import { weightsSection } from './weightsSection.js';

export interface ReportOptions {
  /** Also write every chart as NAME.svg and NAME.png beside the report, for slides. */
  figures?: boolean;
  /**
   * The evaluation images and the model's probabilities for them, when the caller has them in memory
   * (softmax train does): the galleries then need no second read of the data set.
   */
  evaluated?: Evaluated;
}

export interface ReportFiles {
  report: string;
  /** The figure files written (empty without `figures`). */
  figures: string[];
  /** Things the reader of the terminal should know: sections left out and why, skipped PNGs. */
  notes: string[];
}

/**
 * Builds report.html from the files in a run folder and writes it; returns its path. The folder is
 * replaced as a whole (node/runFolder.ts): the report and figures are added to links to its files in a
 * staging folder, which is then swapped in, so a failure leaves the folder as it was.
 * Reads metrics.json, history.json, model.json and, when present, reproduce.json and sweep.json; the
 * galleries also re-read the data set named in metrics.json. Parts whose inputs are missing are left out
 * with a note, so any run folder gets the report it has data for.
 */
export async function writeReport(runDir: string, opts: ReportOptions = {}): Promise<string> {
  return (await writeReportFiles(runDir, opts)).report;
}

/** writeReport with the figure paths and notes, for the command line. */
export async function writeReportFiles(runDir: string, opts: ReportOptions = {}): Promise<ReportFiles> {
  const folder = openRunFolder(runDir, { keepExisting: true });
  try {
    const files = await writeReportInto(folder, opts);
    folder.commit();
    return files;
  } finally {
    folder.close();
  }
}

/** Where a report is written: an open run folder transaction (its files so far are the report's input). */
export type ReportOutput = Pick<RunFolderTransaction, 'dir' | 'stagingDir' | 'writeFile'>;

/**
 * Builds the report from the files written so far into `folder` (its staging folder) and writes
 * report.html and the figures there; the paths returned are those they will have once it is committed.
 */
export async function writeReportInto(folder: ReportOutput, opts: ReportOptions = {}): Promise<ReportFiles> {
  // The page names the folder the run will be in, not the staging folder it is read from.
  const run: RunFolder = { ...readRunFolder(folder.stagingDir), dir: folder.dir };
  const studies = readStudies(run.reproduce, run.sweep);
  const { sections, notes } = await buildSections(run, studies, opts.evaluated);
  const html = renderPage(
    reportTitle(run),
    summaryHeader(
      run,
      studies.flatMap((s) => s.cards),
    ),
    sections,
  );
  const report = folder.writeFile(RUN_FILES.report, html);
  let figures: string[] = [];
  if (opts.figures) {
    const result = await writeFigures(
      folder,
      sections.flatMap((s) => s.charts),
    );
    figures = result.files;
    if (result.pngSkipped) notes.push(result.pngSkipped);
  }
  return { report, figures, notes };
}

/** The sections in reading order: results first, then why, then how the run was made. */
export async function buildSections(
  run: RunFolder,
  studies: Study[],
  evaluated?: Evaluated,
): Promise<{ sections: Section[]; notes: string[] }> {
  const notes: string[] = [];
  const sections: Section[] = [];
  const m = run.metrics;
  const evalLabel = m?.evaluatedOn ?? 'test';
  for (const study of studies) sections.push(await studySection(study));
  if ((run.reproduce !== null || run.sweep !== null) && studies.length === 0) {
    notes.push('reproduce.json / sweep.json found but not understood: their charts are left out');
  }
  if (run.history && run.history.length > 0) {
    sections.push(await trainingSection(run.history, evalLabel, m?.logLoss));
  }
  const names = classNamesOf(run);
  if (m && names) {
    const evaluation = await evaluationSection(m, names);
    if (evaluation) sections.push(evaluation);
  }
  if (run.model) sections.push(weightsSection(run.model));
  if (run.model && m) {
    const predictions = predictEvaluationSet(run, evaluated);
    if (predictions.ok) {
      sections.push(gallerySection(predictions.value));
    } else {
      notes.push(`image galleries left out: ${predictions.reason}`);
      sections.push({
        id: 'gallery',
        nav: 'Examples',
        title: 'Where it goes wrong',
        body: note(`The image galleries could not be drawn: ${predictions.reason}.`),
        charts: [],
      });
    }
  }
  const settings = settingsSection(run);
  if (settings) sections.push(settings);
  return { sections, notes };
}
