// `okno report monthly` reads the note's figures and closes the database before it writes the files (the
// documents take seconds; the database's memory and file are free meanwhile); with --issue the files are written
// first, inside the transaction, so a file that cannot be written rolls the record back.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, withTempDir } from '../helpers.js';
import { loadedIn, okno } from '../e2e/cli.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');

/** For each database closed during `run`: whether the note's workbook was in `dir` at that moment. */
async function workbookAtClose(dir: string, run: () => Promise<{ code: number }>): Promise<boolean[]> {
  const seen: boolean[] = [];
  const close = Db.prototype.close;
  const spy = vi.spyOn(Db.prototype, 'close').mockImplementation(function (this: Db) {
    seen.push(existsSync(path.join(dir, 'справка-2026-10.xlsx')));
    close.call(this);
  });
  try {
    const r = await run();
    expect(r.code, JSON.stringify(r)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return seen;
}

describe('okno report monthly and its database', () => {
  it('closes the database before the files are written, and after them with --issue', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const out = path.join(cwd, 'out');
      expect(await workbookAtClose(out, () => okno(['report', 'monthly', '--month', '2026-10', '--format', 'xlsx'], { cwd }))).toEqual([false]);
      expect(existsSync(path.join(out, 'справка-2026-10.xlsx'))).toBe(true);
      const issued = path.join(cwd, 'выпуск');
      expect(await workbookAtClose(issued, () => okno(['report', 'monthly', '--month', '2026-10', '--format', 'xlsx', '--issue', '--out', 'выпуск'], { cwd }))).toEqual([true]);
    });
  });
});
