import { InvalidArgumentError, Option, type Command } from 'commander';
import { FILE_SIZE_LIMITS_MB, maxBytesFor, type FileKind } from '../data/fileLimits.js';
import { parseInteger } from './flags.js';

/** --data, --train-limit, --test-limit and --max-file-size, shared by every command that reads a data set. */
export function addDataFlags(
  cmd: Command,
  defaults: { trainLimit?: number; anyFormat?: boolean } = {},
): Command {
  cmd
    .addOption(
      new Option(
        defaults.anyFormat ? '--data <path>' : '--data <dir>',
        defaults.anyFormat
          ? 'a CSV file, a folder of class folders of PNG/JPEG images, or a folder of the four IDX files (default: the bundled Fashion-MNIST)'
          : 'folder with the four IDX files, gzipped or not (default: the bundled Fashion-MNIST)',
      ),
    )
    .addOption(
      new Option('--train-limit <n>', 'use only the first N training images (or rows)')
        .argParser(parseInteger('--train-limit'))
        .default(
          defaults.trainLimit,
          defaults.trainLimit === undefined ? 'all' : String(defaults.trainLimit),
        ),
    )
    .addOption(
      new Option('--test-limit <n>', 'use only the first N test images (or rows)').argParser(
        parseInteger('--test-limit'),
      ),
    );
  return addMaxFileSizeFlag(cmd);
}

/**
 * --max-file-size: one flag raises (or lowers) every cap on files read (data, model, PNG); its help
 * shows the defaults from FILE_SIZE_LIMITS_MB. Added once per command, by addDataFlags or directly.
 */
export function addMaxFileSizeFlag(cmd: Command): Command {
  const d = FILE_SIZE_LIMITS_MB;
  return cmd.addOption(
    new Option(
      '--max-file-size <MB>',
      `largest file to read, in MB, before inflating (default: data ${d.data}, model ${d.model}, PNG ${d.png})`,
    ).argParser(parseMegabytes),
  );
}

function parseMegabytes(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v <= 0) {
    throw new InvalidArgumentError(`--max-file-size must be a positive number of MB, got '${value}'`);
  }
  return v;
}

export interface MaxFileSizeFlag {
  maxFileSize?: number;
}

/** The byte cap for a kind of file under the --max-file-size the user gave (if any). */
export function capFromFlags(flags: MaxFileSizeFlag, kind: FileKind): number {
  return maxBytesFor(kind, flags.maxFileSize);
}

export interface DataFlagValues extends MaxFileSizeFlag {
  data?: string;
  trainLimit?: number;
  testLimit?: number;
}
