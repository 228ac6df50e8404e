// A part of a sheet's XML (whole <row> elements) → CSV lines, with exceljs's streaming worksheet reader. The same
// code runs in the loading thread (a sheet's first row; small sheets) and in worker threads (src/ingest/xlsx-worker.ts).
import { consultationFields, feedbackFields, headerKey } from '../model/fields.js';
import { loadWorksheetReader } from './exceljs.js';

/** What the rows of a sheet need from its workbook: plain data, so it can be sent to a worker. */
export interface SheetContext {
  /** Shared strings as exceljs caches them (text, or { richText }); null when the workbook has none. */
  sharedStrings: unknown[] | null;
  /** exceljs's style model per style index (number formats tell a date from a number). */
  styleModels: unknown[];
  /** The workbook's properties (date1904). */
  properties: unknown;
}

/** How a row becomes a CSV line: the header's width, and which columns hold dates. */
export interface RowLayout {
  width: number;
  dateColumns: boolean[];
}

/** A part's CSV lines: `text` starts with the line of sheet row `firstRow`; `nextRow` follows its last row. */
export interface PartLines {
  /** A string, or its UTF-8 bytes (from a worker: bytes move between threads without a copy, a string is copied). */
  text: string | Uint8Array;
  /** 0 when the part held no row. */
  firstRow: number;
  nextRow: number;
}

interface SheetRow {
  number: number;
  values: unknown[];
}

export type RowsOf = (xml: Uint8Array) => AsyncIterable<SheetRow>;

/**
 * The rows of whole <row> elements, read by exceljs's WorksheetReader as if they were a sheet of their own: the
 * part is wrapped in <worksheet><sheetData> … and handed over in 64 KB pieces (one large piece makes the XML
 * parser queue all its events at once).
 */
export async function sheetRowsReader(context: SheetContext): Promise<RowsOf> {
  const WorksheetReader = loadWorksheetReader() as new (options: unknown) => AsyncIterable<SheetRow>;
  const workbook = {
    sharedStrings: context.sharedStrings ?? undefined,
    properties: context.properties,
    styles: { getStyleModel: (id: number) => context.styleModels[id] ?? null },
  };
  const head = Buffer.from('<worksheet><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  function* pieces(xml: Uint8Array) {
    yield head;
    for (let i = 0; i < xml.length; i += 65536) yield xml.subarray(i, i + 65536);
    yield tail;
  }
  return (xml) => new WorksheetReader({ workbook, id: 1, iterator: pieces(xml), options: { worksheets: 'emit' } });
}

/**
 * The part that starts the sheet: its first row is the header (undefined when that row is not sheet row 1), and any
 * rows after it in the part are lines like any part's.
 */
export async function firstPartLines(rowsOf: RowsOf, xml: Uint8Array): Promise<{ headers: string[] | undefined; lines: PartLines }> {
  const rows = rowsOf(xml)[Symbol.asyncIterator]();
  const first = await rows.next();
  const none = { text: '', firstRow: 0, nextRow: 0 };
  if (first.done || first.value.number !== 1) return { headers: undefined, lines: none };
  const headers: string[] = [];
  for (let i = 1; i < first.value.values.length; i++) headers.push(cellText(first.value.values[i], false).trim());
  while (headers.length > 0 && headers.at(-1) === '') headers.pop();
  if (headers.length === 0) return { headers, lines: none };
  return { headers, lines: await linesOf({ [Symbol.asyncIterator]: () => rows }, rowLayout(headers)) };
}

/** The layout of rows under these headers. */
export function rowLayout(headers: string[]): RowLayout {
  return { width: headers.length, dateColumns: headers.map((h) => dateHeaderKeys.has(headerKey(h))) };
}

/** A part's rows as CSV lines, one per sheet row; rows missing inside the part become empty lines. */
export function partLines(rowsOf: RowsOf, xml: Uint8Array, layout: RowLayout): Promise<PartLines> {
  return linesOf(rowsOf(xml), layout);
}

/**
 * Each line is joined from its cells and the part from its lines, so no long chain of concatenated pieces lives
 * until the part is done (in a worker those chains filled the young heap and were copied to the old one, doubling
 * the cost).
 */
async function linesOf(rows: AsyncIterable<SheetRow>, layout: RowLayout): Promise<PartLines> {
  const { width, dateColumns } = layout;
  const empty = emptyLine(width).slice(0, -1);
  const lines: string[] = [];
  const fields = new Array<string>(width);
  let firstRow = 0;
  let nextRow = 0;
  for await (const row of rows) {
    if (firstRow === 0) firstRow = nextRow = row.number;
    while (nextRow < row.number) {
      lines.push(empty);
      nextRow++;
    }
    const values = row.values;
    for (let i = 0; i < width; i++) {
      const value = values[i + 1];
      fields[i] = value === undefined || value === null ? '' : csvField(cellText(value, dateColumns[i]!));
    }
    lines.push(fields.join(','));
    nextRow = row.number + 1;
  }
  lines.push('');
  return { text: lines.length > 1 ? lines.join('\n') : '', firstRow, nextRow };
}

/** The CSV line of a sheet row with no cells. */
export function emptyLine(width: number): string {
  return ','.repeat(Math.max(width - 1, 0)) + '\n';
}

/** Fields whose numbers in XLSX are Excel serial dates even when the cell carries no date format. */
const dateFields = new Set(['created_at', 'edited_at', 'closed_at', 'consulted_at', 'submitted_at', 'consulted_on']);
const dateHeaderKeys = new Set(
  [...consultationFields, ...feedbackFields].filter((f) => dateFields.has(f.field)).flatMap((f) => f.synonyms.map(headerKey)),
);

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
