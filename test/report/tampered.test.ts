/**
 * Tampered run folders: every case is either a report that leaves out what it cannot draw and says why
 * (in the page and in the notes the command line prints), or one line naming the file and the field.
 * Never another exception, never markup or control characters from the data in the page.
 */
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { REPORT_LIMITS } from '../../src/report/limits.js';
import { writeReportFiles } from '../../src/report/html/writeReport.js';
import { InputError } from '../../src/util/errors.js';
import {
  classNames,
  historyOf,
  metricsOf,
  modelOf,
  pageProblems,
  reportOf,
  writeRun,
  type RunFiles,
} from './syntheticRun.js';

const K = 4;
const HOSTILE = [
  'line\u2028separator',
  'nul\u0000byte',
  '\u001b[31mred\u001b[0m',
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'right\u202eto-left',
  'a'.repeat(5000),
];

async function valid(k = K): Promise<RunFiles> {
  return { 'metrics.json': metricsOf(k), 'history.json': historyOf(5), 'model.json': await modelOf(k, 3, 3) };
}

type Case = {
  name: string;
  files: () => Promise<RunFiles>;
  /** Each must match some note (and the page). */
  notes?: RegExp[];
  /** Charts expected in the page, in order. */
  charts?: string[];
  page?: RegExp[];
};

const metricsWith = async (change: (m: Record<string, unknown>) => void, k = K): Promise<RunFiles> => {
  const files = await valid(k);
  change(files['metrics.json'] as Record<string, unknown>);
  return files;
};

const REPORTED: Case[] = [
  {
    name: 'a ragged confusion matrix',
    files: () => metricsWith((m) => ((m.confusionMatrix as number[][])[1] = [1, 2, 3])),
    notes: [/metrics\.json: confusionMatrix is not square \(row 1 has 3 values, there are 4 rows\)/],
    charts: ['loss', 'accuracy', 'per-class'],
    page: [/the confusion heatmap is left out/, /Most confused pairs/],
  },
  {
    name: 'a confusion matrix smaller than the class count',
    files: () =>
      metricsWith(
        (m) =>
          (m.confusionMatrix = [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ]),
      ),
    notes: [/confusionMatrix is 3 × 3 but there are 4 class names/],
    charts: ['loss', 'accuracy', 'per-class'],
  },
  {
    name: '3,000 class names',
    files: () => metricsWith((m) => (m.classNames = classNames(3000))),
    notes: [/confusionMatrix is 4 × 4 but there are 3,000 class names/],
    page: [/class 59 and 2,940 more/],
  },
  {
    name: 'class names with control characters, markup and huge lengths',
    files: async () => {
      const names = HOSTILE.slice(0, K);
      const files = await metricsWith((m) => {
        m.classNames = names;
        m.perClass = (m.perClass as { name: string }[]).map((p, i) => ({ ...p, name: HOSTILE[i + 3] }));
      });
      files['model.json'] = await modelOf(K, 3, 3, HOSTILE.slice(3, 3 + K));
      return files;
    },
    charts: ['loss', 'accuracy', 'confusion-matrix', 'per-class'],
    page: [/&lt;\/script&gt;&lt;script&gt;alert\(1\)/, /aaaaa…/],
  },
  {
    name: 'duplicate class names (the heatmap still has k × k cells)',
    files: () => metricsWith((m) => (m.classNames = ['x', 'x', 'x', 'x'])),
    charts: ['loss', 'accuracy', 'confusion-matrix', 'per-class'],
    page: [/x #3/],
  },
  {
    name: 'a negative test count',
    files: () => metricsWith((m) => (m.data = { dir: '/nowhere', testCount: -5, trainCount: 10 })),
    notes: [/metrics\.json: data\.testCount: .*got -5: left out/],
  },
  {
    name: 'a fractional count in the confusion matrix',
    files: () => metricsWith((m) => ((m.confusionMatrix as number[][])[2][1] = 2.5)),
    notes: [/metrics\.json: confusionMatrix: .*got 2\.5: left out/],
    charts: ['loss', 'accuracy', 'per-class'],
  },
  {
    name: 'NaN as a string',
    files: () => metricsWith((m) => ((m.accuracy = 'NaN'), (m.logLoss = 'Infinity'))),
    notes: [/metrics\.json: accuracy: .*got "NaN": left out/, /metrics\.json: logLoss: .*got "Infinity"/],
  },
  {
    name: 'huge numbers',
    files: () =>
      metricsWith((m) => {
        m.accuracy = 1e308;
        m.logLoss = 1e300;
        m.trainSeconds = 1e300;
        (m.confusionMatrix as number[][])[0][0] = 1e300;
      }),
    notes: [/accuracy: .*got 1e\+308: left out/, /confusionMatrix: .*got 1e\+300: left out/],
  },
  {
    name: 'a history with non-finite values',
    files: async () => ({
      ...(await valid()),
      'history.json':
        '[{"epoch":1,"loss":1e999,"trainAccuracy":0.5},{"epoch":2,"loss":0.5,"trainAccuracy":0.6},' +
        '{"epoch":3,"loss":0.4,"trainAccuracy":"NaN"},{"epoch":4,"loss":0.3,"trainAccuracy":0.7}]',
    }),
    notes: [/history\.json: 2 of 4 rows left out \(first: 0\.loss: .*got Infinity\)/],
    charts: ['loss', 'accuracy', 'confusion-matrix', 'per-class'],
  },
  {
    name: 'a history that is not a list',
    files: async () => ({ ...(await valid()), 'history.json': { epochs: 3 } }),
    notes: [/history\.json: expected a list, got an object: left out/],
    charts: ['confusion-matrix', 'per-class'],
  },
  {
    name: 'per-class scores with fields missing',
    files: () => metricsWith((m) => (m.perClass = [{ name: 'a', accuracy: 0.5 }])),
    notes: [/metrics\.json: perClass: .*left out/],
    charts: ['loss', 'accuracy', 'confusion-matrix'],
  },
  {
    name: 'metrics.json that is a list',
    files: async () => ({ ...(await valid()), 'metrics.json': [1, 2, 3] }),
    notes: [/metrics\.json: expected an object, got a list of 3: left out/],
  },
  {
    name: 'a model whose weights do not match its shape',
    files: async () => {
      const files = await valid();
      (files['model.json'] as { W: number[] }).W.pop();
      return files;
    },
    notes: [/model\.json: .*W.*the weight templates and image galleries are left out/],
  },
  {
    name: 'a model of 1 × 1 images (nothing to see in a template)',
    files: async () => ({ ...(await valid()), 'model.json': await modelOf(K, 1, 1) }),
    notes: [/images of 1 × 1 pixels are too small to show a pattern: the weight templates are left out/],
  },
  {
    name: 'a sweep with markup and control characters in its values',
    files: async () => ({
      'sweep.json': [
        { learningRate: 0.1, accuracy: 0.8, note: HOSTILE[3] },
        { learningRate: 0.3, accuracy: 0.7, note: HOSTILE[0] },
      ],
    }),
    charts: ['sweep-learning-rate'],
  },
];

describe('softmax report on tampered run folders: written, with what was left out said', () => {
  it.each(REPORTED)('$name', async (c) => {
    const { html, notes, charts } = await reportOf(writeRun(await c.files()));
    expect(pageProblems(html)).toEqual([]);
    for (const pattern of c.notes ?? []) {
      expect(
        notes.some((n) => pattern.test(n)),
        `${pattern} in ${JSON.stringify(notes)}`,
      ).toBe(true);
    }
    if (c.notes) expect(html).toContain('id="left-out"');
    for (const n of notes) {
      expect(n).not.toMatch(/unexpected error/);
      // eslint-disable-next-line no-control-regex -- one printable line each
      expect(n).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    }
    if (c.charts) expect(charts).toEqual(c.charts);
    for (const pattern of c.page ?? []) expect(html).toMatch(pattern);
  });
});

describe('softmax report on unreadable run folders: one line naming the file', () => {
  const cases: { name: string; make: () => Promise<string>; error: RegExp }[] = [
    {
      name: 'metrics.json that is not JSON',
      make: async () => writeRun({ ...(await valid()), 'metrics.json': '{"accuracy": 0.5,\n\u2028 oops' }),
      error: /metrics\.json: not valid JSON \(at position \d+, line 2/,
    },
    {
      name: 'metrics.json larger than the report reads',
      make: async () => {
        const dir = writeRun(await valid());
        truncateSync(join(dir, 'metrics.json'), REPORT_LIMITS.fileBytes + 1);
        return dir;
      },
      error: /metrics\.json: 64(\.0)? MB, larger than the 64 MB the report reads/,
    },
    {
      name: 'model.json that is a folder',
      make: async () => {
        const dir = writeRun({ 'metrics.json': metricsOf(K) });
        mkdirSync(join(dir, 'model.json'));
        return dir;
      },
      error: /model\.json: is a folder/,
    },
    {
      name: 'a folder whose only file is an invalid model',
      make: async () => {
        const dir = writeRun({});
        writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'softmax-classifier', version: 1 }));
        return dir;
      },
      error: /nothing to report: model\.json: not a valid softmax-classifier model/,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const dir = await c.make();
    const err = await reportOf(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(c.error);
    // eslint-disable-next-line no-control-regex -- one printable line
    expect((err as Error).message).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
  });
});

describe('the whole writer on a tampered folder', () => {
  it('writes report.html and returns the notes the command line prints', async () => {
    const files = await metricsWith((m) => {
      (m.confusionMatrix as number[][])[1] = [1];
      m.classNames = HOSTILE.slice(0, K);
    });
    const r = await writeReportFiles(writeRun(files));
    expect(r.notes.join('\n')).toMatch(/confusionMatrix is not square/);
  });

  it('softmax report prints each note as one line on stderr', async () => {
    const files = await metricsWith((m) => {
      m.classNames = classNames(3000);
      m.perClass = 'none';
    });
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await reportCommand().parseAsync([writeRun(files)], { from: 'user' });
    } finally {
      spy.mockRestore();
      out.mockRestore();
    }
    const lines = err.join('').split('\n').filter(Boolean);
    expect(
      lines.some((l) => /^softmax report: metrics\.json: perClass: .*got "none": left out$/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /^softmax report: .*but there are 3,000 class names/.test(l))).toBe(true);
  });
});
