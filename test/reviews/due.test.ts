import { describe, expect, it } from 'vitest';
import { buildReviewsDue } from '../../src/reviews/due.js';
import { checkReview, dealContext, dealProblem, prepareReviews, recordReview } from '../../src/reviews/record.js';
import { reviewSheetRows } from '../../src/reviews/sheet.js';
import { fixture, rows, withLoadedDb } from '../helpers.js';
import type { Db } from '../../src/db/database.js';

const edges = fixture('reviews/windows-edges.csv');

/** State of one deal's review of one kind as of a date: the due list's state, or 'not listed'. */
async function stateOf(db: Db, asOf: string, dealId: number, kind: 'month' | 'followup') {
  const due = await buildReviewsDue(db, { asOf, from: null });
  return due.reviews.find((r) => r.dealId === dealId && r.kind === kind)?.state ?? 'not listed';
}

describe('review windows', () => {
  it('1-month review: due up to d + 1 month inclusive, overdue the day after (day 30 and day 31 months)', async () => {
    await withLoadedDb([edges], async (db) => {
      // 15.09 → 15.10 is 30 days.
      expect(await stateOf(db, '2026-09-15', 3001, 'month')).toBe('due');
      expect(await stateOf(db, '2026-10-15', 3001, 'month')).toBe('due');
      expect(await stateOf(db, '2026-10-16', 3001, 'month')).toBe('overdue');
      // 15.10 (23:30 Moscow) → 15.11 is 31 days.
      expect(await stateOf(db, '2026-11-15', 3002, 'month')).toBe('due');
      expect(await stateOf(db, '2026-11-16', 3002, 'month')).toBe('overdue');
      // Month ends clamp: 31.01 + 1 month = 28.02.
      expect(await stateOf(db, '2026-02-28', 3003, 'month')).toBe('due');
      expect(await stateOf(db, '2026-03-01', 3003, 'month')).toBe('overdue');
      // Not yet held on the day before the consultation.
      expect(await stateOf(db, '2026-09-14', 3001, 'month')).toBe('not listed');
    });
  });

  it('follow-up: not listed before d + 3 months, due to d + 4, late to d + 6, overdue after', async () => {
    await withLoadedDb([edges], async (db) => {
      expect(await stateOf(db, '2026-12-14', 3001, 'followup')).toBe('not listed');
      expect(await stateOf(db, '2026-12-15', 3001, 'followup')).toBe('due');
      expect(await stateOf(db, '2027-01-15', 3001, 'followup')).toBe('due');
      expect(await stateOf(db, '2027-01-16', 3001, 'followup')).toBe('late');
      expect(await stateOf(db, '2027-03-15', 3001, 'followup')).toBe('late');
      expect(await stateOf(db, '2027-03-16', 3001, 'followup')).toBe('overdue');
    });
  });

  it('lists exactly the open reviews of tracked consultations, with deadlines and days', async () => {
    await withLoadedDb([edges], async (db) => {
      const due = await buildReviewsDue(db, { asOf: '2026-10-16', from: null });
      // 3004 has no date, 3005 is lost, 3006 is only scheduled: none is tracked.
      expect(due.counts).toEqual({ due: 1, late: 0, overdue: 3 });
      expect(due.reviews.map((r) => [r.dealId, r.kind, r.deadline, r.state, r.daysLeft, r.daysOverdue])).toEqual([
        [3003, 'month', '2026-02-28', 'overdue', -230, 230],
        [3003, 'followup', '2026-05-31', 'overdue', -138, 77], // allowed until 31.07.2026
        [3001, 'month', '2026-10-15', 'overdue', -1, 1],
        [3002, 'month', '2026-11-15', 'due', 30, 0],
      ]);
      expect(due.reviews[1]!.allowedUntil).toBe('2026-07-31');
      const petrov = await buildReviewsDue(db, { asOf: '2026-10-16', from: null, consultant: 'петров  олег' });
      expect(petrov.reviews.map((r) => r.dealId)).toEqual([3003, 3003, 3002]);
      // reviews.from drops the consultations before it.
      const fromOct = await buildReviewsDue(db, { asOf: '2026-10-16', from: '2026-10-01' });
      expect(fromOct.reviews.map((r) => r.dealId)).toEqual([3002]);
    });
  });

  it('--consultant: the name as the cards write it; a name that matches no one is refused with the close names', async () => {
    await withLoadedDb([edges], async (db) => {
      expect((await buildReviewsDue(db, { asOf: '2026-10-16', from: null, consultant: 'ИВАНОВА МАРИЯ' })).consultant).toBe('Иванова Мария');
      // Петров Олег has consultations tracked only from 2026-10-01 on (3002): known, with one review due.
      const fromOct = await buildReviewsDue(db, { asOf: '2026-10-16', from: '2026-10-01', consultant: 'петров олег' });
      expect([fromOct.consultant, fromOct.reviews.map((r) => r.dealId)]).toEqual(['Петров Олег', [3002]]);
      // Иванова Мария's only tracked consultation (3001) is before 2026-10-01: not among the tracked ones then.
      await expect(buildReviewsDue(db, { asOf: '2026-10-16', from: '2026-10-01', consultant: 'Иванова Мария' })).rejects.toMatchObject({
        message: 'Консультанта «Иванова Мария» нет среди проведённых консультаций, подлежащих оценке.',
        hint: 'Похожих имён нет; все оценки к проведению — okno review due без --consultant.',
        exitCode: 1,
      });
      await expect(buildReviewsDue(db, { asOf: '2026-10-16', from: null, consultant: 'Петров Олк' })).rejects.toMatchObject({
        message: 'Консультанта «Петров Олк» нет среди проведённых консультаций, подлежащих оценке.',
        hint: 'Возможно, имелось в виду: Петров Олег.',
      });
      await expect(buildReviewsDue(db, { asOf: '2026-10-16', from: null, consultant: 'Иванова' })).rejects.toMatchObject({ hint: 'Возможно, имелось в виду: Иванова Мария.' });
    });
  });

  it('a done review is no longer listed', async () => {
    await withLoadedDb([edges], async (db) => {
      const settings = { today: '2026-10-10', from: null, linkDays: 14 };
      await prepareReviews(db, settings);
      const ctx = await dealContext(db, 3001, settings);
      const review = checkReview(ctx, { effective: true, successFactors: 'шаблон устава', reviewer: 'Смирнова Анна' }, settings.today);
      if (Array.isArray(review)) throw new Error(review.join());
      await recordReview(db, review, { today: settings.today, source: 'flags' });
      expect(await stateOf(db, '2026-10-16', 3001, 'month')).toBe('not listed');
      expect(await stateOf(db, '2026-12-15', 3001, 'followup')).toBe('due');
    });
  });
});

describe('recording a review', () => {
  const settings = { today: '2026-10-20', from: null, linkDays: 14 };

  it('two linked responses submitted at the same second: the one loaded later gives the satisfaction', async () => {
    await withLoadedDb([edges], async (db) => {
      // Line 2 is stored first: an aggregate that keeps the first of a tie would give «partly».
      await db.exec(`insert into feedback_responses (response_key, load_id, line_no, submitted_at, deal_id, rating) values
        (1, 99, 2, '2026-09-16 10:00:00', 3001, 'partly'), (2, 99, 3, '2026-09-16 10:00:00', 3001, 'satisfied'),
        (3, 98, 7, '2026-09-16 10:00:00', 3001, 'dissatisfied')`);
      await prepareReviews(db, settings);
      expect(await dealContext(db, 3001, settings)).toMatchObject({ satisfaction: 'satisfied' });
      expect((await reviewSheetRows(db, { ...settings, asOf: settings.today })).find((r) => r.dealId === 3001)).toMatchObject({ satisfaction: 'satisfied' });
    });
  });

  it('new, unchanged, updated; minutes from the card, satisfaction from the latest linked feedback', async () => {
    await withLoadedDb([edges], async (db) => {
      // Two responses about 3001 (by ID): the later one's rating counts.
      await db.exec(`insert into feedback_responses (response_key, load_id, line_no, submitted_at, deal_id, rating) values
        (1, 99, 2, '2026-09-16 10:00:00', 3001, 'partly'), (2, 99, 3, '2026-09-17 10:00:00', 3001, 'satisfied')`);
      await prepareReviews(db, settings);
      const ctx = await dealContext(db, 3001, settings);
      expect(ctx).toMatchObject({ consultedOn: '2026-09-15', durationMin: 60, satisfaction: 'satisfied', consultant: 'Иванова Мария' });
      const answers = { effective: true, successFactors: 'Подготовили шаблон устава', reviewer: 'Смирнова  Анна', date: '2026-10-01' };
      const review = checkReview(ctx, answers, settings.today);
      expect(review).toMatchObject({ kind: 'month', minutes: 60, satisfaction: 'satisfied', reviewer: 'Смирнова Анна', causes: null });
      if (Array.isArray(review)) throw new Error();
      expect(await recordReview(db, review, { today: settings.today, source: 'flags' })).toEqual({ status: 'new', reviewedOn: '2026-10-01' });
      expect(await recordReview(db, review, { today: settings.today, source: 'prompt' })).toEqual({ status: 'unchanged', reviewedOn: '2026-10-01' });
      // Without a date: the stored date is kept when nothing else changed.
      expect(await recordReview(db, { ...review, date: null }, { today: settings.today, source: 'flags' })).toEqual({ status: 'unchanged', reviewedOn: '2026-10-01' });
      expect(await recordReview(db, { ...review, date: null, minutes: 75 }, { today: settings.today, source: 'flags' })).toEqual({ status: 'updated', reviewedOn: '2026-10-20' });
      expect(await rows(db, 'select deal_id, kind, reviewed_on::varchar as d, minutes::double as m, satisfaction, source from review_versions order by recorded_at')).toEqual([
        { deal_id: 3001, kind: 'month', d: '2026-10-01', m: 60, satisfaction: 'satisfied', source: 'flags' },
        { deal_id: 3001, kind: 'month', d: '2026-10-20', m: 75, satisfaction: 'satisfied', source: 'flags' },
      ]);
      expect(await rows(db, 'select minutes::double as m from reviews')).toEqual([{ m: 75 }]);
    });
  });

  it('refuses what the procedure does not allow, with reasons', async () => {
    await withLoadedDb([edges], async (db) => {
      await prepareReviews(db, settings);
      expect(await dealProblem(db, 9999, settings)).toBe('сделки 9999 нет в базе.');
      expect(await dealProblem(db, 3005, settings)).toBe('сделка 3005 — не проведённая консультация (этап «Закрыто и не реализовано»); оценивают только проведённые.');
      expect(await dealProblem(db, 3004, settings)).toBe('у сделки 3004 не указана «Дата консультации» — срок оценки не определить.');
      await prepareReviews(db, { ...settings, from: '2026-10-01' });
      expect(await dealProblem(db, 3001, { ...settings, from: '2026-10-01' })).toBe(
        'консультация 3001 (15.09.2026) проведена раньше 01.10.2026 — с этой даты ведётся оценка (reviews.from в файле настроек).',
      );
      await prepareReviews(db, settings);
      const ctx = await dealContext(db, 3001, settings);
      expect(checkReview(ctx, { effective: true, reviewer: 'А' }, settings.today)).toEqual(['консультация эффективна — укажите факторы успеха.']);
      expect(checkReview(ctx, { effective: false, improvements: 'учиться', reviewer: 'А' }, settings.today)).toEqual(['консультация неэффективна — укажите причины.']);
      expect(checkReview(ctx, { effective: false, causes: 'нет документов', reviewer: ' ', date: '2026-09-14' }, settings.today)).toEqual([
        'не указано, кто оценил.',
        'дата оценки 14.09.2026 раньше консультации (15.09.2026).',
      ]);
      expect(checkReview(ctx, { effective: false, causes: 'x', reviewer: 'А', date: '2026-10-21' }, settings.today)).toEqual([
        'дата оценки 21.10.2026 позже сегодняшней (20.10.2026).',
      ]);
      expect(checkReview(ctx, { kind: 'followup', applied: 'full', solved: 'yes', reviewer: 'А' }, settings.today)).toEqual([
        'оценку «через 3–4 месяца» по консультации 3001 можно внести с 15.12.2026.',
      ]);
      // Recorded once the follow-up is open, but dated before it opened (15.12.2026).
      await prepareReviews(db, { ...settings, today: '2026-12-20' });
      const open = await dealContext(db, 3001, { ...settings, today: '2026-12-20' });
      expect(checkReview(open, { kind: 'followup', applied: 'full', solved: 'yes', reviewer: 'А', date: '2026-12-14' }, '2026-12-20')).toEqual([
        'дата оценки 14.12.2026 раньше, чем можно вносить оценку «через 3–4 месяца» (с 15.12.2026).',
      ]);
      expect(checkReview(open, { kind: 'followup', applied: 'full', solved: 'yes', reviewer: 'А', date: '2026-12-15' }, '2026-12-20')).not.toBeInstanceOf(Array);
      expect(checkReview(ctx, { kind: 'followup', reviewer: 'А' }, '2026-12-15')).toEqual([
        'оценку «через 3–4 месяца» по консультации 3001 можно внести с 15.12.2026.',
        'не указано, применил ли клиент рекомендации (не применил / частично / полностью).',
        'не указано, решена ли проблема (да / частично / нет).',
      ]);
    });
  });
});
