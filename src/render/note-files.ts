// The note's files: the workbook, the Word document and the PDF, from one report and one set of chart images.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MonthlyReport } from '../monthly/report.js';
import { saveFiles } from '../files/atomic.js';
import { renderChartsForPrint } from './charts.js';
import { chartJobs, monthlyWorkbookBytes, workbookName } from './monthly-workbook.js';
import type { NoteFiles, NoteFormat } from './note-formats.js';
import { documentBytes } from './note-documents.js';
import { noteDocument, projectLetter, type NoteDocument, type Signer } from './note-content.js';


export interface NoteFileOptions {
  formats: ReadonlySet<NoteFormat>;
  /** The day the note is made (the command's clock), 'YYYY-MM-DD'. */
  made: string;
  signer: Signer;
}

/**
 * Writes the note (`справка-2026-10.xlsx`, `.docx`, `.pdf`) in dir: the centre's note, or — for a project's report
 * (`report.project` set) — its workbook and the project manager's letter. Each file is written whole or not at all.
 */
export async function writeNoteFiles(report: MonthlyReport, dir: string, options: NoteFileOptions): Promise<NoteFiles> {
  const jobs = chartJobs(report);
  const documents = (['docx', 'pdf'] as const).filter((f) => options.formats.has(f));
  const wantsCharts = options.formats.has('xlsx') || (report.project === null && documents.length > 0);
  const images = wantsCharts ? await renderChartsForPrint(jobs) : [];
  const files: NoteFiles = { xlsx: null, docx: null, pdf: null };
  const base = path.join(dir, workbookName(report).replace(/\.xlsx$/, ''));
  const doc = (): NoteDocument =>
    report.project === null
      ? noteDocument(report, jobs.map((j, i) => ({ ...images[i]!, width: j.width, height: j.height, title: j.title })), options.made, options.signer)
      : projectLetter(report, options.made, options.signer);
  // The documents are laid out beside the workbook (another thread); then all the files are put in place together
  // (saveFiles): a note's files never disagree, and an --issue whose files cannot all be written leaves the old ones.
  const laidOut = documents.length > 0 ? layOut(documents, doc()) : Promise.resolve({} as Record<string, Buffer>);
  laidOut.catch(() => {}); // awaited below; a failure there is reported there
  const outputs: { file: string; bytes: Buffer }[] = [];
  if (options.formats.has('xlsx')) outputs.push({ file: `${base}.xlsx`, bytes: await monthlyWorkbookBytes(report, images.map((i) => i.png)) });
  const bytes = await laidOut;
  for (const format of documents) outputs.push({ file: `${base}.${format}`, bytes: bytes[format]! });
  await saveFiles(outputs);
  for (const format of noteFormatsOf(outputs)) files[format] = `${base}.${format}`;
  return files;
}

function noteFormatsOf(outputs: { file: string }[]): NoteFormat[] {
  return outputs.map((o) => path.extname(o.file).slice(1) as NoteFormat);
}

const workerFile = fileURLToPath(new URL('./note-worker.js', import.meta.url));

/**
 * The DOCX and PDF bytes of a document, made in a worker thread (note-worker.js) so they take the second core while
 * this one writes the workbook; in this thread where the worker is not built (tests run the TypeScript sources).
 */
async function layOut(formats: readonly ('docx' | 'pdf')[], doc: NoteDocument): Promise<Record<string, Buffer>> {
  if (!existsSync(workerFile)) return documentBytes(formats, doc);
  const worker = new Worker(workerFile, { workerData: { formats, doc } });
  const result = await new Promise<Record<string, Uint8Array>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`note worker exited with code ${code} before it answered`)));
  });
  await worker.terminate();
  return Object.fromEntries(Object.entries(result).map(([f, b]) => [f, Buffer.from(b.buffer, b.byteOffset, b.byteLength)]));
}
