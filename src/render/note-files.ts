// The note's files: the workbook, the Word document and the PDF, from one report and one set of chart images.
import path from 'node:path';
import type { MonthlyReport } from '../monthly/report.js';
import { saveFiles } from '../files/atomic.js';
import { renderChartsForPrint } from './charts.js';
import { chartJobs, monthlyWorkbookBytes, workbookName } from './monthly-workbook.js';
import type { NoteFiles, NoteFormat } from './note-formats.js';
import { startDocumentLayout, type DocumentLayout } from './note-layout.js';
import { noteDocument, projectLetter, type NoteDocument, type Signer } from './note-content.js';

export interface NoteFileOptions {
  formats: ReadonlySet<NoteFormat>;
  /** The day the note is made (the command's clock), 'YYYY-MM-DD'. */
  made: string;
  signer: Signer;
  /**
   * Lays out the DOCX and PDF: a command started it early, so its workers load while the queries run, and it serves
   * every note the command writes (the project letters). Without it, one is started here for this note.
   */
  layout?: DocumentLayout;
}

/**
 * Writes the note (`справка-2026-10.xlsx`, `.docx`, `.pdf`) in dir: the centre's note, or — for a project's report
 * (`report.project` set) — its workbook and the project manager's letter. Each file is written whole or not at all.
 */
export async function writeNoteFiles(report: MonthlyReport, dir: string, options: NoteFileOptions): Promise<NoteFiles> {
  // The documents are laid out beside the workbook (other threads, loading while the charts are drawn); then all the
  // files are put in place together (saveFiles): a note's files never disagree, and an --issue whose files cannot all
  // be written leaves the old ones.
  const layout = options.layout ?? startDocumentLayout(options.formats);
  try {
    const jobs = chartJobs(report);
    const documents = (['docx', 'pdf'] as const).filter((f) => options.formats.has(f));
    const wantsCharts = options.formats.has('xlsx') || (report.project === null && documents.length > 0);
    const images = wantsCharts ? await renderChartsForPrint(jobs) : [];
    const base = path.join(dir, workbookName(report).replace(/\.xlsx$/, ''));
    const doc = (): NoteDocument =>
      report.project === null
        ? noteDocument(report, jobs.map((j, i) => ({ ...images[i]!, width: j.width, height: j.height, title: j.title })), options.made, options.signer, options.formats.has('xlsx'))
        : projectLetter(report, options.made, options.signer);
    const laidOut = documents.length > 0 ? layout.make(documents, doc()) : Promise.resolve({} as Record<string, Buffer>);
    laidOut.catch(() => {}); // awaited below; a failure there is reported there
    const outputs: { file: string; bytes: Buffer }[] = [];
    if (options.formats.has('xlsx')) outputs.push({ file: `${base}.xlsx`, bytes: await monthlyWorkbookBytes(report, images.map((i) => i.png)) });
    const bytes = await laidOut;
    for (const format of documents) outputs.push({ file: `${base}.${format}`, bytes: bytes[format]! });
    await saveFiles(outputs);
    const files: NoteFiles = { xlsx: null, docx: null, pdf: null };
    for (const format of noteFormatsOf(outputs)) files[format] = `${base}.${format}`;
    return files;
  } finally {
    if (!options.layout) await layout.close();
  }
}

function noteFormatsOf(outputs: { file: string }[]): NoteFormat[] {
  return outputs.map((o) => path.extname(o.file).slice(1) as NoteFormat);
}
