// XLSX → a UTF-8 CSV that DuckDB reads like any export. exceljs's streaming WorkbookReader unzips the file and reads
// the workbook, shared strings and styles; the first sheet's XML is cut into parts of whole <row> elements, and
// exceljs's streaming WorksheetReader turns each part into rows — in worker threads for a large sheet, so a
// 100,000-row export is read on every core instead of one (README «XLSX»). Parts come back in any order and are
// written in sheet order.
import { ReadStream, createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { FileError, errorMessage } from '../errors.js';
import { writeError } from '../files/atomic.js';
import { loadWorkbookReader } from './exceljs.js';
import { firstSheetLast, rangesStream, zipLayout } from './zip-order.js';
import type { FileFacts } from './sniff.js';
import type { Progress } from './source.js';
import { emptyLine, firstPartLines, partLines, rowLayout, sheetRowsReader, type PartLines, type RowLayout, type SheetContext } from './xlsx-rows.js';
import type { ContextMessage, PartReply, PartRequest } from './xlsx-worker.js';

export interface XlsxTuning {
  /** Bytes of sheet XML per part. */
  partBytes: number;
  /** Worker threads; 0 reads every part in this thread. */
  workers: number;
  /** Young-generation size of a worker's heap, MB: the parts make many short-lived objects. */
  youngGenerationMb: number;
  /** The worker's script (tests); default the compiled src/ingest/xlsx-worker.ts. */
  workerFile?: string;
}

/** Compressed size from which a sheet is read by workers: below it, starting them costs more than they save. */
const parallelFromBytes = 2 * 1024 * 1024;

export function defaultTuning(fileBytes: number): XlsxTuning {
  const cores = availableParallelism();
  return {
    partBytes: 2 * 1024 * 1024,
    workers: fileBytes >= parallelFromBytes && cores > 1 && workerFile() !== undefined ? Math.min(cores, 4) : 0,
    youngGenerationMb: 128,
  };
}

/**
 * Reads the first sheet and writes it to `csvPath`, one line per sheet row (empty rows too, so line numbers stay
 * the sheet's); the header row is returned, not written. Dates become `dd.MM.yyyy HH:mm:ss` wall-clock text.
 */
export async function xlsxToCsv(facts: FileFacts, csvPath: string, onProgress?: Progress, tuning = defaultTuning(facts.size)): Promise<string[]> {
  const WorkbookReader = loadWorkbookReader();
  const out = createWriteStream(csvPath);
  // A write that fails (no room left) is seen at the next part, not as an unhandled error event.
  let writeFailure: Error | undefined;
  out.on('error', (error) => {
    writeFailure ??= error;
  });
  let read = 0;
  // The first sheet last, so the reader need not copy it aside first (src/ingest/zip-order.ts).
  const layout = await zipLayout(facts.path).catch(() => undefined);
  const order = layout && firstSheetLast(layout);
  const ranges = order ? rangesStream(facts.path, [...order, layout.directory]) : undefined;
  const input = ranges?.stream ?? createReadStream(facts.path, { highWaterMark: 1024 * 1024 });
  input.on('data', (chunk: Buffer) => {
    read += chunk.length;
  });
  const unzip = watchUnzip(input);
  let pool: PartPool | undefined;
  // exceljs copies a sheet that comes before the shared strings to a temporary file, and removes it only when its
  // reader is read to the end: this reader stops at the first sheet, so the copy is removed here.
  let sheetXml: AsyncIterable<Buffer> | undefined;
  try {
    // Workers start now, and load exceljs while this thread unzips the sheet.
    if (tuning.workers > 0) pool = new PartPool(tuning.workers, tuning.youngGenerationMb, tuning.workerFile ?? workerFile()!);
    const reader = new WorkbookReader(input, {
      entries: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
    });
    // A book without shared strings (exceljs's writer, some exporters) would still have the sheet copied aside,
    // waiting for them: the directory says none will come. (A shared strings part by another name, which exceljs
    // does not read, leaves the reader as it was.)
    if (layout && !layout.parts.some((p) => /sharedstrings/i.test(p.name))) (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings = [];
    const firstSheet = async (): Promise<string[] | undefined> => {
      for await (const sheet of reader) {
        const { workbook, iterator } = sheet as unknown as { workbook: WorkbookInternals; iterator: AsyncIterable<Buffer> };
        sheetXml = iterator;
        unzip.sheetStarted();
        const context = sheetContext(workbook);
        const rowsOf = await sheetRowsReader(context);
        const parts = sheetParts(iterator, tuning.partBytes);
        const first = await parts.next();
        const start = first.done ? undefined : await firstPartLines(rowsOf, first.value);
        const headers = start?.headers;
        if (headers === undefined || headers.length === 0) throw new FileError(facts.path, 'на первом листе нет строки заголовков.');
        const layout = rowLayout(headers);
        const writer = new OrderedWriter(out, layout.width);
        await writer.put(0, start!.lines); // the rows after the header in its part (none, unless the sheet is one part)
        pool?.setContext(context);
        const inFlight = new Set<Promise<void>>();
        const ahead = Math.max(1, 2 * tuning.workers);
        let seq = 1;
        for await (const xml of parts) {
          const n = seq++;
          const done = (pool ? pool.lines(xml, layout) : partLines(rowsOf, xml, layout)).then((lines) => writer.put(n, lines));
          inFlight.add(done);
          void done.then(
            () => inFlight.delete(done),
            () => undefined,
          );
          // At most two parts per worker not yet written (read, or waiting for an earlier one to be written first):
          // memory stays a few parts, whatever the sheet's size.
          while (seq - writer.written >= ahead && inFlight.size > 0) await Promise.race(inFlight);
          if (writeFailure) throw writeFailure;
          onProgress?.((0.6 * read) / facts.size);
        }
        await Promise.all(inFlight); // every part written (a put returns once the stream took its lines)
        if (writeFailure) throw writeFailure;
        out.end();
        await once(out, 'finish');
        return headers;
      }
      return undefined;
    };
    const reading = firstSheet();
    reading.catch(() => undefined); // when the unzipper fails first, the reader is left waiting: nothing awaits it
    const headers = await Promise.race([reading, unzip.failed]);
    // Read as stored, a file that ended early; handed over in ranges, the stream says so itself (and skips sheets).
    if (ranges?.problem() || (!ranges && !headers && read < facts.size)) throw fileChanged(facts.path, ranges?.problem());
    if (headers) return headers;
    throw new FileError(facts.path, 'в книге нет ни одного листа.');
  } catch (error) {
    // On Windows an open file cannot be removed: wait for it to close (a stream that failed to open is closed).
    const closed = out.closed ? undefined : once(out, 'close').catch(() => undefined);
    out.destroy();
    await closed;
    await rm(csvPath, { force: true });
    // Not the file's fault: a scratch copy that could not be written (told as such), or a worker that stopped.
    if (error === writeFailure) throw writeError(csvPath, error);
    if (error instanceof FileError || error instanceof WorkerFailed) throw error;
    // The file cut or gone while it was read: the unzipper's complaint about it is beside the point.
    if (ranges?.problem() || unreadable(error)) throw fileChanged(facts.path, ranges?.problem() ?? error);
    throw new FileError(facts.path, `не удалось прочитать XLSX: файл повреждён или обрезан (${zipProblem(error)}).`, {
      hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.',
      cause: error,
    });
  } finally {
    await pool?.close();
    input.destroy();
    if (sheetXml instanceof ReadStream) {
      sheetXml.destroy();
      await rm(String(sheetXml.path), { force: true });
    }
  }
}

/**
 * unzipper tells of a damaged part on its own stream, which exceljs's reader looks at only between parts: stuck
 * waiting for the rest of the damaged part, it would wait for ever (and node exit with code 13, saying nothing).
 * So the stream exceljs pipes the file into is watched here, and so is the file's, whose errors a pipe does not
 * pass on: `failed` rejects with the error. Once the sheet okno reads is being read (`sheetStarted`), only its own
 * damage counts: read as stored, the unzipper goes on into later parts while the sheet's last rows are written.
 */
function watchUnzip(input: NodeJS.ReadableStream): { failed: Promise<never>; sheetStarted(): void } {
  let entry: string | undefined; // the part the unzipper is in
  let sheetEntry: string | undefined; // the part the sheet being read came from (none: from exceljs's copy)
  let started = false;
  let ended = false;
  let reject: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, fail) => (reject = fail));
  failed.catch(() => undefined); // nobody may be waiting when it fails
  const fail = (error: unknown) => {
    if (!started || (sheetEntry !== undefined && entry === sheetEntry)) reject(error);
  };
  input.on('error', fail);
  const pipe = input.pipe.bind(input) as (destination: NodeJS.WritableStream, options?: { end?: boolean }) => NodeJS.WritableStream;
  (input as { pipe: typeof pipe }).pipe = (destination, options) => {
    destination.on('error', fail);
    destination.on('end', () => (ended = true));
    // unzipper hands each part over (push) before it inflates it, but the part reaches a listener only when
    // exceljs asks for it, which may be after its inflating failed: so the part is noted as it is handed over.
    const unzipper = destination as unknown as { push: (chunk: unknown, encoding?: BufferEncoding) => boolean };
    const push = unzipper.push.bind(unzipper);
    unzipper.push = (chunk, encoding) => {
      if (chunk !== null && typeof (chunk as { path?: unknown }).path === 'string') entry = (chunk as { path: string }).path;
      return push(chunk, encoding);
    };
    return pipe(destination, options);
  };
  return {
    failed,
    sheetStarted() {
      started = true;
      sheetEntry = ended ? undefined : entry;
    },
  };
}

/** What is wrong with a damaged book, in Russian where the unzipper's or zlib's complaint is a known one. */
function zipProblem(error: unknown): string {
  const message = errorMessage(error);
  if ((error as { code?: string } | undefined)?.code === 'Z_DATA_ERROR') return `сжатые данные испорчены: ${message}`;
  if (message === 'FILE_ENDED') return 'файл обрывается посреди архива';
  if (/^invalid signature/.test(message)) return `это не zip-архив или его структура нарушена: ${message}`;
  return message;
}

/** An error of the file system (the file gone or not ours to read), not of the file's content. */
const unreadable = (error: unknown) => ['ENOENT', 'EACCES', 'EPERM', 'EISDIR'].includes((error as { code?: string } | undefined)?.code ?? '');

/**
 * The file ended before its directory said, or could not be read, while okno read it: what was read is not the
 * file that was checked.
 */
function fileChanged(file: string, cause: unknown): FileError {
  if (unreadable(cause)) return new FileError(file, 'файл не найден или недоступен.', { cause });
  return new FileError(file, 'не удалось прочитать XLSX: файл короче, чем записано в его оглавлении — он обрезан или менялся во время чтения.', {
    hint: 'Дождитесь, пока файл скачается или сохранится целиком, и загрузите его снова.',
    cause,
  });
}

/** What exceljs's WorkbookReader holds once it reaches a sheet (not in its typings). */
interface WorkbookInternals {
  sharedStrings?: unknown[];
  styles?: { model?: { styles?: unknown[] }; getStyleModel(id: number): unknown };
  properties?: unknown;
}

function sheetContext(workbook: WorkbookInternals): SheetContext {
  const styles = workbook.styles;
  const count = styles?.model?.styles?.length ?? 0;
  // A book without styles (or with them after the sheet) has exceljs's empty default, which fails when asked for a
  // style; the sheet reader asks only for styles its cells name, and those have none then either.
  const model = (id: number) => {
    try {
      return styles!.getStyleModel(id) ?? null;
    } catch {
      return null;
    }
  };
  return {
    sharedStrings: workbook.sharedStrings ?? null,
    styleModels: Array.from({ length: count }, (_, id) => model(id)),
    properties: workbook.properties ?? null,
  };
}

/**
 * The sheet's XML as parts of whole <row> elements: the first part is the first row alone (its header), then parts
 * of about `partBytes`, each cut where a row starts. Text never holds a raw «<» (XML escapes it), so «<row» followed
 * by a space, «>» or «/» starts a row element — except inside a CDATA section or a comment, which Excel never
 * writes: from the first one seen, the rest of the sheet is one part (the first part too, header and all). What
 * precedes <sheetData> and follows </sheetData> is left out.
 */
export async function* sheetParts(xml: AsyncIterable<Buffer>, partBytes: number): AsyncGenerator<Uint8Array> {
  let pending: Buffer[] = [];
  let size = 0;
  // Each chunk is searched once (with the few bytes before it, for a match across two chunks): `searched` bytes of
  // `pending` are known to lack what the current step looks for. Searching all of `pending` again at every chunk
  // made a sheet without row starts (damaged) take minutes.
  let searched = 0;
  let started = false;
  let headerSent = false;
  let firstRow = -1;
  // A CDATA section or a comment could hold «<row » as text: once either is seen, the rest is one part.
  let whole = false;
  let seen = Buffer.alloc(0);
  const opens = (bytes: Buffer) => bytes.includes('<![CDATA[') || bytes.includes('<!--');
  const notice = (data: Buffer) => {
    if (whole) return;
    // The piece itself, and its first bytes after the last of the one before (an opening across the two).
    const joint = Buffer.concat([seen, data.subarray(0, 8)]);
    whole = opens(data) || opens(joint);
    seen = Buffer.from((data.length >= 8 ? data : joint).subarray(-8));
  };
  const take = () => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    searched = 0;
    return all;
  };
  const keep = (rest: Buffer) => {
    pending = [rest];
    size = rest.length;
    searched = 0;
  };
  /** `pending` from byte `start` on, as one buffer: only the last few buffers are copied. */
  const bytesFrom = (start: number): Buffer => {
    const pieces: Buffer[] = [];
    let at = size;
    for (let i = pending.length - 1; i >= 0 && at > start; i--) {
      const piece = pending[i]!;
      at -= piece.length;
      pieces.unshift(at >= start ? piece : piece.subarray(start - at));
    }
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  };
  for await (const chunk of xml) {
    pending.push(chunk);
    size += chunk.length;
    if (!started) {
      const from = Math.max(0, searched - '<sheetData'.length);
      const region = bytesFrom(from);
      const open = region.indexOf('<sheetData');
      const close = open < 0 ? -1 : region.indexOf('>', open);
      if (close < 0) {
        searched = open < 0 ? size : from + open;
        continue;
      }
      started = true;
      const all = take();
      if (all[from + close - 1] === 0x2f) return; // <sheetData/>: no rows
      keep(all.subarray(from + close + 1));
      notice(pending[0]!);
    } else notice(chunk);
    if (!headerSent) {
      if (whole) continue;
      if (firstRow < 0) {
        const from = Math.max(0, searched - 4);
        const at = rowStart(bytesFrom(from), 0);
        if (at < 0) {
          searched = size;
          continue;
        }
        firstRow = from + at;
        searched = firstRow + 1;
      }
      const from = Math.max(firstRow + 1, searched - 4);
      const at = rowStart(bytesFrom(from), 0);
      if (at < 0) {
        searched = size;
        continue;
      }
      headerSent = true;
      const all = take();
      yield all.subarray(0, from + at);
      keep(all.subarray(from + at));
    }
    if (size >= partBytes && !whole) {
      const from = Math.max(0, searched - 4);
      const at = lastRowStart(bytesFrom(from));
      if (at >= 0 && from + at > 0) {
        const all = take();
        yield all.subarray(0, from + at);
        keep(all.subarray(from + at));
      } else searched = size;
    }
  }
  if (!started) return;
  const all = take();
  const end = all.lastIndexOf('</sheetData>');
  const rows = end < 0 ? all : all.subarray(0, end);
  if (rows.length > 0) yield rows;
}

const isRowStart = (xml: Buffer, at: number) => {
  const next = xml[at + 4];
  return next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d;
};

/** The first «<row» element start at or after `from`; -1 when none. */
function rowStart(xml: Buffer, from: number): number {
  if (from < 0) return -1;
  for (let at = xml.indexOf('<row', from); at >= 0; at = xml.indexOf('<row', at + 4)) if (isRowStart(xml, at)) return at;
  return -1;
}

/** The last «<row» element start; -1 when none. */
function lastRowStart(xml: Buffer): number {
  for (let at = xml.lastIndexOf('<row'); at >= 0; at = at === 0 ? -1 : xml.lastIndexOf('<row', at - 1)) if (isRowStart(xml, at)) return at;
  return -1;
}

/** Writes parts' lines in sheet order as they arrive in any order, filling sheet rows missing between parts. */
class OrderedWriter {
  private readonly waiting = new Map<number, PartLines>();
  private next = 0;
  /** Parts written so far (the next part to write). */
  get written(): number {
    return this.next;
  }

  /** The sheet row the next line is for (row 1 is the header, not written). */
  private nextRow = 2;
  private readonly empty: string;

  constructor(
    private readonly out: Writable,
    width: number,
  ) {
    this.empty = emptyLine(width);
  }

  async put(seq: number, lines: PartLines): Promise<void> {
    this.waiting.set(seq, lines);
    let ready = true;
    for (let part = this.waiting.get(this.next); part !== undefined; part = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      if (part.firstRow === 0) continue;
      if (this.nextRow < part.firstRow) ready = this.out.write(this.empty.repeat(part.firstRow - this.nextRow));
      ready = this.out.write(part.text);
      this.nextRow = part.nextRow;
    }
    // A stream that failed is destroyed and never drains: its error is the reader's to report (writeFailure).
    if (!ready && !this.out.destroyed) await once(this.out, 'drain');
  }
}

/** Worker threads, each reading parts in turn; a part goes to the worker with the fewest waiting. */
class PartPool {
  private readonly workers: { worker: Worker; waiting: Map<number, (reply: PartReply) => void> }[] = [];
  private seq = 0;
  private failure: Error | undefined;

  constructor(count: number, youngGenerationMb: number, file: string) {
    try {
      this.spawn(count, youngGenerationMb, file);
    } catch (error) {
      // One that could not start: the ones that did must not keep the process alive.
      void this.close();
      throw error;
    }
  }

  private spawn(count: number, youngGenerationMb: number, file: string): void {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
      const entry = { worker, waiting: new Map<number, (reply: PartReply) => void>() };
      worker.on('message', (reply: PartReply) => {
        const resolve = entry.waiting.get(reply.seq);
        entry.waiting.delete(reply.seq);
        resolve?.(reply);
      });
      const fail = (error: Error) => {
        this.failure ??= new WorkerFailed(`XLSX worker failed: ${error.message}`, { cause: error });
        for (const resolve of entry.waiting.values()) resolve({ seq: -1, error: '' });
        entry.waiting.clear();
      };
      worker.on('error', fail);
      // An exit with parts still waiting is a failure whatever its code: they would never be answered.
      worker.on('exit', (code) => (code !== 0 || entry.waiting.size > 0) && fail(new Error(`exit code ${code}`)));
      this.workers.push(entry);
    }
  }

  /** The workbook's shared strings and styles, which every part needs: sent once to each worker. */
  setContext(context: SheetContext): void {
    const message: ContextMessage = { context };
    for (const { worker } of this.workers) worker.postMessage(message);
  }

  async lines(xml: Uint8Array, layout: RowLayout): Promise<PartLines> {
    if (this.failure) throw this.failure;
    const entry = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const seq = this.seq++;
    // A part is a slice of a larger buffer: copy it into its own, which moves to the worker without another copy.
    const own = new Uint8Array(xml);
    const reply = await new Promise<PartReply>((resolve) => {
      entry.waiting.set(seq, resolve);
      const request: PartRequest = { seq, xml: own, layout };
      entry.worker.postMessage(request, [own.buffer]);
    });
    if (this.failure) throw this.failure;
    if ('error' in reply) throw new Error(reply.error);
    return reply;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** A worker thread stopped (out of memory, a bug): okno's failure, not the file's (exit 70). */
export class WorkerFailed extends Error {}

/**
 * The worker's compiled file: beside this module when it runs from dist/, and dist/ when this module runs from its
 * TypeScript source (tests); undefined when neither exists (then the sheet is read in this thread).
 */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'xlsx-worker.js');
  if (here.endsWith('.js')) return beside;
  const built = path.resolve(path.dirname(here), '../../dist/ingest/xlsx-worker.js');
  return existsSync(built) ? built : undefined;
}
