import { Command } from 'commander';
import { addMaxFileSizeFlag, type MaxFileSizeFlag } from './dataFlags.js';
import { addSourceFlags, type SourceFlagValues } from './sourceFlags.js';
import { InputError } from '../util/errors.js';

export interface PredictFlags extends SourceFlagValues, MaxFileSizeFlag {
  model: string;
  json?: boolean;
  out?: string;
}

/** `softmax predict`: the flags; decoding and the model (predictRun.ts) load only once they are valid. */
export function predictCommand(): Command {
  const cmd = new Command('predict')
    .description(
      'classify image files (PNG, JPEG; resized to the model’s size) and print the three most probable classes, or every row of --data into a CSV',
    )
    .requiredOption('--model <file>', 'a model.json written by softmax train')
    .argument('[image...]', 'PNG or JPEG files')
    .option(
      '--data <path>',
      'a CSV file, a folder of images (with or without class folders) or of IDX files: one prediction per row',
    )
    .option('--out <file>', 'with --data: write the predictions here as CSV (default: standard output)')
    .option('--json', 'print one JSON array on stdout');
  addSourceFlags(cmd);
  return addMaxFileSizeFlag(cmd).action(async (images: string[], flags: PredictFlags) => {
    if (flags.data !== undefined && images.length > 0) {
      throw new InputError('predict: give image files or --data, not both');
    }
    if (flags.data === undefined && images.length === 0) {
      throw new InputError('predict: give image files, or --data PATH');
    }
    if (flags.data === undefined && flags.out !== undefined) {
      throw new InputError('--out: writes the predictions of --data; image files print theirs');
    }
    const { runPredict } = await import('./predictRun.js');
    await runPredict(images, flags);
  });
}
