// XLSX → a UTF-8 CSV that DuckDB reads like any export, in one thread: yauzl opens the zip (its directory says
// where each part is), saxes streams the first sheet's XML, and each row becomes one CSV line (README «XLSX»).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { FileError } from '../errors.js';
import { formatNumber } from '../text/russian.js';
import { writeError } from '../files/atomic.js';
import { readBook, xmlError, xmlParser, type Book } from './xlsx-book.js';
import { booleanText, csvField, isDateHeader, isoDateText, numberText, unescapeText } from './xlsx-cells.js';
import { openZip } from './xlsx-zip.js';
import type { FileFacts } from './sniff.js';
import type { Progress } from './source.js';

/** Excel's limits: rows 1 … 1,048,576, columns A … XFD (16,384). Beyond them the file is damaged. */
export const maxRow = 1_048_576;
export const maxColumn = 16_384;

/**
 * Missing rows become empty lines (line numbers stay the sheet's), but a file may not make more of them than it
 * holds rows: at any point, the empty lines written so far are at most 1,000 plus the rows read so far. A 2 KB file
 * declaring row 1,000,000 would otherwise write a million lines.
 */
export const freeEmptyLines = 1000;

/** Text that needs quoting or may hold an `_xHHHH_` escape. */
const plainText = /[",\n\r_]/;

/** Lines are written in batches of this many (a few hundred KB): one write per batch, joined from an array. */
const batchLines = 2048;

/**
 * Reads the first sheet (or the one `sheetName` picks; NoSuchSheet when none) and writes it to `csvPath`, one line per sheet row (empty rows too, so line numbers stay
 * the sheet's); the header row is returned, not written. Dates become `dd.MM.yyyy HH:mm:ss` wall-clock text.
 */
export async function xlsxToCsv(facts: FileFacts, csvPath: string, onProgress?: Progress, sheetName?: (name: string) => boolean): Promise<string[]> {
  const zip = await openZip(facts.path);
  let out: WriteStream | undefined;
  let writeFailure: Error | undefined;
  try {
    const book = await readBook(facts.path, zip, sheetName);
    out = createWriteStream(csvPath, { highWaterMark: 1024 * 1024 });
    // A write that fails (no room left) is seen at the next chunk, not as an unhandled error event.
    out.on('error', (error) => {
      writeFailure ??= error;
    });
    const stream = out;
    const sheet = new SheetWriter(facts.path, book, (text) => stream.write(text));
    const parser = xmlParser(facts.path, book.sheet.name);
    sheet.listen(parser);
    const decoder = new TextDecoder('utf-8');
    const total = Math.max(book.sheet.entry.uncompressedSize, 1);
    const share = (0.6 * book.sheet.entry.compressedSize) / Math.max(facts.size, 1);
    let inflated = 0;
    for await (const chunk of await zip.stream(book.sheet)) {
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (error) {
        throw xmlError(facts.path, book.sheet.name, error);
      }
      if (writeFailure) throw writeFailure;
      if (sheet.mustWait && !stream.destroyed) {
        await once(stream, 'drain');
        sheet.mustWait = false;
      }
      inflated += chunk.length;
      onProgress?.((share * inflated) / total);
    }
    try {
      parser.write(decoder.decode()).close();
    } catch (error) {
      throw xmlError(facts.path, book.sheet.name, error);
    }
    const headers = sheet.finish();
    stream.end();
    await once(stream, 'finish');
    if (writeFailure) throw writeFailure;
    return headers;
  } catch (error) {
    if (out) {
      // On Windows an open file cannot be removed: wait for it to close (a stream that failed to open is closed).
      const closed = out.closed ? undefined : once(out, 'close').catch(() => undefined);
      out.destroy();
      await closed;
      await rm(csvPath, { force: true });
    }
    // Not the file's fault: a scratch copy that could not be written (told as such).
    if (error === writeFailure) throw writeError(csvPath, error);
    throw error;
  } finally {
    zip.close();
  }
}

/**
 * The sheet's XML events → CSV lines. Cells are kept per row in an array of fields and each line joined from it,
 * lines in batches: no long chains of concatenated strings.
 */
class SheetWriter {
  /** The output stream asked to be drained before more is written. */
  mustWait = false;
  private names: { sheetData: string; row: string; c: string; v: string; is: string; t: string; rPh: string } | undefined;
  private inSheetData = false;
  /** The header's cells while row 1 is read; undefined once it is done. */
  private header: string[] | undefined;
  private headers: string[] | undefined;
  private width = 0;
  private dateColumns: boolean[] = [];
  private fields: string[] = [];
  private empty = '';
  private lines: string[] = [];
  /** The sheet row the next line is for (row 1, the header, is not written). */
  private nextRow = 1;
  private row = 0;
  private rowsRead = 0;
  private emptyLines = 0;
  private inRow = false;
  // The cell being read: its column (1-based), type, style, and text.
  private column = 0;
  private type: string | undefined;
  private style = 0;
  private inValue = false;
  private inInline = false;
  private inPhonetic = false;
  private value: string | undefined;
  private text = '';
  /** The shared strings as CSV fields (quoted where needed), made once. */
  private readonly sharedFields: string[];

  constructor(
    private readonly file: string,
    private readonly book: Book,
    private readonly write: (text: string) => boolean,
  ) {
    this.sharedFields = book.sharedStrings.map(csvField);
  }

  listen(parser: ReturnType<typeof xmlParser>): void {
    parser.on('opentag', (tag) => this.open(tag.name, tag.attributes as Record<string, string>, tag.isSelfClosing));
    parser.on('closetag', (tag) => this.close(tag.name));
    // A value comes as one piece of text, unless a chunk of the XML ends inside it.
    const onText = (text: string) => {
      if (this.inValue) this.text += text;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
  }

  private open(name: string, attributes: Record<string, string>, selfClosing: boolean): void {
    const n = (this.names ??= tagNames(name));
    if (name === n.c) {
      if (!this.inRow) return;
      const ref = attributes.r;
      this.column = ref === undefined ? this.column + 1 : this.columnOf(ref);
      this.type = attributes.t;
      const s = attributes.s;
      this.style = s === undefined ? 0 : parseInt(s, 10);
      this.value = undefined;
    } else if (name === n.v) {
      if (!this.inRow || selfClosing) return;
      this.inValue = true;
      this.text = '';
    } else if (name === n.row) {
      if (this.inSheetData) this.openRow(attributes.r);
    } else if (name === n.t) {
      if (!this.inInline || this.inPhonetic || selfClosing) return;
      this.inValue = true;
    } else if (name === n.is) {
      if (!this.inRow) return;
      this.inInline = !selfClosing;
      this.text = '';
      if (selfClosing) this.value = '';
    } else if (name === n.rPh) {
      this.inPhonetic = !selfClosing;
    } else if (name === n.sheetData) {
      this.inSheetData = !selfClosing;
    }
  }

  private close(name: string): void {
    const n = this.names!;
    if (name === n.c) {
      if (this.inRow) this.cell();
    } else if (name === n.v) {
      if (!this.inValue) return;
      this.inValue = false;
      this.value = this.text;
    } else if (name === n.row) {
      if (this.inRow) this.closeRow();
    } else if (name === n.t) {
      if (this.inInline) this.inValue = false;
    } else if (name === n.is) {
      if (!this.inInline) return;
      this.inInline = false;
      this.value = this.text;
      this.type = 'inlineStr';
    } else if (name === n.rPh) {
      this.inPhonetic = false;
    } else if (name === n.sheetData) {
      this.inSheetData = false;
    }
  }

  private columnOf(ref: string): number {
    let column = 0;
    let i = 0;
    for (; i < ref.length; i++) {
      const code = ref.charCodeAt(i) & ~0x20; // upper case
      if (code < 65 || code > 90) break;
      column = column * 26 + code - 64;
      if (column > maxColumn) throw this.damaged(`ячейка ${ref} лежит правее последнего столбца Excel (XFD)`);
    }
    if (i === 0) throw this.damaged(`у ячейки неправильный адрес «${ref.slice(0, 20)}»`);
    return column;
  }

  private openRow(r: string | undefined): void {
    const row = r === undefined ? this.row + 1 : Number(r);
    if (!Number.isInteger(row) || row < 1 || row > maxRow) {
      const told = Number.isFinite(row) ? formatNumber(row) : `«${(r ?? '').slice(0, 20)}»`;
      throw this.damaged(`лист объявляет строку ${told}, а в Excel строки нумеруются от 1 до ${formatNumber(maxRow)}`);
    }
    this.row = row;
    this.inRow = true;
    this.column = 0;
    this.rowsRead++;
    if (this.headers === undefined) {
      if (this.header !== undefined || row !== 1) throw new FileError(this.file, 'на первом листе нет строки заголовков.');
      this.header = [];
      return;
    }
    if (row > this.nextRow) this.emptyRows(row - this.nextRow);
  }

  private emptyRows(count: number): void {
    this.emptyLines += count;
    if (this.emptyLines > freeEmptyLines + this.rowsRead) {
      throw this.damaged(
        `лист объявляет строку ${formatNumber(this.row)}, а строк в нём до неё всего ${formatNumber(this.rowsRead - 1)} — столько пустых строк в настоящей выгрузке не бывает`,
      );
    }
    for (let i = 0; i < count; i++) {
      this.lines.push(this.empty);
      if (this.lines.length >= batchLines) this.flush();
    }
  }

  private cell(): void {
    const column = this.column;
    const value = this.value;
    if (this.header !== undefined) {
      while (this.header.length < column) this.header.push('');
      this.header[column - 1] = value === undefined ? '' : this.cellText(value, false).trim();
      return;
    }
    if (column > this.width || value === undefined) return;
    this.fields[column - 1] = this.field(value, this.dateColumns[column - 1]!);
  }

  /** The cell's CSV field: a shared string's is made once, text is looked at once when it needs nothing. */
  private field(raw: string, dateColumn: boolean): string {
    switch (this.type) {
      case 's':
        return this.sharedFields[parseInt(raw, 10)] ?? '';
      case 'inlineStr':
      case 'str':
        return plainText.test(raw) ? csvField(unescapeText(raw)) : raw;
      default:
        return csvField(this.cellText(raw, dateColumn));
    }
  }

  private cellText(raw: string, dateColumn: boolean): string {
    switch (this.type) {
      case undefined:
      case 'n':
        return numberText(raw, this.style > 0 && this.book.dateStyles[this.style] === true, dateColumn, this.book.dayOffset);
      case 's':
        return this.book.sharedStrings[parseInt(raw, 10)] ?? '';
      case 'inlineStr':
      case 'str':
        return unescapeText(raw);
      case 'b':
        return booleanText(raw);
      case 'd':
        return isoDateText(raw);
      default: // 'e': the error as Excel shows it (#N/A, #DIV/0!)
        return raw;
    }
  }

  private closeRow(): void {
    this.inRow = false;
    if (this.header !== undefined) {
      const headers = this.header;
      while (headers.length > 0 && headers.at(-1) === '') headers.pop();
      if (headers.length === 0) throw new FileError(this.file, 'на первом листе нет строки заголовков.');
      this.headers = headers;
      this.header = undefined;
      this.width = headers.length;
      this.dateColumns = headers.map(isDateHeader);
      this.fields = new Array<string>(this.width).fill('');
      this.empty = ','.repeat(this.width - 1);
      this.nextRow = 2;
      return;
    }
    this.lines.push(this.fields.join(','));
    this.fields.fill('');
    this.nextRow = this.row + 1;
    if (this.lines.length >= batchLines) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.lines.push('');
    if (!this.write(this.lines.join('\n'))) this.mustWait = true;
    this.lines = [];
  }

  /** The header, once the sheet is read to its end. */
  finish(): string[] {
    if (this.headers === undefined) throw new FileError(this.file, 'на первом листе нет строки заголовков.');
    this.flush();
    return this.headers;
  }

  private damaged(what: string): FileError {
    return new FileError(this.file, `не удалось прочитать XLSX: файл повреждён (${what}).`, {
      hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.',
    });
  }
}

/** The sheet's element names, with the prefix its root element has (none, as Excel writes them). */
function tagNames(root: string) {
  const p = root.slice(0, root.indexOf(':') + 1);
  return { sheetData: `${p}sheetData`, row: `${p}row`, c: `${p}c`, v: `${p}v`, is: `${p}is`, t: `${p}t`, rPh: `${p}rPh` };
}
