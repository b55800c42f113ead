import { createHash } from 'node:crypto';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { idxHeader, isGzip, MAX_IDX_HEADER_BYTES, parseIdx, type IdxArray } from '../data/idx.js';
import { InputError } from '../util/errors.js';
import { FILE_SIZE_LIMITS_MB, MB, tooLargeMessage } from '../data/fileLimits.js';
import { readFileCapped } from './readFileCapped.js';

export interface IdxFileOptions {
  /** Number of dimensions the file must have (3 for images, 1 for labels). */
  expectedDims?: number;
  /** Cap on the file's bytes and on its inflated bytes; FILE_SIZE_LIMITS_MB.data when omitted. */
  maxBytes?: number;
  /** SHA-256 (hex) the file's bytes on disk must have. */
  sha256?: string;
}

/**
 * Reads an IDX file, gzipped or not, with every size bounded before memory is spent on it: the file by
 * `maxBytes`; gzip data by what its IDX header promises, learnt from a small inflated prefix, so a gzip
 * bomb is refused after inflating at most the promised bytes. Faults are InputErrors naming `path`.
 */
export function readIdxFile(path: string, opts: IdxFileOptions = {}): IdxArray {
  const maxBytes = opts.maxBytes ?? FILE_SIZE_LIMITS_MB.data * MB;
  const raw = readFileCapped(path, maxBytes);
  if (opts.sha256 !== undefined) verifyChecksum(path, opts.sha256, raw);
  const bytes = isGzip(raw) ? gunzipIdx(raw, path, maxBytes, opts.expectedDims) : raw;
  return parseIdx(bytes, path, opts.expectedDims);
}

/** Inflates gzipped IDX bytes, stopping one byte past what the header promises. */
export function gunzipIdx(
  raw: Uint8Array,
  name: string,
  maxBytes: number,
  expectedDims?: number,
): Uint8Array {
  const header = idxHeader(inflatePrefix(raw, name, MAX_IDX_HEADER_BYTES), name, expectedDims);
  const promised = header.headerBytes + header.valueCount;
  const shape = `${header.dims.join('×')} values`;
  if (promised > maxBytes) {
    throw new InputError(
      tooLargeMessage(name, maxBytes, undefined, ` once inflated: its header promises ${shape}`),
    );
  }
  // Deflate expands at most ~1032:1, so the output never needs a chunk larger than that bound either.
  const chunkSize = Math.max(64 * 1024, Math.min(promised + 1, 1032 * raw.length + 1024, 1 << 30));
  try {
    return gunzipSync(raw, { maxOutputLength: promised + 1, chunkSize });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(
        `${name}: gzip data inflates to more than the ${promised} bytes its IDX header promises (${shape}` +
          ` plus ${header.headerBytes} header bytes); the gzip trailer claims ${trailerSize(raw)} bytes`,
      );
    }
    throw new InputError(`${name}: corrupt gzip data (${(err as Error).message})`);
  }
}

/**
 * The first `want` inflated bytes (or fewer, if the stream is shorter), inflating ever longer prefixes
 * of the compressed bytes: a prefix of L bytes inflates to at most ~1032·L, so memory stays small.
 */
function inflatePrefix(raw: Uint8Array, name: string, want: number): Uint8Array {
  for (let len = 64; ; len *= 2) {
    const slice = raw.subarray(0, Math.min(len, raw.length));
    let out: Buffer;
    try {
      out = gunzipSync(slice, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (err) {
      throw new InputError(`${name}: corrupt gzip data (${(err as Error).message})`);
    }
    if (out.length >= want || slice.length === raw.length) return out;
  }
}

/** gzip's ISIZE field: the uncompressed size mod 2^32, as the file claims it. */
function trailerSize(raw: Uint8Array): number {
  if (raw.length < 18) return 0;
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(raw.byteLength - 4, true);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function verifyChecksum(path: string, want: string, bytes: Uint8Array): void {
  const got = sha256(bytes);
  if (got !== want) throw new InputError(`${path}: checksum mismatch: SHA-256 is ${got}, expected ${want}`);
}
