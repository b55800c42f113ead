/**
 * Property tests of the report's readers (issue 8 §7): random and mutated run folders (metrics.json,
 * history.json, model.json, sweep.json, reproduce.json) give a page or an InputError, never another
 * exception; the page carries no markup or control characters from the data, and every note is one
 * printable line that is not a caught bug. Runs are few because each report renders its charts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import {
  historyOf,
  metricsOf,
  modelOf,
  pageProblems,
  reportOf,
  writeRun,
  type RunFiles,
} from './syntheticRun.js';

const FILES = ['metrics.json', 'history.json', 'model.json', 'sweep.json', 'reproduce.json'] as const;

/** Strings a hostile file would hold: any code point, lone surrogates, controls, markup. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\u2028',
    '\u0000',
    '\u001b[2J',
    '\ud800',
    '\udfff x',
    '</script><script>alert(1)</script>',
    '"><svg onload=alert(1)>',
    'NaN',
    '-Infinity',
    '',
    'x'.repeat(3000),
  ),
);

/** Values to put where a field was: wrong types, edge numbers, hostile strings, small structures. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(0, -1, -5, 2.5, 1e300, -1e300, 1e-300, 2 ** 53 + 2, null, true, [], {}, [[1], [1, 2]]),
  fc.integer({ min: -3, max: 3000 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A mutation: at the `pick`-th path of `file` (in a fixed walk order), replace, delete or duplicate. */
const mutation = fc.record({
  file: fc.constantFrom(...FILES),
  pick: fc.nat(),
  action: fc.constantFrom('replace', 'delete', 'grow'),
  value: replacement,
});

/** A valid folder of `k` classes of `h` × `w` images, with a sweep and a reproduction. */
async function validFolder(k: number, h: number, w: number): Promise<Record<string, unknown>> {
  return {
    'metrics.json': metricsOf(k),
    'history.json': historyOf(4),
    'model.json': await modelOf(k, h, w),
    'sweep.json': {
      axes: [{ key: 'learningRate' }],
      rows: [0.1, 0.3].map((lr, i) => ({
        swept: { learningRate: lr },
        accuracy: 0.7 + i / 10,
        status: 'ok',
      })),
      runs: [{ options: { learningRate: 0.1 }, history: [{ epoch: 1, accuracyFirst2000: 0.5 }] }],
      fixed: { epochs: 2 },
      command: 'softmax sweep --lr 0.1,0.3',
    },
    'reproduce.json': {
      table1: [{ epochs: 2, accuracy: 61.5, published: 79.95 }],
      table2: [{ lr: 0.8, accuracy: 62.6, published: 83.7 }],
      recipe: { description: ['full batch'], options: { learningRate: 0.1 } },
      comparison: { softmax: { accuracy: 70 }, ovr: { accuracy: 60 } },
      checks: { largestGap: 2, tolerance: 2.5, allWithinTolerance: true },
      runs: [{ options: { learningRate: 0.1 }, history: [{ epoch: 1, accuracy: 0.5 }] }],
    },
  };
}

/** Every path into a JSON value, parents before children, at most `max` of them. */
function paths(value: unknown, max = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]): void => {
    if (out.length >= max || typeof v !== 'object' || v === null) return;
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      const child = (v as Record<string | number, unknown>)[key];
      out.push([...at, key]);
      walk(child, [...at, key]);
    }
  };
  walk(value, []);
  return out;
}

function apply(files: Record<string, unknown>, m: Mutation): void {
  const root = files[m.file];
  const all = paths(root);
  if (all.length === 0) {
    files[m.file] = m.value;
    return;
  }
  const path = all[m.pick % all.length];
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (m.action === 'delete') {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  } else if (m.action === 'grow' && Array.isArray(parent[key])) {
    const list = parent[key] as unknown[];
    parent[key] = Array.from(
      { length: 3 * list.length + 1 },
      (_, i) => list[i % Math.max(1, list.length)] ?? m.value,
    );
  } else {
    parent[key] = m.value;
  }
}

type Mutation = { file: (typeof FILES)[number]; pick: number; action: string; value: unknown };

/** The property: a page without problems, or an InputError; nothing else. */
async function reportsOrRefuses(files: RunFiles): Promise<void> {
  const dir = writeRun(files);
  let result: Awaited<ReturnType<typeof reportOf>>;
  try {
    result = await reportOf(dir);
  } catch (err) {
    if (err instanceof InputError) {
      // eslint-disable-next-line no-control-regex -- one printable line
      expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      return;
    }
    throw err;
  }
  expect(pageProblems(result.html)).toEqual([]);
  for (const n of result.notes) {
    expect(n).not.toMatch(/unexpected error/);
    // eslint-disable-next-line no-control-regex -- one printable line
    expect(n).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  }
}

describe('the report on random and mutated run folders', () => {
  it('mutated valid folders give a page or an InputError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.subarray([...FILES]),
        async (k, h, w, mutations, dropped) => {
          const files = await validFolder(k, h, w);
          for (const m of mutations) apply(files, m);
          for (const f of dropped) delete files[f];
          await reportsOrRefuses(files);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);

  it('random JSON and random text in every file give a page or an InputError', async () => {
    const content = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          Object.fromEntries(FILES.map((f) => [f, content])) as Record<
            (typeof FILES)[number],
            typeof content
          >,
          { requiredKeys: [] },
        ),
        async (files) => {
          // A string is written as the file's exact text: usually not JSON, which must be one line.
          await reportsOrRefuses(files);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
