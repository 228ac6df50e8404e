import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';

/** Stores one compressed part (part 0, 1, … in order). */
export type StorePart = (part: number, bytes: Buffer) => Promise<void>;

/** Bytes of the file per part: a DuckDB BLOB is best kept well under its 4 GB limit, and a part is compressed on its own thread. */
export const partBytes = 8 * 1024 * 1024;

/**
 * How a stored part is compressed (`load_files.codec`): `brotli` since schema 13, `gzip` (level 1; level 0 for an
 * XLSX) for the parts of loads made before it.
 */
export type Codec = 'brotli' | 'gzip';

/** The codec of every part okno stores now. */
export const codec: Codec = 'brotli';

/**
 * Brotli quality 1 with a 256 KiB window: on the bench's export 15.5 % of the file's size at 320 MB/s a thread,
 * where gzip level 1 gave 18.2 % at 140 MB/s and took CPU from DuckDB's parse (README «How a load is stored»). An
 * XLSX (a zip, compressed already) goes through the same setting at 440 MB/s, brotli storing what it cannot shrink
 * as it is. Parts are compressed on libuv's threads, two at a time, while the file is read and DuckDB parses.
 */
const brotliParams = { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 18 };
const inFlight = 2;

const brotliAsync = promisify(brotliCompress);

/**
 * Reads `file` and compresses it part by part, handing each part to `store` as soon as it is ready (so at most
 * `inFlight` parts are in memory, whatever the file's size). Each part is a brotli stream of its own: decompressed
 * in order and joined (`restoreOriginal`), the parts give back the file byte for byte.
 */
export async function keepOriginal(file: string, store: StorePart, signal?: AbortSignal): Promise<number> {
  const handle = await open(file, 'r');
  const pending: Promise<void>[] = [];
  try {
    let part = 0;
    for (let position = 0; ; position += partBytes, part++) {
      signal?.throwIfAborted();
      const buffer = Buffer.allocUnsafe(partBytes);
      const { bytesRead } = await handle.read(buffer, 0, partBytes, position);
      if (bytesRead === 0) break;
      if (pending.length >= inFlight) await pending[pending.length - inFlight];
      // Parts are compressed concurrently but stored in order: each waits for the one before it.
      const compressed = brotliAsync(buffer.subarray(0, bytesRead), {
        params: { ...brotliParams, [constants.BROTLI_PARAM_SIZE_HINT]: bytesRead },
      });
      const previous = pending.at(-1) ?? Promise.resolve();
      const n = part;
      pending.push(Promise.all([compressed, previous]).then(([bytes]) => store(n, bytes)));
      pending.at(-1)!.catch(() => undefined);
      if (bytesRead < partBytes) {
        part++;
        break;
      }
    }
    await Promise.all(pending);
    return part;
  } finally {
    await Promise.allSettled(pending);
    await handle.close();
  }
}

/** The original file from its stored parts, in part order: each decompressed by its codec, then joined. */
export function restoreOriginal(parts: readonly { bytes: Uint8Array; codec: Codec }[]): Buffer {
  return Buffer.concat(parts.map(({ bytes, codec }) => (codec === 'brotli' ? brotliDecompressSync(bytes) : gunzipSync(bytes))));
}
