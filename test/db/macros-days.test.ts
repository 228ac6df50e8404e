import { describe, expect, it } from 'vitest';
import { rows, withDb } from '../helpers.js';

describe('okno_days: a number of days as people read it', () => {
  it('1 день, 2–4 дня, 5–20 дней, 11–14 дней, 21 день, 112 дней', async () => {
    await withDb(async (db) => {
      const got = await rows<{ t: string }>(db, 'select okno_days(n) as t from unnest([1, 3, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 122]) as u(n) order by n');
      expect(got.map((r) => r.t)).toEqual([
        '1 день', '3 дня', '5 дней', '11 дней', '12 дней', '14 дней', '21 день', '22 дня', '25 дней', '101 день', '111 дней', '112 дней', '122 дня',
      ]);
    });
  });
});
