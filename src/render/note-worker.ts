// A worker thread that lays out the note's documents of one format, DOCX or PDF (note-layout.ts): it loads its
// library and the fonts at once, while the command's queries run, then answers each document it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { NoteBlock, NoteDocument } from './note-content.js';
import { documentFontFaces } from './note-fonts.js';
import type { DocumentFormat, LayoutAnswer, LayoutJob } from './note-layout.js';

const { format } = workerData as { format: DocumentFormat };
const writer =
  format === 'docx'
    ? Promise.all([import('./note-docx.js'), import('docx')]).then(([m]) => m.noteDocx)
    : Promise.all([import('./note-pdf.js'), import('pdfkit')]).then(([m]) => m.notePdf);
documentFontFaces();

// Buffers cross into a worker as plain Uint8Arrays: the writers want Buffers.
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

parentPort!.on('message', async ({ id, doc }: LayoutJob) => {
  const blocks = doc.blocks.map((b): NoteBlock => (b.kind === 'chart' ? { ...b, png: asBuffer(b.png), jpeg: asBuffer(b.jpeg) } : b));
  let answer: LayoutAnswer;
  try {
    answer = { id, bytes: await (await writer)({ ...doc, blocks } satisfies NoteDocument) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
