import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

/** The original file, gzipped in parts: each part a gzip member of at most `partBytes` of the file. */
export type OriginalParts = Buffer[];

/** Bytes of the file per part: a DuckDB BLOB is best kept well under its 4 GB limit, and a part is compressed on its own thread. */
export const partBytes = 8 * 1024 * 1024;

/**
 * gzip level 1: on the bench's export, a fifth of the file's size at about three times the speed of level 6
 * (README «How a load is stored»). Parts are compressed on libuv's threads, two at a time, while DuckDB parses.
 */
const level = 1;
const inFlight = 2;

const gzipAsync = promisify(gzip);

/**
 * Reads `file` and compresses it part by part. The concatenation of the parts is the file gzipped (a gzip stream
 * may hold several members), so `gunzip` gives back the file byte for byte.
 */
export async function keepOriginal(file: string, signal?: AbortSignal): Promise<OriginalParts> {
  const handle = await open(file, 'r');
  try {
    const parts: Promise<Buffer>[] = [];
    for (let position = 0; ; position += partBytes) {
      signal?.throwIfAborted();
      const buffer = Buffer.allocUnsafe(partBytes);
      const { bytesRead } = await handle.read(buffer, 0, partBytes, position);
      if (bytesRead === 0) break;
      if (parts.length >= inFlight) await parts[parts.length - inFlight];
      parts.push(gzipAsync(buffer.subarray(0, bytesRead), { level, strategy: constants.Z_DEFAULT_STRATEGY }));
      if (bytesRead < partBytes) break;
    }
    return await Promise.all(parts);
  } finally {
    await handle.close();
  }
}
