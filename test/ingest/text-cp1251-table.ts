/**
 * The old Windows-1251 → UTF-8 path (src/ingest/source.ts before TextDecoder): a hand-packed table, one to three
 * bytes per byte, no JS strings in between. Kept here as the reference the platform decoder must match byte for
 * byte (test/ingest/text-encoding.test.ts) and for the speed comparison in the README.
 */
const cp1251 = (() => {
  const decoder = new TextDecoder('windows-1251');
  const encoder = new TextEncoder();
  const packed = new Uint32Array(256);
  const lengths = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    const u = encoder.encode(decoder.decode(Uint8Array.of(b)));
    packed[b] = u[0]! | ((u[1] ?? 0) << 8) | ((u[2] ?? 0) << 16);
    lengths[b] = u.length;
  }
  return { packed, lengths };
})();

/** Transcodes `src` into `dst` (room for 3 bytes per byte); returns the bytes written. */
export function cp1251ToUtf8(src: Uint8Array, dst: Uint8Array): number {
  const { packed, lengths } = cp1251;
  let j = 0;
  for (let i = 0, n = src.length; i < n; i++) {
    const b = src[i]!;
    if (b < 0x80) {
      dst[j++] = b;
      continue;
    }
    const p = packed[b]!;
    dst[j] = p & 0xff;
    dst[j + 1] = (p >> 8) & 0xff;
    dst[j + 2] = p >> 16;
    j += lengths[b]!;
  }
  return j;
}
