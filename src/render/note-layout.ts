// Lays out the note's DOCX and PDF. Built (dist/), each format has a worker thread of its own, started as soon as a
// command knows it will write documents: the worker loads its library (docx or pdfkit, and the fonts) while the
// command's queries run, then lays out every document it is sent, beside the workbook the main thread writes. Run
// from the TypeScript sources (tests), the documents are laid out in this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NoteDocument } from './note-content.js';
import { documentBytes } from './note-documents.js';
import type { NoteFormat } from './note-formats.js';

export type DocumentFormat = Exclude<NoteFormat, 'xlsx'>;

export interface DocumentLayout {
  /** The bytes of doc in each of formats. */
  make(formats: readonly DocumentFormat[], doc: NoteDocument): Promise<Record<DocumentFormat, Buffer>>;
  /** Stops the workers; a layout is closed once its command has written its files (or failed). */
  close(): Promise<void>;
}

/** What a worker is sent, and what it answers (note-worker.ts). */
export interface LayoutJob {
  id: number;
  doc: NoteDocument;
}
export type LayoutAnswer = { id: number; bytes: Uint8Array } | { id: number; error: string };

const workerFile = fileURLToPath(new URL('./note-worker.js', import.meta.url));

/** A layout for the documents among formats (none: a layout that is never asked for a document). */
export function startDocumentLayout(formats: ReadonlySet<NoteFormat>): DocumentLayout {
  const wanted = (['docx', 'pdf'] as const).filter((f) => formats.has(f));
  if (wanted.length === 0 || !existsSync(workerFile)) return inThread;
  return new WorkerLayout(wanted);
}

const inThread: DocumentLayout = {
  make: (formats, doc) => documentBytes(formats, doc) as Promise<Record<DocumentFormat, Buffer>>,
  close: async () => {},
};

/** One worker per format; each lays out its documents in the order they are sent. */
class WorkerLayout implements DocumentLayout {
  private readonly workers = new Map<DocumentFormat, FormatWorker>();
  private closed = false;

  constructor(formats: readonly DocumentFormat[]) {
    for (const format of formats) this.workers.set(format, new FormatWorker(format));
  }

  async make(formats: readonly DocumentFormat[], doc: NoteDocument): Promise<Record<DocumentFormat, Buffer>> {
    if (this.closed) throw new Error('note layout stopped: its command has written its files');
    const made = await Promise.all(
      formats.map(async (format) => {
        let worker = this.workers.get(format);
        if (!worker) this.workers.set(format, (worker = new FormatWorker(format)));
        return [format, await worker.layOut(doc)] as const;
      }),
    );
    return Object.fromEntries(made) as Record<DocumentFormat, Buffer>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * The workers' young generation, MiB. V8's default (up to 48 MiB a thread) is memory a thread keeps between its
 * collections; two workers beside the main thread held some 50 MB more at the report's peak than at 4 MiB, and were
 * no slower for collecting more often (200,000-row database: peak 476–482 MB against 426–428 MB, 4.2–4.6 s against
 * 3.9–4.0 s).
 */
const workerYoungGenerationMb = 4;

class FormatWorker {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  private readonly worker: Worker;
  /** Why the worker is gone (it failed, or exited): every later document fails at once instead of waiting. */
  private gone?: Error;

  constructor(private readonly format: DocumentFormat) {
    this.worker = new Worker(workerFile, { workerData: { format }, resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } });
    const worker = this.worker;
    // An idle worker never keeps the process alive: a command that fails before it sends a document just ends.
    worker.unref();
    worker.on('message', (answer: LayoutAnswer) => this.answered(answer));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`note worker (${this.format}) exited with code ${code}`)));
  }

  layOut(doc: NoteDocument): Promise<Buffer> {
    const id = this.next++;
    return new Promise<Buffer>((resolve, reject) => {
      if (this.gone) return reject(this.gone);
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, doc } satisfies LayoutJob);
    });
  }

  async stop(): Promise<void> {
    this.gone ??= new Error(`note worker (${this.format}) stopped`);
    this.pending.clear();
    await this.worker.terminate();
  }

  private answered(answer: LayoutAnswer): void {
    const job = this.pending.get(answer.id);
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!job) return;
    if ('error' in answer) job.reject(new Error(answer.error));
    else job.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
  }

  private failAll(error: Error): void {
    this.gone ??= error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
