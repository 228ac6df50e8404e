// What every okno workbook writer shares: a new exceljs workbook and its atomic save.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { deflateRaw as deflateRawCallback } from 'node:zlib';
import type { DataValidation, Font, Style, Workbook, Worksheet } from 'exceljs';
import { saveFile } from '../files/atomic.js';
import { stampZipDates } from '../files/zip-dates.js';

type WorkbookClass = typeof import('exceljs').Workbook;

const deflateRaw = promisify(deflateRawCallback);

let workbookClass: WorkbookClass | undefined;

/**
 * A new, empty workbook. exceljs's Workbook class is loaded from its own module, not the package entry: the entry
 * also loads the streaming reader and writer (unzipper, archiver and their dependencies, about a third of
 * exceljs's load time), which okno's writers never use. The class and what it writes are the same.
 */
export function newWorkbook(): Workbook {
  return new (loadWorkbookClass())();
}

/** Loads exceljs (once); callers may do it ahead, while other work waits on the database. */
export function loadWorkbookClass(): WorkbookClass {
  workbookClass ??= createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as WorkbookClass;
  return workbookClass;
}

/** The font every cell of okno's workbooks names: Excel's own, which LibreOffice, Р7 and МойОфис match by metrics. */
export const workbookFont = { name: 'Calibri', size: 11 } as const;

/**
 * Names the font of every styled cell: a font entry with only «bold» or a size, as exceljs writes `{ bold: true }`,
 * has no name, and an office that finds none falls back to its own default (a serif, in LibreOffice's print).
 */
export function nameEveryFont(wb: Workbook): void {
  const named = (styled: { font?: Partial<Font> }) => {
    const font = styled.font;
    if (font && !font.name) styled.font = { ...font, name: workbookFont.name, size: font.size ?? workbookFont.size };
  };
  for (const ws of wb.worksheets) {
    // exceljs computes columnCount over every row each time it is read: once per sheet, not once per column.
    const columns = ws.columnCount;
    for (let c = 1; c <= columns; c++) named(ws.getColumn(c));
    ws.eachRow({ includeEmpty: true }, (row) => {
      named(row);
      row.eachCell({ includeEmpty: true }, named);
    });
  }
}

/**
 * Cells of equal style and type share one style object, and so do rows, just before writing. exceljs gives each
 * cell its own copy, and renders each style object it has not seen to XML to compare the text: for the note's sheets
 * of thousands of rows that took longer than the rest of the workbook. exceljs also keeps the style id it gave an
 * object, and a style without a number format gets one from the first cell's type (a date «mm-dd-yy», a number
 * «General»), so objects are shared only among cells of one type, and rows apart from cells. The file is the same
 * byte for byte; only objects are shared.
 */
export function shareStyles(wb: Workbook): void {
  const shared = new Map<string, Partial<Style>>();
  const share = (styled: { style: Partial<Style> }, kind: string) => {
    const key = `${kind} ${isEmpty(styled.style) ? '{}' : JSON.stringify(styled.style)}`;
    const one = shared.get(key);
    if (one) styled.style = one;
    else shared.set(key, styled.style);
  };
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) => {
      // A row's `style` exists in exceljs (what a row gives its new cells), not in its typings.
      share(row as unknown as { style: Partial<Style> }, 'row');
      row.eachCell({ includeEmpty: true }, (cell) => share(cell, `${cell.type}/${cell.effectiveType}`));
    });
  }
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * One data validation over a whole range (`F4:F10`). Set cell by cell, exceljs merges equal validations into ranges
 * in the text order of the addresses (F10 before F4), and writes overlapping ranges that Excel offers to repair.
 * exceljs keys its validations by address, and writes a range's key as that range (its typings leave this out).
 */
export function validateRange(ws: Worksheet, range: string, validation: DataValidation): void {
  (ws as unknown as { dataValidations: { add(address: string, v: DataValidation): void } }).dataValidations.add(range, validation);
}

/**
 * Every sheet prints readably: on A4, as wide as the page (as many pages down as it takes), the frozen header rows
 * repeated on each page, «лист — стр. N из M» in the footer. A sheet's own orientation stays; otherwise a sheet
 * wider than about 100 characters prints landscape.
 */
export function setUpPrinting(wb: Workbook): void {
  for (const ws of wb.worksheets) {
    const wide = (ws.columns ?? []).reduce((sum, c) => sum + (c?.width ?? 9), 0) > 100;
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: ws.pageSetup?.orientation === 'landscape' || wide ? 'landscape' : 'portrait',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    };
    const frozen = ws.views?.find((v) => v.state === 'frozen') as { ySplit?: number } | undefined;
    if (frozen?.ySplit) ws.pageSetup.printTitlesRow = `1:${frozen.ySplit}`;
    ws.headerFooter = { ...ws.headerFooter, oddFooter: '&C&8&A — стр. &P из &N' };
  }
}

/**
 * A row with wrapped text gets the height of its text (about 1.1 characters per unit of column width, 15 points a
 * line): offices draw a row as high as it is written, and wrapped text would otherwise run over the next row. Rows
 * given a height keep it.
 */
export function fitWrappedRows(wb: Workbook): void {
  for (const ws of wb.worksheets) {
    const widths = (ws.columns ?? []).map((c) => c?.width ?? 9);
    ws.eachRow((row) => {
      if (row.height) return;
      let lines = 1;
      row.eachCell((cell, col) => {
        if (!cell.alignment?.wrapText || cell.isMerged) return;
        const perLine = Math.max(1, Math.floor((widths[col - 1] ?? 9) * 1.1));
        const text = cell.text ?? '';
        lines = Math.max(lines, text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0));
      });
      if (lines > 1) row.height = 15 * lines;
    });
  }
}

/** Writes the workbook to `file` whole or not at all (saveFile: a partial file beside it, then a rename). */
export async function saveWorkbook(wb: Workbook, file: string): Promise<void> {
  const bytes = await workbookBytes(wb);
  await saveFile(file, (partial) => writeFile(partial, bytes));
}

/**
 * The .xlsx file of a workbook. exceljs lays out the parts in a zip without compression, and node's zlib
 * deflates them: exceljs would deflate through JSZip's JavaScript deflate (pako), which took longer than
 * everything else `okno report monthly` does after its modules load. The parts, their order, names and checksums
 * are exceljs's own; only the compression is done elsewhere, and the entries' dates are the workbook's stamp.
 */
export async function workbookBytes(wb: Workbook): Promise<Buffer> {
  nameEveryFont(wb);
  setUpPrinting(wb);
  fitWrappedRows(wb);
  shareStyles(wb);
  // One stamp for the whole file, never the machine's time: the workbook's own (its writer sets it), also as the
  // time it was last changed, by okno, and as the date of the zip's entries.
  wb.modified = wb.created;
  wb.lastModifiedBy = wb.creator ?? 'okno';
  const stored = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE', compressionOptions: null } }));
  return stampZipDates(await deflateEntries(stored), wb.created);
}

// ---- the zip, re-packed ----------------------------------------------------------------------------------------
// PKWARE APPNOTE 6.3.x: local file headers (signature 0x04034b50), the central directory (0x02014b50) and its end
// record (0x06054b50). The input is JSZip's own output, without zip64, comments or data descriptors.

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

interface Entry {
  /** The central directory record as read, patched and written back. */
  central: Buffer;
  name: Buffer;
  data: Buffer;
}

/** The stored zip `zip` with each non-empty entry deflated; everything else as it was. */
async function deflateEntries(zip: Buffer): Promise<Buffer> {
  const entries = readEntries(zip);
  const deflated = await Promise.all(entries.map((e) => (e.data.length === 0 ? e.data : deflateRaw(e.data))));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const data = deflated[i]!;
    const method = e.data.length === 0 ? STORED : DEFLATED;
    const central = Buffer.from(e.central);
    central.writeUInt16LE(method === DEFLATED ? 20 : 10, 6); // version needed to extract: 2.0 for deflate
    central.writeUInt16LE(central.readUInt16LE(8) & ~0x08, 8); // sizes are in the header, no data descriptor
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(offset, 42);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    central.copy(local, 4, 6, 30); // version needed, flags, method, time, date, crc-32, sizes, name length
    local.writeUInt16LE(0, 28); // no extra field
    locals.push(local, e.name, data);
    centrals.push(central);
    offset += local.length + e.name.length + data.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a zip without compression, in central directory order. */
function readEntries(zip: Buffer): Entry[] {
  const endAt = zip.length - 22;
  if (endAt < 0 || zip.readUInt32LE(endAt) !== END) throw new Error('workbook zip: no end of central directory record');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('workbook zip: bad central directory record');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const recordLength = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    if (method !== STORED || zip.readUInt32LE(localAt) !== LOCAL) throw new Error('workbook zip: an entry is not stored');
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    // The record without its extra field and comment: the workbook needs neither.
    const central = Buffer.from(zip.subarray(at, at + 46 + nameLength));
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    entries.push({ central, name: zip.subarray(at + 46, at + 46 + nameLength), data: zip.subarray(dataAt, dataAt + size) });
    at += recordLength;
  }
  return entries;
}
