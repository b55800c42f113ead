import { Command } from 'commander';
import { openRunDir } from './runDir.js';

interface ReportFlags {
  figures?: boolean;
}

/**
 * `softmax report RUN_DIR [--figures]`: rebuilds report.html from the files a run left behind, e.g. after
 * an upgrade of the report, or on a machine that only has the run folder.
 */
export function reportCommand(): Command {
  return new Command('report')
    .description('rebuild report.html (charts, weight templates, image galleries) from a run folder')
    .argument('<run-dir>', 'a run folder written by softmax train, reproduce or sweep')
    .option('--figures', 'also write every chart as NAME.svg and NAME.png beside the report, for slides')
    .action(async (runDir: string, flags: ReportFlags) => {
      // The folder is replaced as a whole: links to its files plus the new report, swapped in at the end.
      const run = openRunDir(runDir, { keepExisting: true, label: 'run folder' });
      let result;
      try {
        // Loaded here, not at start-up: a bad flag or folder answers without the report's code.
        const { writeReportInto } = await import('../report/html/writeReport.js');
        const { reloadEvaluationRows } = await import('./dataSource.js');
        result = await writeReportInto(run, {
          figures: flags.figures === true,
          reloadRows: reloadEvaluationRows,
        });
        run.commit();
      } finally {
        run.close();
      }
      for (const n of result.notes) process.stderr.write(`softmax report: ${n}\n`);
      process.stdout.write(`Report: ${result.report}\n`);
      if (result.figures.length > 0) {
        process.stdout.write(`Figures (${result.figures.length} files):\n`);
        for (const f of result.figures) process.stdout.write(`  ${f}\n`);
      }
    });
}
