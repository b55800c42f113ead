#!/usr/bin/env node
// The web page's numbers (issue 11), in Debian's Chromium driven by playwright-core against `softmax serve`:
//   - a full-batch epoch over the 60,000 training images in the page, beside the Node wasm backend at the
//     same thread count (both from the epoch records of the same fit; the bare workload of bench/epochs.mjs too);
//   - the default recipe in the page: seconds from pressing Train until the test accuracy first reaches
//     84.0%, and the main thread's long tasks (over 50 ms, from a PerformanceObserver) while it trains;
//   - first paint from the served URL, and the bytes of the page and its scripts (data excluded).
// Reported, not asserted. `node bench/browser.mjs [--runs 7]` alone, or from bench/run.mjs.
/* global window -- page.evaluate callbacks run in the page */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { summarise, timeRuns } from './timing.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CLI = fileURLToPath(new URL('../dist/bin/softmax.js', import.meta.url));
const OBSERVE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

function serve() {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s) => {
      out += s;
      const m = /softmax serve: (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`softmax serve exited (${code})`)));
  });
}

const stateOf = (page) => page.evaluate(() => window.softmaxPage);
const waitPhase = (page, phase, timeout = 180_000) =>
  page.waitForFunction((p) => window.softmaxPage?.phase === p, phase, { timeout });

/** Opens the page fresh (default knobs), waiting for the bundled data. */
async function open(ctx, url, bytes) {
  const page = await ctx.newPage();
  await page.addInitScript(OBSERVE);
  if (bytes) {
    page.on('response', (r) => {
      if (r.status() === 200 && !r.url().includes('/data/'))
        bytes.set(r.url(), Number(r.headers()['content-length'] ?? 0));
    });
  }
  await page.goto(url, { waitUntil: 'load' });
  await waitPhase(page, 'ready');
  return page;
}

export async function runBrowserBench({ runs = 7, log = (s) => process.stderr.write(s + '\n') } = {}) {
  if (!existsSync(CHROMIUM)) {
    log(`browser bench: ${CHROMIUM} not found (apt-get install chromium); skipped`);
    return null;
  }
  const served = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });

    // First paint and bytes, from a cold load.
    const bytes = new Map();
    let page = await open(ctx, served.url, bytes);
    const paint = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
    );
    const pageBytes = [...bytes.values()].reduce((a, b) => a + b, 0);
    log(
      `page: first paint ${paint['first-paint']?.toFixed(0)} ms, first contentful paint ` +
        `${paint['first-contentful-paint']?.toFixed(0)} ms; page and scripts ${(pageBytes / 1024).toFixed(0)} kB ` +
        `in ${bytes.size} files (data excluded)`,
    );

    // Full-batch epochs in the page (the first is a warm-up, as in timeRuns).
    await page.selectOption('#opt-solver', 'sgd');
    await page.fill('#opt-batchSize', 'full');
    await page.fill('#opt-epochs', String(runs + 1));
    await page.click('#train');
    await waitPhase(page, 'done');
    let s = await stateOf(page);
    const threads = s.threads;
    const pageEpoch = summarise(s.history.slice(1).map((h) => 1000 * h.seconds));
    log(
      `page: full-batch epoch over ${s.summary.trainCount} images, ${s.backend}: median ${pageEpoch.medianMs} ms ` +
        `(min ${pageEpoch.minMs}, max ${pageEpoch.maxMs})`,
    );
    await page.close();

    // The default recipe from pressing Train, in a fresh page.
    page = await open(ctx, served.url);
    await page.click('#train');
    await waitPhase(page, 'done');
    s = await stateOf(page);
    const to84 = s.history.find((h) => h.testAccuracy >= 0.84) ?? null;
    const long = await page.evaluate(
      (from) => window.__longTasks.filter((t) => t.start >= from),
      s.trainPressedAt,
    );
    const recipe = {
      backend: s.backend,
      threads: s.threads,
      epochs: s.history.length,
      accuracy: s.accuracy,
      to84: to84 && { sinceTrainSeconds: to84.sinceTrain, epoch: to84.epoch },
      doneAfterSeconds: s.doneAfterSeconds,
      longTasks: long.length,
      longTasksOver100ms: long.filter((t) => t.duration > 100).length,
      longestTaskMs: long.length ? Math.max(...long.map((t) => t.duration)) : 0,
    };
    log(
      `page: default recipe, ${recipe.backend}: 84.0% ${to84 ? `${to84.sinceTrain.toFixed(2)} s after Train (epoch ${to84.epoch})` : 'never reached'}, ` +
        `final ${(100 * s.accuracy).toFixed(2)}% after ${s.doneAfterSeconds.toFixed(2)} s; main-thread long tasks while ` +
        `training: ${long.length} (${recipe.longTasksOver100ms} over 100 ms, longest ${recipe.longestTaskMs.toFixed(0)} ms)`,
    );
    await ctx.close();

    // Node at the page's thread count: the same fit (solver sgd, full batch) and its epoch records, and
    // the bare full-batch workload of bench/run.mjs (objective and step only) for reference.
    const { loadDataset } = await import('../dist/node/dataset.js');
    const { toByteRows } = await import('../dist/data/preprocess.js');
    const { createBackend } = await import('../dist/node/backend.js');
    const { SoftmaxClassifier } = await import('../dist/model/SoftmaxClassifier.js');
    const { epochWorkloads } = await import('./epochs.mjs');
    const data = loadDataset();
    const d = data.train.height * data.train.width;
    const backend = await createBackend({ backend: 'wasm', threads });
    let nodeEpoch;
    let nodeBare;
    try {
      const clf = new SoftmaxClassifier({ solver: 'sgd', batchSize: 'full', epochs: runs + 1 });
      const seconds = [];
      await clf.fit(data.train, data.train.labels, {
        backend,
        numClasses: data.classNames.length,
        onEpoch: (r) => seconds.push(r.seconds),
      });
      nodeEpoch = { backend: backend.name, ...summarise(seconds.slice(1).map((x) => 1000 * x)) };
      const fn = epochWorkloads(backend, {
        train: toByteRows({ kind: 'scale' }, data.train.pixels, data.train.n, d),
        labels: data.train.labels,
        test: toByteRows({ kind: 'scale' }, data.test.pixels, data.test.n, d),
        d,
        k: data.classNames.length,
        batch: 256,
      }).fullBatchEpoch;
      nodeBare = { backend: backend.name, ...timeRuns(fn, runs) };
    } finally {
      backend.dispose();
    }
    const ratio = pageEpoch.medianMs / nodeEpoch.medianMs;
    log(
      `node: full-batch epoch, ${nodeEpoch.backend}, same fit: median ${nodeEpoch.medianMs} ms (min ${nodeEpoch.minMs}); ` +
        `bare workload ${nodeBare.medianMs} ms; page ÷ node (fit) ${ratio.toFixed(2)} (target ≤ 1.5)`,
    );
    return {
      browser: `${browser.version()} (headless)`,
      firstPaintMs: paint['first-paint'] ?? null,
      firstContentfulPaintMs: paint['first-contentful-paint'] ?? null,
      pageBytes,
      fullBatchEpoch: { threads, page: pageEpoch, node: nodeEpoch, nodeBare, pageOverNode: ratio },
      recipe,
    };
  } finally {
    await browser.close();
    served.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  const result = await runBrowserBench({ runs: i >= 0 ? Number(process.argv[i + 1]) : 7 });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
