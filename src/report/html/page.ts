import { esc, type Section } from './markup.js';
import { STYLES } from './styles.js';

/**
 * No request may leave the page: this policy makes a browser refuse any fetch at all (scripts, fonts,
 * images other than the inlined data: ones), so a slip in a future chart shows up as a console error in
 * the browser test instead of a silent request.
 */
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** The whole document: header, table of contents, one panel per section, and a footer. */
export function renderPage(title: string, header: string, sections: Section[]): string {
  const toc = sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.nav)}</a>`).join('');
  const panels = sections
    .map(
      (s) =>
        `<section class="panel" id="${esc(s.id)}"><h2>${esc(s.title)}</h2>` +
        (s.lead ? `<p class="lead">${s.lead}</p>` : '') +
        `${s.body}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="softmax-classifier report">
<title>${esc(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${header}
<nav class="toc">${toc}</nav>
${panels}
<footer>Made by <code>softmax report</code>. Rebuild it from the run folder with <code>softmax report RUN_DIR</code>.</footer>
</main>
</body>
</html>
`;
}
