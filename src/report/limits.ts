/**
 * What the report draws, and up to what size. Past these sizes a chart stops being readable (50 × 50
 * confusion cells are already 14 px each) and its cost grows with the square of the class count, so the
 * report draws less and says what it left out. One place, so the page, the notes and the README agree.
 */
export const REPORT_LIMITS = {
  /** The confusion heatmap is drawn up to this many classes; beyond, the most confused pairs as a table. */
  heatmapClasses: 50,
  /** Bars of the per-class chart: all classes up to this many, else this many of the weakest. */
  perClassBars: 50,
  /** The terminal's confusion table is printed up to this many classes (wider does not fit a terminal). */
  terminalMatrixClasses: 20,
  /** Rows of the most-confused-pairs table shown in place of a heatmap. */
  confusedPairs: 20,
  /** Weight templates are drawn up to this many classes... */
  templateClasses: 60,
  /** ...and only for images of at least this many pixels (a 1 × 1 template shows nothing)... */
  templateMinPixels: 9,
  /** ...and at most this many (a template is one PNG inside the page). */
  templateMaxPixels: 256 * 256,
  /** Galleries need per-image predictions of the model: drawn up to this many classes (labels are bytes). */
  galleryClasses: 256,
  /** Gallery thumbnails are drawn for images of at most this many pixels. */
  galleryMaxPixels: 256 * 256,
  /** A class name is shown with at most this many characters (the full name stays in metrics.json). */
  nameChars: 40,
  /** Class names listed in the settings; the rest are counted. */
  listedNames: 60,
  /** Options listed in the settings table, and characters of one value or command. */
  settingsRows: 60,
  valueChars: 300,
  commandChars: 4000,
  /** Points per training curve: longer histories are thinned evenly (first and last epoch kept). */
  curvePoints: 500,
  /** Rows of the per-epoch table, thinned the same way. */
  epochRows: 200,
  /** Rows and columns of a study table (sweep, reproduction). */
  tableRows: 500,
  tableColumns: 30,
  /** Points of a study chart; a chart with more is left out (its table remains). */
  studyChartPoints: 2000,
  /** A run-folder JSON file larger than this is refused before it is read. */
  fileBytes: 64 * 1024 * 1024,
} as const;
