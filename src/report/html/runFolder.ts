import { statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { RUN_FILES, STUDY_RUN_FILES } from '../../node/runFiles.js';
import { parseModelJSON, type ModelJSON } from '../../model/modelFormat.js';
import { rethrowFsError } from '../../node/fsErrors.js';
import { readJsonFile } from '../../node/jsonFile.js';
import { formatMB } from '../../data/fileLimits.js';
import { InputError } from '../../util/errors.js';
import { REPORT_LIMITS } from '../limits.js';
import { displayNames, oneLine } from '../text.js';
import { parseFields, parseRows } from './lenientParse.js';

/** A share in 0..1 (accuracies, precision, recall, rates). */
const share = z.number().min(0).max(1);
/** A count of images or epochs. */
const count = z.number().int().min(0);

const historyRowSchema = z.looseObject({
  epoch: z.number(),
  loss: z.number(),
  trainAccuracy: share,
  testAccuracy: share.nullable().optional(),
  /** Not written by `softmax train` today; drawn when present. */
  testLoss: z.number().min(0).nullable().optional(),
  learningRate: z.number().optional(),
  seconds: z.number().min(0).optional(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

const confusedPairSchema = z.object({
  trueClass: z.string(),
  predictedClass: z.string(),
  trueIndex: count,
  predictedIndex: count,
  count,
  rate: share,
});

/**
 * metrics.json as `softmax train` writes it (TrainSummary + command). Every field is optional so that a
 * folder written by another command, or an older version, still gets the sections it has data for; a
 * field that does not fit is left out with a note (lenientParse.ts). Whether the confusion matrix is
 * square and matches the class names is the evaluation section's to check: it can still draw the rest.
 */
const metricsSchema = z.looseObject({
  accuracy: share.optional(),
  accuracyFirst2000: share.optional(),
  meanPerClassAccuracy: share.optional(),
  logLoss: z.number().min(0).optional(),
  confusionMatrix: z.array(z.array(count)).optional(),
  perClass: z
    .array(z.object({ name: z.string(), accuracy: share, precision: share, recall: share }))
    .optional(),
  mostConfused: z.array(confusedPairSchema).optional(),
  classNames: z.array(z.string()).optional(),
  evaluatedOn: z.enum(['test', 'validation']).optional(),
  epochs: count.optional(),
  trainSeconds: z.number().min(0).optional(),
  msPerEpoch: z.number().min(0).optional(),
  backend: z.string().optional(),
  /** Which solver ran and why it stopped (TrainResult); absent in run folders from before issue 9. A
   *  diverged run's objective and gradient norm are NaN, which JSON writes as null. */
  solver: z.enum(['sgd', 'adam', 'lbfgs']).optional(),
  stopReason: z.enum(['converged', 'tolerance', 'patience', 'limit', 'diverged']).optional(),
  iterations: count.optional(),
  finalObjective: z.number().nullable().optional(),
  gradNorm: z.number().min(0).nullable().optional(),
  bestEpoch: count.nullable().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  /** Read row by row, like history.json (readRunFolder). */
  history: z.unknown().optional(),
  data: z
    .looseObject({
      dir: z.string(),
      trainCount: count,
      testCount: count,
      height: z.number().int().positive(),
      width: z.number().int().positive(),
      isFashionMnist: z.boolean(),
    })
    .partial()
    .optional(),
  command: z.string().optional(),
});
export type RunMetrics = z.infer<typeof metricsSchema>;

/** Everything the report is built from; any part may be missing. */
export interface RunFolder {
  dir: string;
  metrics: RunMetrics | null;
  history: HistoryRow[] | null;
  model: ModelJSON | null;
  /** Raw content of sweep.json / reproduce.json: their shape is interpreted leniently by the study section. */
  sweep: unknown;
  reproduce: unknown;
  /** When the newest input file was written, shown as the run's date. */
  modified: Date;
  /** Parts of the files left out because they did not fit their schema, one line each, saying why. */
  notes: string[];
}

/**
 * Reads a run folder. A file that is not valid JSON, not a regular file or larger than
 * REPORT_LIMITS.fileBytes is refused with an InputError naming it (one line); a field that does not fit is left out
 * with a note (so a report is still written); a folder with nothing usable is refused.
 */
export function readRunFolder(runDir: string): RunFolder {
  const dir = resolve(runDir);
  const stat = statOrNull(dir);
  if (!stat?.isDirectory()) throw new InputError(`run folder not found: ${oneLine(dir)}`);
  let modified = new Date(0);
  const read = (name: string): unknown => {
    const path = join(dir, name);
    const s = statOrNull(path);
    if (s === null) return undefined;
    if (s.isFile() && s.size > REPORT_LIMITS.fileBytes) {
      throw new InputError(
        `${oneLine(path)}: ${formatMB(s.size)} MB, larger than the ${formatMB(REPORT_LIMITS.fileBytes)} MB the report reads`,
      );
    }
    if (s.mtime > modified) modified = s.mtime;
    return readJsonFile(path, REPORT_LIMITS.fileBytes);
  };
  const notes: string[] = [];
  const metricsRaw = read(RUN_FILES.metrics);
  const historyRaw = read(RUN_FILES.history);
  const modelRaw = read(RUN_FILES.model);
  const metrics =
    metricsRaw === undefined ? null : parseFields(metricsSchema, metricsRaw, RUN_FILES.metrics, notes);
  const history =
    historyRaw !== undefined
      ? parseRows(historyRowSchema, historyRaw, RUN_FILES.history, notes)
      : metrics?.history !== undefined
        ? parseRows(historyRowSchema, metrics.history, `${RUN_FILES.metrics}: history`, notes)
        : null;
  const run: RunFolder = {
    dir,
    metrics,
    history,
    model: modelRaw === undefined ? null : readModel(modelRaw, notes),
    sweep: read(STUDY_RUN_FILES.sweep) ?? null,
    reproduce: read(STUDY_RUN_FILES.reproduce) ?? null,
    modified,
    notes,
  };
  if (run.metrics === null && run.model === null && run.sweep === null && run.reproduce === null) {
    throw new InputError(
      notes.length > 0
        ? `${oneLine(dir)}: nothing to report: ${oneLine(notes[0])}`
        : `${oneLine(dir)}: not a run folder (none of ${RUN_FILES.metrics}, ${RUN_FILES.model}, ${STUDY_RUN_FILES.sweep}, ${STUDY_RUN_FILES.reproduce})`,
    );
  }
  return run;
}

function readModel(raw: unknown, notes: string[]): ModelJSON | null {
  try {
    return parseModelJSON(raw, RUN_FILES.model);
  } catch (err) {
    // Any failure to read the model costs the parts drawn from it, not the report; one that is not an
    // InputError is a bug of the reader, and the note says so (the tests look for it).
    const why =
      err instanceof InputError ? err.message : `${RUN_FILES.model}: unexpected error (${String(err)})`;
    notes.push(`${why}: the weight templates and image galleries are left out`);
    return null;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    rethrowFsError(err, path);
  }
}

/**
 * The class names as the report shows them (printable, short, distinct): from metrics.json, else from
 * the model, else none.
 */
export function classNamesOf(run: RunFolder): string[] | null {
  const names = run.metrics?.classNames ?? run.model?.classNames ?? null;
  return names === null ? null : displayNames(names);
}
