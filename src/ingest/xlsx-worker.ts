// A worker thread of the XLSX reader (src/ingest/xlsx.ts): the workbook's shared strings and styles first, then parts
// of the sheet's XML in, CSV lines out, one message at a time in the order they come.
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { loadWorksheetReader } from './exceljs.js';
import { partLines, sheetRowsReader, type RowLayout, type RowsOf, type SheetContext } from './xlsx-rows.js';

export interface ContextMessage {
  context: SheetContext;
}

export interface PartRequest {
  seq: number;
  xml: Uint8Array;
  layout: RowLayout;
}

export type PartReply = { seq: number; text: Uint8Array; firstRow: number; nextRow: number } | { seq: number; error: string };

const port = parentPort!;
// Loaded while the loading thread is still unzipping the sheet (the workbook's context comes once it is reached).
loadWorksheetReader();
const encoder = new TextEncoder();
let rowsOf: RowsOf | undefined;
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ContextMessage | PartRequest) => {
  queue = queue.then(async () => {
    if ('context' in message) {
      rowsOf = await sheetRowsReader(message.context);
      return;
    }
    const request = message;
    try {
      const lines = await partLines(rowsOf!, request.xml, request.layout);
      // Bytes of their own (a small Buffer would sit in Node's shared pool, which cannot be transferred).
      const text = encoder.encode(lines.text as string);
      const reply: PartReply = { seq: request.seq, ...lines, text };
      port.postMessage(reply, [text.buffer]);
    } catch (error) {
      const reply: PartReply = { seq: request.seq, error: errorMessage(error) };
      port.postMessage(reply);
    }
  });
});
