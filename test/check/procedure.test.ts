import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WordedReport as CheckReport } from '../../src/render/check-detail.js';
import { defaultConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { loadCalendar } from '../../src/ingest/calendar.js';
import { fixture, load, withDb } from '../helpers.js';
import { checksOf } from './run-checks.js';

/** Loads fixtures/check/<name> (a file, or a folder of exports in name order). */
async function loadRule(db: Db, name: string) {
  const file = fixture(`check/${name}`);
  const files = statSync(file).isDirectory() ? readdirSync(file).sort().map((f) => path.join(file, f)) : [file];
  const report = await load(db, files);
  expect(report.files.map((f) => f.status)).toEqual(files.map(() => 'loaded'));
}

const check = checksOf({ week: '2026-W44', today: '2026-11-03' });

const rule = (r: CheckReport, code: string) => r.rules.find((x) => x.code === code)!;
const ids = (r: CheckReport, code: string) => rule(r, code).items.map((i) => i.dealId);

describe('okno check: the week 2026-W44 (26.10–01.11.2026, Friday 30.10), as of its Sunday', () => {
  it('the week and the moment it is judged at', async () => {
    await withDb(async (db) => {
      const r = await check(db);
      expect([r.week, r.monday, r.sunday, r.asOf, r.cutoff]).toEqual(['2026-W44', '2026-10-26', '2026-11-01', '2026-11-01', '2026-11-02T00:00:00+03:00']);
      expect(r.rules.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(r.warnings).toEqual(['Выгрузки консультаций не загружены: проверять нечего.']);
      // No calendar: rule 9 has no data and is not ok; everything else is ok with nothing loaded.
      expect(rule(r, 'calendar_slots')).toMatchObject({ state: 'no_data', ok: false, count: 0 });
      expect(r.problems).toBe(0);
    });
  });

  it('1: closed this week with a field missing; «не распределено» is a project; last week and open cards are not listed', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'closed-incomplete.csv');
      const r = await check(db);
      expect(rule(r, 'closed_incomplete')).toMatchObject({ state: 'checked', ok: false, count: 2 });
      expect(rule(r, 'closed_incomplete').items.map((i) => [i.dealId, i.at, i.detail])).toEqual([
        [7102, '2026-10-28T12:00:00+03:00', 'закрыта, не заполнено: тема, продолжительность'],
        [7104, '2026-10-30T17:00:00+03:00', 'закрыта, не заполнено: проект'],
      ]);
    });
  });

  it('2: held before Friday 15:00 (14:59 yes, 15:01 no) and still «Консультация проведена» after 18:00 (18:00 itself is in time)', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'friday-closing');
      const r = await check(db);
      expect(ids(r, 'friday_closing')).toEqual([7204, 7202]);
      expect(rule(r, 'friday_closing').items[1]!.detail).toBe('в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 30.10.2026 15:10)');
      // Before Friday 18:00 the rule is not judged yet: as of Thursday it is not due.
      const thursday = await check(db, { asOf: '2026-10-29' });
      expect(rule(thursday, 'friday_closing')).toMatchObject({ state: 'not_due', ok: true, count: 0 });
      // As of Friday (its end) it is.
      expect(ids(await check(db, { asOf: '2026-10-30' }), 'friday_closing')).toEqual([7204, 7202]);
    });
  });

  it('2: only what the exports known at the cutoff show — as of Friday with the first export only, 7201 and 7205 were not yet moved', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('check/friday-closing/1-export-2026-10-30-1630.csv')]);
      expect(ids(await check(db), 'friday_closing')).toEqual([7204, 7205, 7201, 7202]);
    });
  });

  it('3: in «Запрошена обратная связь» since an earlier week at Friday 18:00 (closed 17:59 in time, 18:01 late)', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'feedback-overdue');
      const r = await check(db);
      expect(ids(r, 'feedback_overdue')).toEqual([7301, 7304]);
      expect(rule(r, 'feedback_overdue').items[0]!.detail).toBe('в «Запрошена обратная связь» с 23.10.2026; срок был — пятница 30.10.2026 18:00');
    });
  });

  it('4: a request still new after 24:01 hours (23:59 is in time), still waiting at the cutoff, «Не дозвонились» over 7 days, lost without the reason', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'requests-waiting');
      const r = await check(db);
      // 7401 taken up after 23:59, 7404 waiting 14 hours, 7406 in «Не дозвонились» under 7 days, 7407 closed with the reason.
      expect(rule(r, 'requests_waiting').items.map((i) => [i.dealId, i.detail])).toEqual([
        [7405, 'в «Не дозвонились» с 20.10.2026 — больше 7 дней, не закрыта как неуспешная'],
        [7402, 'заявка от 26.10.2026 10:00 ещё 27.10.2026 10:01 была неразобранной или новой — позже чем через сутки'],
        [7408, 'закрыта как неуспешная после «Не дозвонились», причина не указана (нужна «не дозвонились»)'],
        [7403, 'заявка от 30.10.2026 09:00 всё ещё в этапе «Новая заявка»'],
      ]);
    });
  });

  it('5: external consultants complete by the end of the next day (28.10 23:59 yes, 29.10 00:01 no); staff and later deadlines not listed', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'external-late');
      const r = await check(db);
      expect(rule(r, 'external_late').items.map((i) => [i.dealId, i.detail])).toEqual([
        [7502, 'срок — конец 28.10.2026; карточка заполнена 29.10.2026 00:01'],
        [7503, 'срок — конец 30.10.2026; карточка не заполнена: этап «Консультация назначена»'],
      ]);
    });
  });

  it('6: moved by more than two calendar days (exactly 2 is allowed, also when it is 53 hours)', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'moved');
      const r = await check(db);
      expect(rule(r, 'moved').items.map((i) => [i.dealId, i.detail])).toEqual([
        [7602, 'перенесена с 27.10.2026 10:00 на 30.10.2026 09:00 — на 3 дня'],
      ]);
      // The move's version is of W44: the week before sees none.
      expect(rule(await check(db, { week: '2026-W43' }), 'moved').count).toBe(0);
    });
  });

  it('7: staff with fewer than 2 consultations while requests waited (2 is enough); external consultants are not staff; no demand, no problem', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'staff-load.csv');
      const r = await check(db);
      expect(rule(r, 'staff_load').items.map((i) => [i.consultant, i.detail])).toEqual([
        ['Петрова Светлана', 'консультаций за неделю: 1'],
        ['Сидоров Андрей', 'консультаций за неделю: 0'],
      ]);
      expect(rule(r, 'staff_load').note).toMatch(/^Заявок в ожидании на этой неделе: 1\. /);
      const quiet = await check(db, { week: '2026-W42' });
      expect(rule(quiet, 'staff_load')).toMatchObject({ state: 'checked', ok: true, count: 0 });
      expect(rule(quiet, 'staff_load').note).toMatch(/^Заявок в ожидании на этой неделе: 0 — /);
    });
  });

  it('8: consultants never asked in the four weeks from Friday 02.10 15:00; new clients not asked since last Friday 15:00 (a returning one and one after this Friday 15:00 are not listed)', async () => {
    await withDb(async (db) => {
      await loadRule(db, 'feedback-asked.csv');
      const r = await check(db);
      // Сидоров's only consultation, 03.10 11:00, is inside the four weeks (28 days before 30.10 15:00), before W41's Monday.
      // 7808, a new client on Friday 23.10 at 16:00, after that week's closing, is this closing's.
      expect(rule(r, 'feedback_asked').items.map((i) => [i.dealId, i.consultant, i.detail])).toEqual([
        [null, 'Петрова Светлана', 'консультаций с 02.10.2026 15:00 по 30.10.2026 15:00: 1, обратная связь не запрошена ни по одной'],
        [null, 'Сидоров Андрей', 'консультаций с 02.10.2026 15:00 по 30.10.2026 15:00: 1, обратная связь не запрошена ни по одной'],
        [7804, 'Иванова Мария', 'новый клиент, обратная связь не запрошена'],
        [7808, 'Иванова Мария', 'новый клиент, обратная связь не запрошена'],
      ]);
      // The week before (Friday 23.10 15:00, as of Sunday 25.10): 7808 (23.10 16:00) is not yet this closing's. Only
      // versions edited by the cutoff count: 7809 (edited 30.10) is not seen, so Сидоров is not listed and 7803
      // (20.10) is ТОС «Заречье»'s first consultation then — a new client; 7802 (asked) is not seen either.
      const before = await check(db, { week: '2026-W43' });
      expect(rule(before, 'feedback_asked').items.map((i) => [i.dealId, i.consultant, i.detail])).toEqual([
        [null, 'Иванова Мария', 'консультаций с 25.09.2026 15:00 по 23.10.2026 15:00: 1, обратная связь не запрошена ни по одной'],
        [null, 'Петрова Светлана', 'консультаций с 25.09.2026 15:00 по 23.10.2026 15:00: 1, обратная связь не запрошена ни по одной'],
        [7803, 'Петрова Светлана', 'новый клиент, обратная связь не запрошена'],
      ]);
    });
  });

  it('9: three one-hour slots in each of the two weeks ahead (3 is enough, 2 is not; 30 minutes is no slot); utilisation of the week', async () => {
    await withDb(async (db) => {
      const config = defaultConfig();
      await loadCalendar(db, { file: fixture('calendar/google-export-recurring-exceptions-dst.ics'), config, dryRun: false, now: new Date('2026-10-30T12:00:00Z') });
      const r = await check(db, { initials: { МИ: 'Иванова Мария', ОП: 'Петров Олег', АС: 'Смирнова Анна' } });
      expect(rule(r, 'calendar_slots').items.map((i) => [i.consultant, i.detail])).toEqual([
        ['ЗЗ', 'неделя с 02.11.2026: слотов 1 (свободных 1, занятых 0)'],
        ['ЗЗ', 'неделя с 09.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванова Мария', 'неделя с 09.11.2026: слотов 2 (свободных 2, занятых 0)'],
        ['Петров Олег', 'неделя с 09.11.2026: слотов 2 (свободных 2, занятых 0)'],
        ['Смирнова Анна', 'неделя с 02.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Смирнова Анна', 'неделя с 09.11.2026: слотов 0 (свободных 0, занятых 0)'],
      ]);
      expect(r.calendar!.use).toEqual([
        { consultant: 'ЗЗ', initials: 'ЗЗ', offered: 0, booked: 0, share: null },
        { consultant: 'Иванова Мария', initials: 'МИ', offered: 3, booked: 1, share: 1 / 3 },
        { consultant: 'Петров Олег', initials: 'ОП', offered: 1, booked: 1, share: 1 },
        { consultant: 'Смирнова Анна', initials: 'АС', offered: 0, booked: 0, share: null },
      ]);
    });
  });
  it('9: a consultant with two initials is one person: their slots count together, in rule 9 and in the utilisation', async () => {
    await withDb(async (db) => {
      await loadCalendar(db, { file: fixture('calendar/google-export-recurring-exceptions-dst.ics'), config: defaultConfig(), dryRun: false, now: new Date('2026-10-30T12:00:00Z') });
      // The calendar of the test above, МИ's and ОП's events both Ивановой: in the week from 09.11 each had 2 slots,
      // so she has 4 (not listed); the checked week's utilisation is МИ's 3 offered, 1 booked plus ОП's 1 and 1.
      const r = await check(db, { initials: { ОП: 'Иванова Мария', МИ: 'Иванова Мария', АС: 'Смирнова Анна' } });
      expect(rule(r, 'calendar_slots').items.map((i) => [i.consultant, i.detail])).toEqual([
        ['ЗЗ', 'неделя с 02.11.2026: слотов 1 (свободных 1, занятых 0)'],
        ['ЗЗ', 'неделя с 09.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Смирнова Анна', 'неделя с 02.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Смирнова Анна', 'неделя с 09.11.2026: слотов 0 (свободных 0, занятых 0)'],
      ]);
      expect(r.calendar!.use.map((u) => [u.consultant, u.initials, u.offered, u.booked, u.share])).toEqual([
        ['ЗЗ', 'ЗЗ', 0, 0, null],
        ['Иванова Мария', 'МИ, ОП', 4, 2, 0.5],
        ['Смирнова Анна', 'АС', 0, 0, null],
      ]);
    });
  });
});

describe('okno check, rule 9: initials as people write them, series begun years ago, the calendar\'s window', () => {
  const saturday = new Date('2026-11-21T12:00:00+03:00');
  const slots = (r: CheckReport) => rule(r, 'calendar_slots').items.map((i) => [i.consultant, i.detail]);

  it('«В.А. консультация», «В А консультация» and «И.И._Организация» are slots: ВА has 3 a week, ИИ 1 and 2', async () => {
    await withDb(async (db) => {
      const initials = { ВА: 'Волкова Анна', ИИ: 'Иванов Илья' };
      const config = { ...defaultConfig(), calendar: { initials } };
      await loadCalendar(db, { file: fixture('calendar/initials-with-dots-and-spaces.ics'), config, dryRun: false, now: saturday });
      // Week 2026-W47 as of 21.11: the weeks from 23.11 and 30.11. ВА: 24.11 10–11 (1) + 25.11 10–12 (2) = 3, the
      // same the week after; ИИ: 26.11 booked (1), then «ии консультация» 03.12 10–12 (2, lower case but in the
      // settings). «Моя консультация» (3 hours) and «К консультации» (3 hours) are meetings: no person МОЯ or К.
      const r = await check(db, { week: '2026-W47', today: '2026-11-21', initials });
      expect(rule(r, 'calendar_slots').state).toBe('checked');
      expect(slots(r)).toEqual([
        ['Иванов Илья', 'неделя с 23.11.2026: слотов 1 (свободных 0, занятых 1)'],
        ['Иванов Илья', 'неделя с 30.11.2026: слотов 2 (свободных 2, занятых 0)'],
      ]);
    });
  });

  it('a daily series from 2012 gives 7 slots in each week ahead; a fortnightly one from 2013 1 and 0', async () => {
    await withDb(async (db) => {
      const initials = { ВА: 'Волкова Анна', ИИ: 'Иванов Илья', ОП: 'Петров Олег' };
      await loadCalendar(db, { file: fixture('calendar/daily-series-since-2012.ics'), config: { ...defaultConfig(), calendar: { initials } }, dryRun: false, now: saturday });
      const r = await check(db, { week: '2026-W47', today: '2026-11-21', initials });
      // ИИ: Tuesdays 17.11 and 01.12 (every other one), so none in the week from 23.11; ОП's COUNT ran out in 2025.
      expect(slots(r)).toEqual([
        ['Иванов Илья', 'неделя с 23.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванов Илья', 'неделя с 30.11.2026: слотов 1 (свободных 1, занятых 0)'],
        ['Петров Олег', 'неделя с 23.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Петров Олег', 'неделя с 30.11.2026: слотов 0 (свободных 0, занятых 0)'],
      ]);
      // Utilisation of the checked week 16–22.11: ВА 7 offered, ИИ 1 (17.11), АС (COUNT=7000) 7 — not in the settings.
      expect(r.calendar!.use.map((u) => [u.initials, u.offered, u.booked])).toEqual([['АС', 7, 0], ['ВА', 7, 0], ['ИИ', 1, 0], ['ОП', 0, 0]]);
      expect(r.calendar!.window).toEqual({ from: '2025-11-17', to: '2027-11-21' });
    });
  });

  it('a week outside the loaded calendar\'s window is no_data, not «0 slots»: 52 weeks back and 50 ahead are the edges', async () => {
    await withDb(async (db) => {
      const initials = { ВА: 'Волкова Анна' };
      await loadCalendar(db, { file: fixture('calendar/daily-series-since-2012.ics'), config: { ...defaultConfig(), calendar: { initials } }, dryRun: false, now: saturday });
      // The window (17.11.2025–21.11.2027) begins with 2025-W47. Its last three weeks — a checked one and the two
      // ahead — begin with 2027-W44 (01.11.2027; then 08.11 and 15–21.11.2027): W45 would need 22–28.11.2027.
      const first = await check(db, { week: '2025-W47', today: '2027-12-31', initials });
      // Its first week: АС and ВА every day, ИИ on Tuesday 18.11.2025 (the other initials, named by themselves).
      expect([rule(first, 'calendar_slots').state, first.calendar!.use.map((u) => [u.consultant, u.offered])]).toEqual(['checked', [['АС', 7], ['Волкова Анна', 7], ['ИИ', 1]]]);
      const before = await check(db, { week: '2025-W46', today: '2027-12-31', initials });
      expect(rule(before, 'calendar_slots')).toMatchObject({ state: 'no_data', ok: false, count: 0 });
      expect(rule(before, 'calendar_slots').note).toMatch(/^Календарь daily-series-since-2012\.ics \(загружен 21\.11\.2026 12:00\) развёрнут на недели с 17\.11\.2025 по 21\.11\.2027: эта неделя и две после неё в них не входят/);
      expect(before.calendar!.use).toEqual([]);
      const last = await check(db, { week: '2027-W44', today: '2027-12-31', initials });
      expect(rule(last, 'calendar_slots').state).toBe('checked');
      expect(rule(await check(db, { week: '2027-W45', today: '2027-12-31', initials }), 'calendar_slots').state).toBe('no_data');
    });
  });
});

describe('okno check, rule 9 on a loaded calendar without slots', () => {
  const saturday = new Date('2026-11-21T12:00:00+03:00');

  it('an empty calendar loaded with --force is no_data, not «нарушений нет», with or without calendar.initials', async () => {
    await withDb(async (db) => {
      await loadCalendar(db, { file: fixture('calendar/no-events.ics'), config: defaultConfig(), dryRun: false, now: saturday, force: true });
      for (const initials of [{}, { ВА: 'Волкова Анна' }] as Record<string, string>[]) {
        const r = await check(db, { week: '2026-W47', today: '2026-11-21', initials });
        expect(rule(r, 'calendar_slots')).toMatchObject({ state: 'no_data', ok: false, count: 0, items: [] });
        expect(rule(r, 'calendar_slots').note).toMatch(
          /^В загруженном календаре no-events\.ics \(загружен 21\.11\.2026 12:00\) нет ни одного слота — проверьте, что выгружен календарь «Консультации»/,
        );
      }
    });
  });

  it('a calendar whose only slot (24.11.2026) is outside the two weeks ahead: the consultants are listed with 0 slots', async () => {
    await withDb(async (db) => {
      const initials = { ВА: 'Волкова Анна', ИИ: 'Иванов Илья' };
      await loadCalendar(db, { file: fixture('calendar/empty-rdate.ics'), config: { ...defaultConfig(), calendar: { initials } }, dryRun: false, now: saturday });
      // 2026-W49 (30.11–06.12): the weeks from 07.12 and 14.12 have no slot of anybody's: nobody offered any.
      const later = await check(db, { week: '2026-W49', today: '2026-12-06', initials });
      expect([rule(later, 'calendar_slots').state, rule(later, 'calendar_slots').items.map((i) => [i.consultant, i.detail])]).toEqual(['checked', [
        ['Волкова Анна', 'неделя с 07.12.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Волкова Анна', 'неделя с 14.12.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванов Илья', 'неделя с 07.12.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванов Илья', 'неделя с 14.12.2026: слотов 0 (свободных 0, занятых 0)'],
      ]]);
      // 2026-W47: the week from 23.11 has ВА's 24.11 10–11 (1 slot); the week from 30.11 none; ИИ none in either.
      const r = await check(db, { week: '2026-W47', today: '2026-11-21', initials });
      expect([rule(r, 'calendar_slots').state, rule(r, 'calendar_slots').items.map((i) => [i.consultant, i.detail])]).toEqual(['checked', [
        ['Волкова Анна', 'неделя с 23.11.2026: слотов 1 (свободных 1, занятых 0)'],
        ['Волкова Анна', 'неделя с 30.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванов Илья', 'неделя с 23.11.2026: слотов 0 (свободных 0, занятых 0)'],
        ['Иванов Илья', 'неделя с 30.11.2026: слотов 0 (свободных 0, занятых 0)'],
      ]]);
    });
  });
});

describe('ISO weeks', () => {
  it('weeks of the year, week 53, the week of a date', async () => {
    const { isoWeekOf, weekMonday, checkWeek } = await import('../../src/checks/week.js');
    expect([weekMonday('2026-W44'), weekMonday('2026-W01'), weekMonday('2026-W53'), weekMonday('2025-W53'), weekMonday('2026-W60'), weekMonday('2026-W00')]).toEqual([
      '2026-10-26', '2025-12-29', '2026-12-28', null, null, null,
    ]);
    expect([isoWeekOf('2026-11-01'), isoWeekOf('2026-11-02'), isoWeekOf('2027-01-03'), isoWeekOf('2025-12-29')]).toEqual(['2026-W44', '2026-W45', '2026-W53', '2026-W01']);
    expect(checkWeek({ today: '2026-11-03' })).toMatchObject({ week: '2026-W45', asOf: '2026-11-03', cutoff: '2026-11-04 00:00:00', friday18: '2026-11-06 18:00:00' });
    expect(checkWeek({ week: '2026-W45', today: '2026-11-03' }).asOf).toBe('2026-11-03');
    // As of today is allowed; a day to come is refused, with exit 1.
    expect(checkWeek({ asOf: '2026-11-03', today: '2026-11-03' }).cutoff).toBe('2026-11-04 00:00:00');
    expect(() => checkWeek({ asOf: '2026-11-04', today: '2026-11-03' })).toThrow('День 04.11.2026 ещё не наступил (сегодня 03.11.2026).');
  });
});

describe('okno check, counts only (what okno status reads)', () => {
  it('every rule counted by DuckDB is the number of items the full check lists, each rule\'s state and ok the same', async () => {
    const { buildChecks } = await import('../../src/checks/procedure.js');
    const counts: Record<string, [string, number][]> = {};
    for (const name of ['closed-incomplete.csv', 'friday-closing', 'feedback-overdue', 'requests-waiting', 'external-late', 'moved', 'staff-load.csv', 'feedback-asked.csv']) {
      await withDb(async (db) => {
        await loadRule(db, name);
        const options = { week: '2026-W44', today: '2026-11-03', timeZone: 'Europe/Moscow', linkDays: 14, initials: {} };
        const full = await buildChecks(db, options);
        const counted = await buildChecks(db, { ...options, countsOnly: true });
        const brief = (r: typeof full) => r.rules.map((x) => [x.code, x.state, x.ok, x.count]);
        expect(brief(counted), name).toEqual(full.rules.map((x) => [x.code, x.state, x.ok, x.items.length]));
        expect(counted.problems, name).toBe(full.problems);
        counts[name] = counted.rules.filter((x) => x.count > 0).map((x) => [x.code, x.count]);
        expect(counted.rules.every((x) => x.items.length === 0)).toBe(true);
      });
    }
    // Each fixture's own rule as its test above lists it (closed_incomplete 7102, 7104; requests_waiting 7405, 7402,
    // 7408, 7403; …), and the other rules its deals break as well.
    expect(counts).toEqual({
      'closed-incomplete.csv': [['closed_incomplete', 2], ['friday_closing', 1], ['feedback_asked', 1]],
      'friday-closing': [['friday_closing', 2], ['feedback_asked', 1]],
      'feedback-overdue': [['feedback_overdue', 2]],
      'requests-waiting': [['requests_waiting', 4]],
      'external-late': [['friday_closing', 3], ['external_late', 2], ['feedback_asked', 5]],
      moved: [['moved', 1]],
      'staff-load.csv': [['friday_closing', 2], ['staff_load', 2], ['feedback_asked', 3]],
      'feedback-asked.csv': [['feedback_asked', 4]],
    });
  });
});
