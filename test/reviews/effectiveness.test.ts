import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { buildStatus } from '../../src/monthly/status.js';
import { renderStatus } from '../../src/render/status-text.js';
import { writeEffectivenessWorkbook } from '../../src/render/effectiveness-workbook.js';
import { buildEffectivenessReport } from '../../src/reviews/effectiveness.js';
import { checkReview, dealContext, prepareReviews, recordReview, type ReviewAnswers } from '../../src/reviews/record.js';
import { fixture, load, withDb, withLoadedDb, withTempDir } from '../helpers.js';

const effectiveness = fixture('reviews/effectiveness.csv');
const edges = fixture('reviews/windows-edges.csv');
const today = '2026-12-20';

/** The reviews of the hand-worked scenario (README «Оценка эффективности»). */
export const scenarioReviews: [number, ReviewAnswers][] = [
  [4001, { kind: 'month', effective: true, successFactors: 'Подготовили шаблон устава заранее', reviewer: 'Смирнова Анна', date: '2026-10-01' }],
  [4002, { kind: 'month', effective: false, minutes: 120, causes: 'Клиент не прислал документы', improvements: 'Запрашивать документы до встречи', reviewer: 'Смирнова Анна', date: '2026-10-05' }],
  [4004, { kind: 'month', effective: true, successFactors: 'Разобрали договор на примере клиента', reviewer: 'Смирнова Анна', date: '2026-11-01' }],
  [4005, { kind: 'month', effective: true, minutes: 100, successFactors: 'Дали пошаговый план проекта', reviewer: 'Смирнова Анна', date: '2026-11-10' }],
  [4001, { kind: 'followup', applied: 'full', solved: 'yes', changes: 'Приняли новый устав', reviewer: 'Смирнова Анна', date: '2026-12-10' }],
  [4002, { kind: 'followup', applied: 'partial', solved: 'partial', reviewer: 'Смирнова Анна', date: '2026-12-15' }],
];

async function scenario(db: Db): Promise<void> {
  await load(db, [effectiveness]);
  const settings = { today, from: null, linkDays: 14 };
  await prepareReviews(db, settings);
  for (const [dealId, answers] of scenarioReviews) {
    const review = checkReview(await dealContext(db, dealId, settings), answers, today);
    if (Array.isArray(review)) throw new Error(review.join(' '));
    await recordReview(db, review, { today, source: 'flags' });
  }
}

describe('effectiveness report', () => {
  it('September–October 2026 as of 20.12.2026: the figures worked out by hand', async () => {
    await withDb(async (db) => {
      await scenario(db);
      const r = await buildEffectivenessReport(db, { from: '2026-09', to: '2026-10', today, timeZone: 'Europe/Moscow', trackedFrom: null });
      // Held in Sep–Oct: 4001–4006 (4008 is lost). Done month reviews: 4001 (60 min), 4002 (120, not effective),
      // 4004 (30), 4005 (100): 310 minutes / 3 effective.
      expect(r.month).toEqual({ name: null, due: 6, done: 4, doneShare: 4 / 6, effective: 3, effectiveShare: 0.75, minutes: 310, minutesPerEffective: 310 / 3 });
      expect(r.byTopic.map((x) => [x.name, x.due, x.done, x.effective, x.minutes, x.minutesPerEffective])).toEqual([
        ['Правовые вопросы', 3, 2, 2, 90, 45],
        ['Привлечение ресурсов', 2, 1, 0, 120, null],
        ['Социальное проектирование', 1, 1, 1, 100, 100],
      ]);
      expect(r.byConsultant.map((x) => [x.name, x.due, x.done, x.effective, x.minutes, x.minutesPerEffective])).toEqual([
        ['Иванова Мария', 3, 2, 2, 160, 80],
        ['Петров Олег', 3, 2, 1, 150, 150],
      ]);
      // Follow-up windows opened by 20.12: 4001 (03.12), 4002 (10.12), 4003 (20.12, the first day).
      expect(r.followup).toEqual({
        due: 3, done: 2, doneShare: 2 / 3,
        applied: { none: 0, partial: 1, full: 1 }, solved: { yes: 1, partial: 1, no: 0 },
        appliedShare: { none: 0, partial: 0.5, full: 0.5 }, solvedShare: { yes: 0.5, partial: 0.5, no: 0 },
      });
      expect(r.notes.map((x) => [x.dealId, x.effective, x.successFactors, x.causes, x.improvements])).toEqual([
        [4001, true, 'Подготовили шаблон устава заранее', null, null],
        [4004, true, 'Разобрали договор на примере клиента', null, null],
        [4005, true, 'Дали пошаговый план проекта', null, null],
        [4002, false, null, 'Клиент не прислал документы', 'Запрашивать документы до встречи'],
      ]);
      // Every tracked consultation, not only Sep–Oct: 4010 (18.05) is past even its follow-up's 6 months (18.11).
      expect(r.overdue.map((x) => [x.dealId, x.kind, x.deadline, x.daysOverdue])).toEqual([
        [4010, 'month', '2026-06-18', 185],
        [4009, 'month', '2026-08-10', 132],
        [4010, 'followup', '2026-09-18', 32],
        [4007, 'month', '2026-09-20', 91],
        [4003, 'month', '2026-10-20', 61],
        [4006, 'month', '2026-11-25', 25],
      ]);
      expect(r.grouping).toBe('client_type');
      expect(r.groups).toEqual([
        { group: 'НКО', consultations: 3, topics: [{ topic: 'Правовые вопросы', consultations: 2 }, { topic: 'Привлечение ресурсов', consultations: 1 }] },
        { group: 'Инициативная группа', consultations: 2, topics: [{ topic: 'Правовые вопросы', consultations: 1 }, { topic: 'Привлечение ресурсов', consultations: 1 }] },
        { group: 'ТОС', consultations: 1, topics: [{ topic: 'Социальное проектирование', consultations: 1 }] },
      ]);

      await withTempDir(async (dir) => {
        const file = await writeEffectivenessWorkbook(r, dir);
        expect(path.basename(file)).toBe('эффективность-2026-09_2026-10.xlsx');
        const ExcelJS = (await import('exceljs')).default;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'По темам', 'По консультантам', 'Через 3–4 месяца', 'Факторы и причины', 'Просроченные', 'Темы по группам клиентов']);
        const values = (name: string) => {
          const out: unknown[][] = [];
          wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
          return out;
        };
        const figure = (label: string) => values('Сводка').find((row) => row[0] === label)?.[1];
        expect(figure('Оценок за месяц к сроку')).toBe(6);
        expect(figure('Доля эффективных (от проведённых)')).toBe(0.75);
        expect(figure('Ресурсы на одну эффективную консультацию, минут')).toBeCloseTo(103.333, 3);
        expect(figure('Просроченных оценок на сегодня')).toBe(6);
        expect(values('Сводка').some((row) => row[0] === 'Ресурсы на одну эффективную консультацию')).toBe(true);
        expect(values('По темам')[2]).toEqual(['Привлечение ресурсов', 2, 1, 0.5, 0, 0, 120]);
        expect(values('Через 3–4 месяца')[3]).toEqual(['Применил рекомендации: полностью', 1, 0.5]);
        expect(values('Темы по группам клиентов')[1]).toEqual(['НКО', 3, 1, 'Правовые вопросы', 2]);
        expect(values('Просроченные').length).toBe(7);
      });
    });
  });

  it('without «Тип организации»: new and returning clients (as in the note)', async () => {
    await withLoadedDb([edges], async (db) => {
      const r = await buildEffectivenessReport(db, { from: '2026-09', to: '2026-10', today: '2026-11-01', timeZone: 'Europe/Moscow', trackedFrom: null });
      // 3001 АНО «Светлый путь» — first consultation; 3002 Фонд «Опора» — had one on 31.01.2026.
      expect(r.grouping).toBe('new_returning');
      expect(r.groups).toEqual([
        { group: 'новые клиенты', consultations: 1, topics: [{ topic: 'Правовые вопросы', consultations: 1 }] },
        { group: 'повторные клиенты', consultations: 1, topics: [{ topic: 'Управление проектом и отчетность', consultations: 1 }] },
      ]);
      expect(r.month).toMatchObject({ due: 2, done: 0, doneShare: 0, effective: 0, effectiveShare: null, minutes: 0, minutesPerEffective: null });
      await expect(buildEffectivenessReport(db, { from: '2026-10', to: '2026-09', today: '2026-11-01', timeZone: 'Europe/Moscow', trackedFrom: null })).rejects.toMatchObject({
        message: 'Диапазон месяцев задан наоборот: --from 2026-10 позже --to 2026-09.',
        exitCode: 2,
      });
      // A range that runs into a month not yet begun is refused, not shown under a title that promises it.
      await expect(buildEffectivenessReport(db, { from: '2026-10', to: '2026-12', today: '2026-11-01', timeZone: 'Europe/Moscow', trackedFrom: null })).rejects.toThrow(
        'Декабрь 2026 ещё не начался (сегодня 01.11.2026).',
      );
      await expect(buildEffectivenessReport(db, { from: '2027-01', to: '2027-02', today: '2026-11-01', timeZone: 'Europe/Moscow', trackedFrom: null })).rejects.toThrow(
        'Январь 2027 ещё не начался (сегодня 01.11.2026).',
      );
    });
  });
});

describe('okno status: reviews', () => {
  it('due this week (to Sunday), overdue, and follow-ups in the allowed 4–6 months', async () => {
    await withLoadedDb([edges], async (db) => {
      // Monday 12.10.2026: 3001's month review is due on Thursday 15.10; 3003's reviews are both overdue.
      let s = await buildStatus(db, { today: '2026-10-12', timeZone: 'Europe/Moscow' });
      expect(s.reviews).toEqual({ weekEnd: '2026-10-18', monthThisWeek: 1, followupThisWeek: 0, monthOverdue: 1, followupOverdue: 1, followupLate: 0 });
      expect(renderStatus(s)).toContain(
        'Оценки эффективности: к сроку на этой неделе (до 18.10.2026) — за месяц 1, через 3–4 месяца 0; просрочено — за месяц 1, через 3–4 месяца 1; через 3–4 месяца после срока, ещё допустимо — 0 (список — okno review due)',
      );
      // Monday 11.01.2027: 3001's follow-up is due on Friday 15.01; month reviews of 3001, 3002, 3003 are overdue.
      s = await buildStatus(db, { today: '2027-01-11', timeZone: 'Europe/Moscow' });
      expect(s.reviews).toEqual({ weekEnd: '2027-01-17', monthThisWeek: 0, followupThisWeek: 1, monthOverdue: 3, followupOverdue: 1, followupLate: 0 });
      // Tuesday 16.02.2027: 3001 (since 16.01) and 3002 (since 16.02) follow-ups are late but allowed.
      s = await buildStatus(db, { today: '2027-02-16', timeZone: 'Europe/Moscow' });
      expect(s.reviews).toEqual({ weekEnd: '2027-02-21', monthThisWeek: 0, followupThisWeek: 0, monthOverdue: 3, followupOverdue: 1, followupLate: 2 });
      // On Sunday itself the week ends that day.
      s = await buildStatus(db, { today: '2026-10-18', timeZone: 'Europe/Moscow', reviewsFrom: '2026-10-01' });
      expect(s.reviews).toEqual({ weekEnd: '2026-10-18', monthThisWeek: 0, followupThisWeek: 0, monthOverdue: 0, followupOverdue: 0, followupLate: 0 });
    });
  });
});
