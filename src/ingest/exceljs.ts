import { createRequire, Module } from 'node:module';

type ExcelJSModule = typeof import('exceljs');

let loaded: ExcelJSModule | undefined;
const streamingDecode = Symbol('okno streaming decode');

const require = createRequire(import.meta.url);

/**
 * exceljs, with its XML stream decoding fixed. exceljs 4.4 decodes every chunk of a sheet's XML on its own
 * (utils/parse-sax.js), so a Cyrillic letter whose two bytes fall into two chunks becomes «��» — about one cell
 * in 50,000 of a real export. We put a parse-sax that decodes with one streaming TextDecoder per entry into the
 * require cache before exceljs loads, so every reader (workbook, worksheet, shared strings) uses it.
 */
export async function loadExcelJS(): Promise<ExcelJSModule> {
  if (loaded) return loaded;
  fixParseSax();
  loaded = require('exceljs') as ExcelJSModule;
  return loaded;
}

/**
 * exceljs's streaming workbook reader alone, with the same fixed decoding: a load needs nothing else of exceljs
 * (its writers, zip writers, formula and date code). It loads in 0.24 s instead of the whole library's 0.38 s on
 * the bench machine.
 */
export function loadWorkbookReader(): WorkbookReaderClass {
  fixParseSax();
  return require('exceljs/lib/stream/xlsx/workbook-reader.js') as WorkbookReaderClass;
}

/** exceljs's streaming worksheet reader alone (0.04 s to load), all a worker of the XLSX reader needs. */
export function loadWorksheetReader(): WorksheetReaderClass {
  fixParseSax();
  return require('exceljs/lib/stream/xlsx/worksheet-reader.js') as WorksheetReaderClass;
}

type WorkbookReaderClass = ExcelJSModule['stream']['xlsx']['WorkbookReader'];
/** exceljs does not type its worksheet reader: what okno uses of it (src/ingest/xlsx-rows.ts). */
export type WorksheetReaderClass = new (options: unknown) => AsyncIterable<unknown>;

function fixParseSax(): void {
  const parseSaxFile = require.resolve('exceljs/lib/utils/parse-sax.js');
  const cached = require.cache[parseSaxFile];
  if (!cached) {
    const local = createRequire(parseSaxFile);
    const { SaxesParser } = local('saxes') as { SaxesParser: new () => SaxesLike };
    const fixed = Object.assign(new Module(parseSaxFile), { filename: parseSaxFile, loaded: true });
    fixed.exports = Object.assign(parseSax(SaxesParser), { [streamingDecode]: true });
    require.cache[parseSaxFile] = fixed;
  } else if (!(cached.exports as Record<symbol, unknown>)[streamingDecode]) {
    // Someone imported exceljs directly: its readers hold the broken decoder already.
    throw new Error('exceljs was loaded before its XML decoding was fixed: load it only through src/ingest/exceljs.ts (loadExcelJS, loadWorkbookReader, loadWorksheetReader)');
  }
}

interface SaxesLike {
  on(event: string, handler: (value: unknown) => void): void;
  write(text: string): void;
}

/** The same generator as exceljs's parse-sax, decoding the byte stream with { stream: true }. */
function parseSax(SaxesParser: new () => SaxesLike) {
  return async function* (iterable: AsyncIterable<Buffer | string>) {
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error: unknown;
    parser.on('error', (err) => {
      error = err;
    });
    let events: { eventType: string; value: unknown }[] = [];
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.decode();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  };
}
