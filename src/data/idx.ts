import { gunzipSync } from 'node:zlib';
import { InputError } from '../util/errors.js';

/** A parsed IDX file of unsigned bytes: its dimensions and the values, row-major. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

/** True when the bytes start with gzip's magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file (the MNIST format: two zero bytes, a type byte, a dimension count, big-endian 32-bit
 * sizes, then the values). Accepts gzipped input. Only unsigned bytes are accepted because that is what
 * image and label files hold; everything else is reported with the file's name.
 */
export function parseIdx(raw: Uint8Array, name: string, expectedDims?: number): IdxArray {
  let bytes = raw;
  if (isGzip(raw)) {
    try {
      // gzip's trailer holds the uncompressed size (mod 2^32): one output chunk of that size avoids
      // zlib's chunk list and the copy that joins it, halving the peak memory of loading 47 MB of pixels.
      const size = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(raw.byteLength - 4, true);
      bytes = gunzipSync(raw, { chunkSize: Math.min(Math.max(size + 1, 64 * 1024), 1 << 30) });
    } catch (err) {
      throw new InputError(`${name}: corrupt gzip data (${(err as Error).message})`);
    }
  }
  if (bytes.length < 4) throw new InputError(`${name}: file too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new InputError(`${name}: not an IDX file (magic number 0x${magic})`);
  }
  const type = bytes[2];
  if (type !== UBYTE) {
    const t = TYPE_NAMES[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new InputError(`${name}: element type is ${t}, expected unsigned byte (0x08)`);
  }
  const ndim = bytes[3];
  if (ndim === 0) throw new InputError(`${name}: IDX header declares 0 dimensions`);
  if (expectedDims !== undefined && ndim !== expectedDims) {
    throw new InputError(`${name}: has ${ndim} dimension(s), expected ${expectedDims}`);
  }
  const headerLen = 4 + 4 * ndim;
  if (bytes.length < headerLen) {
    throw new InputError(`${name}: truncated header (${bytes.length} bytes, need ${headerLen})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    if (size === 0) throw new InputError(`${name}: dimension ${i} has size 0`);
    dims.push(size);
    count *= size;
  }
  const actual = bytes.length - headerLen;
  if (actual !== count) {
    throw new InputError(
      `${name}: length does not match header: header says ${dims.join('×')} = ${count} values, file holds ${actual}`,
    );
  }
  return { dims, data: bytes.subarray(headerLen) };
}

/** Builds IDX bytes of unsigned bytes (used by tests and by tools that export subsets). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
