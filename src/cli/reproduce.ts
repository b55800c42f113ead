import { Command, Option } from 'commander';
import { parseCount, parseFraction } from '../experiments/flagValues.js';
import { parseAxis } from '../experiments/gridFlags.js';
import { FULL_TRAIN_COUNT, ORIGINAL_TRAIN_COUNT, originalOptions } from '../experiments/recipe.js';
import { ORIGINAL_RECIPE, type ClassifierOptions } from '../model/options.js';
import { InputError } from '../util/errors.js';
import { addDataFlags, type DataFlagValues } from './dataFlags.js';
import { grouped } from '../util/grouped.js';

export interface ReproduceFlags extends DataFlagValues {
  full?: boolean;
  seed?: string;
  backend?: string;
  threads?: string;
  jobs?: string;
  epochsScale?: string;
  out?: string;
  json?: boolean;
  progress: boolean;
}

/** `softmax reproduce`: the flags; the runs (reproduceRun.ts) load only once they are valid. */
export function reproduceCommand(): Command {
  const cmd = new Command('reproduce').description(
    "rerun the original write-up's Tables 1 and 2 with its exact recipe, next to the published figures, and compare softmax with one-vs-rest",
  );
  addDataFlags(cmd, { trainLimit: ORIGINAL_TRAIN_COUNT });
  cmd
    .option('--full', `train on all ${grouped(FULL_TRAIN_COUNT)} training images`)
    .option('--seed <n>', 'random seed of the initial weights (default: 1)')
    .option('--backend <name>', 'numeric backend: auto, js or wasm (default: auto)')
    .option('--threads <n>', 'threads per run (default: 1; runs go in parallel instead)')
    .addOption(
      new Option('--jobs <n>', 'runs trained at once, on worker threads').default(undefined, 'one per core'),
    )
    .addOption(new Option('--epochs-scale <x>', 'multiply every epoch count (tests only)').hideHelp())
    .option('--out <dir>', 'run folder (default: runs/<timestamp>/)')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--no-progress', 'no progress bar')
    .action(async (flags: ReproduceFlags) => {
      if (flags.full && cmd.getOptionValueSource('trainLimit') === 'cli') {
        throw new InputError('--full: give --full or --train-limit, not both');
      }
      // The flags are read and checked before the data, the kernels and the report are loaded.
      const choice = {
        seed: single('seed', flags.seed, 1),
        backend: single('backend', flags.backend, 'auto'),
        threads: single('threads', flags.threads, 1),
      } as Pick<ClassifierOptions, 'seed' | 'backend' | 'threads'>;
      const options = originalOptions(choice);
      const jobs = flags.jobs === undefined ? undefined : parseCount('--jobs', flags.jobs, 1);
      const epochsScale =
        flags.epochsScale === undefined ? 1 : parseFraction('--epochs-scale', flags.epochsScale, 1);
      const { runReproduceCommand } = await import('./reproduceRun.js');
      await runReproduceCommand(flags, { options, jobs, epochsScale });
    });
  return cmd;
}

/** One value of a training option, checked by the same rules as everywhere (e.g. `--seed 1,2` is an error). */
function single<K extends 'seed' | 'backend' | 'threads'>(
  key: K,
  raw: string | undefined,
  fallback: ClassifierOptions[K],
): ClassifierOptions[K] {
  if (raw === undefined) return fallback;
  const { values } = parseAxis(key, raw, ORIGINAL_RECIPE);
  if (values.length !== 1) throw new InputError(`--${key}: takes one value, got '${raw}'`);
  return values[0] as ClassifierOptions[K];
}
