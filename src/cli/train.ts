import { Command, Option } from 'commander';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import { featureCount } from '../data/features.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import type { ClassifierOptions } from '../model/options.js';
import { resolveSolver } from '../model/solvers/createSolver.js';
import type { EpochRecord, TrainResult } from '../model/train.js';
import { formatEvaluation } from '../report/terminal.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { RUN_FILES } from '../node/runFiles.js';
import { addDataFlags } from './dataFlags.js';
import {
  addSourceFlags,
  applyTableDefaults,
  dataRecord,
  describeRows,
  galleryImages,
  loadTrainingData,
  type SourceFlagValues,
} from './dataSource.js';
import { addTrainingFlags, flagOf, parseInteger, trainingOptionsFrom } from './flags.js';
import { epochProgress } from './progress.js';
import { openRunDir } from './runDir.js';
import { addStreamFlags, planStream, type StreamFlagValues } from './streamFlags.js';

interface TrainFlags extends SourceFlagValues, StreamFlagValues {
  out?: string;
  json?: boolean;
  progress: boolean;
  validation?: number;
  figures?: boolean;
}

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

export function trainCommand(): Command {
  const cmd = new Command('train').description(
    'train a classifier, evaluate it on the test set and save a run folder',
  );
  addDataFlags(cmd, { anyFormat: true });
  addSourceFlags(cmd, { test: true });
  addTrainingFlags(cmd);
  addStreamFlags(cmd);
  cmd
    .addOption(
      new Option(
        '--validation <n>',
        'hold out the last N training images and evaluate on them instead of the test set (for choosing settings)',
      ).argParser(parseInteger('--validation')),
    )
    .option('--out <dir>', 'run folder (default: runs/<timestamp>/)')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--no-progress', 'no progress bar')
    .option('--figures', 'also write each chart of the report as SVG and PNG files, for slides')
    .action(async (flags: TrainFlags) => {
      await runTrain(flags, cmd.parent?.args ?? []);
    });
  return cmd;
}

async function runTrain(flags: TrainFlags, _argv: string[]): Promise<void> {
  const plan = planStream(flags);
  if (plan !== null) {
    const { runStreamTrain } = await import('./streamTrain.js');
    await runStreamTrain(flags, plan);
    return;
  }
  const clf = new SoftmaxClassifier(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf);
  const loaded = await loadTrainingData(flags, clf.options.seed);
  const { train, evalSet, evaluatedOn: label, classNames } = loaded;
  for (const note of loaded.notes) process.stderr.write(`softmax: note: ${note}\n`);
  applyTableDefaults(clf.options, trainingOptionsFrom(flags as unknown as Record<string, unknown>), train);
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };

  // Taken before training, so that a bad --out or a second run into the same folder fails at once.
  const run = openRunDir(flags.out);
  try {
    const backendName = (await clf.ensureBackend()).name;
    const o = clf.options;
    const solver = resolveSolver(o.solver, train.X.n, featureCount(train.X));
    const how =
      solver === 'lbfgs'
        ? `at most ${o.maxIter} iterations, history ${o.historySize}`
        : `${o.epochs} epochs, batch ${o.batchSize}, lr ${o.learningRate}` +
          (solver === 'sgd' ? `, momentum ${o.momentum}${o.nesterov ? ' (Nesterov)' : ''}` : '');
    log(
      `Training ${o.strategy} on ${describeRows(train)} (${classNames.length} classes) with ${solver}` +
        `${o.solver === 'auto' ? ' (auto)' : ''}: ${how}, tol ${o.tol}, λ ${o.weightDecay}, ${o.preprocessing}; backend ${backendName}`,
    );
    const progress = epochProgress(solver === 'lbfgs' ? o.maxIter : o.epochs, flags.progress && !flags.json);
    let result;
    try {
      result = await clf.fit(train.X, train.y, {
        classNames,
        evalSet: { X: evalSet.X, y: evalSet.y },
        shuffle: flags.shuffle,
        onEpoch: (r: EpochRecord) => progress.update(r.epoch, r.loss, r.trainAccuracy),
      });
    } finally {
      progress.stop();
    }

    const proba = clf.predictProba(evalSet.X);
    const evaluation = evaluate(proba, evalSet.y, classNames);
    await finishRun(run, flags, {
      clf,
      result,
      evaluation,
      gallery: galleryImages(evalSet),
      proba,
      classNames,
      evaluatedOn: label,
      data: dataRecord(loaded),
      backendName,
    });
  } finally {
    run.close();
    clf.dispose();
  }
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

export function commandLine(): string {
  return ['softmax', ...process.argv.slice(2)]
    .map((a) => (/^[\w./=,:-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}
