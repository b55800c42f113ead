import { Command, Option } from 'commander';
import { parseChoice, parseCount } from '../experiments/flagValues.js';
import { parseAxis, type Axis } from '../experiments/gridFlags.js';
import { OPTION_KEYS, ORIGINAL_RECIPE, type ClassifierOptions } from '../model/options.js';
import { addDataFlags, type DataFlagValues } from './dataFlags.js';
import { addSweepFlags, flagValue } from './flags.js';

const RECIPES = ['default', 'original'] as const;

/** Each job trains on one thread unless --threads says otherwise, so N jobs use N cores. */
const SWEEP_BASE: Partial<ClassifierOptions> = { threads: 1 };

export interface SweepFlags extends DataFlagValues {
  recipe: string;
  jobs?: string;
  validation?: string;
  out?: string;
  json?: boolean;
  progress: boolean;
}

/** `softmax sweep`: the flags and the grid; the runs (sweepRun.ts) load only once both are valid. */
export function sweepCommand(): Command {
  const cmd = new Command('sweep').description(
    'train every combination of comma-separated training flag values (e.g. --lr 0.1,0.01 --epochs 50,150) and tabulate them',
  );
  addDataFlags(cmd);
  addSweepFlags(cmd);
  cmd
    .addOption(
      new Option(
        '--recipe <name>',
        "the options flags start from: 'default' (the recommended recipe) or 'original' (the original write-up's)",
      ).default('default'),
    )
    .addOption(
      new Option('--jobs <n>', 'runs trained at once, on worker threads').default(undefined, 'one per core'),
    )
    .option(
      '--validation <n>',
      'score on the last N training images (not trained on) instead of the test set',
    )
    .option('--out <dir>', 'run folder (default: runs/<timestamp>/)')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--no-progress', 'no progress bar')
    .action(async (flags: SweepFlags) => {
      // The grid is read and checked before the data, the kernels and the report are loaded.
      const recipe = parseChoice('--recipe', flags.recipe, RECIPES);
      // The default recipe is what resolveOptions fills in, so it adds nothing here: spelling out
      // DEFAULTS would fix learningRate at sgd's 0.1 for every row, adam's included.
      const base: Partial<ClassifierOptions> = {
        ...(recipe === 'original' ? ORIGINAL_RECIPE : {}),
        ...SWEEP_BASE,
      };
      const axes = sweptAxes(flags as unknown as Record<string, unknown>, base);
      for (const a of axes.filter((a) => a.values.length === 1))
        Object.assign(base, { [a.key]: a.values[0] });
      const jobs = flags.jobs === undefined ? undefined : parseCount('--jobs', flags.jobs, 1);
      const validation =
        flags.validation === undefined ? undefined : parseCount('--validation', flags.validation, 1);
      const { runSweepCommand } = await import('./sweepRun.js');
      await runSweepCommand(flags, {
        base,
        swept: axes.filter((a) => a.values.length > 1),
        jobs,
        validation,
      });
    });
  return cmd;
}

/** The training flags the user gave, each read as a comma list. */
function sweptAxes(parsed: Record<string, unknown>, base: Partial<ClassifierOptions>): Axis[] {
  const axes: Axis[] = [];
  for (const key of OPTION_KEYS) {
    const raw = flagValue(parsed, key);
    if (typeof raw === 'string') axes.push(parseAxis(key, raw, base));
    else if (raw !== undefined) axes.push({ key, values: [raw as ClassifierOptions[typeof key]] });
  }
  return axes;
}
