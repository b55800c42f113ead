import type { LoggerInterface } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { useArialMetrics } from './textMetrics.js';
import { CHART_CONFIG } from './theme.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

/** Vega's log level for warnings (vega.Warn), here so that the logger needs no import of Vega. */
const WARN = 2;

let engines: Promise<{ vega: Vega; vegaLite: VegaLite }> | null = null;

/**
 * Vega and Vega-Lite, loaded on the first chart: together they take a few hundred milliseconds to
 * import, which every `softmax --help` and every mistyped flag would otherwise pay. The built package
 * loads them from the one-file bundle scripts/bundleCharts.mjs writes (dist/vendor/charts.js), about
 * 100 ms faster than from their ~40 packages; run from the sources, as the tests do, there is no
 * bundle beside this file and the packages themselves are imported.
 */
function loadEngines(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  engines ??= importBundle()
    .catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      return Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({
        vega,
        vegaLite,
      }));
    })
    .then((e) => {
      useArialMetrics(e.vega);
      return e;
    });
  return engines;
}

/** The bundle, by a URL relative to this module (dist/report/charts/ → dist/vendor/). */
function importBundle(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  return import(new URL('../../vendor/charts.js', import.meta.url).href) as Promise<{
    vega: Vega;
    vegaLite: VegaLite;
  }>;
}

/** A chart as the report needs it: a stable id (also the figure's file name), a caption, the spec. */
export interface ChartSpec {
  id: string;
  caption: string;
  spec: TopLevelSpec;
}

/** A chart rendered to a standalone SVG document (with its XML namespaces, as an .svg file needs). */
export interface RenderedChart {
  id: string;
  caption: string;
  svg: string;
  /** What Vega and Vega-Lite warned about while rendering (kept out of the terminal; tests assert none). */
  warnings: string[];
}

/**
 * Renders a Vega-Lite spec to SVG in Node: Vega's headless view (renderer 'none') lays the scene out and
 * serialises it, with no DOM, no canvas and no network (the specs carry their data inline).
 */
export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  const { vega, vegaLite } = await loadEngines();
  const spec: TopLevelSpec = { ...chart.spec, config: { ...CHART_CONFIG, ...chart.spec.config } };
  const logger = collectingLogger();
  const compiled = vegaLite.compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: WARN });
  try {
    const svg = await view.toSVG();
    if (logger.errors.length > 0) throw new Error(`chart ${chart.id}: ${logger.errors.join('; ')}`);
    return { id: chart.id, caption: chart.caption, svg, warnings: logger.warnings };
  } finally {
    view.finalize();
  }
}

/**
 * The SVG for inlining in HTML5, where the namespace declarations are implied: dropping them leaves the
 * report without a single URL, which keeps the "no external reference" check simple and strict. The
 * SVG's internal ids (clip paths) get the chart's id as a prefix, because all inline SVGs share the page's
 * id space and Vega numbers them per process, not per chart.
 */
export function inlineSvg(svg: string, idPrefix = ''): string {
  const out = svg.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
  if (!idPrefix) return out;
  return out
    .replace(/\bid="([^"]+)"/g, `id="${idPrefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${idPrefix}-$1)`);
}

/**
 * Keeps Vega's messages instead of printing them: a CLI that writes a report must not spray warnings.
 * A plain object of closures, because Vega copies the methods onto its view and calls them with that
 * view as `this`.
 */
type CollectingLogger = LoggerInterface & { warnings: string[]; errors: string[] };

function collectingLogger(): CollectingLogger {
  const warnings: string[] = [];
  const errors: string[] = [];
  const text = (args: readonly unknown[]): string =>
    args
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a)))
      .join(' ');
  let level = WARN;
  const logger: CollectingLogger = {
    warnings,
    errors,
    level: ((l?: number) => {
      if (l === undefined) return level;
      level = l;
      return logger;
    }) as CollectingLogger['level'],
    error: (...args: readonly unknown[]) => (errors.push(text(args)), logger),
    warn: (...args: readonly unknown[]) => (warnings.push(text(args)), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
