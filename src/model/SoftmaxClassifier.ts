import { columnMap, type PreprocessState } from '../data/preprocess.js';
import { checkSameShape, featureCount, shapeOf, type Features, type InputShape } from '../data/features.js';
import { checkFeatures, fitPreprocessingOf, preprocessingFor, toRows } from './features.js';
import type { Backend } from '../kernels/backend.js';
import { createJsBackend } from '../kernels/js/jsBackend.js';
import { jsBackendFactory, type BackendFactory } from '../kernels/select.js';
import type { Params } from '../kernels/types.js';
import { accuracy } from '../metrics/accuracy.js';
import { argmaxRows } from '../metrics/argmax.js';
import { logLoss } from '../metrics/logLoss.js';
import { DivergenceError, InputError } from '../util/errors.js';
import { initWeights } from './init.js';
import {
  inputOf,
  MODEL_FORMAT_VERSION,
  modelOptionsOf,
  parseModelJSON,
  type ModelJSON,
} from './modelFormat.js';
import {
  checkClassNames,
  checkFunction,
  checkLabelRange,
  checkLabels,
  checkObject,
  resolveNumClasses,
} from './args.js';
import { featureMeans } from './featureMeans.js';
import { createObjective } from './objective.js';
import { checkSampleWeight, classWeights, rowWeights } from './rowWeights.js';
import { createSolver, resolveSolver } from './solvers/createSolver.js';
import { stratifiedSplit, validationScorer } from './validationSplit.js';
import { predictInto } from './images.js';
import { maxLabel } from '../kernels/stats.js';
import type { ClassifierOptions } from './options.js';

/** How to run a model on this machine; not saved with it. */
export type RunOptions = Partial<Pick<ClassifierOptions, 'backend' | 'threads'>>;

/**
 * Where a classifier runs, injected by the caller rather than registered globally: `backendFactory`
 * makes the backend the options ask for. The core's default is the js reference; softmax-classifier/node
 * supplies WebAssembly on worker threads, softmax-classifier/browser WebAssembly in Web Workers.
 */
export interface ClassifierContext {
  backendFactory?: BackendFactory;
}
import { Rng } from './rng.js';
import { runTraining, type EpochRecord, type StepProgress, type TrainResult } from './train.js';
import { memoryBatches, type BatchSource } from '../data/batchSource.js';
import { fitFromSource, type SourceFitOptions } from './fitSource.js';
import { resolveOptions, type OptionLabel } from './validate.js';

/** The model during training, for callbacks: probabilities of any images under the current weights. */
export interface ModelView {
  predictProba(X: Features): Float32Array;
  /** The weights as they stand (live: changed by the next step; copy to keep), e.g. to draw templates. */
  readonly params: Params;
  /** The fitted preprocessing, e.g. to predict elsewhere with a snapshot of the weights. */
  readonly preprocess: PreprocessState;
}

export interface FitOptions {
  /**
   * Called after every epoch with its record (training loss and accuracy, and test accuracy if `evalSet`)
   * and a view of the model as it stands, e.g. to score checkpoints of one run at several epoch counts.
   */
  onEpoch?: (record: EpochRecord, model: ModelView) => void;
  /**
   * Called after every step of a mini-batch epoch with the epoch's progress so far (rows stepped over,
   * their mean loss and accuracy), e.g. to show progress within long epochs; not for full batches.
   */
  onStep?: (progress: StepProgress) => void;
  /** Scored after every epoch into the history's testAccuracy. Never used to choose anything. */
  evalSet?: { X: Features; y: Uint8Array };
  /** Names for the classes 0..k-1; defaults to the label numbers. */
  classNames?: string[];
  /** Number of classes; defaults to the largest label + 1 (or classNames.length). */
  numClasses?: number;
  /** A backend to use instead of creating one from the options (for sharing one between runs). */
  backend?: Backend;
  /**
   * One weight ≥ 0 per image (finite, not all 0): image i counts w_i times in the objective's weighted
   * mean (objective.ts), multiplied by its class's weight when options.classWeight is set.
   */
  sampleWeight?: Float32Array | Float64Array | readonly number[];
  /** Shuffle the rows before every epoch (mini-batch solvers); default true. False: the data's order. */
  shuffle?: boolean;
}

/**
 * Multinomial logistic regression (or one-vs-rest logistic regression) on byte images.
 *
 *   const clf = new SoftmaxClassifier({ epochs: 10 });
 *   await clf.fit(train, train.labels);
 *   clf.score(test, test.labels);
 */
export class SoftmaxClassifier {
  readonly options: ClassifierOptions;
  private state: {
    params: Params;
    preprocess: PreprocessState;
    classNames: string[];
    height: number;
    width: number;
    input: InputShape;
  } | null = null;
  private backend: Backend | null = null;
  private ownsBackend = false;
  /** Final metrics attached by whoever evaluated the model; saved with it. */
  metrics: Record<string, unknown> | undefined;

  private readonly label: OptionLabel;
  /** Whether the caller chose the preprocessing: if not, float features get standardize. */
  private readonly preprocessingGiven: boolean;
  private readonly basePreprocessing: ClassifierOptions['preprocessing'];
  private readonly backendFactory: BackendFactory;

  constructor(
    options: Partial<ClassifierOptions> = {},
    label?: OptionLabel,
    context: ClassifierContext = {},
  ) {
    this.options = resolveOptions(options, label);
    this.backendFactory = context?.backendFactory ?? jsBackendFactory;
    this.preprocessingGiven = options?.preprocessing !== undefined;
    this.basePreprocessing = this.options.preprocessing;
    this.label = label ?? ((k) => `options.${k}`);
  }

  /** The backend prediction runs on: the training one, or the js reference for a loaded model. */
  get backendName(): string {
    return this.getBackend().name;
  }

  get classNames(): string[] {
    return this.fitted().classNames;
  }

  get numClasses(): number {
    return this.fitted().params.k;
  }

  get imageShape(): { height: number; width: number } {
    const s = this.fitted();
    return { height: s.height, width: s.width };
  }

  /** What the model reads: images of a size and channel count, or a table's named columns. */
  get inputShape(): InputShape {
    return this.fitted().input;
  }

  /** The weights (d × k) and biases (k), in the feature space the preprocessing produces. */
  get params(): Params {
    return this.fitted().params;
  }

  get preprocessing(): PreprocessState {
    return this.fitted().preprocess;
  }

  /**
   * Trains from scratch. Returns the per-epoch history; throws DivergenceError (carrying the history)
   * when the loss becomes non-finite or explodes, leaving the classifier unfitted.
   */
  async fit(
    X: Features,
    y: Uint8Array | readonly number[],
    fitOptions: FitOptions = {},
  ): Promise<TrainResult> {
    checkFeatures(X, 'X');
    const labels = checkLabels(y, 'y', X.n);
    checkObject(fitOptions, 'fitOptions');
    const k = resolveNumClasses(fitOptions.numClasses, fitOptions.classNames, maxLabel(labels));
    if (fitOptions.classNames !== undefined) checkClassNames(fitOptions.classNames, 'classNames', k);
    checkLabelRange(labels, k, 'y');
    checkFunction(fitOptions.onEpoch, 'onEpoch');
    checkFunction(fitOptions.onStep, 'onStep');
    let evalLabels: Uint8Array | null = null;
    if (fitOptions.evalSet !== undefined) {
      checkObject(fitOptions.evalSet, 'evalSet');
      checkFeatures(fitOptions.evalSet.X, 'evalSet.X');
      checkSameShape(shapeOf(fitOptions.evalSet.X), shapeOf(X), 'evalSet.X');
      evalLabels = checkLabels(fitOptions.evalSet.y, 'evalSet.y', fitOptions.evalSet.X.n);
      checkLabelRange(evalLabels, k, 'evalSet.y');
    }
    if (fitOptions.backend !== undefined && typeof fitOptions.backend?.lossGrad !== 'function') {
      throw new InputError('backend: must be a Backend (from createBackend)');
    }
    const o = this.options;
    const sample =
      fitOptions.sampleWeight === undefined ? null : checkSampleWeight(fitOptions.sampleWeight, X.n);
    const weights = rowWeights(
      classWeights(o.classWeight, labels, k, this.label('classWeight')),
      sample,
      labels,
    );

    const d = featureCount(X);
    const backend = fitOptions.backend ?? (await this.ensureBackend());
    if (fitOptions.backend) this.useBackend(fitOptions.backend, false);

    if (!this.preprocessingGiven) o.preprocessing = preprocessingFor(X, this.basePreprocessing, false, '');
    const kind = preprocessingFor(X, o.preprocessing, true, this.label('preprocessing'));
    const preprocess = fitPreprocessingOf(kind, X);
    const rows = toRows(preprocess, X);
    const columns = columnMap(preprocess);
    const rng = new Rng(o.seed);
    const params: Params = { W: new Float32Array(d * k), b: new Float32Array(k), d, k };
    initWeights(o.init, params.W, rng);
    const split = o.earlyStopping
      ? stratifiedSplit(labels, k, o.validationFraction, rng, this.label('validationFraction'))
      : null;
    const trainRows = split?.train ?? null;
    if (weights !== null && trainRows !== null && !trainRows.some((i) => weights[i] > 0)) {
      throw new InputError('sampleWeight: every training image left after the validation split weighs 0');
    }

    const spec = {
      backend,
      data: rows,
      labels,
      link: o.strategy,
      weightDecay: o.weightDecay,
      columns,
      weights,
    };
    const objective = createObjective(spec);
    const validate =
      split === null
        ? undefined
        : validationScorer(backend, rows, labels, split.validation, columns, o.strategy);
    const solverName = resolveSolver(o.solver, trainRows?.length ?? X.n, d);
    const solver = createSolver(
      solverName,
      d,
      k,
      o,
      solverName === 'lbfgs' ? featureMeans(preprocess, rows) : null,
    );
    const evalRows = fitOptions.evalSet ? toRows(preprocess, fitOptions.evalSet.X) : null;
    const proba = evalRows ? new Float32Array(evalRows.n * k) : null;
    const pred = evalRows ? new Uint8Array(evalRows.n) : null;

    const view: ModelView = {
      predictProba: (images: Features): Float32Array => {
        checkFeatures(images, 'X');
        checkSameShape(shapeOf(images), shapeOf(X), 'X');
        const out = new Float32Array(images.n * k);
        predictInto(backend, toRows(preprocess, images), params, columns, o.strategy, out);
        return out;
      },
      params,
      preprocess,
    };
    const afterEpoch = (record: EpochRecord, p: Params): void => {
      if (evalRows && proba && pred && evalLabels) {
        predictInto(backend, evalRows, p, columns, o.strategy, proba);
        argmaxRows(proba, evalRows.n, k, pred);
        record.testAccuracy = accuracy(pred, evalLabels);
        record.testLoss = logLoss(proba, evalLabels, k);
      }
      fitOptions.onEpoch?.(record, view);
    };
    const result = runTraining({
      objective,
      params,
      source: memoryBatches(rows, labels, trainRows),
      shuffle: fitOptions.shuffle,
      fused: spec,
      solver,
      options: o,
      rng,
      validate,
      afterEpoch,
      afterStep: fitOptions.onStep,
    });
    if (result.diverged) {
      const dv = result.diverged;
      const step = solverName === 'lbfgs' ? 'iteration' : `epoch`;
      throw new DivergenceError(
        `training diverged at ${step} ${dv.epoch} (${solverName}, learning rate ${o.learningRate}): ${dv.reason}; ${dv.hint}`,
        dv.epoch,
        dv.loss,
      );
    }
    const classNames = fitOptions.classNames
      ? [...fitOptions.classNames]
      : Array.from({ length: k }, (_, i) => String(i));
    const input = shapeOf(X);
    const [height, width] = input.kind === 'images' ? [input.height, input.width] : [1, d];
    this.state = { params, preprocess, classNames, height, width, input };
    return result;
  }

  /**
   * Trains from batches pulled from a source (e.g. images streamed from a file larger than memory:
   * softmax-classifier/node's openIdxStream), with a mini-batch solver. The source's rows must be made
   * under this classifier's preprocessing (scale or minmax: standardize needs a pass over all rows first).
   */
  async fitSource(source: BatchSource, fitOptions: SourceFitOptions): Promise<TrainResult> {
    const backend = fitOptions.backend ?? (await this.ensureBackend());
    const fitted = fitFromSource(backend, source, this.options, fitOptions);
    this.state = fitted.state;
    return fitted.result;
  }

  /** Class probabilities, n × k row-major. */
  predictProba(X: Features): Float32Array {
    const s = this.fitted();
    checkFeatures(X, 'X');
    checkSameShape(shapeOf(X), s.input, 'X');
    const rows = toRows(s.preprocess, X);
    const out = new Float32Array(X.n * s.params.k);
    predictInto(this.getBackend(), rows, s.params, columnMap(s.preprocess), this.options.strategy, out);
    const bad = firstNonFinite(out);
    if (bad >= 0) {
      throw new InputError(
        `the model's probabilities for image ${Math.floor(bad / s.params.k)} are not finite: its weights are too large for 32-bit arithmetic`,
      );
    }
    return out;
  }

  /** The most probable class of each image. */
  predict(X: Features): Uint8Array {
    const k = this.fitted().params.k;
    const out = new Uint8Array(X.n);
    argmaxRows(this.predictProba(X), X.n, k, out);
    return out;
  }

  /** Accuracy on (X, y), in 0..1. */
  score(X: Features, y: Uint8Array | readonly number[]): number {
    checkFeatures(X, 'X');
    const labels = checkLabels(y, 'y', X.n);
    return accuracy(this.predict(X), labels);
  }

  toJSON(): ModelJSON {
    const s = this.fitted();
    return {
      format: 'softmax-classifier',
      version: MODEL_FORMAT_VERSION,
      height: s.height,
      width: s.width,
      numClasses: s.params.k,
      classNames: s.classNames,
      preprocessing: s.preprocess,
      input:
        s.input.kind === 'table'
          ? { kind: 'table', featureNames: [...s.input.featureNames] }
          : { ...s.input, channels: s.input.channels === 3 ? 3 : 1 },
      W: Array.from(s.params.W),
      b: Array.from(s.params.b),
      options: modelOptionsOf(this.options),
      ...(this.metrics ? { metrics: this.metrics } : {}),
    };
  }

  /** Reads a saved model, checking its format; `source` names it in errors. A model file says what the
   *  model is; `run` says how to run it here (backend, threads). Predicts on the js backend until
   *  `useBackend` or `ensureBackend` gives it another. Builds the class it is called on (a subclass
   *  such as the Node entry's gets its own backend factory). */
  static fromJSON<T extends SoftmaxClassifier>(
    this: new (options?: Partial<ClassifierOptions>, label?: OptionLabel, context?: ClassifierContext) => T,
    value: unknown,
    source?: string,
    run: RunOptions = {},
    context?: ClassifierContext,
  ): T {
    const m = parseModelJSON(value, source);
    const clf = new this({ ...m.options, ...run }, undefined, context);
    const input = inputOf(m);
    const d = m.height * m.width * (input.kind === 'images' ? input.channels : 1);
    clf.state = {
      params: { W: Float32Array.from(m.W), b: Float32Array.from(m.b), d, k: m.numClasses },
      preprocess: m.preprocessing,
      classNames: m.classNames,
      height: m.height,
      width: m.width,
      input,
    };
    clf.metrics = m.metrics;
    return clf;
  }

  /** Creates (once) the backend the options ask for. */
  async ensureBackend(): Promise<Backend> {
    if (this.backend === null || !this.ownsBackend) {
      this.useBackend(await this.backendFactory(this.options), true);
    }
    return this.backend as Backend;
  }

  /** Uses a given backend; `owned` backends are disposed with the classifier. */
  useBackend(backend: Backend, owned = false): void {
    if (this.ownsBackend && this.backend !== backend) this.backend?.dispose();
    this.backend = backend;
    this.ownsBackend = owned;
  }

  /** Releases the backend's threads and memory. */
  dispose(): void {
    if (this.ownsBackend) this.backend?.dispose();
    this.backend = null;
  }

  private getBackend(): Backend {
    if (this.backend === null) this.useBackend(createJsBackend(), true);
    return this.backend as Backend;
  }

  private fitted(): NonNullable<SoftmaxClassifier['state']> {
    if (this.state === null)
      throw new InputError('the classifier is not fitted: call fit() or load a model first');
    return this.state;
  }
}

/** Index of the first NaN or infinite value, or -1. */
function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

export type { Images } from './images.js';
