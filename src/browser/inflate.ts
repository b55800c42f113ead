/**
 * zlib or gzip data inflated by the browser's DecompressionStream, stopping once more than `maxBytes`
 * came out (so a bomb costs at most that). Throws the stream's own error on damaged data: callers word it.
 */
export async function inflateCapped(
  bytes: Uint8Array,
  format: 'gzip' | 'deflate',
  maxBytes: number,
): Promise<{ bytes: Uint8Array; over: boolean }> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return { bytes: new Uint8Array(0), over: true };
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, over: false };
}
