/**
 * Property tests for the readers issue 10 added: random and mutated CSV bytes give a table or an
 * InputError (one line), never another exception; so do random and mutated bytes given to the image
 * decoders' wrappers (PNG and JPEG, by content) and to the JPEG header reader.
 */
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { jpegHeader } from '../../src/data/jpeg.js';
import { parseCsv } from '../../src/data/csvTable.js';
import { decodeImage } from '../../src/node/imageFile.js';
import { encodeGrayPng } from '../../src/node/pngFile.js';
import { expectInputError, valueOrInputError, mutated } from '../helpers/fuzz.js';

const RUNS = { numRuns: 300, seed: 10 };

const VALID_CSV = Buffer.from('id,"a, b",c,label\r\nr1,1.5,-2e3,cat\r\nr2,"3",4,dog\r\nr3,,NA,"say ""x"""\r\n\r\n');
/** Characters that matter to CSV, so random text hits quotes, separators and line ends often. */
const csvText = fc
  .array(fc.constantFrom('a', '1', '.', '-', 'e', ',', '"', '\n', '\r', ' ', 'NA', 'label', '\uFEFF', 'é'), { maxLength: 80 })
  .map((parts) => Buffer.from(parts.join('')));

describe('CSV: a table or an InputError', () => {
  const check = async (bytes: Uint8Array, impute: boolean): Promise<void> => {
    try {
      const t = await parseCsv(bytes, 'p.csv', impute ? { impute: 'mean' } : {});
      expect(t.X.values.length).toBe(t.X.n * t.X.d);
      for (const v of t.X.values) expect(Number.isFinite(v)).toBe(true);
    } catch (err) {
      expectInputError(err);
    }
  };
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.boolean(), check), RUNS);
  });
  it('random CSV-like text', async () => {
    await fc.assert(fc.asyncProperty(csvText, fc.boolean(), check), RUNS);
  });
  it('a valid file, mutated', async () => {
    await fc.assert(fc.asyncProperty(mutated(VALID_CSV), fc.boolean(), check), RUNS);
  });
});

describe('image decoders: an image or an InputError', () => {
  const gray = Uint8Array.from({ length: 8 * 6 }, (_, i) => (i * 37) % 256);
  const png = new Uint8Array(encodeGrayPng(gray, 8, 6));
  const rgba = new Uint8Array(8 * 6 * 4).map((_, i) => (i * 53) % 256);
  const jpg = new Uint8Array(jpeg.encode({ data: rgba, width: 8, height: 6 }, 90).data);

  it('decode valid files', () => {
    expect(decodeImage(png, 'a.png')).toMatchObject({ width: 8, height: 6 });
    expect(decodeImage(jpg, 'a.jpg')).toMatchObject({ width: 8, height: 6 });
    expect(jpegHeader(jpg, 'a.jpg')).toEqual({ width: 8, height: 6, components: 3 });
  });
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        valueOrInputError(() => decodeImage(b, 'r'));
        valueOrInputError(() => jpegHeader(b, 'r'));
      }),
      RUNS,
    );
  });
  it('a PNG, mutated', () => {
    fc.assert(fc.property(mutated(png), (b) => valueOrInputError(() => decodeImage(b, 'm.png'))), RUNS);
  });
  it('a JPEG, mutated', () => {
    fc.assert(
      fc.property(mutated(jpg), (b) => {
        valueOrInputError(() => decodeImage(b, 'm.jpg'));
        valueOrInputError(() => jpegHeader(b, 'm.jpg'));
      }),
      RUNS,
    );
  });
  it('a JPEG declaring a huge frame is refused before decoding', () => {
    const b = Uint8Array.from(jpg);
    const sof = b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xc0);
    b[sof + 5] = 0xff; // height 65,280+
    b[sof + 7] = 0xff; // width 65,280+
    expect(() => decodeImage(b, 'big.jpg')).toThrow(/^big\.jpg: not a readable JPEG \(more than the \d+ pixels this reader takes\)$/);
  });
});
