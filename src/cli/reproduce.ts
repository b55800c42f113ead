import { Command, Option } from 'commander';
import { defaultJobs } from '../experiments/execute.js';
import { parseCount, parseFraction } from '../experiments/flagValues.js';
import { parseAxis } from '../experiments/gridFlags.js';
import { FULL_TRAIN_COUNT, ORIGINAL_TRAIN_COUNT, originalOptions } from '../experiments/recipe.js';
import { runReproduce, type ReproduceReport } from '../experiments/reproduce.js';
import { formatReproduce } from '../experiments/reproduceFormat.js';
import { ORIGINAL_RECIPE, type ClassifierOptions } from '../model/options.js';
import { InputError } from '../util/errors.js';
import { addDataFlags, loadFromFlags, type DataFlagValues } from './dataFlags.js';
import { STUDY_RUN_FILES } from '../node/runFiles.js';
import { openRunDir } from './runDir.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { commandLine } from './train.js';

interface ReproduceFlags extends DataFlagValues {
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

/** What `softmax reproduce --json` prints and reproduce.json holds. Accuracies in percent. */
export interface ReproduceSummary extends ReproduceReport {
  data: { dir: string; trainCount: number; testCount: number; isFashionMnist: boolean };
  command: string;
  outDir: string;
}

export function reproduceCommand(): Command {
  const cmd = new Command('reproduce').description(
    "rerun the original write-up's Tables 1 and 2 with its exact recipe, next to the published figures, and compare softmax with one-vs-rest",
  );
  addDataFlags(cmd, { trainLimit: ORIGINAL_TRAIN_COUNT });
  cmd
    .option('--full', `train on all ${FULL_TRAIN_COUNT.toLocaleString('en-US')} training images`)
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
      await runReproduceCommand(flags);
    });
  return cmd;
}

async function runReproduceCommand(flags: ReproduceFlags): Promise<void> {
  const choice = {
    seed: single('seed', flags.seed, 1),
    backend: single('backend', flags.backend, 'auto'),
    threads: single('threads', flags.threads, 1),
  } as Pick<ClassifierOptions, 'seed' | 'backend' | 'threads'>;
  const options = originalOptions(choice);
  const jobs = flags.jobs === undefined ? defaultJobs() : parseCount('--jobs', flags.jobs, 1);
  const epochsScale =
    flags.epochsScale === undefined ? 1 : parseFraction('--epochs-scale', flags.epochsScale, 1);
  const bundle = loadFromFlags({ ...flags, trainLimit: flags.full ? FULL_TRAIN_COUNT : flags.trainLimit });
  const { train, test } = bundle;
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  log(
    `Reproducing Tables 1 and 2 and softmax versus one-vs-rest: 5 full-batch runs on ${train.n.toLocaleString('en-US')} ` +
      `training images, scored on ${test.n.toLocaleString('en-US')} test images, up to ${jobs} job${jobs === 1 ? '' : 's'}`,
  );

  // Taken before the runs, so that a bad --out or a second run into the same folder fails at once.
  const run = openRunDir(flags.out);
  try {
    const report = await runReproduce({
      options,
      epochsScale,
      data: { train, evalSet: test, classNames: bundle.classNames },
      jobs,
      progress: flags.progress && !flags.json,
    });
    const outDir = run.dir;
    const summary: ReproduceSummary = {
      ...report,
      data: {
        dir: bundle.dir,
        trainCount: train.n,
        testCount: test.n,
        isFashionMnist: bundle.isFashionMnist,
      },
      command: commandLine(),
      outDir,
    };
    run.writeJson(STUDY_RUN_FILES.reproduce, summary);
    const reportPath = (await writeReportInto(run)).report;
    run.commit();
    if (flags.json) {
      process.stdout.write(JSON.stringify(summary) + '\n');
      return;
    }
    log('');
    log(formatReproduce(report));
    log('');
    log(`Run folder: ${outDir} (reproduce.json)`);
    log(`Report: ${reportPath}`);
  } finally {
    run.close();
  }
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
