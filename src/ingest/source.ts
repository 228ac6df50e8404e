import { copyFile, open, rm, truncate } from 'node:fs/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import path from 'node:path';
import { FileError } from '../errors.js';
import { removeScratch, scratchDir } from '../files/scratch.js';
import {
  RecordSplitter,
  TextScan,
  csvDialect,
  decodeRecord,
  readHead,
  splitRecord,
  type CsvDialect,
  type FileFacts,
  type RecordReading,
  type TextFacts,
} from './sniff.js';

/**
 * A UTF-8 CSV that DuckDB's read_csv can take as is, with the header read from the original. The loader's
 * contract (README «Reading exports»):
 * - `csvPath` is UTF-8; its records end in CRLF, LF or a lone CR (read_csv takes all three); it never ends inside
 *   quotes. It is the export itself when that is UTF-8 with no invalid byte and not cut (no copy), else a scratch
 *   copy that `dispose` removes.
 * - `skip` records (a `sep=` line, the header) come before the data; data record k of `csvPath` (from 0) is
 *   spreadsheet row k + 2, as before.
 * - `cut`: the export's last record was cut off — no line break after it, and fewer fields than the header or its
 *   end inside a quoted field (a download interrupted). It is not in `csvPath`: the loader rejects it as «строка
 *   обрезана» (row `cut.row`; `cut.cells` as split so far, for the rejects file) and says the file looks
 *   truncated. A last record with all its fields and no line break is a complete row (Excel saves CSV so).
 * - `warnings`: rows read with a repair (invalid UTF-8 as U+FFFD; rows in the other encoding read in theirs). No
 *   row is rejected for it; the loader puts them in the file's report and render/load-summary words them.
 *   Undefined for XLSX.
 */
export interface CsvSource {
  csvPath: string;
  delimiter: string;
  skip: number;
  headers: string[];
  cut?: CutRecord;
  warnings?: TextWarning[];
  /**
   * `\n` unless every record of the file ends in CRLF: read_csv is told so, and still ends records at CRLF, LF and a
   * lone CR. Left to guess on a CRLF file with a lone CR, DuckDB took the character after the CR for the LF of a CRLF
   * («1002» read as «002»: another deal). Unset for a CRLF file, which its guess reads right (a stated `\n` there
   * miscounts `skip` over a `sep=` line).
   */
  newline?: '\n';
  /** Removes temporary files. */
  dispose(): Promise<void>;
}

export interface CutRecord {
  /** Spreadsheet row number (README «Row numbers»: the header is row 1). */
  row: number;
  /** The record's cells as split so far (fewer than the header's, or the last one unfinished). */
  cells: string[];
  reason: 'short' | 'inside-quotes';
}

/** Rows of one kind of repair: spreadsheet row numbers, ascending (the first `rowLimit`), and how many in all. */
export interface TextWarning {
  kind: Exclude<RecordReading, 'as-file'>;
  rows: number[];
  count: number;
}

export type Progress = (fraction: number) => void;

/** How many row numbers a warning lists (the count says the rest). */
export const rowLimit = 1000;
/** Bytes read for the dialect: the `sep=` line and the header must be in them. */
const headBytes = 1024 * 1024;
/** A cut record longer than this is not one record: a quote left open earlier took the rest of the file. */
const maxCutBytes = 16 * 1024 * 1024;

/**
 * Turns an export into a UTF-8 CSV: in place for a clean UTF-8 CSV; else a scratch copy — Windows-1251 and
 * UTF-16 by the platform's streaming TextDecoder, damaged or mixed text record by record (decodeRecord), a cut
 * export without its cut record; XLSX via src/ingest/xlsx.ts.
 */
export async function openSource(facts: FileFacts, onProgress?: Progress, options: { sheetName?: (name: string) => boolean } = {}): Promise<CsvSource> {
  if (facts.format === 'xlsx') return xlsxSource(facts, onProgress, options.sheetName);
  let dir: string | undefined;
  const scratch = async (name: string) => path.join((dir ??= await scratchDir(facts.size * 2)), name);
  const dispose = async () => {
    if (dir) await removeScratch(dir);
  };
  try {
    return { ...(await textSource(facts, scratch, onProgress)), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function textSource(
  facts: FileFacts,
  scratch: (name: string) => Promise<string>,
  onProgress?: Progress,
): Promise<Omit<CsvSource, 'dispose'>> {
  let file = facts.path;
  let size = facts.size;
  let text = facts.text;
  const encoding = facts.encoding === 'windows-1251' ? 'windows-1251' : 'utf-8';
  const utf16 = facts.encoding === 'utf-16le' || facts.encoding === 'utf-16be';
  if (utf16) {
    // UTF-16's bytes are not ASCII-compatible: the UTF-8 copy is made first, and scanned as it is written.
    file = await scratch('utf8.csv');
    const scan = new TextScan();
    size = await transcode(facts.path, file, facts.size, facts.size, decoding(facts.encoding as 'utf-16le' | 'utf-16be', 2), onProgress, scan);
    text = scan.finish();
  }
  const dialect = csvDialect(facts.path, await readHead(file, headBytes), encoding);
  const warnings = new Warnings();
  const cut = await cutRecord(facts.path, file, size, text!, dialect, encoding);
  if (cut && cut.reading !== 'as-file') warnings.add(cut.reading, cut.row);
  const result = (csvPath: string) => ({
    csvPath,
    ...dialect,
    ...(text!.crlf < text!.records ? { newline: '\n' as const } : {}),
    ...(cut ? { cut: { row: cut.row, cells: cut.cells, reason: cut.reason } } : {}),
    warnings: warnings.list(),
  });
  const end = cut ? cut.start : size;

  if (utf16) {
    if (cut) await truncate(file, end);
    return result(file);
  }
  if (encoding === 'utf-8' && text!.utf8.invalid === 0) {
    if (!cut) return result(file);
    const copy = await scratch('utf8.csv');
    await copyFile(file, copy);
    await truncate(copy, end);
    return result(copy);
  }
  const copy = await scratch('utf8.csv');
  await transcode(file, copy, end, size, byRecords(encoding, 2 - dialect.skip, warnings), onProgress);
  return result(copy);
}

/**
 * The export's last record when it was cut off (see CsvSource.cut), with where it starts and how its bytes were
 * read. A record that reaches past `maxCutBytes`, or inside whose open quote stand whole rows of the export, is a
 * quote left open earlier, not a cut: the file is refused, as no row after it can be read.
 */
async function cutRecord(
  original: string,
  file: string,
  size: number,
  text: TextFacts,
  dialect: CsvDialect,
  encoding: 'utf-8' | 'windows-1251',
): Promise<(CutRecord & { start: number; reading: RecordReading }) | undefined> {
  const start = text.lastRecordStart;
  if (start >= size && !text.endsInsideQuotes) return undefined;
  // The header is the last record: a file with no data row, which the loader reports as such.
  if (text.records < dialect.skip) return undefined;
  const row = text.records - dialect.skip + 2;
  if (size - start > maxCutBytes) throw unclosedQuote(original, row);
  const decoded = decodeRecord(await readRange(file, start, size - start), encoding);
  const { cells, insideQuotes } = splitRecord(decoded.text, dialect.delimiter);
  if (insideQuotes || text.endsInsideQuotes) {
    if (holdsRows(decoded.text, dialect)) throw unclosedQuote(original, row);
    return { row, cells, reason: 'inside-quotes', start, reading: decoded.reading };
  }
  if (cells.length < dialect.headers.length) return { row, cells, reason: 'short', start, reading: decoded.reading };
  return undefined;
}

/** A line of the record, after its first, that has as many fields as the header: a row of the export. */
function holdsRows(record: string, dialect: CsvDialect): boolean {
  return record
    .split(/\r\n|\n|\r/)
    .slice(1)
    .some((line) => splitRecord(line, dialect.delimiter).cells.length >= dialect.headers.length);
}

function unclosedQuote(file: string, row: number) {
  return new FileError(file, `в строке ${row} не закрыта кавычка: всё, что после неё, читается как одно поле, и строки дальше прочитать нельзя.`, {
    hint: 'Закройте кавычку в этой строке (обычно — в тексте примечания) или выгрузите файл из amoCRM заново.',
  });
}

async function readRange(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** An XLSX's first sheet as a temporary UTF-8 CSV (src/ingest/xlsx.ts). */
async function xlsxSource(facts: FileFacts, onProgress?: Progress, sheetName?: (name: string) => boolean): Promise<CsvSource> {
  const dir = await scratchDir(facts.size * 8);
  const csvPath = path.join(dir, 'sheet.csv');
  try {
    const { xlsxToCsv } = await import('./xlsx.js');
    const headers = await xlsxToCsv(facts, csvPath, onProgress, sheetName);
    return { csvPath, delimiter: ',', skip: 0, headers, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Rows read with a repair, by kind, in the order met (rows ascending). */
class Warnings {
  private readonly byKind = new Map<TextWarning['kind'], TextWarning>();

  add(kind: RecordReading, row: number): void {
    // A `sep=` line has no row number (the header is row 1); it is ASCII anyway.
    if (kind === 'as-file' || row < 1) return;
    let warning = this.byKind.get(kind);
    if (!warning) this.byKind.set(kind, (warning = { kind, rows: [], count: 0 }));
    if (warning.rows.length < rowLimit) warning.rows.push(row);
    warning.count++;
  }

  list(): TextWarning[] {
    return [...this.byKind.values()].map((w) => ({ ...w, rows: [...w.rows].sort((a, b) => a - b) }));
  }
}

/** Turns the next chunk of the source (the last one with `last`) into UTF-8 bytes, valid until the call after next. */
type Transcoder = (chunk: Uint8Array, last: boolean) => Uint8Array;

/**
 * The platform's streaming TextDecoder, then TextEncoder.encodeInto: `ratio` bounds the UTF-8 bytes per source
 * byte (3 for Windows-1251, whose «€» and «№» take 3; 2 for UTF-16 with the odd byte a chunk leaves over).
 */
export function decoding(encoding: 'windows-1251' | 'utf-16le' | 'utf-16be', ratio: number): Transcoder {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const outs: Uint8Array[] = [];
  let k = 0;
  return (chunk, last) => {
    const need = chunk.length * ratio + 8;
    const slot = k++ % 2;
    if (!outs[slot] || outs[slot]!.length < need) outs[slot] = new Uint8Array(need);
    const out = outs[slot]!;
    const { written } = encoder.encodeInto(decoder.decode(chunk, { stream: !last }), out);
    return out.subarray(0, written);
  };
}

/**
 * Record by record (split as read_csv splits them, RecordSplitter), each on its own evidence, for Windows-1251
 * text and for UTF-8 text with invalid bytes. A record all valid UTF-8 — in a Windows-1251 file, with a
 * non-ASCII byte — is UTF-8 (one native isUtf8 call a record); runs of the file's own records go through in one
 * piece (UTF-8 bytes as they are, Windows-1251 through the streaming TextDecoder); a damaged UTF-8 record goes
 * through decodeRecord. `firstRow` is the row number of the file's first record (0 before a `sep=` line).
 */
function byRecords(encoding: 'utf-8' | 'windows-1251', firstRow: number, warnings: Warnings): Transcoder {
  const splitter = new RecordSplitter();
  const cp1251 = new TextDecoder('windows-1251');
  const encoder = new TextEncoder();
  const outs: Uint8Array[] = [];
  let slot = 0;
  let out: Uint8Array = new Uint8Array(0);
  let length = 0;
  const room = (bytes: number) => {
    if (length + bytes <= out.length) return;
    const grown = new Uint8Array(Math.max(2 * out.length, length + bytes));
    grown.set(out.subarray(0, length));
    out = outs[slot] = grown;
  };
  const append = (bytes: Uint8Array) => {
    room(bytes.length);
    out.set(bytes, length);
    length += bytes.length;
  };
  /** The file's own records: UTF-8 as they are, Windows-1251 (at most 3 bytes a byte, «€») decoded. */
  const own = (bytes: Uint8Array) => {
    if (encoding === 'utf-8') return append(bytes);
    room(3 * bytes.length);
    length += encoder.encodeInto(cp1251.decode(bytes, { stream: true }), out.subarray(length)).written;
  };
  /** One record on its own evidence: its UTF-8 bytes when it is not one of the file's own, else undefined. */
  const other = (bytes: Uint8Array): Uint8Array | undefined => {
    const valid = isUtf8(bytes);
    if (encoding === 'windows-1251') {
      if (!valid || isAscii(bytes)) return undefined;
      warnings.add('utf-8-rows', row);
      return bytes;
    }
    if (valid) return undefined;
    const { text, reading } = decodeRecord(bytes, encoding);
    warnings.add(reading, row);
    return encoder.encode(text);
  };
  let carry: Buffer = Buffer.alloc(0);
  let row = firstRow;
  return (chunk, last) => {
    // Two output buffers in turn: the one returned last time may still be being written.
    slot = 1 - slot;
    out = outs[slot] ??= new Uint8Array(3 * chunk.length + 1024);
    length = 0;
    const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let runStart = 0;
    let start = 0;
    const record = (end: number, isRow: boolean) => {
      if (!isRow) {
        // The LF of a CRLF split between chunks: the record was written with its CR.
        append(view.subarray(start, end));
        runStart = start = end;
        return;
      }
      if (start === 0 && carry.length > 0) {
        const bytes = Buffer.concat([carry, view.subarray(0, end)]);
        carry = Buffer.alloc(0);
        const repaired = other(bytes);
        if (repaired) append(repaired);
        else own(bytes);
        runStart = end;
      } else {
        const repaired = other(view.subarray(start, end));
        if (repaired) {
          // The run of the file's own records before it goes first.
          if (start > runStart) own(view.subarray(runStart, start));
          append(repaired);
          runStart = end;
        }
      }
      row++;
      start = end;
    };
    splitter.feed(chunk, record);
    if (start > runStart) own(view.subarray(runStart, start));
    // The chunk's buffer is read into again: what is left of a record is copied.
    if (start < chunk.length) carry = Buffer.concat([carry, view.subarray(start)]);
    if (last && carry.length > 0) {
      const repaired = other(carry);
      if (repaired) append(repaired);
      else own(carry);
      carry = Buffer.alloc(0);
      row++;
    }
    return out.subarray(0, length);
  };
}

/**
 * Transcodes the first `end` bytes of `from` into `to`; returns the bytes written. The next 8 MB are read and the
 * last ones written while a chunk is transcoded. `scan` sees the output as written (UTF-16's copy).
 */
async function transcode(
  from: string,
  to: string,
  end: number,
  size: number,
  transform: Transcoder,
  onProgress?: Progress,
  scan?: TextScan,
): Promise<number> {
  const input = await open(from, 'r');
  const output = await open(to, 'w').catch(async (error: unknown) => {
    await input.close();
    throw error;
  });
  const chunks = [new Uint8Array(8 * 1024 * 1024), new Uint8Array(8 * 1024 * 1024)];
  let position = 0;
  const read = (k: number) => {
    const buffer = chunks[k % 2]!;
    const length = Math.min(buffer.length, end - position);
    const from = position;
    position += length;
    return length === 0 ? Promise.resolve({ bytesRead: 0, buffer }) : input.read(buffer, 0, length, from);
  };
  let writing: Promise<unknown> = Promise.resolve();
  let reading = read(0);
  let written = 0;
  const write = async (out: Uint8Array) => {
    scan?.feed(Buffer.from(out.buffer, out.byteOffset, out.length));
    await writing;
    written += out.length;
    writing = output.write(out, 0, out.length);
  };
  try {
    let done = 0;
    for (let k = 0; ; k++) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      done += bytesRead;
      reading = read(k + 1);
      await write(transform(chunks[k % 2]!.subarray(0, bytesRead), false));
      onProgress?.((0.3 * done) / size);
    }
    await write(transform(new Uint8Array(0), true));
    await writing;
    return written;
  } finally {
    // On failure a read or write may still be under way: let it settle before its file is closed.
    await Promise.allSettled([reading, writing]);
    await input.close();
    await output.close();
  }
}
