import { openRunFolder, type RunFolderTransaction } from '../../node/runFolder.js';
import { RUN_FILES } from '../../node/runFiles.js';
import { writeFigures } from './figures.js';
import { renderPage } from './page.js';
import type { Evaluated, ReloadRows } from './predictions.js';
import { readRunFolder, type RunFolder } from './runFolder.js';
import { buildSections } from './sections.js';
import { readStudies } from './studySection.js';
import { reportTitle, summaryHeader } from './summarySection.js';

export { buildSections };

export interface ReportOptions {
  /** Also write every chart as NAME.svg and NAME.png beside the report, for slides. */
  figures?: boolean;
  /**
   * The evaluation images and the model's probabilities for them, when the caller has them in memory
   * (softmax train does): the galleries then need no second read of the data set.
   */
  evaluated?: Evaluated;
  /**
   * Reads a run's evaluation rows again from what its metrics.json records, for the galleries of runs
   * on CSV or image-folder data (IDX runs are read here directly). The command line passes its own
   * reader (cli/dataSource.ts's reloadEvaluationRows): the report does not import the command line.
   */
  reloadRows?: ReloadRows;
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
  const { sections, notes } = await buildSections(run, studies, opts.evaluated, opts.reloadRows);
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
