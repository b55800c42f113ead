/**
 * Property tests for every reader of outside bytes: random and mutated inputs give a value or an
 * InputError, never another exception, and memory stays within what the input promises.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, idxHeader, parseIdx } from '../../src/data/idx.js';
import { pngHeader } from '../../src/data/png.js';
import { parseModelJSON, type ModelJSON } from '../../src/model/modelFormat.js';
import { gunzipIdx } from '../../src/node/idxFile.js';
import { parseJsonText } from '../../src/node/jsonFile.js';
import { decodePng, encodeGrayPng } from '../../src/node/pngFile.js';
import { MB } from '../../src/data/fileLimits.js';
import { pngBytes, tinyModelJSON } from './fixtures.js';
import { valueOrInputError, mutated } from '../helpers/fuzz.js';

const RUNS = { numRuns: 200, seed: 8 };

const validIdx = encodeIdx(
  [3, 4, 5],
  Uint8Array.from({ length: 60 }, (_, i) => (i * 7) % 256),
);

describe('IDX reader', () => {
  it('parseIdx: random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        (b, dims) => valueOrInputError(() => parseIdx(b, 'f', dims)),
      ),
      RUNS,
    );
  });

  it('parseIdx: mutated valid files; a header that passes agrees with the data it describes', () => {
    fc.assert(
      fc.property(mutated(validIdx), (b) => {
        valueOrInputError(() => {
          const r = parseIdx(b, 'f', 3);
          expect(r.data.length).toBe(r.dims.reduce((p, d) => p * d, 1));
        });
      }),
      RUNS,
    );
  });

  it('parseIdx: arguments of the wrong type are InputErrors', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (b, name, dims) =>
        valueOrInputError(() => parseIdx(b as Uint8Array, name as string, dims as number)),
      ),
      { numRuns: 100, seed: 8 },
    );
  });

  it('gunzipIdx: random bytes behind the gzip magic, and mutated gzip files', () => {
    const gz = gzipSync(validIdx);
    const randomGzip = fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([0x1f, 0x8b, 8, 0, ...b]));
    fc.assert(
      fc.property(fc.oneof(randomGzip, mutated(gz)), (b) =>
        valueOrInputError(() => parseIdx(gunzipIdx(b, 'f.gz', MB, 3), 'f.gz', 3)),
      ),
      RUNS,
    );
  });

  it('gunzipIdx: a stream longer than its header promises never costs more than the promise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 8 }),
        (n, side, extraMB) => {
          const header = encodeIdx([n, side, side], new Uint8Array(0));
          const gz = gzipSync(Buffer.concat([header, Buffer.alloc(extraMB * MB)]), { level: 1 });
          const promised = idxHeader(header, 'f', 3).valueCount + header.length;
          const before = process.memoryUsage().arrayBuffers;
          expect(() => gunzipIdx(gz, 'bomb.gz', 64 * MB, 3)).toThrow(
            /inflates to more than the \d+ bytes its IDX header promises/,
          );
          // The prefix inflation and one output chunk of the promised size, with room for zlib's buffers.
          expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(promised + 2 * MB);
        },
      ),
      { numRuns: 12, seed: 8 },
    );
  });
});

describe('PNG path', () => {
  const expected = { height: 6, width: 5 };
  const validPng = encodeGrayPng(
    Uint8Array.from({ length: 30 }, (_, i) => i * 8),
    5,
    6,
  );
  const validRgba = pngBytes({ width: 5, height: 6, colorType: 6, bitDepth: 16, interlace: 1 });

  it('decodePng: random bytes behind the signature', () => {
    const randomPng = fc
      .uint8Array({ maxLength: 80 })
      .map((b) => Uint8Array.from([...validPng.subarray(0, 8), ...b]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), randomPng), (b) =>
        valueOrInputError(() => decodePng(b, 'x.png', expected)),
      ),
      RUNS,
    );
  });

  it('decodePng: mutated valid files; what decodes has the expected size', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(validPng), mutated(validRgba)), (b) =>
        valueOrInputError(() => {
          const img = decodePng(b, 'x.png', expected);
          expect([img.width, img.height, img.gray.length]).toEqual([5, 6, 30]);
        }),
      ),
      RUNS,
    );
  });

  it('pngHeader: any IHDR fields give a header the standard allows or an InputError', () => {
    fc.assert(
      fc.property(
        fc.record({
          width: fc.nat(),
          height: fc.nat(),
          bitDepth: fc.integer({ min: 0, max: 255 }),
          colorType: fc.integer({ min: 0, max: 255 }),
          interlace: fc.integer({ min: 0, max: 255 }),
        }),
        (spec) =>
          valueOrInputError(() => {
            const h = pngHeader(pngBytes({ ...spec, raw: new Uint8Array(1) }), 'x.png');
            expect(h.width).toBeGreaterThan(0);
            expect([0, 2, 3, 4, 6]).toContain(h.colorType);
          }),
      ),
      RUNS,
    );
  });
});

describe('model-file reader', () => {
  let model: ModelJSON;
  beforeAll(() => {
    model = tinyModelJSON();
  });

  it('parseModelJSON: random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => valueOrInputError(() => parseModelJSON(v, 'model.json'))),
      RUNS,
    );
  });

  it('parseModelJSON: a valid model with a field replaced, removed or added', () => {
    const keys = Object.keys(model);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys, 'options', 'preprocessing'),
        fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
        fc.option(fc.constantFrom('learningRate', 'threads', 'epochs', 'seed', 'batchSize', 'kind', 'mean'), {
          nil: undefined,
        }),
        (key, value, inner) => {
          const m: Record<string, unknown> = structuredClone(model) as unknown as Record<string, unknown>;
          const target =
            inner !== undefined && typeof m[key] === 'object' && m[key] !== null
              ? (m[key] as Record<string, unknown>)
              : m;
          const field = target === m ? key : inner!;
          if (value === undefined) delete target[field];
          else target[field] = value;
          valueOrInputError(() => parseModelJSON(m, 'model.json'));
        },
      ),
      RUNS,
    );
  });

  it('parseModelJSON: numbers of every kind in the weights and sizes', () => {
    const odd = fc.oneof(fc.double(), fc.constantFrom(1e300, -1e300, 2 ** 53, -0, 0.5, 1e9));
    fc.assert(
      fc.property(fc.constantFrom('height', 'width', 'numClasses', 'W0', 'b0'), odd, (key, v) => {
        const m = structuredClone(model) as unknown as Record<string, unknown>;
        if (key === 'W0') (m.W as number[])[0] = v;
        else if (key === 'b0') (m.b as number[])[0] = v;
        else m[key] = v;
        valueOrInputError(() => parseModelJSON(m, 'model.json'));
      }),
      RUNS,
    );
  });

  it('parseJsonText: random text and mutated model files', () => {
    const text = () => JSON.stringify(model);
    const mutatedText = fc
      .tuple(fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 }))
      .map(([at, s, del]) => {
        const t = text();
        const i = at % (t.length + 1);
        return t.slice(0, i) + s + t.slice(i + del);
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), mutatedText), (t) =>
        valueOrInputError(() => parseModelJSON(parseJsonText(t, 'model.json'), 'model.json')),
      ),
      RUNS,
    );
  });
});
