import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

/** Stores one compressed part (part 0, 1, … in order). */
export type StorePart = (part: number, bytes: Buffer) => Promise<void>;

/** Bytes of the file per part: a DuckDB BLOB is best kept well under its 4 GB limit, and a part is compressed on its own thread. */
export const partBytes = 8 * 1024 * 1024;

/**
 * gzip level 1: on the bench's export, a fifth of the file's size at about three times the speed of level 6
 * (README «How a load is stored»). An XLSX is a zip of deflated parts already: level 0 stores its bytes in gzip's
 * plain blocks, at almost no cost, where compressing them again would gain nothing. Parts are compressed on
 * libuv's threads, two at a time, while the file is read and DuckDB parses.
 */
export type OriginalFormat = 'csv' | 'xlsx';
const inFlight = 2;

const gzipAsync = promisify(gzip);

/**
 * Reads `file` and compresses it part by part, handing each part to `store` as soon as it is ready (so at most
 * `inFlight` parts are in memory, whatever the file's size). The concatenation of the parts is the file gzipped
 * (a gzip stream may hold several members), so `gunzip` gives back the file byte for byte.
 */
export async function keepOriginal(file: string, format: OriginalFormat, store: StorePart, signal?: AbortSignal): Promise<number> {
  const level = format === 'xlsx' ? 0 : 1;
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
      const compressed = gzipAsync(buffer.subarray(0, bytesRead), { level, strategy: constants.Z_DEFAULT_STRATEGY });
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
