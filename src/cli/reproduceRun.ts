import { defaultJobs } from '../experiments/execute.js';
import { FULL_TRAIN_COUNT } from '../experiments/recipe.js';
import { runReproduce, type ReproduceReport } from '../experiments/reproduce.js';
import { formatReproduce } from '../experiments/reproduceFormat.js';
import type { ClassifierOptions } from '../model/options.js';
import { loadFromFlags } from './dataSource.js';
import { STUDY_RUN_FILES } from '../node/runFiles.js';
import { openRunDir } from './runDir.js';
import { writeReportInto } from '../report/html/writeReport.js';
import { commandLine } from './commandLine.js';
import type { ReproduceFlags } from './reproduce.js';
import { grouped } from '../util/grouped.js';

/** What `softmax reproduce --json` prints and reproduce.json holds. Accuracies in percent. */
export interface ReproduceSummary extends ReproduceReport {
  data: { dir: string; trainCount: number; testCount: number; isFashionMnist: boolean };
  command: string;
  outDir: string;
}

/** What reproduce.ts read from the flags. */
export interface ReproducePlan {
  options: ClassifierOptions;
  jobs: number | undefined;
  epochsScale: number;
}

/** Loads the data, runs the original recipe's tables, writes the run folder and prints the comparison. */
export async function runReproduceCommand(flags: ReproduceFlags, plan: ReproducePlan): Promise<void> {
  const { options, epochsScale } = plan;
  const jobs = plan.jobs ?? defaultJobs();
  const bundle = loadFromFlags({ ...flags, trainLimit: flags.full ? FULL_TRAIN_COUNT : flags.trainLimit });
  const { train, test } = bundle;
  const log = (s: string): void => {
    if (!flags.json) process.stdout.write(s + '\n');
  };
  log(
    `Reproducing Tables 1 and 2 and softmax versus one-vs-rest: 5 full-batch runs on ${grouped(train.n)} ` +
      `training images, scored on ${grouped(test.n)} test images, up to ${jobs} job${jobs === 1 ? '' : 's'}`,
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
