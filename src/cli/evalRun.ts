import { isFloatMatrix, shapeOf } from '../data/features.js';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import { formatEvaluation } from '../report/terminal.js';
import { InputError } from '../util/errors.js';
import { capFromFlags } from './dataFlags.js';
import { checkModelFits, loadForModel, modelImputeMeans, recordedSource } from './dataSource.js';
import { flagOf, trainingOptionsFrom } from './flags.js';
import { RUN_OPTION_KEYS } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { loadModelFile } from './loadModel.js';
import type { EvalFlags } from './eval.js';
import { evaluateStreamed } from './evalStream.js';
import { planStream } from './streamFlags.js';

/** Loads the model and its data, evaluates, prints. */
export async function runEval(flags: EvalFlags): Promise<void> {
  const clf = loadModelFile(flags.model, capFromFlags(flags, 'model'));
  const source = withRecordedSource(flags);
  // The model file says what the model is; how to run it here comes from the command line. Only the
  // run options are taken: the resolved set also holds every model option's default, which would
  // overwrite what the file recorded (its learning rate, its strategy).
  const here = resolveOptions(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf);
  for (const k of RUN_OPTION_KEYS) Object.assign(clf.options, { [k]: here[k] });
  // A model trained streamed is evaluated streamed: its data may be larger than memory.
  const trainedStreamed = flags.data === undefined && recordedSource(flags.model)?.settings.streamed === true;
  const plan = planStream({ ...source, stream: flags.stream === true || trainedStreamed });
  try {
    const names = clf.classNames;
    let evaluation: Evaluation;
    let where: string;
    let kind: 'rows' | 'images';
    if (plan !== null) {
      ({ evaluation, where } = await evaluateStreamed(clf, plan, flags.model, source.labelColumn));
      kind = plan.kind === 'csv' ? 'rows' : 'images';
    } else {
      const model = {
        inputShape: clf.inputShape,
        classNames: clf.classNames,
        imputeMeans: modelImputeMeans(clf),
      };
      const { data, rows, from } = await loadForModel(source, model, { seed: recordedSeed(flags) });
      for (const w of data.warnings) if (!flags.json) process.stderr.write(`softmax: note: ${w}\n`);
      where = from;
      checkModelFits(flags.model, clf.inputShape, shapeOf(rows.X), where);
      if (rows.y === null) throw new InputError(`${where}: has no labels to evaluate against`);
      await clf.ensureBackend();
      evaluation = evaluate(clf.predictProba(rows.X), rows.y, names);
      kind = isFloatMatrix(rows.X) ? 'rows' : 'images';
    }
    if (flags.json) {
      process.stdout.write(
        JSON.stringify({
          ...evaluation,
          classNames: names,
          backend: clf.backendName,
          model: flags.model,
          streamed: plan !== null,
        }) + '\n',
      );
      return;
    }
    process.stdout.write(`Model ${flags.model} on ${where} (backend ${clf.backendName})\n\n`);
    process.stdout.write(formatEvaluation(evaluation, names, 'test', kind) + '\n');
  } finally {
    clf.dispose();
  }
}

/**
 * Without --data, the data the model was trained on, as the metrics.json beside it records it (with the
 * same test split: the source's own, the same --test-data, or the same fraction and seed); the bundled
 * Fashion-MNIST when there is no such record.
 */
function withRecordedSource(flags: EvalFlags): EvalFlags {
  if (flags.data !== undefined || flags.testData !== undefined) return flags;
  const rec = recordedSource(flags.model);
  if (rec === null) return flags;
  const s = rec.settings;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    ...flags,
    data: rec.format === 'idx' && s.bundled === true ? undefined : rec.path,
    format: flags.format ?? rec.format,
    labelColumn: flags.labelColumn ?? text(s.labelColumn),
    idColumn: flags.idColumn ?? text(s.idColumn),
    impute: flags.impute === 'none' && s.impute === 'mean' ? 'mean' : flags.impute,
    testData: rec.test.from === 'path' ? rec.test.path : undefined,
    testFraction: flags.testFraction ?? (rec.test.from === 'fraction' ? rec.test.fraction : undefined),
  };
}

function recordedSeed(flags: EvalFlags): number {
  const rec = flags.data === undefined ? recordedSource(flags.model) : null;
  return rec?.test.from === 'fraction' ? rec.test.seed : 1;
}
