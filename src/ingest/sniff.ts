import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { FileError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1251' | 'utf-16le' | 'utf-16be';

/**
 * What a file is, learnt in one streaming pass (README «Reading exports»). The loader's contract:
 * - `format`, `size`, `sha256` as before; `encoding` is the encoding the file was decided to be in, on evidence
 *   (see `decideEncoding`), for the summary and the `loads` row.
 * - `text` (text files only, never for UTF-16, whose facts come from its UTF-8 copy in openSource) is what the
 *   reader needs to make the UTF-8 copy — or to read the file in place — without a second full pass. The loader
 *   reads nothing of it: `openSource` turns it into `CsvSource.cut` and `CsvSource.warnings`.
 */
export interface FileFacts {
  path: string;
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding?: Encoding;
  text?: TextFacts;
}

/**
 * A text file's records as DuckDB's read_csv splits them: a record ends at a CRLF, LF or lone CR outside quotes
 * (read_csv 1.5 takes all three, also mixed); «"» toggles quoting (a doubled «""» toggles twice). «"», CR and
 * LF are single bytes in UTF-8 and Windows-1251 alike, so the scan runs on the bytes.
 */
export interface TextFacts {
  /** Line breaks outside quotes (= records, the header and a `sep=` line included, that end with one). */
  records: number;
  /** Where the record after the last line break starts: `size` when the file ends with a line break outside quotes. */
  lastRecordStart: number;
  /** The file ends inside a quoted field (cut off, or a quote never closed). */
  endsInsideQuotes: boolean;
  /** Of those line breaks, the CRLFs (a file with none ends its records in LF or a lone CR only). */
  crlf: number;
  /** UTF-8 evidence, counted in the first 4 MB chunk that is not all valid UTF-8 (see decideEncoding). */
  utf8: Utf8Evidence;
}

export interface Utf8Evidence {
  /** Valid multi-byte UTF-8 sequences. */
  sequences: number;
  /** Invalid sequences (each one U+FFFD in `TextDecoder('utf-8')`), and 1 for an incomplete one ending the file. */
  invalid: number;
  /** Chunks all valid UTF-8 before the first that is not (the counting stops there), and whether one was not (0 or 1). */
  validChunks: number;
  invalidChunks: number;
}

const sampleBytes = 64 * 1024;
const chunkBytes = 4 * 1024 * 1024;

/**
 * What a file is, in one streaming pass: its sha256 and, for text, the evidence of its encoding and where its
 * records end. Refuses early what is not a table at all (empty, binary, old .xls, UTF-16 without a BOM).
 */
export async function inspectFile(file: string): Promise<FileFacts> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new FileError(file, 'это папка, а не файл выгрузки.');
    size = st.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, 'файл не найден или недоступен.', { cause: error });
  }
  if (size === 0) throw new FileError(file, 'файл пуст.');

  const head = await readHead(file, sampleBytes);
  const kind = sniffFormat(file, head);
  const text = kind === 'csv' ? new TextScan() : undefined;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    text?.feed(chunk);
  }
  const facts: FileFacts = { path: file, size, sha256: hash.digest('hex'), format: kind === 'xlsx' ? 'xlsx' : 'csv' };
  if (kind === 'utf-16le' || kind === 'utf-16be') facts.encoding = kind;
  if (text) {
    facts.text = text.finish();
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const encoding = decideEncoding(facts.text.utf8);
    facts.encoding = encoding === 'utf-8' && bom ? 'utf-8-bom' : encoding;
  }
  return facts;
}

/**
 * A file is UTF-8 unless its invalid UTF-8 sequences outnumber its valid multi-byte ones: Windows-1251 Cyrillic
 * is almost never valid UTF-8 (a lower-case letter is a lead byte the next letter cannot continue), while a UTF-8
 * export with a flipped byte or cut in the middle of a letter has a few invalid sequences among thousands of
 * valid ones. The evidence is the first 4 MB chunk that is not all valid UTF-8 (the header's, for a Windows-1251
 * export); a file all of whose chunks are valid but whose last sequence is cut off is UTF-8. Rows in the other
 * encoding are found record by record when the copy is made (decodeRecord).
 */
export function decideEncoding(evidence: Utf8Evidence): 'utf-8' | 'windows-1251' {
  // No chunk with an invalid sequence: at most the file's last letter is cut off.
  if (evidence.invalid === 0 || evidence.invalidChunks === 0) return 'utf-8';
  return evidence.sequences > evidence.invalid ? 'utf-8' : 'windows-1251';
}

/**
 * Finds where records end, chunk by chunk, as read_csv splits them (see TextFacts). It hops from «"» to «"» and
 * line break to line break with Buffer.indexOf (native), so a file costs a few calls a line, not a JS step a
 * byte — a byte loop cost 4× the file's sha256. `onEnd` gets each record's end in the chunk (after its break);
 * `row` false for the LF of a CRLF whose CR ended the chunk before (it belongs to the record already ended).
 */
export class RecordSplitter {
  quoted = false;
  records = 0;
  /** Records ended by a CRLF. */
  crlf = 0;
  /** Bytes fed before this chunk; the last record's start, counted from the file's first byte. */
  offset = 0;
  lastRecordStart = 0;
  private endedWithCr = false;

  feed(chunk: Uint8Array, onEnd?: (end: number, row: boolean) => void): void {
    const n = chunk.length;
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, n);
    const next = (byte: number, from: number) => {
      const at = buffer.indexOf(byte, from);
      return at === -1 ? n : at;
    };
    let quoted = this.quoted;
    let lf = -1;
    let cr = -1;
    for (let i = 0; i < n; ) {
      const quote = next(0x22, i);
      if (quoted) {
        if (quote === n) break;
        quoted = false;
        i = quote + 1;
        continue;
      }
      if (lf < i) lf = next(0x0a, i);
      if (cr < i) cr = next(0x0d, i);
      while (lf < quote || cr < quote) {
        if (cr < lf) {
          this.records++;
          this.lastRecordStart = this.offset + cr + 1;
          if (cr + 1 < n && buffer[cr + 1] === 0x0a) this.crlf++;
          onEnd?.(cr + 1 < n && buffer[cr + 1] === 0x0a ? cr + 2 : cr + 1, true);
          cr = next(0x0d, cr + 1);
        } else {
          // The LF of a CRLF ends the record its CR ended.
          const afterCr = lf === 0 ? this.endedWithCr : buffer[lf - 1] === 0x0d;
          if (!afterCr) {
            this.records++;
            onEnd?.(lf + 1, true);
          } else if (lf === 0) {
            // The LF of a CRLF whose CR ended the chunk before.
            this.crlf++;
            onEnd?.(1, false);
          }
          this.lastRecordStart = this.offset + lf + 1;
          lf = next(0x0a, lf + 1);
        }
      }
      if (quote === n) break;
      quoted = true;
      i = quote + 1;
    }
    this.endedWithCr = !quoted && n > 0 && buffer[n - 1] === 0x0d;
    this.quoted = quoted;
    this.offset += n;
  }
}

/**
 * The streaming half of inspectFile for text: record ends, and the UTF-8 evidence of the first chunk that is
 * not all valid UTF-8 (4 MB of the text where the damage or the other encoding is; counting every chunk of a
 * Windows-1251 file cost twice its sha256).
 */
export class TextScan {
  private readonly splitter = new RecordSplitter();
  private carry: Buffer = Buffer.alloc(0);
  private readonly utf8: Utf8Evidence = { sequences: 0, invalid: 0, validChunks: 0, invalidChunks: 0 };

  feed(chunk: Buffer): void {
    this.splitter.feed(chunk);
    this.checkUtf8(chunk);
  }

  finish(): TextFacts {
    if (this.carry.length > 0 && this.utf8.invalidChunks === 0) this.utf8.invalid++;
    const { records, lastRecordStart, quoted, crlf } = this.splitter;
    return { records, lastRecordStart, endsInsideQuotes: quoted, crlf, utf8: this.utf8 };
  }

  private checkUtf8(chunk: Buffer): void {
    // After the first chunk with an invalid sequence the evidence is in; the copy reads each record on its own.
    if (this.utf8.invalidChunks > 0) return;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteUtf8Tail(data);
    const whole = data.subarray(0, data.length - tail);
    if (isUtf8(whole)) this.utf8.validChunks++;
    else {
      this.utf8.invalidChunks++;
      const counted = countUtf8(whole);
      this.utf8.sequences += counted.sequences;
      this.utf8.invalid += counted.invalid;
    }
    this.carry = Buffer.from(data.subarray(data.length - tail));
  }
}

/**
 * Valid multi-byte UTF-8 sequences and invalid ones in `bytes`, counted as the WHATWG decoder replaces them (one
 * U+FFFD per maximal invalid subpart, an incomplete sequence at the end included).
 */
export function countUtf8(bytes: Uint8Array): { sequences: number; invalid: number } {
  let sequences = 0;
  let invalid = 0;
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const c = bytes[i + j]!;
      if (c < (j === 1 ? low : 0x80) || c > (j === 1 ? high : 0xbf)) break;
    }
    if (j > need) sequences++;
    else invalid++;
    i += j;
  }
  return { sequences, invalid };
}

type Sniffed = 'csv' | 'xlsx' | 'utf-16le' | 'utf-16be';

function sniffFormat(file: string, head: Buffer): Sniffed {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new FileError(file, 'это файл старого формата Excel (.xls), okno читает .xlsx и CSV.', {
      hint: 'Откройте его в Excel или LibreOffice и сохраните как .xlsx или CSV.',
    });
  }
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) {
    throw new FileError(file, 'это PDF, а не таблица. Нужна выгрузка amoCRM в CSV или XLSX.');
  }
  // Excel's «Текст Юникод» (UTF-16LE) and other UTF-16 text start with a byte order mark.
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (looksLikeUtf16(head)) {
    throw new FileError(file, 'похоже, это текст в кодировке UTF-16 без метки порядка байтов (BOM): okno не может прочитать его надёжно.', {
      hint: 'Сохраните файл заново как «CSV UTF-8 (разделитель — запятая)» или выгрузите его из amoCRM ещё раз.',
    });
  }
  // Text never holds NUL or most C0 controls; random or binary bytes almost always do.
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) throw new FileError(file, 'это не таблица (двоичный файл). Нужна выгрузка amoCRM в CSV или XLSX.');
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  }
  if (controls > head.length / 100) {
    throw new FileError(file, 'это не таблица (двоичный файл). Нужна выгрузка amoCRM в CSV или XLSX.');
  }
  return 'csv';
}

/**
 * UTF-16 text without a BOM: NUL in every other byte (the high byte of Latin letters, digits, delimiters and line
 * breaks) and hardly ever in the others. Random bytes have NULs at both parities; Cyrillic UTF-16 has 0x04 there.
 */
export function looksLikeUtf16(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  const nuls = [0, 0];
  for (let i = 0; i < head.length; i++) if (head[i] === 0) nuls[i % 2]!++;
  const pairs = Math.floor(head.length / 2);
  const [most, least] = nuls[0]! > nuls[1]! ? [nuls[0]!, nuls[1]!] : [nuls[1]!, nuls[0]!];
  return most >= pairs * 0.3 && least <= pairs * 0.02;
}

export async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** How many bytes at the end of `data` start a UTF-8 sequence the chunk cuts off. */
export function incompleteUtf8Tail(data: Buffer): number {
  for (let i = 1; i <= Math.min(3, data.length); i++) {
    const byte = data[data.length - i]!;
    if ((byte & 0xc0) === 0x80) continue;
    if ((byte & 0x80) === 0) return 0;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return need > i ? i : 0;
  }
  return 0;
}

/** How a record's bytes were read: in the file's encoding, or — on the record's own evidence — otherwise. */
export type RecordReading = 'as-file' | 'invalid-utf8' | 'windows-1251-rows' | 'utf-8-rows';

const utf8Decoder = new TextDecoder('utf-8');
const cp1251Decoder = new TextDecoder('windows-1251');

/**
 * One record's text, decided on its own bytes (README «Reading exports», mixed encodings): in a UTF-8 file a
 * record with invalid bytes and no valid multi-byte sequence, and at least two invalid ones, is Windows-1251
 * (a word of Cyrillic in it); one with valid sequences too is UTF-8 with damage, each invalid sequence U+FFFD.
 * In a Windows-1251 file a record all valid UTF-8 with a multi-byte sequence is UTF-8.
 */
export function decodeRecord(bytes: Uint8Array, encoding: 'utf-8' | 'windows-1251'): { text: string; reading: RecordReading } {
  if (encoding === 'utf-8') {
    if (isUtf8(bytes)) return { text: utf8Decoder.decode(bytes), reading: 'as-file' };
    const { sequences, invalid } = countUtf8(bytes);
    if (sequences === 0 && invalid >= 2) return { text: cp1251Decoder.decode(bytes), reading: 'windows-1251-rows' };
    return { text: utf8Decoder.decode(bytes), reading: 'invalid-utf8' };
  }
  if (isUtf8(bytes) && countUtf8(bytes).sequences > 0) return { text: utf8Decoder.decode(bytes), reading: 'utf-8-rows' };
  return { text: cp1251Decoder.decode(bytes), reading: 'as-file' };
}

/** Byte offsets where the records of `bytes` end (after their line break), as TextScan counts them. */
export function recordEnds(bytes: Uint8Array, limit = Infinity): number[] {
  const ends: number[] = [];
  let quoted = false;
  for (let i = 0; i < bytes.length && ends.length < limit; i++) {
    const b = bytes[i]!;
    if (b === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (b === 0x0a) ends.push(i + 1);
    else if (b === 0x0d) ends.push(bytes[i + 1] === 0x0a ? ++i + 1 : i + 1);
  }
  return ends;
}

export interface CsvDialect {
  delimiter: string;
  /** Records before the first data row (an optional `sep=` line and the header). */
  skip: number;
  headers: string[];
}

/**
 * Delimiter and header of a CSV from the first records of `head` (its first bytes), each decoded on its own
 * evidence (decodeRecord). `head` must hold the header record whole.
 */
export function csvDialect(file: string, head: Uint8Array, encoding: 'utf-8' | 'windows-1251'): CsvDialect {
  const ends = recordEnds(head, 2);
  const record = (k: number) => {
    const from = k === 0 ? 0 : ends[k - 1] ?? head.length;
    const bytes = head.subarray(from, ends[k] ?? head.length);
    return decodeRecord(bytes, encoding).text.replace(/^\uFEFF/, '').replace(/\r?\n$|\r$/, '');
  };
  let skip = 0;
  let delimiter: string | undefined;
  const sep = /^"?sep=(.)"?\s*$/i.exec(record(0));
  if (sep) {
    delimiter = sep[1]!;
    skip = 1;
  }
  const headerLine = record(skip);
  if (headerLine.trim() === '') throw new FileError(file, 'в первой строке нет заголовков столбцов.');
  delimiter ??= guessDelimiter(headerLine);
  if (delimiter === undefined) {
    throw new FileError(file, 'не удалось определить разделитель столбцов: в заголовке один столбец.', {
      hint: 'Нужна выгрузка amoCRM в CSV (разделитель «;», «,» или табуляция) или XLSX.',
    });
  }
  const headers = splitCsvLine(headerLine, delimiter);
  return { delimiter, skip: skip + 1, headers };
}

function guessDelimiter(line: string): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const candidate of [';', ',', '\t']) {
    const count = splitCsvLine(line, candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Splits one CSV line (RFC 4180 quoting) — used for the header line only; DuckDB parses the data. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  return splitRecord(line, delimiter).cells;
}

/** A record's cells as split so far, and whether its text ends inside a quoted field (a cut record). */
export function splitRecord(text: string, delimiter: string): { cells: string[]; insideQuotes: boolean } {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else field += ch;
  }
  cells.push(field);
  return { cells, insideQuotes: quoted };
}
