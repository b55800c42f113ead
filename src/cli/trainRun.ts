import { evaluate } from '../metrics/evaluate.js';
import { featureCount, isFloatMatrix, type Features } from '../data/features.js';
import { releaseLarge } from '../node/largeBuffer.js';
import { SoftmaxClassifier } from '../node/classifier.js';
import { resolveSolver } from '../model/solvers/createSolver.js';
import type { EpochRecord } from '../model/train.js';
import {
  applyTableDefaults,
  dataRecord,
  describeRows,
  galleryImages,
  loadTrainingData,
} from './dataSource.js';
import { finishRun, type FinishedRun } from './finishRun.js';
import { flagOf, trainingOptionsFrom } from './flags.js';
import { epochProgress } from './progress.js';
import { openRunDir } from './runDir.js';
import { planStream } from './streamFlags.js';
import type { TrainFlags } from './train.js';

/** Trains in memory (or hands over to the streamed path), then writes the run folder. */
export async function runTrain(flags: TrainFlags): Promise<void> {
  const plan = planStream(flags);
  if (plan !== null) {
    const { runStreamTrain } = await import('./streamTrain.js');
    await runStreamTrain(flags, plan);
    return;
  }
  const clf = new SoftmaxClassifier(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf);
  // Held here so that a failure anywhere after the folder was taken still lets it go.
  const taken: { run?: RunDir } = {};
  try {
    // The training rows live only inside trainAndEvaluate, which gives their memory back before it
    // returns (47 MB for Fashion-MNIST): the report then draws without them.
    const finished = await trainAndEvaluate(flags, clf, () => (taken.run = openRunDir(flags.out)));
    await finishRun(finished.run, flags, finished);
  } finally {
    taken.run?.close();
    clf.dispose();
  }
}

type RunDir = ReturnType<typeof openRunDir>;

/**
 * Loads the data, takes the run folder (`openRun`, after the data checked out and before training, so
 * a bad --out or a second run into the same folder fails at once), trains and scores the evaluation set.
 */
async function trainAndEvaluate(
  flags: TrainFlags,
  clf: SoftmaxClassifier,
  openRun: () => RunDir,
): Promise<FinishedRun & { run: RunDir }> {
  const loaded = await loadTrainingData(flags, clf.options.seed);
  const { train, evalSet, evaluatedOn: label, classNames } = loaded;
  for (const note of loaded.notes) process.stderr.write(`softmax: note: ${note}\n`);
  applyTableDefaults(clf.options, trainingOptionsFrom(flags as unknown as Record<string, unknown>), train);
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  const run = openRun();
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
  // The training rows are read for the last time above: the kernels (which read them in place) let go
  // of them, and their memory goes back before the report is drawn, unless the evaluation rows share it.
  clf.dispose();
  const rows = rowArray(train.X);
  if (rows.buffer !== rowArray(evalSet.X).buffer) releaseLarge(rows);
  return {
    run,
    clf,
    result,
    evaluation,
    gallery: galleryImages(evalSet),
    proba,
    classNames,
    evaluatedOn: label,
    data: dataRecord(loaded),
    backendName,
  };
}

/** The typed array holding a data set's rows: pixels for images, values for tables. */
function rowArray(X: Features): Uint8Array | Float32Array {
  return isFloatMatrix(X) ? X.values : X.pixels;
}
