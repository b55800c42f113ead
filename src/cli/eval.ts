import { Command, Option } from 'commander';
import { BACKEND_NAMES } from '../kernels/select.js';
import { evaluate } from '../metrics/evaluate.js';
import { formatEvaluation } from '../report/terminal.js';
import { InputError } from '../util/errors.js';
import { addDataFlags, capFromFlags, loadFromFlags, type DataFlagValues } from './dataFlags.js';
import { parseInteger } from './flags.js';
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
  cmd
    .addOption(new Option('--backend <name>', 'numeric backend').choices(BACKEND_NAMES))
    .addOption(
      new Option('--threads <n>', 'worker threads, 0 = one per core').argParser(parseInteger('--threads')),
    )
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
      if (flags.backend !== undefined || flags.threads !== undefined) {
        Object.assign(clf.options, {
          backend: flags.backend ?? clf.options.backend,
          threads: flags.threads ?? clf.options.threads,
        });
      }
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
