import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { once } from 'node:events';
import { freemem, tmpdir } from 'node:os';
import path from 'node:path';
import { FileError, errorMessage } from '../errors.js';
import { consultationFields, feedbackFields, headerKey } from './fields.js';
import { loadExcelJS } from './exceljs.js';
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
  if (facts.format === 'xlsx') return xlsxToCsv(facts, onProgress);
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

/** Fields whose numbers in XLSX are Excel serial dates even when the cell carries no date format. */
const dateFields = new Set(['created_at', 'edited_at', 'closed_at', 'consulted_at', 'submitted_at', 'consulted_on']);
const dateHeaderKeys = new Set(
  [...consultationFields, ...feedbackFields].filter((f) => dateFields.has(f.field)).flatMap((f) => f.synonyms.map(headerKey)),
);

/**
 * Reads the first sheet with exceljs's streaming reader and writes it as a UTF-8 CSV, one line per sheet row
 * (empty rows too, so line numbers stay the sheet's). Dates become `dd.MM.yyyy HH:mm:ss` wall-clock text.
 */
async function xlsxToCsv(facts: FileFacts, onProgress?: Progress): Promise<CsvSource> {
  const ExcelJS = await loadExcelJS();
  const dir = await scratchDir(facts.size * 8);
  const csvPath = path.join(dir, 'sheet.csv');
  const out = createWriteStream(csvPath);
  let headers: string[] | undefined;
  let width = 0;
  let dateColumns: boolean[] = [];
  let nextRow = 1;
  let pending = '';
  let read = 0;
  const input = createReadStream(facts.path, { highWaterMark: 1024 * 1024 });
  input.on('data', (chunk) => {
    read += chunk.length;
  });
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      entries: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ number: number; values: unknown[] }>) {
        const values = row.values;
        if (headers === undefined) {
          if (row.number !== 1) break;
          headers = [];
          for (let i = 1; i < values.length; i++) headers.push(cellText(values[i], false).trim());
          while (headers.length > 0 && headers.at(-1) === '') headers.pop();
          width = headers.length;
          dateColumns = headers.map((h) => dateHeaderKeys.has(headerKey(h)));
          nextRow = 2;
          continue;
        }
        const empty = ','.repeat(Math.max(width - 1, 0)) + '\n';
        while (nextRow < row.number) {
          pending += empty;
          nextRow++;
        }
        let line = '';
        for (let i = 0; i < width; i++) {
          if (i > 0) line += ',';
          const value = values[i + 1];
          if (value !== undefined && value !== null) line += csvField(cellText(value, dateColumns[i]!));
        }
        pending += line + '\n';
        nextRow = row.number + 1;
        if (pending.length > 1 << 20) {
          if (!out.write(pending)) await once(out, 'drain');
          pending = '';
          onProgress?.((0.6 * read) / facts.size);
        }
      }
      break; // the first sheet only
    }
    out.end(pending);
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await rm(dir, { recursive: true, force: true });
    if (error instanceof FileError) throw error;
    throw new FileError(facts.path, `не удалось прочитать XLSX: файл повреждён или обрезан (${errorMessage(error)}).`, {
      hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.',
      cause: error,
    });
  }
  if (headers === undefined || width === 0) {
    await rm(dir, { recursive: true, force: true });
    throw new FileError(facts.path, 'на первом листе нет строки заголовков.');
  }
  return { csvPath, delimiter: ',', skip: 0, headers, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The text of an exceljs cell value, as a person reading the sheet would type it. */
export function cellText(value: unknown, isDateColumn: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return isDateColumn && value > 1 && value < 2958466 ? formatWallClock(excelSerialToDate(value)) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value instanceof Date) return formatWallClock(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result, isDateColumn);
    if (typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
    if ('sharedString' in v) return String(v.sharedString);
  }
  return String(value);
}

/** Excel serial day (1900 system) → Date whose UTC fields are the wall-clock time in the cell. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400) * 1000);
}

function formatWallClock(exact: Date): string {
  const date = new Date(Math.round(exact.getTime() / 1000) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(date.getUTCDate())}.${p(date.getUTCMonth() + 1)}.${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(
    date.getUTCMinutes(),
  )}:${p(date.getUTCSeconds())}`;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
