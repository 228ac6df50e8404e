import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { defaultConfig } from '../../src/config.js';
import { Aborted } from '../../src/errors.js';
import { loadConsultations } from '../../src/ingest/consultations.js';
import { amocrm, scalar, testClock, withTempDir } from '../helpers.js';

// A stop that comes once a file's load is committed must not call it «Отменено»: the file is stored whole, its
// rejected rows are still written, and the files after it are reported as not loaded (the CLI then exits 130/143).
describe('a stop just after a load is committed', () => {
  it('reports the stored file as loaded, writes its rejects, and loads no file after it', async () => {
    await withTempDir(async (dir) => {
      const stop = new AbortController();
      const db = await Db.open(path.join(dir, 'okno.duckdb'), { clock: testClock, signal: stop.signal });
      try {
        const rejectsFile = path.join(dir, 'rejects.csv');
        const report = await loadConsultations(db, {
          // empty-id-row.csv: one row without a deal ID (rejected), the others load.
          files: [amocrm('empty-id-row.csv'), amocrm('header-variants.csv')],
          config: defaultConfig(),
          dryRun: false,
          rejectsFile,
          signal: stop.signal,
          // progress(1) comes right after the file's transaction is committed: the stop lands there.
          onProgress: (_file, fraction) => {
            if (fraction >= 1) stop.abort(new Aborted('SIGTERM'));
          },
        });
        expect(report.files.map((f) => [path.basename(f.file), f.status])).toEqual([
          ['empty-id-row.csv', 'loaded'],
          ['header-variants.csv', 'stopped'],
        ]);
        expect(report.files[0]!.rowsRejected).toBe(1);
        expect(await readFile(rejectsFile, 'utf8')).toMatch(/пустой ID сделки/);
        expect(await db.finishing(() => scalar(db, 'select count(*) from loads'))).toBe(1);
        // Past what was committed, the stop stands.
        await expect(db.query('select 1')).rejects.toBeInstanceOf(Aborted);
      } finally {
        db.close();
      }
    });
  });

  it('a stop while the second file loads: the first stays loaded, the second and third are reported stopped', async () => {
    await withTempDir(async (dir) => {
      const stop = new AbortController();
      const db = await Db.open(path.join(dir, 'okno.duckdb'), { clock: testClock, signal: stop.signal });
      try {
        const second = amocrm('header-variants.csv');
        const report = await loadConsultations(db, {
          files: [amocrm('empty-id-row.csv'), second, amocrm('multiline-notes.csv')],
          config: defaultConfig(),
          dryRun: false,
          rejectsFile: path.join(dir, 'rejects.csv'),
          signal: stop.signal,
          // The second file's first progress (its reading, before anything of it is stored): the stop lands there.
          onProgress: (file, fraction) => {
            if (file === second && fraction < 1) stop.abort(new Aborted('SIGINT'));
          },
        });
        expect(report.files.map((f) => [path.basename(f.file), f.status])).toEqual([
          ['empty-id-row.csv', 'loaded'],
          ['header-variants.csv', 'stopped'],
          ['multiline-notes.csv', 'stopped'],
        ]);
        expect(await db.finishing(() => scalar(db, 'select list(file_name order by load_id) from loads'))).toEqual(['empty-id-row.csv']);
      } finally {
        db.close();
      }
    });
  });

  it('Db.finishing runs its statements whatever stop comes, and the stop stands after it', async () => {
    const stop = new AbortController();
    const db = await Db.open(':memory:', { clock: testClock, signal: stop.signal });
    try {
      const n = await db.finishing(async () => {
        stop.abort(new Aborted('SIGINT'));
        return (await db.query<{ n: number }>('select 42 as n'))[0]!.n;
      });
      expect(n).toBe(42);
      await expect(db.query('select 1')).rejects.toBeInstanceOf(Aborted);
    } finally {
      db.close();
    }
  });

  it('a stop while COMMIT runs does not interrupt it: the work is stored and the transaction says so', async () => {
    const stop = new AbortController();
    const db = await Db.open(':memory:', { clock: testClock, signal: stop.signal });
    try {
      await db.exec('create table t (n integer)');
      const run = db.connection.run.bind(db.connection);
      // The stop lands as DuckDB is handed COMMIT (before, DuckDB's interrupt could fail a COMMIT that had stored).
      db.connection.run = ((sql: string, ...rest: unknown[]) => {
        if (sql === 'COMMIT') stop.abort(new Aborted('SIGTERM'));
        return (run as (...a: unknown[]) => ReturnType<typeof run>)(sql, ...rest);
      }) as typeof db.connection.run;
      await expect(db.transaction(() => db.exec('insert into t values (1)'))).resolves.toBeUndefined();
      expect(await db.finishing(() => scalar(db, 'select count(*) from t'))).toBe(1);
      // A stop before COMMIT still rolls back.
      await expect(db.transaction(() => db.exec('insert into t values (2)'))).rejects.toBeInstanceOf(Aborted);
    } finally {
      db.close();
    }
  });
});
