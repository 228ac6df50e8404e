import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { buildStatus } from '../../src/monthly/status.js';
import { stateText } from '../../src/render/review-text.js';
import { buildReviewsDue } from '../../src/reviews/due.js';
import { buildEffectivenessReport } from '../../src/reviews/effectiveness.js';
import { fixture, withLoadedDb } from '../helpers.js';

// README «Оценка эффективности»: a follow-up is «после срока» from d + 4 months + 1 day and «просрочена» only after
// the last allowed day d + 6 months (seed 000 step 10: «в течение 3-4 месяцев …, при необходимости - до полугода»);
// daysOverdue counts from that last allowed day. d = 31.08.2026: + 1 month = 30.09, + 3 = 30.11, + 4 = 31.12.2026,
// + 6 = 28.02.2027 (month ends clamp).
const monthEnd = fixture('reviews/month-end-31-08.csv');

async function review(db: Db, asOf: string, kind: 'month' | 'followup') {
  const due = await buildReviewsDue(db, { asOf, from: null });
  const r = due.reviews.find((x) => x.dealId === 3101 && x.kind === kind);
  return r && { state: r.state, deadline: r.deadline, allowedUntil: r.allowedUntil, daysLeft: r.daysLeft, daysOverdue: r.daysOverdue, text: stateText(r.state, r.daysLeft, r.allowedUntil, r.daysOverdue) };
}

describe('daysOverdue counts from the last allowed day', () => {
  it('month review of 31.08: due to 30.09 (day 0), overdue by 1 day on 01.10', async () => {
    await withLoadedDb([monthEnd], async (db) => {
      expect(await review(db, '2026-09-30', 'month')).toEqual({
        state: 'due', deadline: '2026-09-30', allowedUntil: '2026-09-30', daysLeft: 0, daysOverdue: 0, text: 'к сроку, срок сегодня',
      });
      expect(await review(db, '2026-10-01', 'month')).toEqual({
        state: 'overdue', deadline: '2026-09-30', allowedUntil: '2026-09-30', daysLeft: -1, daysOverdue: 1, text: 'просрочена на 1 день',
      });
    });
  });

  it('follow-up of 31.08: opens 30.11, due to 31.12, late 01.01–28.02.2027 with daysOverdue 0, overdue by 1 day on 01.03.2027', async () => {
    await withLoadedDb([monthEnd], async (db) => {
      expect(await review(db, '2026-11-29', 'followup')).toBeUndefined();
      expect(await review(db, '2026-11-30', 'followup')).toMatchObject({ state: 'due', daysLeft: 31, daysOverdue: 0 });
      const f = { deadline: '2026-12-31', allowedUntil: '2027-02-28' };
      expect(await review(db, '2026-12-31', 'followup')).toEqual({ ...f, state: 'due', daysLeft: 0, daysOverdue: 0, text: 'к сроку, срок сегодня' });
      expect(await review(db, '2027-01-01', 'followup')).toEqual({ ...f, state: 'late', daysLeft: -1, daysOverdue: 0, text: 'после срока, допустимо до 28.02.2027' });
      expect(await review(db, '2027-02-28', 'followup')).toEqual({ ...f, state: 'late', daysLeft: -59, daysOverdue: 0, text: 'после срока, допустимо до 28.02.2027' });
      expect(await review(db, '2027-03-01', 'followup')).toEqual({ ...f, state: 'overdue', daysLeft: -60, daysOverdue: 1, text: 'просрочена на 1 день' });
      expect(await review(db, '2027-03-31', 'followup')).toMatchObject({ state: 'overdue', daysOverdue: 31, text: 'просрочена на 31 день' });
    });
  });

  it('okno status and report effectiveness count the same: late to 28.02.2027, overdue from 01.03.2027', async () => {
    await withLoadedDb([monthEnd], async (db) => {
      const status = async (today: string) => (await buildStatus(db, { today, timeZone: 'Europe/Moscow' })).reviews;
      // Monday 28.12.2026: the follow-up's deadline 31.12 is this week.
      expect(await status('2026-12-28')).toEqual({
        weekEnd: '2027-01-03', monthThisWeek: 0, followupThisWeek: 1, monthOverdue: 1, followupOverdue: 0, followupLate: 0,
      });
      expect(await status('2027-02-28')).toMatchObject({ followupThisWeek: 0, followupOverdue: 0, followupLate: 1 });
      expect(await status('2027-03-01')).toMatchObject({ followupThisWeek: 0, followupOverdue: 1, followupLate: 0 });

      const overdue = async (today: string) =>
        (await buildEffectivenessReport(db, { from: '2026-08', to: '2026-08', today, timeZone: 'Europe/Moscow', trackedFrom: null })).overdue.map(
          (r) => [r.kind, r.deadline, r.allowedUntil, r.daysOverdue],
        );
      expect(await overdue('2027-02-28')).toEqual([['month', '2026-09-30', '2026-09-30', 151]]);
      expect(await overdue('2027-03-01')).toEqual([
        ['month', '2026-09-30', '2026-09-30', 152],
        ['followup', '2026-12-31', '2027-02-28', 1],
      ]);
    });
  });
});
