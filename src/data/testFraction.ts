/**
 * Held out as the test set when a source has no test split and neither --test-data nor --test-fraction is
 * given: by the command line (cli/dataSource.ts) and by the page for a dropped CSV or image folder.
 */
export const DEFAULT_TEST_FRACTION = 0.2;
