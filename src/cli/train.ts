import { Command, Option } from 'commander';
import { resolveOptions } from '../model/validate.js';
import { addDataFlags } from './dataFlags.js';
import { addTrainingFlags, flagOf, parseInteger, trainingOptionsFrom } from './flags.js';
import { addSourceFlags, checkSourceFlags, type SourceFlagValues } from './sourceFlags.js';
import { addStreamFlags, type StreamFlagValues } from './streamFlags.js';

export interface TrainFlags extends SourceFlagValues, StreamFlagValues {
  out?: string;
  json?: boolean;
  progress: boolean;
  validation?: number;
  figures?: boolean;
}

/** `softmax train`: the flags; the run itself (trainRun.ts) is loaded only once they are valid. */
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
      // Everything the flags alone can refuse is refused before the data, the kernels and the report
      // are loaded: a mistyped flag answers at once.
      resolveOptions(trainingOptionsFrom(flags as unknown as Record<string, unknown>), flagOf);
      checkSourceFlags(flags);
      const { runTrain } = await import('./trainRun.js');
      await runTrain(flags);
    });
  return cmd;
}
