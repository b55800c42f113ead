import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, crc32, deflateSync } from 'node:zlib';
import { DEFAULTS } from '../../src/model/options.js';
import { inflatedSize } from '../../src/data/png.js';
import { MODEL_FORMAT_VERSION, parseModelJSON, type ModelJSON } from '../../src/model/modelFormat.js';

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'softmax-read-'));
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngSpec {
  width: number;
  height: number;
  bitDepth?: number;
  colorType?: number;
  interlace?: number;
  /** Filtered scanlines to deflate into IDAT; zero rows of the right length when omitted. */
  raw?: Uint8Array;
  /** Extra chunks before IDAT (e.g. a PLTE). */
  extra?: Buffer[];
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A PNG file's bytes with exactly the IHDR fields asked for, even ones the standard forbids. */
export function pngBytes(spec: PngSpec): Buffer {
  const { width, height, bitDepth = 8, colorType = 0, interlace = 0 } = spec;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, interlace], 8);
  const header = {
    width,
    height,
    bitDepth,
    colorType: CHANNELS[colorType] ? colorType : 0,
    interlaced: interlace === 1,
  };
  const raw = spec.raw ?? new Uint8Array(Math.min(inflatedSize(header), 1 << 20));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(spec.extra ?? []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export { chunk as pngChunk };

/**
 * A gzip stream of `prefix` followed by `zeros` zero bytes, made in pieces so the test never holds the
 * inflated size: 200 MB of zeros compress to about 200 KB.
 */
export async function gzipBomb(prefix: Uint8Array, zeros: number): Promise<Buffer> {
  const gz = createGzip({ level: 1 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve, reject) => gz.on('end', resolve).on('error', reject));
  gz.write(prefix);
  const block = Buffer.alloc(1 << 20);
  for (let left = zeros; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!gz.write(piece)) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return Buffer.concat(parts);
}

/**
 * A small valid model (4×4 images, 3 classes) as a model.json holds it, written by hand rather than trained
 * so these tests do not depend on training; parseModelJSON checks it against the current format.
 */
export function tinyModelJSON(): ModelJSON {
  const d = 16;
  const k = 3;
  return parseModelJSON(
    {
      format: 'softmax-classifier',
      version: MODEL_FORMAT_VERSION,
      height: 4,
      width: 4,
      numClasses: k,
      classNames: ['zero', 'one', 'two'],
      preprocessing: { kind: 'scale' },
      W: Array.from({ length: d * k }, (_, i) => ((i % 7) - 3) / 100),
      b: [0.1, 0, -0.1],
      options: { ...DEFAULTS },
    },
    'tinyModelJSON',
  );
}
