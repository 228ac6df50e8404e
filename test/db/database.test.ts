import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { migrations } from '../../src/db/sql.js';
import { ExitCode, UserError } from '../../src/errors.js';
import { amocrm, load, rows, scalar, withTempDir, testClock } from '../helpers.js';

const shipped = migrations();
const next = { version: shipped.at(-1)!.version + 1, name: 'test_note', sql: 'alter table loads add column note varchar;' };

/** A database an older okno made (the shipped migrations only) with one load of six deals, in `dir`. */
async function olderDatabase(dir: string): Promise<string> {
  const file = path.join(dir, 'okno.duckdb');
  const old = await Db.open(file, { clock: testClock, migrations: shipped });
  await load(old, [amocrm('cp1251-semicolon-crlf.csv')]);
  old.close();
  return file;
}

describe('database', () => {
  it('a new database gets every migration, in order', async () => {
    const db = await Db.open(':memory:', { clock: testClock });
    try {
      expect(await rows(db, 'select version, name from schema_version order by version')).toEqual(
        shipped.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      db.close();
    }
  });

  it('a database made by an older okno upgrades in place and keeps its data', async () => {
    await withTempDir(async (dir) => {
      const file = await olderDatabase(dir);
      const upgraded = await Db.open(file, { clock: testClock, migrations: [...shipped, next] });
      try {
        expect(await scalar(upgraded, 'select max(version)::integer from schema_version')).toBe(next.version);
        expect(await scalar(upgraded, 'select count(*)::integer from deals')).toBe(6);
        expect(await rows(upgraded, 'select load_id, note from loads')).toEqual([{ load_id: 1, note: null }]);
      } finally {
        upgraded.close();
      }
    });
  });

  it('an upgrade is whole or not at all: a failing migration leaves the database at its schema, the ones before it undone', async () => {
    await withTempDir(async (dir) => {
      const file = await olderDatabase(dir);
      const broken = { version: next.version + 1, name: 'test_broken', sql: 'alter table no_such_table add column x integer;' };
      await expect(Db.open(file, { clock: testClock, migrations: [...shipped, next, broken] })).rejects.toThrow();
      const db = await Db.open(file, { clock: testClock, migrations: shipped });
      try {
        expect(await scalar(db, 'select max(version)::integer from schema_version')).toBe(shipped.at(-1)!.version);
        // `next` ran before the failing one, in the same transaction: its column is not there.
        expect(await scalar(db, "select count(*)::integer from duckdb_columns() where table_name = 'loads' and column_name = 'note'")).toBe(0);
        expect(await scalar(db, 'select count(*)::integer from deals')).toBe(6);
      } finally {
        db.close();
      }
    });
  });

  it('a read-only open (reports, --dry-run) of an older database upgrades it first', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      (await Db.open(file, { clock: testClock, migrations: shipped })).close();
      const reader = await Db.open(file, { clock: testClock, migrations: [...shipped, next], readOnly: true });
      try {
        expect(await scalar(reader, 'select max(version)::integer from schema_version')).toBe(next.version);
        await expect(reader.exec('create table t (x integer)')).rejects.toThrow(/открыты только для чтения/);
      } finally {
        reader.close();
      }
    });
  });

  it('a database made by a newer okno is refused with a clear message', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      (await Db.open(file, { clock: testClock, migrations: [...shipped, next] })).close();
      const error = await Db.open(file, { clock: testClock, migrations: shipped }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(ExitCode.dbIncompatible);
      expect((error as UserError).message).toBe(
        `База ${file} создана более новой версией okno (схема ${next.version}, эта версия знает схемы до ${next.version - 1}).`,
      );
    });
  });

  it('a file that is not a database is refused, not overwritten', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'notes.txt');
      await writeFile(file, 'это не база\n'.repeat(1000));
      const error = await Db.open(file, { clock: testClock }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(ExitCode.dbIncompatible);
      expect((error as UserError).message).toBe(`Файл ${file} — не база okno (или повреждён).`);
    });
  });
});
