import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { FileError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1251';

export interface FileFacts {
  path: string;
  size: number;
  sha256: string;
  format: 'csv' | 'xlsx';
  /** For text files: strict UTF-8 when every byte is valid UTF-8, else Windows-1251. */
  encoding?: Encoding;
}

const sampleBytes = 64 * 1024;

/**
 * What a file is, in one streaming pass: its sha256 and, for text, whether all of it is valid UTF-8.
 * Refuses early what is not a table at all (empty, binary, old .xls).
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
  const format = sniffFormat(file, head);

  const hash = createHash('sha256');
  let utf8 = format === 'csv';
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!utf8) continue;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const tail = incompleteUtf8Tail(data);
    if (!isUtf8(data.subarray(0, data.length - tail))) utf8 = false;
    carry = Buffer.from(data.subarray(data.length - tail));
  }
  if (carry.length > 0) utf8 = false;

  const facts: FileFacts = { path: file, size, sha256: hash.digest('hex'), format };
  if (format === 'csv') {
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    facts.encoding = utf8 ? (bom ? 'utf-8-bom' : 'utf-8') : 'windows-1251';
  }
  return facts;
}

function sniffFormat(file: string, head: Buffer): 'csv' | 'xlsx' {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new FileError(file, 'это файл старого формата Excel (.xls), okno читает .xlsx и CSV.', {
      hint: 'Откройте его в Excel или LibreOffice и сохраните как .xlsx или CSV.',
    });
  }
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) {
    throw new FileError(file, 'это PDF, а не таблица. Нужна выгрузка amoCRM в CSV или XLSX.');
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

async function readHead(file: string, bytes: number): Promise<Buffer> {
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

export interface CsvDialect {
  delimiter: string;
  /** Physical lines before the first data row (an optional `sep=` line and the header). */
  skip: number;
  headers: string[];
}

/** Delimiter and header of a CSV from its first line(s), read in the file's encoding. */
export async function csvDialect(file: string, encoding: Encoding): Promise<CsvDialect> {
  const head = await readHead(file, sampleBytes);
  const text = new TextDecoder(encoding === 'windows-1251' ? 'windows-1251' : 'utf-8').decode(head).replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\n|\r/);
  let skip = 0;
  let delimiter: string | undefined;
  const sep = /^"?sep=(.)"?\s*$/i.exec(lines[0] ?? '');
  if (sep) {
    delimiter = sep[1]!;
    skip = 1;
  }
  const headerLine = lines[skip] ?? '';
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
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * True when the file ends inside a quoted field: a well-formed CSV has an even number of «"» (pairs around
 * fields, doubled inside them). DuckDB's careful reader would silently take the rest of the file as one value.
 */
export async function endsInsideQuotes(file: string): Promise<boolean> {
  let odd = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x22); i !== -1; i = chunk.indexOf(0x22, i + 1)) odd = !odd;
  }
  return odd;
}
