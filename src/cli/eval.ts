import { Command } from 'commander';
import { evaluate } from '../metrics/evaluate.js';
import { formatEvaluation } from '../report/terminal.js';
import { InputError } from '../util/errors.js';
import { addDataFlags, capFromFlags, loadFromFlags, type DataFlagValues } from './dataFlags.js';
import { addTrainingFlags, flagOf, trainingOptionsFrom } from './flags.js';
import { RUN_OPTION_KEYS } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';
import { loadModelFile } from './loadModel.js';

interface EvalFlags extends DataFlagValues {
  model: string;
  json?: boolean;
  backend?: 'auto' | 'js' | 'wasm';
  threads?: number;
}

export function evalCommand(): Command {
  const cmd = new Command('eval').description('evaluate a saved model on a test set');
  cmd.requiredOption('--model <file>', 'a model.json written by softmax train');
  addDataFlags(cmd);
  addTrainingFlags(cmd, {}, RUN_OPTION_KEYS);
  cmd
    .option('--json', 'print one JSON object on stdout and nothing else')
    .action(async (flags: EvalFlags) => {
      const clf = loadModelFile(flags.model, capFromFlags(flags, 'model'));
      const bundle = loadFromFlags(flags);
      const { height, width } = clf.imageShape;
      const { test } = bundle;
      if (test.height !== height || test.width !== width) {
        throw new InputError(
          `${flags.model}: the model takes ${height}×${width} images (${height * width} pixels) but ${bundle.dir} holds ${test.height}×${test.width} images`,
        );
      }
      if (bundle.classNames.length > clf.numClasses) {
        throw new InputError(
          `${flags.model}: the model knows ${clf.numClasses} classes but ${bundle.dir} has labels up to ${bundle.classNames.length - 1}`,
        );
      }
      // The model file says what the model is; how to run it here comes from the command line.
      Object.assign(
        clf.options,
        resolveOptions(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf),
      );
      try {
        await clf.ensureBackend();
        const names = clf.classNames;
        const e = evaluate(clf.predictProba(test), test.labels, names);
        if (flags.json) {
          process.stdout.write(
            JSON.stringify({ ...e, classNames: names, backend: clf.backendName, model: flags.model }) + '\n',
          );
          return;
        }
        process.stdout.write(`Model ${flags.model} on ${bundle.dir} (backend ${clf.backendName})\n\n`);
        process.stdout.write(formatEvaluation(e, names) + '\n');
      } finally {
        clf.dispose();
      }
    });
  return cmd;
}
