import { InputError } from '../util/errors.js';

/** A parsed IDX file of unsigned bytes: its dimensions and the values, row-major. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

/** What an IDX header promises: its dimensions, its own length and the number of values after it. */
export interface IdxHeader {
  readonly dims: number[];
  readonly headerBytes: number;
  /** Product of `dims`; may exceed 2^53 for a hostile header, so compare it, do not allocate it. */
  readonly valueCount: number;
}

/** The longest possible header: 4 bytes, then 255 dimensions of 4 bytes. */
export const MAX_IDX_HEADER_BYTES = 4 + 4 * 255;

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
 * Reads and checks an IDX header (the MNIST format: two zero bytes, a type byte, a dimension count, then
 * big-endian 32-bit sizes) from the start of a file; `bytes` may be just a prefix. Lets a reader learn
 * how many bytes a file promises before it inflates or allocates them.
 */
export function idxHeader(bytes: Uint8Array, name: string, expectedDims?: number): IdxHeader {
  if (bytes.length < 4) throw new InputError(`${name}: file too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    const hint = isGzip(bytes) ? ' (gzip data: inflate it first, or read the file with readIdxFile)' : '';
    throw new InputError(`${name}: not an IDX file (magic number 0x${magic})${hint}`);
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
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new InputError(`${name}: truncated header (${bytes.length} bytes, need ${headerBytes})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let valueCount = 1;
  for (let i = 0; i < ndim; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    if (size === 0) throw new InputError(`${name}: dimension ${i} has size 0`);
    dims.push(size);
    valueCount *= size;
  }
  return { dims, headerBytes, valueCount };
}

/**
 * Parses the uncompressed bytes of an IDX file of unsigned bytes (what image and label files hold; other
 * element types are refused). Pure: no files, no gzip; `readIdxFile` in src/node/ does those. Every fault
 * is an InputError naming `name`. The values are a view into `bytes`, not a copy.
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data', expectedDims?: number): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new InputError(`parseIdx: bytes must be a Uint8Array, got ${describe(bytes)}`);
  }
  if (typeof name !== 'string') throw new InputError(`parseIdx: name must be a string, got ${describe(name)}`);
  if (expectedDims !== undefined && !(Number.isInteger(expectedDims) && expectedDims >= 1 && expectedDims <= 255)) {
    throw new InputError(`parseIdx: expectedDims must be a whole number from 1 to 255, got ${describe(expectedDims)}`);
  }
  const { dims, headerBytes, valueCount } = idxHeader(bytes, name, expectedDims);
  const actual = bytes.length - headerBytes;
  if (actual !== valueCount) {
    throw new InputError(
      `${name}: length does not match header: header says ${dims.join('×')} = ${valueCount} values, file holds ${actual}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
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

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
