import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { storageError } from '../../src/db/storage-error.js';
import { Aborted, ExitCode, UserError } from '../../src/errors.js';
import { testClock } from '../helpers.js';

/** DuckDB's own words for failed writes, as it gave them on Linux (see test/e2e/disk.e2e.test.ts for the real thing). */
const duckdb = {
  full: 'TransactionContext Error: Failed to commit: Could not write file "/data/okno.duckdb.wal": No space left on device',
  tooLarge: 'TransactionContext Error: Failed to commit: Could not write file "/data/okno.duckdb.wal": File too large',
  walDenied: 'TransactionContext Error: Failed to commit: Cannot open file "/data/okno.duckdb.wal": Permission denied',
  fileDenied: 'IO Error: Cannot open file "/data/okno.duckdb": Permission denied',
  inputDenied: 'IO Error: Cannot open file "/home/olga/exports/октябрь.csv": Permission denied',
  readOnly: 'Invalid Input Error: Cannot execute statement of type "INSERT" on database "okno" which is attached in read-only mode!',
  otherWrite: 'IO Error: Could not write file "/data/okno.duckdb": Input/output error',
};
const nothingLost = 'изменения не сохранены, в базе всё как было.';
const readOnly = `Базу /data/okno.duckdb нельзя изменить: файл базы или её папка открыты только для чтения; ${nothingLost}`;

describe('storageError: a write that failed blames the disk, not the input file', () => {
  const mapped = (message: string, db = '/data/okno.duckdb') => storageError(new Error(message), db)?.message;

  it('words DuckDB’s messages in Russian, saying nothing was stored', () => {
    expect(mapped(duckdb.full)).toBe(`На диске нет места (/data): ${nothingLost}`);
    expect(mapped(duckdb.tooLarge)).toBe(`Файл /data/okno.duckdb.wal достиг предельного размера, разрешённого системой: ${nothingLost}`);
    expect(mapped(duckdb.walDenied)).toBe(readOnly);
    expect(mapped(duckdb.fileDenied)).toBe(readOnly);
    expect(mapped(duckdb.readOnly)).toBe(readOnly);
    expect(mapped(duckdb.otherWrite)).toBe(`Не удалось записать базу /data/okno.duckdb на диск: ${nothingLost}`);
  });

  it('words DuckDB running out of its memory limit in Russian, with what to do', () => {
    // As DuckDB 1.5 said it on a 4,000,000-row load while the original's parts were held in one transaction.
    const error = new Error('Out of Memory Error: failed to pin block of size 256.0 KiB (668.8 MiB/667.5 MiB used)\n\nPossible solutions:\n* Reducing the number of threads (SET threads=X)');
    const user = storageError(error, '/data/okno.duckdb');
    expect(user!.message).toBe(`Не хватило памяти: DuckDB не уложился в отведённый ему объём; ${nothingLost}`);
    expect(user!.hint).toBe('Закройте другие программы и повторите команду; очень большую выгрузку можно разделить на несколько файлов (по периодам) и загрузить по очереди.');
  });

  it('leaves an unreadable input file to the loader, and every other error to its caller', () => {
    expect(mapped(duckdb.inputDenied)).toBeUndefined();
    expect(mapped('Binder Error: Referenced column "x" not found')).toBeUndefined();
    expect(storageError(new Error(duckdb.walDenied))).toBeUndefined();
  });

  it('takes node’s errors too (a scratch copy on a full /dev/shm), naming the folder', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/dev/shm/okno-scratch-41-Ab12Cd/utf8.csv' });
    const user = storageError(error);
    expect(user).toBeInstanceOf(UserError);
    expect(user!.message).toBe(`На диске нет места (/dev/shm/okno-scratch-41-Ab12Cd): ${nothingLost}`);
    expect(user!.exitCode).toBe(ExitCode.badInput);
    expect(user!.cause).toBe(error);
  });
});

describe('Db with a stop signal', () => {
  it('interrupts the running statement, refuses later ones, still runs cleanup', async () => {
    const stop = new AbortController();
    const db = await Db.open(':memory:', { clock: testClock, signal: stop.signal });
    try {
      await db.exec('create table kept as select 1 as n');
      // A query of minutes: only the interrupt ends it.
      const running = db.query('select count(*) as n from range(1000000000000) a');
      setTimeout(() => stop.abort(new Aborted('SIGTERM')), 100);
      const error = await running.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Aborted);
      expect((error as Aborted).signal).toBe('SIGTERM');
      expect((error as Aborted).exitCode).toBe(143);
      await expect(db.exec('create table later as select 1')).rejects.toBeInstanceOf(Aborted);
      await expect(db.query('select 1')).rejects.toBeInstanceOf(Aborted);
      await db.exec('drop table kept');
    } finally {
      db.close();
    }
  }, 60_000);

  it('rolls back the transaction it stops', async () => {
    const stop = new AbortController();
    const db = await Db.open(':memory:', { clock: testClock, signal: stop.signal });
    try {
      await db.exec('create table t (n integer)');
      const work = db.transaction(async () => {
        await db.exec('insert into t values (1)');
        stop.abort(new Aborted('SIGINT'));
        await db.exec('insert into t values (2)');
      });
      await expect(work).rejects.toBeInstanceOf(Aborted);
      expect(await db.connection.runAndReadAll('select count(*)::integer as n from t').then((r) => r.getRowObjects())).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
  });
});
