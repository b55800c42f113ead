import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRunFolder } from '../report/html/runFolder.js';
import { RUN_FILES } from './runFiles.js';

/** One run folder as `softmax serve --runs` lists it: its headline numbers and its curves. */
export interface RunSummary {
  /** The folder's name under the runs folder (a path segment of its URL). */
  name: string;
  modified: string;
  accuracy: number | null;
  epochs: number | null;
  trainSeconds: number | null;
  backend: string | null;
  solver: string | null;
  learningRate: number | null;
  trainCount: number | null;
  hasReport: boolean;
  history: { epoch: number; loss: number; trainAccuracy: number; testAccuracy: number | null }[];
  notes: string[];
}

/** Most run folders listed; the newest first. */
export const MAX_LISTED_RUNS = 200;

/**
 * The run folders directly under `dir` (a folder holding metrics.json or history.json), newest first,
 * read with the report's own bounded, lenient reader: a damaged folder is listed with its note, never
 * fatal. Hidden folders (a run being written, .NAME.staging-…) are skipped.
 */
export function listRuns(dir: string): RunSummary[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name);
  const runs: RunSummary[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const has = (f: string): boolean => {
      try {
        return statSync(join(path, f)).isFile();
      } catch {
        return false;
      }
    };
    if (!has(RUN_FILES.metrics) && !has(RUN_FILES.history)) continue;
    try {
      const run = readRunFolder(path);
      const m = run.metrics;
      const options = (m?.options ?? run.model?.options ?? {}) as Record<string, unknown>;
      runs.push({
        name,
        modified: run.modified.toISOString(),
        accuracy: m?.accuracy ?? null,
        epochs: m?.epochs ?? run.history?.length ?? null,
        trainSeconds: m?.trainSeconds ?? null,
        backend: m?.backend ?? null,
        solver: typeof options.solver === 'string' ? options.solver : null,
        learningRate: typeof options.learningRate === 'number' ? options.learningRate : null,
        trainCount: m?.data?.trainCount ?? null,
        hasReport: has(RUN_FILES.report),
        history: (run.history ?? []).map((h) => ({
          epoch: h.epoch,
          loss: h.loss,
          trainAccuracy: h.trainAccuracy,
          testAccuracy: h.testAccuracy ?? null,
        })),
        notes: run.notes,
      });
    } catch (err) {
      runs.push({
        name,
        modified: new Date(0).toISOString(),
        accuracy: null,
        epochs: null,
        trainSeconds: null,
        backend: null,
        solver: null,
        learningRate: null,
        trainCount: null,
        hasReport: has(RUN_FILES.report),
        history: [],
        notes: [err instanceof Error ? err.message : String(err)],
      });
    }
  }
  return runs.sort((a, b) => b.modified.localeCompare(a.modified)).slice(0, MAX_LISTED_RUNS);
}
