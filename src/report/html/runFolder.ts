import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { RUN_FILES } from '../../node/runFiles.js';
import { parseModelJSON, type ModelJSON } from '../../model/modelFormat.js';
import { InputError } from '../../util/errors.js';

/** Files that `softmax sweep` and `softmax reproduce` add to their run folders. */
export const STUDY_FILES = { sweep: 'sweep.json', reproduce: 'reproduce.json' } as const;

const historyRowSchema = z.looseObject({
  epoch: z.number(),
  loss: z.number(),
  trainAccuracy: z.number(),
  testAccuracy: z.number().nullable().optional(),
  /** Not written by `softmax train` today; drawn when present. */
  testLoss: z.number().nullable().optional(),
  learningRate: z.number().optional(),
  seconds: z.number().optional(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

const confusedPairSchema = z.object({
  trueClass: z.string(),
  predictedClass: z.string(),
  trueIndex: z.number().int(),
  predictedIndex: z.number().int(),
  count: z.number(),
  rate: z.number(),
});

/**
 * metrics.json as `softmax train` writes it (TrainSummary + command). Every field is optional so that a
 * folder written by another command, or an older version, still gets the sections it has data for.
 */
const metricsSchema = z.looseObject({
  accuracy: z.number().optional(),
  accuracyFirst2000: z.number().optional(),
  meanPerClassAccuracy: z.number().optional(),
  logLoss: z.number().optional(),
  confusionMatrix: z.array(z.array(z.number())).optional(),
  perClass: z
    .array(z.object({ name: z.string(), accuracy: z.number(), precision: z.number(), recall: z.number() }))
    .optional(),
  mostConfused: z.array(confusedPairSchema).optional(),
  classNames: z.array(z.string()).optional(),
  evaluatedOn: z.enum(['test', 'validation']).optional(),
  epochs: z.number().optional(),
  trainSeconds: z.number().optional(),
  msPerEpoch: z.number().optional(),
  backend: z.string().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  history: z.array(historyRowSchema).optional(),
  data: z
    .looseObject({
      dir: z.string(),
      trainCount: z.number().int(),
      testCount: z.number().int(),
      height: z.number().int(),
      width: z.number().int(),
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
}

/** Reads a run folder; a file that exists but is unreadable or malformed is an InputError naming it. */
export function readRunFolder(runDir: string): RunFolder {
  const dir = resolve(runDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`run folder not found: ${dir}`);
  let modified = new Date(0);
  const read = (name: string): unknown => {
    const path = join(dir, name);
    if (!existsSync(path)) return undefined;
    const mtime = statSync(path).mtime;
    if (mtime > modified) modified = mtime;
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new InputError(`${path}: not valid JSON (${(err as Error).message})`);
    }
  };
  const metricsRaw = read(RUN_FILES.metrics);
  const historyRaw = read(RUN_FILES.history);
  const modelRaw = read(RUN_FILES.model);
  const run: RunFolder = {
    dir,
    metrics: metricsRaw === undefined ? null : check(metricsSchema, metricsRaw, join(dir, RUN_FILES.metrics)),
    history: null,
    model: modelRaw === undefined ? null : parseModelJSON(modelRaw, join(dir, RUN_FILES.model)),
    sweep: read(STUDY_FILES.sweep) ?? null,
    reproduce: read(STUDY_FILES.reproduce) ?? null,
    modified,
  };
  run.history =
    historyRaw === undefined
      ? (run.metrics?.history ?? null)
      : check(z.array(historyRowSchema), historyRaw, join(dir, RUN_FILES.history));
  if (run.metrics === null && run.model === null && run.sweep === null && run.reproduce === null) {
    throw new InputError(
      `${dir}: not a run folder (none of ${RUN_FILES.metrics}, ${RUN_FILES.model}, ${STUDY_FILES.sweep}, ${STUDY_FILES.reproduce})`,
    );
  }
  return run;
}

function check<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
  throw new InputError(`${path}: unexpected content (${where}: ${issue.message})`);
}

/** The class names: from metrics.json, else from the model, else none. */
export function classNamesOf(run: RunFolder): string[] | null {
  return run.metrics?.classNames ?? run.model?.classNames ?? null;
}
