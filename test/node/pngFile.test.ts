import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inflatedSize, pngHeader } from '../../src/data/png.js';
import { decodePng, encodeGrayPng, readPng } from '../../src/node/pngFile.js';
import { MB } from '../../src/data/fileLimits.js';
import { InputError } from '../../src/util/errors.js';
import { pngBytes, pngChunk, scratch, type PngSpec } from './fixtures.js';

const dir = scratch();
const MODEL = { height: 28, width: 28 };

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readPng reads what the standard allows', () => {
  const gray = Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 256);
  it('a grayscale PNG of the model’s size, pixel for pixel', () => {
    const img = readPng(write('gray.png', encodeGrayPng(gray, 28, 28)), { expected: MODEL });
    expect([img.width, img.height]).toEqual([28, 28]);
    expect(Array.from(img.gray)).toEqual(Array.from(gray));
  });

  const allowed: PngSpec[] = [
    { width: 28, height: 28, colorType: 0, bitDepth: 1 },
    { width: 28, height: 28, colorType: 0, bitDepth: 16 },
    { width: 28, height: 28, colorType: 2, bitDepth: 8 },
    { width: 28, height: 28, colorType: 4, bitDepth: 16 },
    { width: 28, height: 28, colorType: 6, bitDepth: 8, interlace: 1 },
  ];
  it.each(allowed)('colour type $colorType, bit depth $bitDepth, interlace $interlace', (spec) => {
    const img = decodePng(pngBytes(spec), 'x.png', MODEL);
    expect(img.gray.length).toBe(28 * 28);
  });
});

describe('readPng refuses, in one line of our words naming the file', () => {
  const forbidden: [number, number][] = [
    [0, 3],
    [2, 1],
    [2, 2],
    [2, 4],
    [3, 16],
    [4, 1],
    [4, 4],
    [6, 2],
    [6, 4],
    [1, 8],
    [5, 8],
    [7, 8],
  ];
  it.each(forbidden)(
    'colour type %i with bit depth %i (forbidden by the standard)',
    (colorType, bitDepth) => {
      const run = () => decodePng(pngBytes({ width: 28, height: 28, colorType, bitDepth }), 'bad.png', MODEL);
      expect(run).toThrow(InputError);
      expect(run).toThrow(
        /^bad\.png: not a readable PNG \(colour type \d+ (with bit depth \d+; the standard allows [\d, ]+|does not exist)\)$/,
      );
    },
  );

  it('a 20,000 × 20,000 image at once, from its header, without decoding it', () => {
    const path = write('huge.png', pngBytes({ width: 20_000, height: 20_000 }));
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    expect(() => readPng(path, { expected: MODEL })).toThrow(
      /huge\.png: image is 20000×20000, the model takes 28×28$/,
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MB);
    expect(() => readPng(path)).toThrow(
      /huge\.png: image is 20000×20000, more than the 16777216 pixels this reader takes/,
    );
  });

  it('an interlaced image whose data inflates past its size (a PNG bomb)', () => {
    const bomb = pngBytes({ width: 28, height: 28, interlace: 1, raw: new Uint8Array(64 * MB) });
    expect(bomb.length).toBeLessThan(MB);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodePng(bomb, 'bomb.png', MODEL)).toThrow(
      /bomb\.png: not a readable PNG \(its image data is longer than its size allows\)/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  const valid = pngBytes({ width: 28, height: 28 });
  const damaged: { name: string; bytes: Uint8Array; message: RegExp }[] = [
    {
      name: 'not a PNG',
      bytes: Buffer.from('GIF89a, certainly not a PNG file at all'),
      message: /no PNG signature/,
    },
    { name: 'empty', bytes: new Uint8Array(0), message: /no PNG signature/ },
    {
      name: 'cut inside IHDR',
      bytes: valid.subarray(0, 20),
      message: /truncated before the end of its header/,
    },
    { name: 'cut inside IDAT', bytes: valid.subarray(0, 45), message: /the file is truncated|damaged/ },
    {
      name: 'width 0',
      bytes: pngBytes({ width: 0, height: 28 }),
      message: /width 0, the standard allows 1 to 2147483647/,
    },
    {
      name: 'height 2^31',
      bytes: pngBytes({ width: 28, height: 2 ** 31 }),
      message: /height 2147483648, the standard allows/,
    },
    {
      name: 'interlace method 2',
      bytes: pngBytes({ width: 28, height: 28, interlace: 2 }),
      message: /interlace method 2 does not exist/,
    },
    {
      name: 'a flipped CRC',
      bytes: Buffer.from(valid).fill(0, 29, 33),
      message: /the checksum of its IHDR chunk does not match: the file is damaged/,
    },
    {
      name: 'bytes after IEND',
      bytes: Buffer.concat([valid, Buffer.from('trailing')]),
      message: /unexpected bytes after its end/,
    },
    {
      name: 'a palette image without PLTE',
      bytes: pngBytes({ width: 28, height: 28, colorType: 3, bitDepth: 8 }),
      message: /its palette is missing or damaged/,
    },
    {
      name: 'too little image data',
      bytes: pngBytes({ width: 28, height: 28, raw: new Uint8Array(10) }),
      message: /its image data is shorter than its size needs: truncated\?/,
    },
    {
      name: 'an unknown critical chunk',
      bytes: pngBytes({ width: 28, height: 28, extra: [pngChunk('ABCD', new Uint8Array(3))] }),
      message: /not a readable PNG \(/,
    },
    {
      name: 'IDAT that is not zlib data',
      bytes: Buffer.concat([
        valid.subarray(0, 33),
        pngChunk('IDAT', Buffer.from('not zlib')),
        pngChunk('IEND', new Uint8Array(0)),
      ]),
      message: /its compressed image data is damaged/,
    },
  ];
  it.each(damaged)('$name', ({ bytes, message }) => {
    const run = () => decodePng(bytes, 'dir/x.png', MODEL);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/^dir\/x\.png: (not a readable PNG \(.*\)|image is .*)$/);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      // Our words, not pngjs's or zlib's.
      expect((err as Error).message).not.toMatch(
        /unrecognised|Crc error|waitng|bitblt|invalid (stored|distance)/i,
      );
    }
  });

  it('/dev/zero and a folder at once', () => {
    expect(() => readPng('/dev/zero', { expected: MODEL })).toThrow(
      /^\/dev\/zero: is a device, expected a regular file$/,
    );
    expect(() => readPng(dir, { expected: MODEL })).toThrow(/is a folder, expected a file \(EISDIR\)$/);
  });

  it('a file over the PNG cap', () => {
    const path = write(
      'padded.png',
      Buffer.concat([pngBytes({ width: 28, height: 28 }), Buffer.alloc(2000)]),
    );
    expect(() => readPng(path, { expected: MODEL, maxBytes: 1000 })).toThrow(
      /padded\.png: larger than the 1000-byte limit \(raise it with --max-file-size\)/,
    );
  });

  it('pngHeader reads the declared fields', () => {
    expect(
      pngHeader(pngBytes({ width: 3, height: 5, colorType: 6, bitDepth: 16, interlace: 1 }), 'h'),
    ).toEqual({
      width: 3,
      height: 5,
      bitDepth: 16,
      colorType: 6,
      interlaced: true,
    });
  });

  it.each([
    [{ width: 28, height: 28, bitDepth: 8, colorType: 0, interlaced: false }, 28 * 29],
    [{ width: 3, height: 1, bitDepth: 1, colorType: 0, interlaced: false }, 2],
    // Adam7 on 28×28 RGBA: passes of 4×4, 3×4 (x from 4), 7×3, 7×7, 14×7, 14×14, 28×14 pixels.
    [
      { width: 28, height: 28, bitDepth: 8, colorType: 6, interlaced: true },
      4 * 17 + 4 * 13 + 3 * 29 + 7 * 29 + 7 * 57 + 14 * 57 + 14 * 113,
    ],
    [{ width: 1, height: 1, bitDepth: 8, colorType: 0, interlaced: true }, 2],
  ])('inflatedSize(%o) = %i', (header, size) => {
    expect(inflatedSize(header)).toBe(size);
  });
});
