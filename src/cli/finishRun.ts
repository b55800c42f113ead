import type { Evaluation } from '../metrics/evaluate.js';
import type { SoftmaxClassifier } from '../node/classifier.js';
import type { ClassifierOptions } from '../model/options.js';
import type { TrainResult } from '../model/train.js';
import { formatEvaluation } from '../report/terminal.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { RUN_FILES } from '../node/runFiles.js';
import { commandLine } from './commandLine.js';
import type { galleryImages } from './dataSource.js';
import type { openRunDir } from './runDir.js';

/** What `softmax train --json` prints: one object, nothing else on stdout. */
export interface TrainSummary {
  accuracy: number;
  accuracyFirst2000: number;
  meanPerClassAccuracy: number;
  logLoss: number;
  confusionMatrix: number[][];
  perClass: { name: string; accuracy: number; precision: number; recall: number }[];
  mostConfused: Evaluation['mostConfused'];
  classNames: string[];
  evaluatedOn: 'test' | 'validation';
  epochs: number;
  trainSeconds: number;
  msPerEpoch: number;
  /** The solver that ran ('auto' resolved), why it stopped, and where: see TrainResult. */
  solver: TrainResult['solver'];
  stopReason: TrainResult['stopReason'];
  iterations: number;
  finalObjective: number;
  gradNorm: number;
  bestEpoch: number | null;
  backend: string;
  options: ClassifierOptions;
  history: {
    epoch: number;
    loss: number;
    trainAccuracy: number;
    testAccuracy: number | null;
    testLoss: number | null;
  }[];
  /** Where the data came from (format, path, how the test rows were chosen), its shape and counts: see dataRecord. */
  data: Record<string, unknown>;
  outDir: string;
}

type RunDir = ReturnType<typeof openRunDir>;

/** What a finished training run hands to finishRun, in memory or streamed. */
export interface FinishedRun {
  clf: SoftmaxClassifier;
  result: TrainResult;
  evaluation: Evaluation;
  /** The evaluation rows and their probabilities, for the report's galleries (none when streamed). */
  gallery: ReturnType<typeof galleryImages>;
  proba: Float32Array | null;
  classNames: string[];
  evaluatedOn: 'test' | 'validation';
  /** metrics.json's `data`: see dataRecord. */
  data: Record<string, unknown>;
  backendName: string;
}

/** Writes the run folder (history, metrics, model, report) and prints the summary. */
export async function finishRun(
  run: RunDir,
  flags: { json?: boolean; figures?: boolean },
  f: FinishedRun,
): Promise<void> {
  const { clf, result, evaluation, classNames, backendName } = f;
  const label = f.evaluatedOn;
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  // The backend's copy of the data (and its threads) are not needed from here on: release them before
  // the report loads its charting library, so the two do not add up in peak memory.
  clf.dispose();
  const outDir = run.dir;
  const summary: TrainSummary = {
    accuracy: evaluation.accuracy,
    accuracyFirst2000: evaluation.accuracyFirst2000,
    meanPerClassAccuracy: evaluation.meanPerClassAccuracy,
    logLoss: evaluation.logLoss,
    confusionMatrix: evaluation.confusionMatrix,
    perClass: evaluation.perClass.map(({ name, accuracy, precision, recall }) => ({
      name,
      accuracy,
      precision,
      recall,
    })),
    mostConfused: evaluation.mostConfused,
    classNames,
    evaluatedOn: label,
    epochs: result.history.length,
    trainSeconds: result.trainSeconds,
    msPerEpoch: (1000 * result.trainSeconds) / Math.max(result.history.length, 1),
    solver: result.solver,
    stopReason: result.stopReason,
    iterations: result.iterations,
    finalObjective: result.finalObjective,
    gradNorm: result.gradNorm,
    bestEpoch: result.bestEpoch,
    backend: backendName,
    options: clf.options,
    history: result.history.map((h) => ({
      epoch: h.epoch,
      loss: h.loss,
      trainAccuracy: h.trainAccuracy,
      testAccuracy: h.testAccuracy ?? null,
      testLoss: h.testLoss ?? null,
    })),
    data: f.data,
    outDir,
  };
  clf.metrics = {
    accuracy: evaluation.accuracy,
    accuracyFirst2000: evaluation.accuracyFirst2000,
    meanPerClassAccuracy: evaluation.meanPerClassAccuracy,
    logLoss: evaluation.logLoss,
    evaluatedOn: label,
  };
  run.writeJson(RUN_FILES.history, result.history);
  run.writeJson(RUN_FILES.metrics, { ...summary, command: commandLine() });
  run.writeJson(RUN_FILES.model, clf.toJSON());
  const report = await writeReportInto(run, {
    figures: flags.figures,
    evaluated: f.gallery === undefined || f.proba === null ? undefined : { set: f.gallery, proba: f.proba },
  });
  run.commit();
  for (const note of report.notes) process.stderr.write(`softmax: note: ${note}\n`);

  if (flags.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const unit = result.solver === 'lbfgs' ? 'iteration' : 'epoch';
  log(
    `Stopped (${result.stopReason}) after ${result.iterations} ${unit}s of ${result.solver}` +
      `${result.bestEpoch !== null ? `, keeping ${unit} ${result.bestEpoch}` : ''}; ` +
      `objective ${result.finalObjective.toFixed(6)}, gradient ∞-norm ${result.gradNorm.toExponential(2)}`,
  );
  log(
    `Trained in ${result.trainSeconds.toFixed(2)} s (${summary.msPerEpoch.toFixed(1)} ms per ${unit}); ` +
      `final loss ${result.history.at(-1)?.loss.toFixed(4)}, training accuracy ${(100 * (result.history.at(-1)?.trainAccuracy ?? 0)).toFixed(2)}%`,
  );
  log('');
  log(formatEvaluation(evaluation, classNames, label, clf.inputShape.kind === 'table' ? 'rows' : 'images'));
  log('');
  log(`Run folder: ${outDir} (model.json, metrics.json, history.json)`);
  log(`Report: ${report.report}`);
}
