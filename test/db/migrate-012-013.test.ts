import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { migrations } from '../../src/db/sql.js';
import { amocrm, fixture, keptFile, load, rows, scalar, testClock, withTempDir } from '../helpers.js';

// fixtures/db/schema-8.duckdb.gz: okno at schema 8 (commit f86acc4) loaded check/friday-closing's two exports, its
// originals stored as gzip members under a primary key (fixtures/db/README.md).
const friday = fixture('check/friday-closing');
const [first, second] = readdirSync(friday).sort().map((f) => path.join(friday, f)) as [string, string];

describe('schemas 12 (unkeyed original files) and 13 (codec of each part) on a database made by okno at schema 8', () => {
  it('keeps every part of every original byte for byte as gzip, drops the key, and the next load stores brotli parts', async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'old.duckdb');
      await writeFile(file, gunzipSync(await readFile(fixture('db/schema-8.duckdb.gz'))));
      const db = await Db.open(file, { clock: testClock });
      try {
        expect(await scalar(db, 'select max(version)::integer from schema_version')).toBe(migrations().at(-1)!.version);
        expect(await rows(db, "select constraint_type from duckdb_constraints() where table_name = 'load_files' and constraint_type in ('PRIMARY KEY', 'UNIQUE')")).toEqual([]);
        expect(await rows(db, "select column_name, is_nullable, column_default from information_schema.columns where table_name = 'load_files' order by ordinal_position")).toEqual([
          { column_name: 'load_id', is_nullable: 'NO', column_default: null },
          { column_name: 'part', is_nullable: 'NO', column_default: null },
          { column_name: 'bytes', is_nullable: 'NO', column_default: null },
          { column_name: 'codec', is_nullable: 'NO', column_default: null },
        ]);
        expect(await rows(db, 'select load_id, part, codec from load_files order by all')).toEqual([
          { load_id: 1, part: 0, codec: 'gzip' },
          { load_id: 2, part: 0, codec: 'gzip' },
        ]);
        expect((await keptFile(db, 1)).equals(await readFile(first))).toBe(true);
        expect((await keptFile(db, 2)).equals(await readFile(second))).toBe(true);

        const xlsx = amocrm('xlsx-real-dates.xlsx');
        expect((await load(db, [xlsx])).files[0]).toMatchObject({ status: 'loaded', loadId: 3 });
        expect(await rows(db, 'select load_id, part, codec from load_files where load_id = 3')).toEqual([{ load_id: 3, part: 0, codec: 'brotli' }]);
        expect((await keptFile(db, 3)).equals(await readFile(xlsx))).toBe(true);
        // A part that does not name its codec is refused: nothing can be stored that no reader could restore.
        await expect(db.query("insert into load_files (load_id, part, bytes) values (3, 1, 'x'::blob)")).rejects.toThrow(/NOT NULL/);
      } finally {
        db.close();
      }
    });
  });
});
