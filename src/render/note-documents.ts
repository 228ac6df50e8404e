import type { NoteDocument } from './note-content.js';

/** The DOCX and PDF bytes of a note document, by format (in note-worker.ts's thread, or in the caller's). */
export async function documentBytes(formats: readonly ('docx' | 'pdf')[], doc: NoteDocument): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const format of formats) {
    out[format] = format === 'docx' ? await (await import('./note-docx.js')).noteDocx(doc) : await (await import('./note-pdf.js')).notePdf(doc);
  }
  return out;
}
