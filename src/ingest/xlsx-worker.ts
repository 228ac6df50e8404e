// A worker thread of the XLSX reader (src/ingest/xlsx.ts): parts of the sheet's XML in, CSV lines out, one part at
// a time in the order they come.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { partLines, sheetRowsReader, type RowLayout, type SheetContext } from './xlsx-rows.js';

export interface PartRequest {
  seq: number;
  xml: Uint8Array;
  layout: RowLayout;
}

export type PartReply = { seq: number; text: Uint8Array; firstRow: number; nextRow: number } | { seq: number; error: string };

const port = parentPort!;
const rowsOf = await sheetRowsReader(workerData as SheetContext);
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: PartRequest) => {
  queue = queue.then(async () => {
    let reply: PartReply;
    try {
      const lines = await partLines(rowsOf, request.xml, request.layout);
      reply = { seq: request.seq, ...lines, text: Buffer.from(lines.text as string) };
    } catch (error) {
      reply = { seq: request.seq, error: errorMessage(error) };
    }
    port.postMessage(reply, 'text' in reply ? [reply.text.buffer as ArrayBuffer] : []);
  });
});
