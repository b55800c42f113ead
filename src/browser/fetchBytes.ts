import { maxBytesFor } from '../data/fileLimits.js';
import { InputError } from '../util/errors.js';
import { isGzip } from '../data/idx.js';
import { inflateCapped } from './inflate.js';

/** Fetches a URL's bytes; a failed request is an InputError naming the URL and the status. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new InputError(`${url}: ${res.status} ${res.statusText}`.trim());
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The bytes inflated when they are gzip (by their magic number, not the name), as they are otherwise,
 * with the browser's DecompressionStream. At most `maxBytes` are inflated: a gzip bomb is refused.
 * A damaged stream is an InputError naming `name`.
 */
export async function gunzipIfGzip(
  bytes: Uint8Array,
  name: string,
  maxBytes = maxBytesFor('data'),
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  let result;
  try {
    result = await inflateCapped(bytes, 'gzip', maxBytes);
  } catch (err) {
    throw new InputError(`${name}: damaged gzip data (${err instanceof Error ? err.message : String(err)})`);
  }
  if (result.over) throw new InputError(`${name}: inflates to more than ${maxBytes} bytes`);
  return result.bytes;
}
