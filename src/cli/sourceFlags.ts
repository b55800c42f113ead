import { InvalidArgumentError, Option, type Command } from 'commander';
import { DATA_FORMATS, type DataFormat } from '../data/dataSource.js';
import { DEFAULT_TEST_FRACTION } from '../data/testFraction.js';
import { InputError } from '../util/errors.js';
import type { DataFlagValues } from './dataFlags.js';
import { parseNumber } from './flags.js';

export { DEFAULT_TEST_FRACTION };

/** The flags that say how to read a data set of any format (train, eval, predict). */
export interface SourceFlagValues extends DataFlagValues {
  format?: DataFormat;
  labelColumn?: string;
  idColumn?: string;
  impute?: 'none' | 'mean';
  channels?: 1 | 3;
  imageSize?: { height: number; width: number };
  strict?: boolean;
  testData?: string;
  testFraction?: number;
}

/** --format, --label-column, --id-column, --impute, --channels, --image-size, --strict (and, for train, the test flags). */
export function addSourceFlags(cmd: Command, opts: { test?: boolean } = {}): Command {
  cmd
    .addOption(
      new Option(
        '--format <format>',
        'how to read --data (default: from the path: a .csv file, a folder of IDX files, a folder of class folders)',
      ).choices(DATA_FORMATS),
    )
    .addOption(
      new Option('--label-column <name>', 'CSV: the label column (default: "label", else the last column)'),
    )
    .addOption(
      new Option(
        '--id-column <name>',
        'CSV: a column naming each row, not a feature (default: "id" when present)',
      ),
    )
    .addOption(
      new Option(
        '--impute <how>',
        'CSV: missing values (empty, NA, NaN, ?): refuse, or fill with the column mean',
      )
        .choices(['none', 'mean'])
        .default('none'),
    )
    .addOption(
      new Option('--channels <n>', 'images: 1 (grey) or 3 (colour) (default: what the images are)').argParser(
        parseChannels,
      ),
    )
    .addOption(
      new Option(
        '--image-size <HxW>',
        'images: resize every image to this, e.g. 28x28 (default: the most common size)',
      ).argParser(parseImageSize),
    )
    .option(
      '--strict',
      'images: refuse files that are not readable images instead of skipping them with a warning',
    );
  if (opts.test) {
    cmd
      .addOption(
        new Option('--test-data <path>', "a test set in any format (default: the data set's own test split)"),
      )
      .addOption(
        new Option(
          '--test-fraction <f>',
          `hold out this share of the data as the test set, stratified and seeded (default when the data has no test split: ${DEFAULT_TEST_FRACTION})`,
        ).argParser(parseNumber('--test-fraction')),
      );
  }
  return cmd;
}

function parseChannels(text: string): 1 | 3 {
  if (text !== '1' && text !== '3')
    throw new InvalidArgumentError(`--channels: must be 1 or 3, got '${text}'`);
  return Number(text) as 1 | 3;
}

export function parseImageSize(text: string): { height: number; width: number } {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(text);
  const height = m ? Number(m[1]) : NaN;
  const width = m ? Number(m[2]) : NaN;
  if (!m || height < 1 || width < 1 || height > 4096 || width > 4096) {
    throw new InvalidArgumentError(
      `--image-size: must be HEIGHTxWIDTH, each 1 to 4096, e.g. 28x28, got '${text}'`,
    );
  }
  return { height, width };
}

/**
 * The source flags' checks that need no data: run before anything heavy is loaded, so that a wrong
 * combination answers at once, and again by loadTrainingData for callers that skip the command.
 */
export function checkSourceFlags(flags: SourceFlagValues & { validation?: number }): void {
  for (const [flag, v] of [
    ['--train-limit', flags.trainLimit],
    ['--test-limit', flags.testLimit],
  ] as const) {
    if (v !== undefined && v < 1) throw new InputError(`${flag}: must be at least 1, got ${v}`);
  }
  if (flags.testData !== undefined && flags.testFraction !== undefined) {
    throw new InputError('--test-data and --test-fraction: both choose the test set, give one');
  }
  // --validation scores on held-out training rows: a flag that shapes the test set would be ignored.
  if (flags.validation !== undefined) {
    for (const [flag, v] of [
      ['--test-limit', flags.testLimit],
      ['--test-data', flags.testData],
      ['--test-fraction', flags.testFraction],
    ] as const) {
      if (v !== undefined) {
        throw new InputError(
          `--validation and ${flag}: --validation scores on held-out training rows and leaves the test set unused, so ${flag} ${v} would be ignored; give one`,
        );
      }
    }
  }
}
