import { InputError } from '../util/errors.js';
import { isGzip } from '../data/idx.js';

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
  maxBytes = 2048 * 2 ** 20,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new InputError(`${name}: inflates to more than ${maxBytes} bytes`);
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${name}: damaged gzip data (${err instanceof Error ? err.message : String(err)})`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
