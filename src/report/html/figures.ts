import type { RenderedChart } from '../charts/render.js';
import type { RunFolderTransaction } from '../../node/runFolder.js';

/** PNGs for slides: twice the SVG's size, sharp on a projector and on high-density screens. */
const PNG_ZOOM = 2;

export interface FiguresResult {
  files: string[];
  /** Why no PNG files were written, if none were (the SVGs are written regardless). */
  pngSkipped?: string;
}

/**
 * Writes each chart into the run folder, beside the report, as NAME.svg and NAME.png. The PNG comes from resvg (a Rust SVG
 * renderer shipped as a prebuilt binary inside its npm package), loaded only here so that a platform
 * without a prebuilt binary still gets its report and SVGs.
 */
export async function writeFigures(
  folder: Pick<RunFolderTransaction, 'writeFile'>,
  charts: RenderedChart[],
): Promise<FiguresResult> {
  const files: string[] = [];
  let render: ((svg: string) => Buffer) | null = null;
  let pngSkipped: string | undefined;
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    render = (svg) =>
      new Resvg(svg, {
        fitTo: { mode: 'zoom', value: PNG_ZOOM },
        font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
      })
        .render()
        .asPng();
  } catch (err) {
    pngSkipped = `PNG figures skipped: the SVG renderer @resvg/resvg-js could not be loaded (${(err as Error).message})`;
  }
  for (const chart of charts) {
    files.push(folder.writeFile(`${chart.id}.svg`, chart.svg));
    if (render) files.push(folder.writeFile(`${chart.id}.png`, render(chart.svg)));
  }
  return { files, pngSkipped };
}
