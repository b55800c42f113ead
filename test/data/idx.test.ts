import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx } from '../../src/data/idx.js';
import { gunzipIdx } from '../../src/node/idxFile.js';
import { InputError } from '../../src/util/errors.js';

const valid = encodeIdx([2, 3, 3], Uint8Array.from({ length: 18 }, (_, i) => i));

describe('parseIdx on valid files', () => {
  it.each([
    ['raw', valid],
    ['gzipped', gzipSync(valid)],
  ])('%s', (_, bytes) => {
    const r = parseIdx(bytes[0] === 0x1f ? gunzipIdx(bytes, 'f', 1 << 20, 3) : bytes, 'f', 3);
    expect(r.dims).toEqual([2, 3, 3]);
    expect(Array.from(r.data)).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });
});

function withByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const b = Uint8Array.from(bytes);
  b[at] = value;
  return b;
}

const malformed: { name: string; bytes: Uint8Array; dims?: number; message: RegExp }[] = [
  { name: 'empty file', bytes: new Uint8Array(0), message: /too short/ },
  { name: 'wrong magic number', bytes: withByte(valid, 0, 0x50), message: /not an IDX file \(magic number 0x50/ },
  { name: 'element type float', bytes: withByte(valid, 2, 0x0d), message: /element type is float, expected unsigned byte/ },
  { name: 'unknown element type', bytes: withByte(valid, 2, 0x42), message: /unknown type 0x42/ },
  { name: 'wrong number of dimensions', bytes: valid, dims: 1, message: /has 3 dimension\(s\), expected 1/ },
  { name: 'zero dimensions', bytes: withByte(valid, 3, 0), message: /0 dimensions/ },
  { name: 'truncated header', bytes: valid.subarray(0, 9), message: /truncated header/ },
  { name: 'truncated data', bytes: valid.subarray(0, valid.length - 1), message: /header says 2×3×3 = 18 values, file holds 17/ },
  { name: 'trailing bytes', bytes: Uint8Array.from([...valid, 7]), message: /file holds 19/ },
  { name: 'gzip data (parseIdx is pure)', bytes: gzipSync(valid), message: /not an IDX file .*gzip data: inflate it first/ },
  { name: 'a dimension of size 0', bytes: encodeIdx([0, 3], new Uint8Array(0)), message: /dimension 0 has size 0/ },
];

describe('parseIdx rejects malformed files with a message naming the file', () => {
  it.each(malformed)('$name', ({ bytes, dims, message }) => {
    const run = () => parseIdx(bytes, 'some/file.idx', dims);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/^some\/file\.idx: /);
    expect(run).toThrow(message);
  });
});

describe('gunzipIdx', () => {
  it('refuses corrupt gzip data naming the file', () => {
    const run = () => gunzipIdx(gzipSync(valid).subarray(0, 20), 'some/file.idx.gz', 1 << 20, 3);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/^some\/file\.idx\.gz: /);
  });
});
