import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, rows, scalar, testClock, withTempDir } from '../helpers.js';
import { okno } from '../e2e/cli.js';

// fixtures/db/schema-8.duckdb.gz: okno at schema 8 (commit f86acc4) loaded check/friday-closing (fixtures/db/README.md).
const friday = fixture('check/friday-closing');
const fridayFiles = readdirSync(friday).sort().map((f) => path.join(friday, f));

describe('schema 9 (check_marks) on a database made by okno at schema 8', () => {
  it('upgrades in place: the checks show what a fresh database shows, and marks load into it', async () => {
    await withTempDir(async (cwd) => {
      await writeFile(path.join(cwd, 'old.duckdb'), gunzipSync(await readFile(fixture('db/schema-8.duckdb.gz'))));
      expect((await okno(['--db', 'fresh.duckdb', 'load', 'consultations', ...fridayFiles], { cwd })).code).toBe(0);
      for (const week of ['2026-W44', '2026-W45']) {
        const [old, fresh] = [await okno(['--db', 'old.duckdb', 'check', '--week', week], { cwd }), await okno(['--db', 'fresh.duckdb', 'check', '--week', week], { cwd })];
        expect(old.stderr).toBe('');
        expect(old.stdout).toBe(fresh.stdout);
      }
      const db = await Db.open(path.join(cwd, 'old.duckdb'), { clock: testClock });
      try {
        expect(await rows(db, 'select version, name from schema_version where version >= 8 order by version')).toEqual([
          { version: 8, name: 'one_versions_table' },
          { version: 9, name: 'check_marks' },
          { version: 10, name: 'current_versions' },
          { version: 11, name: 'survey_ways' },
          { version: 12, name: 'unkeyed_files' },
          { version: 13, name: 'brotli_originals' },
          { version: 14, name: 'unassigned_any_case' },
        ]);
        expect(await scalar(db, 'select count(*)::integer from check_marks')).toBe(0);
        expect(await scalar(db, 'select count(*)::integer from check_mark_files')).toBe(0);
        // The versions the old okno stored are all there: the first export's 5, then the 3 the second one changed.
        expect(await scalar(db, 'select count(*)::integer from deal_versions')).toBe(8);
      } finally {
        db.close();
      }
      expect((await okno(['--db', 'old.duckdb', 'check', '--week', '2026-W44', '--out', 'w44.xlsx'], { cwd })).code).toBe(0);
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'w44.xlsx'));
      wb.getWorksheet('2 Пятничное закрытие')!.getRow(4).getCell(6).value = 'да';
      await wb.xlsx.writeFile(path.join(cwd, 'w44-marked.xlsx'));
      const loaded = await okno(['--db', 'old.duckdb', 'check', 'load', 'w44-marked.xlsx', '--json'], { cwd });
      expect(JSON.parse(loaded.stdout)).toMatchObject({ week: '2026-W44', status: 'loaded', new: 1, rejected: [] });
    });
  });
});
