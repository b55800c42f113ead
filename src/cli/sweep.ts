import { Command, Option } from 'commander';
import { evaluationSplit } from '../data/evaluationSplit.js';
import { defaultJobs } from '../experiments/execute.js';
import { parseChoice, parseCount } from '../experiments/flagValues.js';
import { parseAxis, type Axis } from '../experiments/gridFlags.js';
import { runSweep, type SweepReport } from '../experiments/sweep.js';
import {
  bestRow,
  fixedFlags,
  rowFlags,
  sweepCsv,
  sweepMarkdown,
  sweepTable,
} from '../experiments/sweepFormat.js';
import { pct } from '../experiments/format.js';
import { DEFAULTS, ORIGINAL_RECIPE, type ClassifierOptions } from '../model/options.js';
import { addDataFlags, loadFromFlags, type DataFlagValues } from './dataFlags.js';
import { addSweepFlags, flagValue } from './flags.js';
import { OPTION_KEYS } from '../model/options.js';
import { STUDY_RUN_FILES } from '../node/runFiles.js';
import { openRunDir } from './runDir.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { commandLine } from './train.js';

const RECIPES = ['default', 'original'] as const;

/** Each job trains on one thread unless --threads says otherwise, so N jobs use N cores. */
const SWEEP_BASE: Partial<ClassifierOptions> = { threads: 1 };

interface SweepFlags extends DataFlagValues {
  recipe: string;
  jobs?: string;
  validation?: string;
  out?: string;
  json?: boolean;
  progress: boolean;
}

/** What `softmax sweep --json` prints and sweep.json holds: the table, every run's curve, and the data. */
export interface SweepSummary extends SweepReport {
  evaluatedOn: 'test' | 'validation';
  classNames: string[];
  data: {
    dir: string;
    trainCount: number;
    evalCount: number;
    height: number;
    width: number;
    isFashionMnist: boolean;
  };
  command: string;
  outDir: string;
}

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
      await runSweepCommand(flags);
    });
  return cmd;
}

async function runSweepCommand(flags: SweepFlags): Promise<void> {
  const recipe = parseChoice('--recipe', flags.recipe, RECIPES);
  const base: Partial<ClassifierOptions> = {
    ...(recipe === 'original' ? ORIGINAL_RECIPE : DEFAULTS),
    ...SWEEP_BASE,
  };
  const axes = sweptAxes(flags as unknown as Record<string, unknown>, base);
  const single = axes.filter((a) => a.values.length === 1);
  for (const a of single) Object.assign(base, { [a.key]: a.values[0] });
  const swept = axes.filter((a) => a.values.length > 1);
  const jobs = flags.jobs === undefined ? defaultJobs() : parseCount('--jobs', flags.jobs, 1);
  const validation =
    flags.validation === undefined ? undefined : parseCount('--validation', flags.validation, 1);

  const bundle = loadFromFlags(flags);
  const { train, evalSet, evaluatedOn } = evaluationSplit(bundle.train, bundle.test, validation);
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  const combinations = swept.reduce((n, a) => n * a.values.length, 1);
  log(
    `Sweep of ${combinations} combination${combinations === 1 ? '' : 's'} on ${train.n.toLocaleString('en-US')} training images, ` +
      `scored on the ${evaluatedOn} set (${evalSet.n.toLocaleString('en-US')} images), up to ${jobs} job${jobs === 1 ? '' : 's'}`,
  );

  // Taken before the runs, so that a bad --out or a second run into the same folder fails at once.
  const run = openRunDir(flags.out);
  try {
    const report = await runSweep({
      base,
      axes: swept,
      data: { train, evalSet, classNames: bundle.classNames },
      jobs,
      progress: flags.progress && !flags.json,
    });
    const outDir = run.dir;
    const summary: SweepSummary = {
      ...report,
      evaluatedOn,
      classNames: bundle.classNames,
      data: {
        dir: bundle.dir,
        trainCount: train.n,
        evalCount: evalSet.n,
        height: train.height,
        width: train.width,
        isFashionMnist: bundle.isFashionMnist,
      },
      command: commandLine(),
      outDir,
    };
    const where = `${evaluatedOn} set (${evalSet.n.toLocaleString('en-US')} images)`;
    run.writeJson(STUDY_RUN_FILES.sweep, summary);
    run.writeFile(STUDY_RUN_FILES.sweepCsv, sweepCsv(report));
    run.writeFile(STUDY_RUN_FILES.sweepMarkdown, sweepMarkdown(report, where));
    const reportPath = (await writeReportInto(run)).report;
    run.commit();

    if (flags.json) {
      process.stdout.write(JSON.stringify(summary) + '\n');
      return;
    }
    log(
      `${report.combinations} combinations in ${report.runs.length} run${report.runs.length === 1 ? '' : 's'} ` +
        `(configurations that differ only in epochs share a run) on backend ${report.runs[0]?.backend}, ` +
        `${report.jobs} job${report.jobs === 1 ? '' : 's'}, ${report.seconds.toFixed(1)} s`,
    );
    log(`Shared options: ${fixedFlags(report)}`);
    log('');
    log(sweepTable(report));
    const best = bestRow(report);
    if (best) log(`Best on the ${where}: row ${best.row} (${rowFlags(report, best)}), ${pct(best.accuracy)}`);
    log('');
    log(`Run folder: ${outDir} (sweep.json, sweep.csv, sweep.md)`);
    log(`Report: ${reportPath}`);
  } finally {
    run.close();
  }
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
