/**
 * The page's first script: it lets the browser paint the page's frame (the header, the cards, the empty
 * panels, "Starting…") before it loads the app, whose modules (the classifier, the model format and its
 * schema library, about half a megabyte) take a few hundred milliseconds to evaluate on a busy machine.
 * The app starts after the first frame, or after 250 ms where no frame comes (a tab opened in the background).
 */
let started = false;
function start(): void {
  if (started) return;
  started = true;
  void import(new URL('./app.js', import.meta.url).href);
}
requestAnimationFrame(() => setTimeout(start, 0));
setTimeout(start, 250);
