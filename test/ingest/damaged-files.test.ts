// After every damaged or unusual file, the stored deals, their versions and every figure of the note are exactly as
// before (issue 17, «Damaged and unusual files never change stored data»). Each case loads a good export first.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { amocrm, fixture, load, rows, snapshot, withDb, withLoadedDb } from '../helpers.js';

const october = amocrm('cp1251-semicolon-crlf.csv'); // deals 1001–1006

/** What a damaged file must not change: the deals, their versions, and the note's figures for October 2026. */
async function figures(db: Db) {
  const note = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow' });
  const { freshness: _f, quality: _q, issue: _i, ...figures } = note;
  return {
    deals: await rows(db, 'select * from deals order by deal_id'),
    versions: await rows(db, 'select * exclude (load_id) from deal_versions order by deal_id, edited_at, load_id'),
    figures,
  };
}

describe('a file cut short (a download interrupted)', () => {
  it.each([
    ['bad/cut-mid-row.csv', 'the last row cut in «Канал обращения» («Соц» of «Социальные сети»)'],
    ['bad/cut-inside-quoted-note.csv', 'the last row cut inside a quoted multi-line note'],
    ['bad/cut-in-the-middle-of-a-letter.csv', 'the last row cut in the middle of a two-byte letter'],
  ])('%s (%s): the cut row is rejected as «строка обрезана», no version comes from it, every figure stays', async (file) => {
    await withLoadedDb([october], async (db) => {
      const before = await figures(db);
      const [f] = (await load(db, [fixture(file)])).files;
      expect(f).toMatchObject({ status: 'loaded', truncated: true, rowsRead: 6, rowsRejected: 1, deals: { new: 0, updated: 0, unchanged: 5, older: 0 } });
      expect(f!.rejects).toEqual([{ reason: 'строка обрезана', column: null, count: 1, lines: [7], dealIds: ['1006'] }]);
      expect(await figures(db)).toEqual(before);
      const [reject] = await rows<{ line_no: number; reason: string; cells: string[] }>(db, 'select line_no, reason, cells from load_rejects where load_id = 2');
      expect(reject).toMatchObject({ line_no: 7, reason: 'строка обрезана' });
      expect(reject!.cells[0]).toBe('1006');
    });
  });

  it('a quote never closed runs to the end of the file: that row is rejected as cut, the rows before it load', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [fixture('bad/unclosed-quote.csv')])).files;
      expect(f).toMatchObject({ status: 'loaded', truncated: true, rowsRead: 2, rowsRejected: 1, deals: { new: 1 } });
      expect(f!.rejects).toEqual([{ reason: 'строка обрезана', column: null, count: 1, lines: [3], dealIds: ['7003'] }]);
      expect(await rows(db, 'select deal_id from deal_versions')).toEqual([{ deal_id: 7001 }]);
    });
  });

  it('a last row with all its fields but no line break is a complete row (Excel saves CSV so)', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('last-row-without-newline.csv')])).files;
      expect(f).toMatchObject({ status: 'loaded', rowsRejected: 0 });
      expect(f!.truncated).toBeUndefined();
    });
  });
});

describe('not a deal export', () => {
  it.each([
    ['bad/amocrm-contacts-export.csv', 'это выгрузка контактов amoCRM, а не сделок: в ней есть столбцы «Имя», «Фамилия», «Рабочий телефон» и нет ни одного столбца сделки («Название сделки», «Этап сделки», «Воронка»).'],
    ['bad/amocrm-companies-export.csv', 'это выгрузка компаний amoCRM, а не сделок: в ней есть столбец «Название компании» и нет ни одного столбца сделки («Название сделки», «Этап сделки», «Воронка»).'],
    ['feedback/google-forms-ru-timestamps.csv', 'это выгрузка ответов формы обратной связи (есть столбец «Отметка времени»), а не сделок amoCRM.'],
  ])('%s is refused saying what it looks like, and nothing changes', async (file, says) => {
    await withLoadedDb([october], async (db) => {
      const before = await snapshot(db);
      const [f] = (await load(db, [fixture(file)])).files;
      expect(f!.status).toBe('failed');
      expect(f!.error).toBe(says);
      expect(await snapshot(db)).toEqual(before);
    });
  });
});

