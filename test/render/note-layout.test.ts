import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { defaultSigner, noteDocument, projectLetter } from '../../src/render/note-content.js';
import { documentBytes } from '../../src/render/note-documents.js';
import { fixture, load, root, withDb } from '../helpers.js';

// The built layout (dist/: a worker thread per format) gives the documents the caller's thread gives, for every
// document one command sends it (the centre's note, then each project's letter), and lets the process go after.
const built = path.join(root, 'dist/render/note-layout.js');
type Layout = typeof import('../../src/render/note-layout.js');

describe.skipIf(!existsSync(built))('the note layout in worker threads (dist/)', () => {
  it('lays out a note and letters one after another in the same workers, byte for byte as in this thread (PDF) and part for part (DOCX)', async () => {
    const { startDocumentLayout } = (await import(built)) as Layout;
    await withDb(async (db) => {
      await load(db, [fixture('monthly/scenario-2025-10_2026-11.csv')]);
      const options = { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow' } as const;
      const note = noteDocument(await buildMonthlyReport(db, options), [], '2026-11-21', defaultSigner);
      const letter = projectLetter(await buildMonthlyReport(db, { ...options, project: 'Президентский грант' }), '2026-11-21', defaultSigner);
      const layout = startDocumentLayout(new Set(['docx', 'pdf']));
      try {
        for (const doc of [note, letter, note]) {
          const [inWorkers, here] = await Promise.all([layout.make(['docx', 'pdf'], doc), documentBytes(['pdf'], doc)]);
          expect(inWorkers.pdf.equals(here.pdf!)).toBe(true);
          expect(inWorkers.docx.subarray(0, 2).toString()).toBe('PK');
        }
      } finally {
        await layout.close();
      }
      // Closed, it refuses at once instead of waiting for a worker that is gone.
      await expect(layout.make(['pdf'], note)).rejects.toThrow(/stopped/);
    });
  });
});
