// The note's files: the workbook, the Word document and the PDF, from one report and one set of chart images.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MonthlyReport } from '../monthly/report.js';
import { saveFile } from '../files/atomic.js';
import { renderCharts } from './charts.js';
import { chartJobs, workbookName, writeMonthlyWorkbook } from './monthly-workbook.js';
import type { NoteFiles, NoteFormat } from './note-formats.js';
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
  const wantsCharts = options.formats.has('xlsx') || (report.project === null && (options.formats.has('docx') || options.formats.has('pdf')));
  const pngs = wantsCharts ? await renderCharts(jobs) : [];
  const files: NoteFiles = { xlsx: null, docx: null, pdf: null };
  const base = path.join(dir, workbookName(report).replace(/\.xlsx$/, ''));
  const document = (): NoteDocument =>
    report.project === null
      ? noteDocument(report, jobs.map((j, i) => ({ png: pngs[i]!, width: j.width, height: j.height, title: j.title })), options.made, options.signer)
      : projectLetter(report, options.made, options.signer);
  const doc = options.formats.has('docx') || options.formats.has('pdf') ? document() : null;
  const writes: Promise<void>[] = [];
  if (options.formats.has('xlsx')) writes.push(writeMonthlyWorkbook(report, dir, pngs).then((file) => void (files.xlsx = file)));
  if (doc && options.formats.has('docx')) {
    const file = `${base}.docx`;
    writes.push(import('./note-docx.js').then(async ({ noteDocx }) => saveBytes(file, await noteDocx(doc))).then(() => void (files.docx = file)));
  }
  if (doc && options.formats.has('pdf')) {
    const file = `${base}.pdf`;
    writes.push(import('./note-pdf.js').then(async ({ notePdf }) => saveBytes(file, await notePdf(doc))).then(() => void (files.pdf = file)));
  }
  await Promise.all(writes);
  return files;
}

async function saveBytes(file: string, bytes: Buffer): Promise<void> {
  await saveFile(file, (partial) => writeFile(partial, bytes));
}
