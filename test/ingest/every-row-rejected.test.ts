import { describe, expect, it } from 'vitest';
import { amocrm, fixture, load, scalar, snapshot, withDb } from '../helpers.js';

// README «load consultations» and «Exit codes»: a file every row of which is rejected is not a successful load.
describe('a consultation export every row of which is rejected', () => {
  it('fails, stores nothing, names the commonest reason with its first cell; the other files still load', async () => {
    await withDb(async (db) => {
      const before = await snapshot(db);
      for (const dryRun of [true, false]) {
        const [f] = (await load(db, [amocrm('every-row-rejected-us-dates.csv')], { dryRun })).files;
        expect(f).toMatchObject({
          status: 'failed',
          // Every «Дата создания сделки» is M/d/yyyy, which amoCRM exports never are: all 3 rows, the same reason.
          error: 'ни одна из 3\u00a0строк не принята: не распознана дата в «Дата создания сделки» (например «10/01/2026 09:00:00», строка 2).',
          rowsRead: 3,
          rowsRejected: 3,
          rejects: [{ reason: 'не распознана дата', column: 'Дата создания сделки', count: 3, lines: [2, 3, 4], dealIds: ['9101', '9102', '9103'] }],
          format: 'csv',
          delimiter: ';',
        });
        expect(f!.hint).toContain('даты вида 15.10.2026 10:00:00');
        // What was read of it, as a dry run shows it: the column that fed each field.
        expect(f!.columns!.find((c) => c.field === 'created_at')).toMatchObject({ headers: ['Дата создания сделки'], positions: [5] });
      }
      expect(await snapshot(db)).toEqual(before);

      const report = await load(db, [amocrm('every-row-rejected-us-dates.csv'), fixture('feedback/consultations-2026-10.csv')]);
      expect(report.files.map((f) => f.status)).toEqual(['failed', 'loaded']);
      expect(await scalar(db, 'select count(*)::integer from loads')).toBe(1);
      // A file with one row accepted loads as before (bad-cells.csv: 4 of its 5 rows rejected, deal 8003 kept).
      const [partly] = (await load(db, [amocrm('bad-cells.csv')])).files;
      expect(partly).toMatchObject({ status: 'loaded', rowsRead: 5, rowsRejected: 4, deals: { new: 1 } });
    });
  });
});
