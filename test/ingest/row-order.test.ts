// The loader numbers a file's rows by rowid after a parse that is a projection of DuckDB's parallel read
// (load.ts, ParseQuery): it relies on DuckDB keeping the file's order through such a read. This file is large
// enough to be split between DuckDB's threads, and every row says its own line number (multi-line notes make
// records and lines differ), so a row numbered out of order shows.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, rows, scalar, withDb, withTempDir } from '../helpers.js';

/** Rows of about 120 bytes: some 24 MB, three of DuckDB's 8 MB scan ranges at least. */
const records = 200_000;

function exportWithLineNumbers(): string {
  const lines = ['ID,Название сделки,Примечание,Дата редактирования'];
  for (let i = 0; i < records; i++) {
    const line = i + 2;
    // Every seventh note spans two lines: the record's number, not the file's line, is its row.
    const note = i % 7 === 0 ? `"Строка ${line}, примечание\nна двух строках"` : `Примечание к строке ${line} без переноса`;
    lines.push(`${line},Консультация по строке ${line},${note},15.10.2026 10:00:00`);
  }
  return lines.join('\n') + '\n';
}

describe('row numbers of a large export read in parallel', () => {
  it('number every row as the row it is in the file', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'amocrm-row-order-200k.csv');
      await writeFile(file, exportWithLineNumbers());
      await withDb(async (db) => {
        const report = await load(db, [file]);
        expect(report.files[0]!.rowsRead).toBe(records);
        expect(await scalar(db, 'select count(*)::integer from deal_versions')).toBe(records);
        const misplaced = await rows(db, `select line_no, deal_id, name from deal_versions
          where deal_id <> line_no or name <> 'Консультация по строке ' || line_no limit 5`);
        expect(misplaced).toEqual([]);
      });
    });
  });
});
