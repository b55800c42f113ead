/**
 * The report in a real browser: Debian's Chromium, driven by playwright-core, opens a report made by a
 * short training run from disk and checks what a reader would see. Skipped (saying why) where Chromium is
 * missing, except under CI=true, where a missing browser is a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFUSION_CELL_CLASS } from '../../src/report/charts/confusionChart.js';
import { writeReport } from '../../src/report/html/writeReport.js';
import { CLI, runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// CLI: the built command line, from the helper that runs it.
const SCREENSHOT = join(ROOT, 'test-artifacts/report.png');

const haveChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === 'true';
const skipReason = `${CHROMIUM} not found (apt-get install chromium); the browser test of report.html is skipped`;

if (!haveChromium && !inCI) {
  process.stderr.write(`test/browser/report.test.ts: ${skipReason}\n`);
}

if (!haveChromium && inCI) {
  describe('report in Chromium (CI)', () => {
    it('needs Chromium under CI=true', () => {
      throw new Error(`${CHROMIUM} not found, and CI=true requires the browser test to run`);
    });
  });
}

describe.skipIf(!haveChromium)(`report in Chromium${haveChromium ? '' : ` — skipped: ${skipReason}`}`, () => {
  let browser: Browser;
  let page: Page;
  let runDir: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let pageUrl = '';

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first (npm test does)`);
    runDir = join(mkdtempSync(join(tmpdir(), 'softmax-browser-')), 'run');
    const train = await runCli(
      [
        'train',
        '--epochs',
        '2',
        '--train-limit',
        '3000',
        '--test-limit',
        '1000',
        '--out',
        runDir,
        '--no-progress',
      ],
      { timeoutMs: 240_000 },
    );
    if (train.code !== 0) throw new Error(`softmax train failed (${train.code}): ${train.stderr}`);
    const report = await writeReport(runDir);
    pageUrl = pathToFileURL(report).href;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    // data: URLs are inlined bytes, not requests; anything else but the page itself would be the network.
    page.on('request', (r) => {
      if (r.url() !== pageUrl && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads without console errors and without a single network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows every chart as a non-empty SVG', async () => {
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute('data-chart'),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg?.querySelectorAll('path, text').length ?? 0,
        };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['loss', 'accuracy', 'confusion-matrix', 'per-class']);
    for (const c of charts) {
      expect(c.width, c.id ?? '').toBeGreaterThan(100);
      expect(c.height, c.id ?? '').toBeGreaterThan(100);
      expect(c.marks, c.id ?? '').toBeGreaterThan(10);
    }
  });

  it('has loaded every image at its natural size', async () => {
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((i) => {
        const img = i as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number };
        return { complete: img.complete, w: img.naturalWidth, h: img.naturalHeight };
      }),
    );
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as {
      classNames: string[];
    };
    expect(images.length).toBeGreaterThan(metrics.classNames.length); // templates and gallery
    for (const img of images) {
      expect(img.complete).toBe(true);
      expect(img.w).toBeGreaterThan(0);
      expect(img.h).toBeGreaterThan(0);
    }
  });

  it('draws the confusion matrix with one cell per pair of classes', async () => {
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as {
      classNames: string[];
    };
    const k = metrics.classNames.length;
    const cells = await page
      .locator(`figure[data-chart="confusion-matrix"] g.${CONFUSION_CELL_CLASS} > path`)
      .count();
    expect(cells).toBe(k * k);
  });

  it('saves a screenshot as a test artefact', async () => {
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
  });
});
