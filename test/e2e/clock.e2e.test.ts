import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processClock } from '../../src/cli/main.js';
import { Db } from '../../src/db/database.js';
import { amocrm, fixture, rows, testClock, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

describe('the clock: every stored time is the command’s, never the machine’s or DuckDB’s now()', () => {
  it('OKNO_NOW pins the built CLI’s clock; a value that is not an ISO instant with an offset is refused', () => {
    expect(processClock({ OKNO_NOW: '2027-02-28T23:30:00+03:00' })().toISOString()).toBe('2027-02-28T20:30:00.000Z');
    expect(processClock({ OKNO_NOW: '2026-12-31T21:30Z' })().toISOString()).toBe('2026-12-31T21:30:00.000Z');
    for (const bad of ['2026-12-01', '2026-12-01 10:00', '2026-13-01T10:00:00+03:00', 'завтра']) {
      expect(() => processClock({ OKNO_NOW: bad })(), bad).toThrow(`OKNO_NOW=${bad}: нужен момент времени ISO 8601 со смещением`);
    }
    const real = processClock({})().getTime();
    expect(Math.abs(real - Date.now())).toBeLessThan(60_000);
  });

  it('a load, an issued note, a review and a calendar are stamped with OKNO_NOW', async () => {
    await withTempDir(async (cwd) => {
      const env = { OKNO_NOW: '2026-11-04T09:15:00+03:00' };
      const file = amocrm('month-boundary.csv');
      expect((await okno(['load', 'consultations', file, '--rejects', path.join(cwd, 'r.csv')], { cwd, env })).code).toBe(0);
      expect((await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--issue', '--out', cwd], { cwd, env })).code).toBe(0);
      expect((await okno(['load', 'calendar', fixture('calendar/google-export-recurring-exceptions-dst.ics')], { cwd, env })).code).toBe(0);
      // 9101 was held on 31.10.2026: its month review is open on 04.11.
      const review = ['review', 'record', '9101', '--effective', 'да', '--factors', 'чёткий запрос', '--reviewer', 'Смирнова Анна'];
      expect((await okno(review, { cwd, env })).code).toBe(0);
      const db = await Db.open(path.join(cwd, 'okno.duckdb'), { readOnly: true, clock: testClock });
      try {
        const stamp = "strftime(timezone('UTC', #1), '%Y-%m-%dT%H:%M:%SZ')";
        const q = (sql: string) => rows<{ t: string }>(db, sql);
        expect(await q(`select ${stamp.replace('#1', 'loaded_at')} as t from loads`)).toEqual([{ t: '2026-11-04T06:15:00Z' }]);
        expect(await q(`select ${stamp.replace('#1', 'issued_at')} as t from issued_notes`)).toEqual([{ t: '2026-11-04T06:15:00Z' }]);
        expect(await q(`select ${stamp.replace('#1', 'loaded_at')} as t from calendar_files`)).toEqual([{ t: '2026-11-04T06:15:00Z' }]);
        expect(await q(`select ${stamp.replace('#1', 'recorded_at')} as t from review_versions`)).toEqual([{ t: '2026-11-04T06:15:00Z' }]);
        expect(await rows(db, `select strftime(reviewed_on, '%Y-%m-%d') as d from review_versions`)).toEqual([{ d: '2026-11-04' }]);
        const applied = await q(`select distinct ${stamp.replace('#1', 'applied_at')} as t from schema_version`);
        expect(applied).toEqual([{ t: '2026-11-04T06:15:00Z' }]);
      } finally {
        db.close();
      }
    });
  });
});
