import { describe, expect, it } from 'vitest';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { amocrm, load, withDb } from '../helpers.js';

describe('freshness: loads stamped at the same instant', () => {
  it('names the export loaded last (one command loading two files stamps both with its clock)', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('month-boundary.csv'), amocrm('unknown-stage.csv')]);
      const r = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow' });
      expect(r.freshness.latestLoadFile).toBe('unknown-stage.csv');
      expect(r.freshness.latestLoad).toBe('2026-11-21T12:00:00+03:00');
    });
  });
});
