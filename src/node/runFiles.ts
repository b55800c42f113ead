/**
 * The names of the files a run folder holds, in one place for the commands that write them and the
 * report that reads them. Node-free: only names.
 */
export const RUN_FILES = {
  model: 'model.json',
  metrics: 'metrics.json',
  history: 'history.json',
  report: 'report.html',
} as const;

/** What `softmax sweep` and `softmax reproduce` add to their run folders. */
export const STUDY_RUN_FILES = {
  sweep: 'sweep.json',
  sweepCsv: 'sweep.csv',
  sweepMarkdown: 'sweep.md',
  reproduce: 'reproduce.json',
} as const;

const NAMES: ReadonlySet<string> = new Set([...Object.values(RUN_FILES), ...Object.values(STUDY_RUN_FILES)]);

/**
 * True for a file a softmax run writes: the files above, the report's figures (NAME.svg, NAME.png), and
 * the hidden `.NAME.*.tmp` files older versions could leave behind. A folder holding anything else is
 * not replaced by a new run: it may be the user's.
 */
export function isRunOutput(name: string): boolean {
  return NAMES.has(name) || /^[\w.-]+\.(svg|png)$/.test(name) || /^\..+\.tmp$/.test(name);
}
