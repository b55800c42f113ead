import { Command } from 'commander';
import { addDataFlags } from './dataFlags.js';
import { addSourceFlags, checkSourceFlags, type SourceFlagValues } from './sourceFlags.js';
import { addStreamFlags, type StreamFlagValues } from './streamFlags.js';
import { addTrainingFlags, flagOf, trainingOptionsFrom } from './flags.js';
import { RUN_OPTION_KEYS } from '../model/options.js';
import { resolveOptions } from '../model/validate.js';

export interface EvalFlags extends SourceFlagValues, Omit<StreamFlagValues, 'shuffle'> {
  model: string;
  json?: boolean;
  backend?: 'auto' | 'js' | 'wasm';
  threads?: number;
}

/** `softmax eval`: the flags; the evaluation (evalRun.ts) is loaded only once they are valid. */
export function evalCommand(): Command {
  const cmd = new Command('eval').description('evaluate a saved model on a test set');
  cmd.requiredOption('--model <file>', 'a model.json written by softmax train');
  addDataFlags(cmd, { anyFormat: true });
  addSourceFlags(cmd, { test: true });
  addStreamFlags(cmd, { shuffle: false });
  addTrainingFlags(cmd, {}, RUN_OPTION_KEYS);
  cmd
    .option('--json', 'print one JSON object on stdout and nothing else')
    .action(async (flags: EvalFlags) => {
      resolveOptions(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf);
      checkSourceFlags(flags);
      const { runEval } = await import('./evalRun.js');
      await runEval(flags);
    });
  return cmd;
}
