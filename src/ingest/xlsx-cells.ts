// A sheet cell's XML value → the text of its CSV field, as the previous reader (exceljs) made it: numbers as
// JavaScript prints them, date cells as `dd.MM.yyyy HH:mm:ss` wall-clock text, booleans «да»/«нет».
import { consultationFields, feedbackFields, headerKey } from '../model/fields.js';

/** Fields whose numbers in XLSX are Excel serial dates even when the cell carries no date format. */
const dateFields = new Set(['created_at', 'edited_at', 'closed_at', 'consulted_at', 'submitted_at', 'consulted_on']);
const dateHeaderKeys = new Set(
  [...consultationFields, ...feedbackFields].filter((f) => dateFields.has(f.field)).flatMap((f) => f.synonyms.map(headerKey)),
);

/** Whether a column under this header holds dates (its serial numbers are read as dates). */
export const isDateHeader = (header: string) => dateHeaderKeys.has(headerKey(header));

/** Days from Excel's day 0 to 1970-01-01, in the 1900 date system; 1904-based books count 1462 days fewer. */
const epoch1900 = 25569;
export const offset1904 = 1462;

/**
 * A number cell's text. A cell whose style is a date format is a date; so is a number in a date column (1 < n <
 * 2958466, Excel's dates) without one. The two round differently (milliseconds, then seconds; seconds), as
 * exceljs and okno's previous reader did: the CSV stays byte for byte what it was.
 */
export function numberText(raw: string, dateStyle: boolean, dateColumn: boolean, dayOffset: number): string {
  if (!dateStyle && !dateColumn && isPlainInteger(raw)) return raw; // what String(parseFloat(raw)) would give
  const value = parseFloat(raw);
  if (Number.isNaN(value)) return raw.trim();
  if (dateStyle) return wallClock(Math.round((value - epoch1900 + dayOffset) * 24 * 3600 * 1000));
  if (dateColumn && value > 1 && value < 2958466) return wallClock(Math.round((value - epoch1900 + dayOffset) * 86400) * 1000);
  return String(value);
}

/** Digits with no leading zero, short enough to be exact in a double: printed back as they are. */
function isPlainInteger(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 15 || (raw.charCodeAt(0) === 48 && n > 1)) return false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Excel serial day (1900 system) → Date whose UTC fields are the wall-clock time in the cell. */
export function excelSerialToDate(serial: number, dayOffset = 0): Date {
  return new Date(Math.round((serial - epoch1900 + dayOffset) * 86400) * 1000);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `dd.MM.yyyy HH:mm:ss` of milliseconds whose UTC fields are the wall-clock time, rounded to the second. */
export function wallClock(ms: number): string {
  const date = new Date(Math.round(ms / 1000) * 1000);
  return `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())}`;
}

/** A `t="d"` cell (ISO 8601 text, which LibreOffice and some exporters write) as wall-clock text. */
export function isoDateText(raw: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?/.exec(raw.trim());
  if (!m) return raw;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Math.round(Number(`0.${m[7] ?? 0}`) * 1000));
  return wallClock(ms);
}

/** `t="b"`: as exceljs read it (any number but 0 is true). */
export const booleanText = (raw: string) => (parseInt(raw, 10) !== 0 ? 'да' : 'нет');

const escape = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Text with ECMA-376's escapes decoded (Part 1, §22.9.2.19 ST_Xstring): `_xHHHH_` is the character U+HHHH (Excel
 * writes a carriage return as `_x000D_`), and `_x005F_` an underscore — so `_x005F_x0041_` is the text `_x0041_`.
 */
export function unescapeText(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(escape, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const needsQuotes = /[",\n\r]/;
const quotes = /"/g;

/** A CSV field: quoted when it holds a quote, a comma or a line break. */
export function csvField(text: string): string {
  return needsQuotes.test(text) ? `"${text.replace(quotes, '""')}"` : text;
}

/** Built-in number formats that are dates or times (ECMA-376 Part 1, §18.8.30), as exceljs knows them. */
const builtinDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a number format shows a date or a time: a date letter outside quotes and brackets (exceljs's rule). */
export function isDateFormat(numFmtId: number, custom: Map<number, string>): boolean {
  if (!numFmtId) return false;
  const code = custom.get(numFmtId);
  if (code === undefined) return builtinDateFormats.has(numFmtId);
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
