import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, issueMonthlyNote } from '../../src/monthly/report.js';
import { parseHalf, parseQuarter, parseYear, rangePeriod } from '../../src/time/period.js';
import { renderMonthlyReport } from '../../src/render/monthly-text.js';
import { fixture, load, loadFeedbackFiles, withDb, withLoadedDb } from '../helpers.js';

const tz = 'Europe/Moscow';
const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const quarters = fixture('monthly/quarters-2025-Q3_2026-Q4.csv');
const at = (iso: string) => () => new Date(iso);
const counts = (f: { consultations: number; minutes: number } | null) => (f === null ? null : [f.consultations, f.minutes]);

describe('a complete month is compared with whole months', () => {
  it('November 2026 against the whole of October, 31.10 included (fixtures/monthly/scenario-2025-10_2026-11.csv)', async () => {
    await withLoadedDb([scenario], async (db) => {
      const nov = await buildMonthlyReport(db, { month: '2026-11', today: '2026-12-02', timeZone: tz });
      expect(nov.partial).toBe(false);
      expect(nov.previousPeriod).toEqual({ from: '2026-10-01', to: '2026-11-01', days: 31, label: 'октябрь 2026' });
      // November: 307 (01.11 00:10, 30 min), 401 (20.11, 60), 402 (25.11, 60).
      expect(counts(nov.totals)).toEqual([3, 150]);
      // The whole of October: 301–304, 310 and 305 (31.10 23:30) — 6, 285 min; 1–30 October would give 5.
      expect(counts(nov.totals.change.previousMonth)).toEqual([6, 285]);
      expect(nov.totals.change.yearAgo).toBeNull();
      // Loaded 21.11, last edit 20.11: the November data cannot be complete.
      expect(nov.freshness).toMatchObject({ incomplete: true, reason: 'edited_before_end', latestEdited: '2026-11-20T12:00:00+03:00' });
    });
  });

  it('February 2027 against the whole of January (fixtures/monthly/february-vs-whole-january-2027.csv)', async () => {
    await withDb(
      async (db) => {
        await load(db, [fixture('monthly/february-vs-whole-january-2027.csv')]);
        const feb = await buildMonthlyReport(db, { month: '2027-02', today: '2027-03-05', timeZone: tz });
        expect(feb.period).toEqual({ from: '2027-02-01', to: '2027-03-01', days: 28, label: 'февраль 2027' });
        // 505 (10.02, 60) and 506 (28.02 23:30, 30).
        expect(counts(feb.totals)).toEqual([2, 90]);
        // 501 (05.01, 60), 502 (29.01, 30), 503 (30.01, 45), 504 (31.01 23:00, 90); 1–28 January would be 501 alone.
        expect(counts(feb.totals.change.previousMonth)).toEqual([4, 225]);
        // Clients in January: АНО Альфа, Фонд Бета, НКО Гамма; new: not АНО Альфа, held on 15.02.2026 already.
        expect(feb.totals.change.previousMonth).toMatchObject({ clients: 3, newClients: 2 });
        // February 2026: 507 (15.02.2026, 45).
        expect(counts(feb.totals.change.yearAgo)).toEqual([1, 45]);
        expect(feb.freshness).toEqual({
          latestLoad: '2027-03-05T10:00:00+03:00',
          latestLoadFile: 'february-vs-whole-january-2027.csv',
          latestEdited: '2027-03-01T10:00:00+03:00',
          loadedAfterEnd: true,
          incomplete: false,
          reason: null,
          warning: null,
        });
        expect(renderMonthlyReport(feb)).toMatch(/^\s+февраль 2027\s+к: январь 2027\s+к: февраль 2026$/m);
      },
      tz,
      at('2027-03-05T10:00:00+03:00'),
    );
  });
});

describe('notes for a quarter, a half-year, a year, a range (fixtures/monthly/quarters-2025-Q3_2026-Q4.csv)', () => {
  it('figures, comparisons and trend of each period, worked out by hand', async () => {
    await withLoadedDb([quarters], async (db) => {
      const today = '2026-11-21';
      // Q3 2026: 607 (01.07 00:00, 90), 608 (21.08, 30), 609 (25.08, 20), 610 (30.09, 60).
      const q3 = await buildMonthlyReport(db, { period: parseQuarter('2026-Q3')!, today, timeZone: tz });
      expect([q3.periodKind, q3.periodKey, q3.title, q3.monthLabel, q3.partial]).toEqual(['quarter', '2026-Q3', 'за III квартал 2026 года', 'III квартал 2026', false]);
      expect(counts(q3.totals)).toEqual([4, 200]);
      // Q2: 605 (01.04, 60), 606 (30.06 23:59, 30); Q3 2025: 601 (15.08.2025, 60).
      expect(counts(q3.totals.change.previousMonth)).toEqual([2, 90]);
      expect(counts(q3.totals.change.yearAgo)).toEqual([1, 60]);
      expect(q3.trend.map((t) => t.month)).toEqual([
        '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09',
      ]);
      expect(q3.trend.map((t) => t.consultations)).toEqual([0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 2, 1]);
      expect(q3.freshness).toMatchObject({ incomplete: false, warning: null });

      // H1 2026: 603 (01.01 00:10, 45), 604 (31.03, 15), 605, 606; H2 2025: 601, 602 (31.12.2025 23:30, 30); H1 2025: none.
      const h1 = await buildMonthlyReport(db, { period: parseHalf('2026-H1')!, today, timeZone: tz });
      expect([h1.title, counts(h1.totals), counts(h1.totals.change.previousMonth), h1.totals.change.yearAgo]).toEqual([
        'за I полугодие 2026 года', [4, 150], [2, 90], null,
      ]);
      const range = await buildMonthlyReport(db, { period: rangePeriod('2026-01', '2026-06'), today, timeZone: tz });
      expect([range.periodKey, range.title, counts(range.totals), counts(range.totals.change.previousMonth)]).toEqual([
        '2026-01_2026-06', 'за январь–июнь 2026 года', [4, 150], [2, 90],
      ]);
      // A range longer than a year: its trend is every month of it.
      const long = await buildMonthlyReport(db, { period: rangePeriod('2025-01', '2026-06'), today, timeZone: tz });
      expect(long.trend).toHaveLength(18);
      expect(long.trend[0]!.month).toBe('2025-01');
      // September 2025 – October 2026 (14 months): 602–611, 420 min. Its year before (September 2024 – October 2025)
      // would overlap it in September–October 2025 (and holds 601): no year-before comparison. The previous 14 months
      // (July 2024 – August 2025) hold 601 (15.08.2025, 60).
      const fourteen = await buildMonthlyReport(db, { period: rangePeriod('2025-09', '2026-10'), today, timeZone: tz });
      expect([counts(fourteen.totals), counts(fourteen.totals.change.previousMonth), fourteen.totals.change.yearAgo]).toEqual([[10, 420], [1, 60], null]);
      expect(fourteen.byProject.map((r) => [r.name, r.change.yearAgo])).toEqual([['Президентский грант', null]]);
      expect(renderMonthlyReport(fourteen)).toMatch(/^Консультаций\s+10\s+\+9 \(\+900 %\)\s+—$/m);
      // 12 months is still compared: August 2025 – July 2026 (601–607, 330 min) against August 2024 – July 2025 (none).
      const twelve = await buildMonthlyReport(db, { period: rangePeriod('2025-08', '2026-07'), today, timeZone: tz });
      expect(counts(twelve.totals)).toEqual([7, 330]);

      // 2025: 601, 602; 2024: nothing.
      const y2025 = await buildMonthlyReport(db, { period: parseYear('2025')!, today, timeZone: tz });
      expect([y2025.title, counts(y2025.totals), y2025.totals.change.previousMonth, y2025.totals.change.yearAgo]).toEqual(['за 2025 год', [2, 90], null, null]);
      // 2026 up to 21.11: Q1 2 + Q2 2 + Q3 4 + 611 (10.10, 40) = 9, 390 min; 1.01–21.11.2025: 601 only.
      const y2026 = await buildMonthlyReport(db, { period: parseYear('2026')!, today, timeZone: tz });
      expect([y2026.partial, y2026.period.label, counts(y2026.totals), counts(y2026.totals.change.previousMonth)]).toEqual([
        true, '1 января – 21 ноября 2026', [9, 390], [1, 60],
      ]);
      // One comparison, not the same one twice.
      expect(renderMonthlyReport(y2026)).toMatch(/^Консультаций\s+9\s+\+8 \(\+800 %\)$/m);
      expect(renderMonthlyReport(y2026)).toContain('Аналитическая справка за 2026 год — период не закончился: цифры за 1 января – 21 ноября 2026\n');
    });
  });

  it('a quarter not over yet is compared over the same elapsed span', async () => {
    await withLoadedDb([quarters], async (db) => {
      const q4 = await buildMonthlyReport(db, { period: parseQuarter('2026-Q4')!, today: '2026-11-21', timeZone: tz });
      expect(q4.partial).toBe(true);
      // 1.10–21.11.2026: 611 (40). 1.07–21.08.2026: 607, 608 (21.08 15:00) — not 609 (25.08). 1.10–21.11.2025: none.
      expect(counts(q4.totals)).toEqual([1, 40]);
      expect(q4.previousPeriod.label).toBe('1 июля – 21 августа 2026');
      expect(counts(q4.totals.change.previousMonth)).toEqual([2, 120]);
      expect(q4.totals.change.yearAgo).toBeNull();
      // The trend stops with this month: December has not begun.
      expect(q4.trend.at(-1)!.month).toBe('2026-11');
      // The latest edit (01.11.2026 09:00) is before today: the data cannot be complete.
      expect(q4.freshness).toMatchObject({ incomplete: true, reason: 'edited_before_end' });
    });
  });

  it('--issue keeps each period apart: the quarter is recorded under its key', async () => {
    await withLoadedDb([quarters], async (db) => {
      const options = { period: parseQuarter('2026-Q3')!, today: '2026-11-21', timeZone: tz };
      const issued = await issueMonthlyNote(db, await buildMonthlyReport(db, options));
      expect(issued).toEqual({ issueId: 1, issuedAt: '2026-11-21T12:00:00+03:00' });
      expect((await buildMonthlyReport(db, options)).issue).toEqual({ issued: issued, changes: [] });
      // The September note is a note of its own, not issued.
      expect((await buildMonthlyReport(db, { month: '2026-09', today: '2026-11-21', timeZone: tz })).issue.issued).toBeNull();
    });
  });
});

describe('freshness: a period with no consultation after busy months', () => {
  it('warns when none is held while the 3 months before had some (fixtures/monthly/november-empty-after-busy-autumn.csv)', async () => {
    await withDb(
      async (db) => {
        await load(db, [fixture('monthly/november-empty-after-busy-autumn.csv')]);
        const nov = await buildMonthlyReport(db, { month: '2026-11', today: '2026-12-02', timeZone: tz });
        expect(nov.totals.consultations).toBe(0);
        expect(nov.freshness).toEqual({
          latestLoad: '2026-12-02T09:00:00+03:00',
          latestLoadFile: 'november-empty-after-busy-autumn.csv',
          latestEdited: '2026-12-01T18:00:00+03:00',
          loadedAfterEnd: true,
          incomplete: true,
          reason: 'none_held',
          // 701 (14.08), 702 (11.09), 703 (20.10).
          warning:
            'За ноябрь 2026 нет ни одной проведённой консультации, хотя за три месяца до того их проведено 3: данные, видимо, неполные. ' +
            'Последняя выгрузка — november-empty-after-busy-autumn.csv, загружена 02.12.2026 09:00; самая поздняя «Дата редактирования» — 01.12.2026 18:00. ' +
            'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.',
        });
        const text = renderMonthlyReport(nov).split('\n');
        expect(text.slice(0, 2)).toEqual(['!'.repeat(72), '!!! ДАННЫЕ НЕПОЛНЫЕ — цифры ниже нельзя передавать дальше как есть']);
        expect(text[2]).toBe(`!!! ${nov.freshness.warning}`);
        // One message: not repeated as «Внимание: …» under the title.
        expect(text.filter((l) => l.includes('Внимание'))).toEqual([]);
        // February 2027 has no consultation either, but neither had the 3 months before it: complete, just empty.
        const feb = await buildMonthlyReport(db, { month: '2027-02', today: '2027-03-02', timeZone: tz });
        expect(feb.freshness.reason).toBe('edited_before_end');
      },
      tz,
      at('2026-12-02T09:00:00+03:00'),
    );
  });

  it('no load of consultations at all is incomplete, also when feedback was loaded', async () => {
    await withDb(async (db) => {
      const r = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: tz });
      expect(r.freshness).toMatchObject({ latestLoad: null, latestEdited: null, incomplete: true, reason: 'no_load' });
      await loadFeedbackFiles(db, [fixture('feedback/google-forms-en-us-timestamps.csv')]);
      const after = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: tz });
      expect(after.freshness).toMatchObject({ latestLoad: null, incomplete: true, reason: 'no_load' });
      expect(after.freshness.warning).toBe('В базе нет ни одной выгрузки консультаций: загрузите выгрузку из amoCRM (okno load consultations <файл>).');
    });
  });
});
