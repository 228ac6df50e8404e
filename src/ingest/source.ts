import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { freemem, tmpdir } from 'node:os';
import path from 'node:path';
import { csvDialect, type FileFacts } from './sniff.js';

/** A UTF-8 CSV that DuckDB's read_csv can take as is, with the header read from the original. */
export interface CsvSource {
  csvPath: string;
  delimiter: string;
  skip: number;
  headers: string[];
  /** Removes temporary files. */
  dispose(): Promise<void>;
}

export type Progress = (fraction: number) => void;

/** Turns an export into a UTF-8 CSV: as is for UTF-8 CSV, by stream for cp1251, via exceljs for XLSX. */
export async function openSource(facts: FileFacts, onProgress?: Progress): Promise<CsvSource> {
  if (facts.format === 'xlsx') return xlsxSource(facts, onProgress);
  const dialect = await csvDialect(facts.path, facts.encoding!);
  if (facts.encoding !== 'windows-1251') return { csvPath: facts.path, ...dialect, dispose: async () => {} };
  const dir = await scratchDir(facts.size * 2);
  const csvPath = path.join(dir, 'utf8.csv');
  try {
    await transcode(facts.path, csvPath, facts.size, onProgress);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { csvPath, ...dialect, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** An XLSX's first sheet as a temporary UTF-8 CSV (src/ingest/xlsx.ts). */
async function xlsxSource(facts: FileFacts, onProgress?: Progress): Promise<CsvSource> {
  const dir = await scratchDir(facts.size * 8);
  const csvPath = path.join(dir, 'sheet.csv');
  try {
    const { xlsxToCsv } = await import('./xlsx.js');
    const headers = await xlsxToCsv(facts, csvPath, onProgress);
    return { csvPath, delimiter: ',', skip: 0, headers, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A fresh folder for a temporary copy of at most `bytes`: in memory (/dev/shm) when the machine has it with twice
 * that free, in /dev/shm itself (a tmpfs has its own limit, 64 MB in a default container) and in memory — writing
 * a large copy to disk took longer than transcoding it — else in the system's temporary folder.
 */
export async function scratchDir(bytes: number): Promise<string> {
  if (process.platform === 'linux' && freemem() > 2 * bytes) {
    try {
      const shm = await statfs('/dev/shm');
      if (shm.bavail * shm.bsize > 2 * bytes) return await mkdtemp(path.join('/dev/shm', 'okno-'));
    } catch {
      // no /dev/shm, or not writable: the disk will do
    }
  }
  return mkdtemp(path.join(tmpdir(), 'okno-'));
}

/**
 * Windows-1251 → UTF-8 by table: one to three bytes per byte, no JS strings in between. A byte's UTF-8 bytes are
 * packed in one number (first byte lowest) and always written three at a time; the length says how far to move
 * on (a fifth faster than a table of byte arrays).
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

async function transcode(from: string, to: string, size: number, onProgress?: Progress): Promise<void> {
  const input = await open(from, 'r');
  const output = await open(to, 'w').catch(async (error: unknown) => {
    await input.close();
    throw error;
  });
  // Two buffers each way: the next chunk is read and the last one written while this one is transcoded.
  const chunks = [new Uint8Array(8 * 1024 * 1024), new Uint8Array(8 * 1024 * 1024)];
  const outs = [new Uint8Array(chunks[0]!.length * 3), new Uint8Array(chunks[0]!.length * 3)];
  let writing: Promise<unknown> = Promise.resolve();
  let reading = input.read(chunks[0]!, 0, chunks[0]!.length, null);
  try {
    let done = 0;
    for (let k = 0; ; k++) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      const next = chunks[(k + 1) % 2]!;
      reading = input.read(next, 0, next.length, null);
      done += bytesRead;
      // This buffer's last write (two chunks ago) is done: writes go one at a time, awaited below.
      const out = outs[k % 2]!;
      const n = cp1251ToUtf8(chunks[k % 2]!.subarray(0, bytesRead), out);
      await writing;
      writing = output.write(out, 0, n);
      onProgress?.((0.3 * done) / size);
    }
    await writing;
  } finally {
    // On failure a read or write may still be under way: let it settle before its file is closed.
    await Promise.allSettled([reading, writing]);
    await input.close();
    await output.close();
  }
}
