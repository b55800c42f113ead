/**
 * Property tests for the readers issue 10 added: random and mutated CSV bytes give a table or an
 * InputError (one line), never another exception; so do random and mutated bytes given to the image
 * decoders' wrappers (PNG and JPEG, by content) and to the JPEG header reader; and so do random folders
 * of such files, dropped as the page gets them (any paths, empty folders) and read by the image-folder
 * reader the command line and the page share.
 */
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { droppedFolder } from '../../src/browser/droppedFolder.js';
import { readImageFolderView } from '../../src/data/imageFolder.js';
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

describe('image folders: a data set or an InputError', () => {
  const gray = Uint8Array.from({ length: 4 * 3 }, (_, i) => (i * 41) % 256);
  const png = new Uint8Array(encodeGrayPng(gray, 4, 3));
  const bytes = fc.oneof(
    { weight: 4, arbitrary: fc.constant(png) },
    { weight: 2, arbitrary: mutated(png) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }) },
  );
  /** Files in a data set's layout (`dirs` under photos/), now and then a name that is not an image. */
  const laidOut = (dirs: string[]): fc.Arbitrary<{ path: string; bytes: Uint8Array }[]> =>
    fc.array(
      fc.record({
        path: fc
          .tuple(fc.constantFrom(...dirs), fc.constantFrom('a.png', 'b.png', 'c.jpg', 'D.PNG', 'a.png', 'x.txt'))
          .map(([dir, name]) => `photos/${dir}/${name}`),
        bytes,
      }),
      { minLength: 2, maxLength: 12 },
    );
  /** Paths as anything may come: nested, odd segments, loose files. */
  const anyPaths: fc.Arbitrary<{ path: string; bytes: Uint8Array }[]> = fc.array(
    fc.record({
      path: fc
        .array(fc.constantFrom('photos', 'train', 'test', 'cat', 'a.png', 'x.txt', '', '.', 'é.PNG'), {
          minLength: 1,
          maxLength: 4,
        })
        .map((parts) => parts.join('/')),
      bytes,
    }),
    { maxLength: 8 },
  );
  const folder = fc.record({
    files: fc.oneof(
      laidOut(['cat', 'dog', 'bird']),
      laidOut(['train/cat', 'train/dog', 'test/cat', 'test/dog']),
      laidOut(['cat', 'dog', 'cat/deeper']),
      anyPaths,
    ),
    folders: fc.constantFrom<string[]>([], [], [], ['photos/empty'], ['photos/cat'], ['other']),
    strict: fc.constantFrom(false, false, false, true),
  });

  it('random files and folders, valid and damaged images', async () => {
    await fc.assert(
      fc.asyncProperty(folder, async ({ files, folders, strict }) => {
        try {
          const view = await droppedFolder(
            files.map((f) => ({ path: f.path, blob: new Blob([f.bytes]) })),
            folders,
          );
          const data = await readImageFolderView(view, decodeImage, { strict });
          const X = data.train.X as { pixels: Uint8Array; n: number; height: number; width: number; channels: number };
          expect(X.pixels.length).toBe(X.n * X.height * X.width * X.channels);
          expect(data.classNames.length).toBeGreaterThanOrEqual(2);
          for (const c of data.train.y!) expect(c).toBeLessThan(data.classNames.length);
        } catch (err) {
          expectInputError(err);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
