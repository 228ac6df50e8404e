import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { ExitCode, UserError } from '../../src/errors.js';
import { holdDatabase } from '../e2e/cli.js';
import { testClock, withTempDir } from '../helpers.js';

// Db.open's waitIfBusy (the survey kiosks): another process holding the file is waited for, not failed on.
describe('Db.open with waitIfBusy', () => {
  it('without it, a database another process holds is refused at once: «занята», exit code dbBusy', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      (await Db.open(file, { clock: testClock })).close();
      const holder = await holdDatabase(file);
      try {
        const error = await Db.open(file, { clock: testClock }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).exitCode).toBe(ExitCode.dbBusy);
        expect((error as Error).message).toBe(`База ${file} занята другим процессом okno (PID ${holder.pid}).`);
      } finally {
        await holder.release();
      }
    });
  }, 30_000);

  it('with it, the open waits until the other process lets go, and says so once', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      (await Db.open(file, { clock: testClock })).close();
      const holder = await holdDatabase(file);
      let told = 0;
      let toldOnce!: () => void;
      const waiting = new Promise<void>((resolve) => (toldOnce = resolve));
      const opening = Db.open(file, {
        clock: testClock,
        waitIfBusy: {
          onWait: () => {
            told += 1;
            toldOnce();
          },
        },
      });
      try {
        // Wait for the notice itself, not a fixed time: a busy CI machine can take longer than any sleep to try once.
        await waiting;
        // Several retries happen while the holder still holds the file; none of them tells again.
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(told).toBe(1);
      } finally {
        await holder.release();
      }
      const db = await opening;
      db.close();
      expect(told).toBe(1);
    });
  }, 30_000);

  it('gives up after its time with the same refusal', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      (await Db.open(file, { clock: testClock })).close();
      const holder = await holdDatabase(file);
      try {
        const error = await Db.open(file, { clock: testClock, waitIfBusy: { seconds: 0.3 } }).catch((e: unknown) => e);
        expect((error as UserError).exitCode).toBe(ExitCode.dbBusy);
      } finally {
        await holder.release();
      }
    });
  }, 30_000);
});
