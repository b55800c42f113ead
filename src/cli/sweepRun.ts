import { evaluationSplit } from '../data/evaluationSplit.js';
import { defaultJobs } from '../experiments/execute.js';
import type { Axis } from '../experiments/gridFlags.js';
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
import type { ClassifierOptions } from '../model/options.js';
import { loadFromFlags } from './dataSource.js';
import { STUDY_RUN_FILES } from '../node/runFiles.js';
import { openRunDir } from './runDir.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { commandLine } from './commandLine.js';
import type { SweepFlags } from './sweep.js';
import { grouped } from '../util/grouped.js';

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

/** The grid as sweep.ts read it from the flags. */
export interface SweepPlan {
  base: Partial<ClassifierOptions>;
  swept: Axis[];
  jobs: number | undefined;
  validation: number | undefined;
}

/** Loads the data, trains every combination, writes the run folder and prints the table. */
export async function runSweepCommand(flags: SweepFlags, plan: SweepPlan): Promise<void> {
  const { base, swept, validation } = plan;
  const jobs = plan.jobs ?? defaultJobs();
  const bundle = loadFromFlags(flags);
  const { train, evalSet, evaluatedOn } = evaluationSplit(bundle.train, bundle.test, validation);
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  const combinations = swept.reduce((n, a) => n * a.values.length, 1);
  log(
    `Sweep of ${combinations} combination${combinations === 1 ? '' : 's'} on ${grouped(train.n)} training images, ` +
      `scored on the ${evaluatedOn} set (${grouped(evalSet.n)} images), up to ${jobs} job${jobs === 1 ? '' : 's'}`,
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
    const where = `${evaluatedOn} set (${grouped(evalSet.n)} images)`;
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
