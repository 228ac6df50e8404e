// A worker thread that lays out the note's DOCX and PDF while the main thread writes its workbook (note-files.ts):
// all three are JavaScript on one core each, and okno's machines have two.
import { parentPort, workerData } from 'node:worker_threads';
import type { NoteBlock, NoteDocument } from './note-content.js';
import { documentBytes } from './note-documents.js';

interface Job {
  formats: ('docx' | 'pdf')[];
  doc: NoteDocument;
}

const job = workerData as Job;
// Buffers cross into a worker as plain Uint8Arrays: the writers want Buffers.
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const blocks = job.doc.blocks.map((b): NoteBlock => (b.kind === 'chart' ? { ...b, png: asBuffer(b.png), jpeg: asBuffer(b.jpeg) } : b));
const doc: NoteDocument = { ...job.doc, blocks };
parentPort!.postMessage(await documentBytes(job.formats, doc));
