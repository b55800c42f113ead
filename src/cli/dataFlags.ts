import { Option, type Command } from 'commander';
import { loadDataset, type DataBundle } from '../data/dataset.js';
import { InputError } from '../util/errors.js';
import { parseInteger } from './flags.js';

/** --data, --train-limit and --test-limit, shared by every command that reads a data set. */
export function addDataFlags(cmd: Command, defaults: { trainLimit?: number } = {}): Command {
  return cmd
    .addOption(
      new Option(
        '--data <dir>',
        'folder with the four IDX files, gzipped or not (default: the bundled Fashion-MNIST)',
      ),
    )
    .addOption(
      new Option('--train-limit <n>', 'use only the first N training images')
        .argParser(parseInteger('--train-limit'))
        .default(
          defaults.trainLimit,
          defaults.trainLimit === undefined ? 'all' : String(defaults.trainLimit),
        ),
    )
    .addOption(
      new Option('--test-limit <n>', 'use only the first N test images').argParser(
        parseInteger('--test-limit'),
      ),
    );
}

export interface DataFlagValues {
  data?: string;
  trainLimit?: number;
  testLimit?: number;
}

export function loadFromFlags(flags: DataFlagValues): DataBundle {
  for (const [flag, v] of [
    ['--train-limit', flags.trainLimit],
    ['--test-limit', flags.testLimit],
  ] as const) {
    if (v !== undefined && v < 1) throw new InputError(`${flag}: must be at least 1, got ${v}`);
  }
  return loadDataset({ dir: flags.data, trainLimit: flags.trainLimit, testLimit: flags.testLimit });
}
