import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { migrations } from '../../src/db/sql.js';
import { amocrm, keptFile, load, rows, scalar, testClock, withTempDir } from '../helpers.js';

// Schema 12 (load_files without its primary key): a database of schema 11 with two loads' originals upgrades in place.
describe('schema 12 (unkeyed original files) on a database made at schema 11', () => {
  it('keeps every part of every original byte for byte, drops the key, and the next load stores its parts', async () => {
    const [october, november, xlsx] = ['cp1251-semicolon-crlf.csv', 'reexport-changed.csv', 'xlsx-real-dates.xlsx'].map(amocrm) as [string, string, string];
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'old.duckdb');
      const old = await Db.open(file, { clock: testClock, migrations: migrations().filter((m) => m.version <= 11) });
      await load(old, [october, november]);
      expect(await rows(old, "select constraint_type from duckdb_constraints() where table_name = 'load_files' and constraint_type = 'PRIMARY KEY'")).toEqual([
        { constraint_type: 'PRIMARY KEY' },
      ]);
      old.close();
      const db = await Db.open(file, { clock: testClock });
      try {
        expect(await scalar(db, 'select max(version)::integer from schema_version')).toBe(12);
        expect(await rows(db, "select constraint_type from duckdb_constraints() where table_name = 'load_files' and constraint_type in ('PRIMARY KEY', 'UNIQUE')")).toEqual([]);
        expect(await rows(db, "select column_name, is_nullable from information_schema.columns where table_name = 'load_files' order by ordinal_position")).toEqual([
          { column_name: 'load_id', is_nullable: 'NO' },
          { column_name: 'part', is_nullable: 'NO' },
          { column_name: 'bytes', is_nullable: 'NO' },
        ]);
        expect((await keptFile(db, 1)).equals(await readFile(october))).toBe(true);
        expect((await keptFile(db, 2)).equals(await readFile(november))).toBe(true);
        expect((await load(db, [xlsx])).files[0]).toMatchObject({ status: 'loaded', loadId: 3 });
        expect((await keptFile(db, 3)).equals(await readFile(xlsx))).toBe(true);
        expect(await rows(db, 'select load_id, count(*)::integer as parts from load_files group by load_id order by load_id')).toEqual([
          { load_id: 1, parts: 1 },
          { load_id: 2, parts: 1 },
          { load_id: 3, parts: 1 },
        ]);
      } finally {
        db.close();
      }
    });
  });
});
