import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { loadCalendar, readCalendar, slotOf } from '../../src/ingest/calendar.js';
import { fixture, rows, withDb, withTempDir } from '../helpers.js';

const ics = fixture('calendar/google-export-recurring-exceptions-dst.ics');
const now = new Date('2026-10-30T12:00:00Z');

describe('reading a Google Calendar export', () => {
  it('a weekly slot in Europe/Berlin keeps 10:00 local across the change to winter time; its exception, EXDATE and cancelled occurrence', async () => {
    const c = await readCalendar(ics, { now, timeZone: 'Europe/Moscow' });
    expect([c.name, c.events, c.series, c.exceptions]).toEqual(['Консультации', 15, 4, 3]);
    // One EXDATE (10.11); cancelled: the 17.11 occurrence and the whole «ОП» series of Tuesdays.
    expect(c.skipped).toEqual({ exdates: 1, cancelled: 2, allDay: 0, events: 0 });
    expect(c.warnings).toEqual([]);
    const tuesdays = c.occurrences.filter((o) => o.uid.startsWith('2kq8')).map((o) => [o.start.toISOString(), o.kind, o.organisation]);
    expect(tuesdays).toEqual([
      ['2026-10-13T08:00:00.000Z', 'free', null], // 10:00 CEST
      ['2026-10-20T08:00:00.000Z', 'free', null],
      ['2026-10-27T09:00:00.000Z', 'booked', 'Фонд Опора'], // 10:00 CET, after 25.10; booked in place
      ['2026-11-04T13:00:00.000Z', 'booked', 'АНО «Светлый путь»'], // 03.11 moved to Wednesday 14:00
      ['2026-11-24T09:00:00.000Z', 'free', null], // 10.11 EXDATE, 17.11 cancelled
    ]);
    // Moscow Thursdays 09:00–11:00 (two one-hour slots each), 15.10 to 26.11: 7 occurrences.
    expect(c.occurrences.filter((o) => o.uid.startsWith('5j1c')).map((o) => o.start.toISOString().slice(0, 16))).toEqual([
      '2026-10-15T06:00', '2026-10-22T06:00', '2026-10-29T06:00', '2026-11-05T06:00', '2026-11-12T06:00', '2026-11-19T06:00', '2026-11-26T06:00',
    ]);
    // The window of a load on Friday 30.10.2026 (week from 26.10): 52 weeks back, 53 ahead — 27.10.2025 to
    // 31.10.2027. The Monday meeting from 05.10.2026 has 56 Mondays in it (05.10.2026 + 55 weeks = 25.10.2027), no slot.
    expect(c.window).toEqual({ from: '2025-10-27', to: '2027-10-31' });
    expect(c.expandTo.toISOString()).toBe('2027-10-31T21:00:00.000Z');
    expect(c.occurrences.filter((o) => o.summary === 'Планёрка')).toHaveLength(56);
    expect(c.occurrences.filter((o) => o.kind !== null)).toHaveLength(20);
  });

  it('«ИИ консультация» is free, «ИИ_Организация» booked, anything else no slot', () => {
    expect(slotOf('ИИ консультация')).toEqual({ summary: 'ИИ консультация', initials: 'ИИ', kind: 'free', organisation: null });
    // Lower-case initials only when calendar.initials knows them («ие» is not a word of the calendar's owners).
    expect(slotOf(' иё  Консультации ')).toMatchObject({ initials: null, kind: null });
    expect(slotOf(' иё  Консультации ', { ИЕ: 'Иванова Елена' })).toMatchObject({ initials: 'ИЕ', kind: 'free' });
    expect(slotOf('ОП_Фонд «Опора»')).toMatchObject({ initials: 'ОП', kind: 'booked', organisation: 'Фонд «Опора»' });
    expect(slotOf('ОП _ ТОС «Заречье»')).toMatchObject({ initials: 'ОП', kind: 'booked', organisation: 'ТОС «Заречье»' });
    expect(slotOf('Планёрка')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('Консультация по гранту')).toMatchObject({ initials: null, kind: null });
  });

  it('initials with dots or spaces are slots; a word or a single letter before «консультация» is not, unless calendar.initials has it', () => {
    expect(slotOf('В.А. консультация')).toMatchObject({ initials: 'ВА', kind: 'free' });
    expect(slotOf('В. А. консультация')).toMatchObject({ initials: 'ВА', kind: 'free' });
    expect(slotOf('В.А консультации')).toMatchObject({ initials: 'ВА', kind: 'free' });
    expect(slotOf('В А консультация')).toMatchObject({ initials: 'ВА', kind: 'free' });
    expect(slotOf('И.И._Организация')).toEqual({ summary: 'И.И._Организация', initials: 'ИИ', kind: 'booked', organisation: 'Организация' });
    expect(slotOf('И. И. _ Фонд «Опора»')).toMatchObject({ initials: 'ИИ', kind: 'booked', organisation: 'Фонд «Опора»' });
    expect(slotOf('А.Б.В.Г. консультация')).toMatchObject({ initials: 'АБВГ', kind: 'free' });
    // Meetings: a word, five letters, a preposition, two words.
    expect(slotOf('Моя консультация')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('А.Б.В.Г.Д. консультация')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('К консультации')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('О консультации')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('Итоги консультации')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('Встреча_с партнёрами')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('К консультации', { К: 'Кузнецова Ольга' })).toMatchObject({ initials: 'К', kind: 'free' });
    expect(slotOf('в.а. консультация', { ВА: 'Волкова Анна' })).toMatchObject({ initials: 'ВА', kind: 'free' });
  });
});

describe('okno load calendar', () => {
  it('stores the occurrences, names people by calendar.initials, reports unknown initials; the same file again changes nothing', async () => {
    await withDb(async (db) => {
      const config = { ...defaultConfig(), calendar: { initials: { МИ: 'Иванова Мария', ОП: 'Петров Олег', АС: 'Смирнова Анна' } } };
      const r = await loadCalendar(db, { file: ics, config, dryRun: false, now });
      expect(r).toMatchObject({ status: 'loaded', occurrences: 76, slots: { free: 16, booked: 4 }, otherEvents: 56, unknownInitials: ['ЗЗ'], replaced: null, warnings: [] });
      expect(r.people.map((p) => [p.initials, p.consultant, p.mapped, p.free, p.booked])).toEqual([
        ['МИ', 'Иванова Мария', true, 10, 2],
        ['ОП', 'Петров Олег', true, 5, 2],
        ['АС', 'Смирнова Анна', true, 0, 0],
        ['ЗЗ', 'ЗЗ', false, 1, 0],
      ]);
      expect(await rows(db, 'select count(*)::integer as n, count(kind)::integer as slots from calendar_slots')).toEqual([{ n: 76, slots: 20 }]);
      const again = await loadCalendar(db, { file: ics, config, dryRun: false, now });
      expect(again.status).toBe('already_loaded');
      expect(await rows(db, 'select count(*)::integer as files from calendar_files')).toEqual([{ files: 1 }]);
    });
  });

  it('a later export replaces the calendar; a dry run writes nothing', async () => {
    await withDb(async (db) => {
      const config = defaultConfig();
      await loadCalendar(db, { file: ics, config, dryRun: false, now });
      const demo = fixture('demo/calendar/google-calendar-konsultacii-2026-11-03.ics');
      const dry = await loadCalendar(db, { file: demo, config, dryRun: true, now });
      expect(dry.status).toBe('checked');
      // A dry run tells what the load would replace; of the file loaded last, that it is loaded already.
      expect([dry.replaced?.fileName, dry.alreadyLoaded]).toEqual(['google-export-recurring-exceptions-dst.ics', null]);
      const dryAgain = await loadCalendar(db, { file: ics, config, dryRun: true, now });
      expect([dryAgain.status, dryAgain.replaced, dryAgain.alreadyLoaded?.fileName]).toEqual(['checked', null, 'google-export-recurring-exceptions-dst.ics']);
      expect(await rows(db, 'select count(*)::integer as n from calendar_slots')).toEqual([{ n: 76 }]);
      const later = await loadCalendar(db, { file: demo, config, dryRun: false, now: new Date('2026-11-03T12:00:00Z') });
      expect(later.replaced?.fileName).toBe('google-export-recurring-exceptions-dst.ics');
      expect(await rows(db, "select count(*)::integer as n from calendar_slots where summary like 'МИ%'")).toEqual([{ n: 0 }]);
      expect(await rows(db, 'select count(*)::integer as n from calendar_slots')).toEqual([{ n: later.occurrences }]);
    });
  });

  it('refuses what is not a calendar, or is cut off, and leaves the stored calendar as it was', async () => {
    await withTempDir(async (dir) => {
      await withDb(async (db) => {
        const config = defaultConfig();
        await loadCalendar(db, { file: ics, config, dryRun: false, now });
        const csv = path.join(dir, 'export.ics');
        await copyFile(fixture('amocrm/sep-line.csv'), csv);
        await expect(loadCalendar(db, { file: csv, config, dryRun: false, now })).rejects.toThrow(`${csv}: это не календарь в формате iCalendar (.ics).`);
        await expect(loadCalendar(db, { file: fixture('bad/truncated-calendar.ics'), config, dryRun: false, now })).rejects.toThrow(
          /truncated-calendar\.ics: не удалось разобрать календарь: файл обрезан или повреждён\.$/,
        );
        await expect(loadCalendar(db, { file: path.join(dir, 'нет.ics'), config, dryRun: false, now })).rejects.toThrow('файл не найден или недоступен.');
        expect(await rows(db, 'select count(*)::integer as n, count(distinct file_id)::integer as files from calendar_slots')).toEqual([{ n: 76, files: 1 }]);
      });
    });
  });
});

/** 21.11.2026 12:00 Moscow (testNow): the window is 17.11.2025 (Monday 52 weeks before the week of 16.11) to 21.11.2027. */
const saturday = new Date('2026-11-21T12:00:00+03:00');
const read = (name: string, initials: Record<string, string> = {}) => readCalendar(fixture(`calendar/${name}`), { now: saturday, timeZone: 'Europe/Moscow', initials });
const starts = (c: { occurrences: { start: Date; end: Date; initials: string | null }[] }) =>
  c.occurrences.map((o) => [o.start.toISOString().slice(0, 16), o.end.toISOString().slice(0, 16), o.initials]);
const uid = (n: number) => `${String(n).padStart(2, '0')}q7c3m9k2v1x8b4n6p0r5t${String(n).padStart(2, '0')}@google.com`;

describe('the weeks okno can be asked about: a series is expanded over the window, however long ago it began', () => {
  it('a daily series from 2012 has its 735 days in the window; a fortnightly one keeps its phase; COUNT is honoured', async () => {
    const c = await read('daily-series-since-2012.ics');
    expect(c.window).toEqual({ from: '2025-11-17', to: '2027-11-21' });
    expect([c.windowStart.toISOString(), c.expandTo.toISOString()]).toEqual(['2025-11-16T21:00:00.000Z', '2027-11-21T21:00:00.000Z']);
    const count = (initials: string) => c.occurrences.filter((o) => o.initials === initials).length;
    // ВА: every day 10:00 of the 735 days 17.11.2025–21.11.2027 (105 weeks × 7).
    expect(count('ВА')).toBe(735);
    expect(c.occurrences.filter((o) => o.initials === 'ВА').map((o) => o.start.toISOString()).slice(0, 1)).toEqual(['2025-11-17T07:00:00.000Z']);
    // ИИ: every other Tuesday from 01.01.2013; 18.11.2025 is 4704 = 14 × 336 days later, so one of them: of the
    // window's 105 Tuesdays the 1st, 3rd, …, 105th — 53, the last 16.11.2027.
    const ii = c.occurrences.filter((o) => o.initials === 'ИИ').map((o) => o.start.toISOString().slice(0, 10));
    expect([ii.length, ii[0], ii[1], ii.at(-1)]).toEqual([53, '2025-11-18', '2025-12-02', '2027-11-16']);
    expect(ii.filter((d) => d >= '2026-11-16' && d <= '2026-12-06')).toEqual(['2026-11-17', '2026-12-01']);
    // ОП: COUNT=5000 from 02.01.2012 ends 09.09.2025 (+4999 days), before the window. АС: COUNT=7000 ends 02.03.2031.
    expect([count('ОП'), count('АС')]).toEqual([0, 735]);
    // The current week (16–22.11.2026) has its 7 slots of ВА.
    expect(c.occurrences.filter((o) => o.initials === 'ВА' && o.start >= new Date('2026-11-15T21:00:00Z') && o.start < new Date('2026-11-22T21:00:00Z'))).toHaveLength(7);
    expect(c.warnings).toEqual([]);
  });

  it('a monthly series on the 31st has none in the months without one; a yearly one on 29 February none in common years', async () => {
    // ical.js alone gives 1 March 2027 for 31 February and 1 March 2026 and 2027 for 29 February (RFC 5545: no such day).
    const c = await read('monthly-on-the-31st.ics');
    expect(c.occurrences.map((o) => [o.start.toISOString().slice(0, 10), o.initials])).toEqual([
      ['2026-12-31', 'ВА'], ['2027-01-31', 'ВА'], ['2027-03-31', 'ВА'], ['2027-05-31', 'ВА'], ['2027-07-31', 'ВА'], ['2027-08-31', 'ВА'], ['2027-10-31', 'ВА'],
    ]);
  });

  it('a load on another day has another window (Monday 52 weeks before the load day\'s week to the Sunday 53 weeks after)', async () => {
    const { calendarWindow } = await import('../../src/ingest/calendar.js');
    // Sunday 28.02.2027 23:30 Moscow is still in the week from 22.02.2027.
    expect(calendarWindow(new Date('2027-02-28T20:30:00Z'), 'Europe/Moscow')).toMatchObject({ from: '2026-02-23', to: '2028-02-27' });
    // 31.12.2026 21:30 UTC is Friday 01.01.2027 00:30 in Moscow: the week from 28.12.2026.
    expect(calendarWindow(new Date('2026-12-31T21:30:00Z'), 'Europe/Moscow')).toMatchObject({ from: '2025-12-29', to: '2028-01-02' });
    // A US zone: the window starts at Monday 00:00 local (EST, −05:00).
    expect(calendarWindow(new Date('2026-11-03T12:00:00Z'), 'America/New_York').start.toISOString()).toBe('2025-11-03T05:00:00.000Z');
  });
});

describe('problems inside an .ics: the event is skipped with a warning naming it, or the property ignored', () => {
  it('initials with dots and spaces are slots; «Моя консультация» and «К консультации» stay meetings', async () => {
    const c = await read('initials-with-dots-and-spaces.ics', { ВА: 'Волкова Анна', ИИ: 'Иванов Илья' });
    expect(c.occurrences.map((o) => [o.start.toISOString().slice(0, 10), o.summary, o.initials, o.kind])).toEqual([
      ['2026-11-24', 'В.А. консультация', 'ВА', 'free'],
      ['2026-11-25', 'В А консультация', 'ВА', 'free'],
      ['2026-11-26', 'И.И._Фонд «Опора»', 'ИИ', 'booked'],
      ['2026-11-27', 'Моя консультация', null, null],
      ['2026-11-27', 'К консультации', null, null],
      ['2026-12-01', 'В.А. консультация', 'ВА', 'free'],
      ['2026-12-02', 'В А консультация', 'ВА', 'free'],
      ['2026-12-03', 'ии консультация', 'ИИ', 'free'], // lower case: ИИ is in calendar.initials
    ]);
    expect((await read('initials-with-dots-and-spaces.ics')).occurrences.filter((o) => o.kind !== null)).toHaveLength(5);
  });

  it('an empty EXDATE excludes nothing and an empty RDATE adds nothing: ignored with a warning', async () => {
    const exdate = await read('empty-exdate.ics');
    expect(starts(exdate)).toEqual([
      ['2026-11-24T07:00', '2026-11-24T08:00', 'ВА'], ['2026-12-01T07:00', '2026-12-01T08:00', 'ВА'], ['2026-12-08T07:00', '2026-12-08T08:00', 'ВА'],
    ]);
    expect(exdate.warnings).toEqual([`событие «ВА консультация» (UID ${uid(1)}): пустое EXDATE не учтено.`]);
    expect(exdate.skipped).toEqual({ exdates: 0, cancelled: 0, allDay: 0, events: 0 });
    // «EXDATE;TZID=Europe/Moscow:20261201T100000,»: the 01.12 occurrence excluded, the empty value after the comma dropped.
    const comma = await read('exdate-with-trailing-comma.ics');
    expect(starts(comma)).toEqual([['2026-11-24T07:00', '2026-11-24T08:00', 'ВА'], ['2026-12-08T07:00', '2026-12-08T08:00', 'ВА']]);
    expect([comma.skipped.exdates, comma.warnings]).toEqual([1, [`событие «ВА консультация» (UID ${uid(1)}): пустое значение в EXDATE не учтено.`]]);
    const rdate = await read('empty-rdate.ics');
    expect(starts(rdate)).toEqual([['2026-11-24T07:00', '2026-11-24T08:00', 'ВА']]);
    expect(rdate.warnings).toEqual([`событие «ВА консультация» (UID ${uid(1)}): пустое RDATE не учтено.`]);
  });

  it('DTSTART:20220101 without VALUE=DATE, an invalid date, a duration of P999999999999999999W: the event skipped', async () => {
    const cases: [string, string][] = [
      ['date-without-value-date.ics', 'DTSTART: дата 25.11.2026 без времени записана без VALUE=DATE'],
      ['invalid-date.ics', 'DTSTART: «20261340T250000» — такой даты или времени нет'],
      ['huge-duration.ics', 'длительность (DURATION) P999999999999999999W больше года'],
    ];
    for (const [name, reason] of cases) {
      const c = await read(name);
      expect(starts(c)).toEqual([['2026-11-24T07:00', '2026-11-24T08:00', 'ВА']]);
      expect(c.skipped.events).toBe(1);
      expect(c.warnings).toEqual([`событие «ИИ консультация» (UID ${uid(2)}) пропущено: ${reason}.`]);
    }
  });

  it('a RDATE period of P999999999999999999W (and other huge durations) is bounded like DURATION: the event skipped at once', async () => {
    const huge = ['P999999999999999999W', 'P9999999999W', 'P999999999999W', 'PT999999999999999999S', 'P999999999999999999D'];
    await withTempDir(async (dir) => {
      const text = readFileSync(fixture('calendar/rdate-period-huge-duration.ics'), 'utf8');
      for (const duration of huge) {
        const file = path.join(dir, `${duration}.ics`);
        writeFileSync(file, text.replace('/P999999999999999999W', `/${duration}`));
        const started = performance.now();
        const c = await readCalendar(file, { now: saturday, timeZone: 'Europe/Moscow' });
        expect(performance.now() - started).toBeLessThan(5000);
        // The weekly ВА slot, COUNT=3: 24.11, 01.12, 08.12 10–11 Moscow time; the ИИ event (08.12 and the period) skipped.
        expect(starts(c)).toEqual([
          ['2026-11-24T07:00', '2026-11-24T08:00', 'ВА'], ['2026-12-01T07:00', '2026-12-01T08:00', 'ВА'], ['2026-12-08T07:00', '2026-12-08T08:00', 'ВА'],
        ]);
        expect([c.skipped.events, c.warnings]).toEqual([1, [`событие «ИИ консультация» (UID ${uid(2)}) пропущено: период в RDATE 20261209T070000Z/${duration} длится больше года.`]]);
      }
    });
  });

  it('an empty RDATE;VALUE=PERIOD, or an empty period after a comma, is ignored with a warning; the event kept', async () => {
    const empty = await read('empty-rdate-period.ics');
    expect(starts(empty)).toEqual([['2026-11-24T07:00', '2026-11-24T08:00', 'ВА']]);
    expect([empty.skipped.events, empty.warnings]).toEqual([0, [`событие «ВА консультация» (UID ${uid(1)}): пустое RDATE не учтено.`]]);
    // «RDATE;VALUE=PERIOD:20261209T070000Z/PT1H,»: DTSTART 24.11 10–11 and the period 09.12 10–11 Moscow time.
    const comma = await read('rdate-period-with-trailing-comma.ics');
    expect(starts(comma)).toEqual([['2026-11-24T07:00', '2026-11-24T08:00', 'ВА'], ['2026-12-09T07:00', '2026-12-09T08:00', 'ВА']]);
    expect([comma.skipped.events, comma.warnings]).toEqual([0, [`событие «ВА консультация» (UID ${uid(1)}): пустое значение в RDATE не учтено.`]]);
  });

  it('RDATE;VALUE=PERIOD (RFC 5545): each period is an occurrence with its own end, besides DTSTART', async () => {
    const c = await read('rdate-period.ics');
    // 24.11 10–11 (DTSTART), 25.11 10–13 (…/20261125T100000Z), 26.11 10–12 (…/PT2H), Moscow time.
    expect(starts(c)).toEqual([
      ['2026-11-24T07:00', '2026-11-24T08:00', 'ВА'], ['2026-11-25T07:00', '2026-11-25T10:00', 'ВА'], ['2026-11-26T07:00', '2026-11-26T09:00', 'ВА'],
    ]);
    expect([c.series, c.warnings]).toEqual([1, []]);
  });

  it('a VTIMEZONE without TZID is ignored; the TZID it was meant for, Europe/Berlin, is read as the IANA zone', async () => {
    const c = await read('vtimezone-without-tzid.ics');
    expect(starts(c)).toEqual([['2026-11-24T09:00', '2026-11-24T10:00', 'ВА']]); // 10:00 CET
    expect(c.warnings).toEqual(['часовой пояс (VTIMEZONE) №\u00a01 без TZID пропущен.']);
  });

  it('a TZID not defined in the file: an IANA zone by Intl across the US change to winter time (01.11.2026); another in timeZone, with a warning', async () => {
    const c = await read('undefined-tzid-iana-across-us-dst.ics');
    expect(starts(c)).toEqual([
      ['2026-10-26T14:00', '2026-10-26T15:00', 'ИИ'], // 10:00 EDT (−04:00)
      ['2026-11-02T15:00', '2026-11-02T16:00', 'ИИ'], // 10:00 EST (−05:00)
      ['2026-11-09T15:00', '2026-11-09T16:00', 'ИИ'],
      ['2026-11-25T07:00', '2026-11-25T08:00', 'ВА'], // 10:00 in Europe/Moscow
    ]);
    expect(c.warnings).toEqual(['часовой пояс «Mars/Olympus_Mons» не описан в файле и неизвестен: время событий в нём прочитано в часовом поясе настроек Europe/Moscow.']);
  });

  it('an event without DTSTART is skipped with a warning, the other event loads', async () => {
    const c = await readCalendar(fixture('bad/event-without-start.ics'), { now: saturday, timeZone: 'Europe/Moscow' });
    expect([c.occurrences.length, c.skipped.events, c.warnings]).toEqual([1, 1, ['событие «ММ консультация» (UID slot-2@google.com) пропущено: нет даты начала (DTSTART).']]);
  });
});

describe('a calendar with nothing to store does not replace the stored one', () => {
  it('refused (exit 1) unless force; a dry run says the same; with force the stored calendar becomes empty', async () => {
    await withDb(async (db) => {
      const config = defaultConfig();
      await loadCalendar(db, { file: ics, config, dryRun: false, now });
      const empty = fixture('calendar/no-events.ics');
      const message = `${empty}: в календаре нет ни одного события со временем в неделях с 17.11.2025 по 21.11.2027 (событий в файле 0) — загрузка заменила бы загруженный календарь пустым; ничего не записано.`;
      for (const dryRun of [false, true]) {
        const refused = await loadCalendar(db, { file: empty, config, dryRun, now: saturday }).catch((e: unknown) => e);
        expect(refused).toMatchObject({ message, exitCode: 1, hint: 'Проверьте, что выгружен календарь «Консультации». Чтобы всё же заменить календарь пустым, добавьте --force.' });
      }
      expect(await rows(db, 'select count(*)::integer as n, count(distinct file_id)::integer as files from calendar_slots')).toEqual([{ n: 76, files: 1 }]);
      const forced = await loadCalendar(db, { file: empty, config, dryRun: false, now: saturday, force: true });
      expect([forced.status, forced.occurrences, forced.replaced?.fileName]).toEqual(['loaded', 0, 'google-export-recurring-exceptions-dst.ics']);
      expect(await rows(db, 'select count(*)::integer as n from calendar_slots')).toEqual([{ n: 0 }]);
    });
  });
});

describe('a calendar with nothing to store on a database with no calendar loaded', () => {
  it('is refused saying the file has nothing to load (not that it would replace one); --force loads it', async () => {
    await withDb(async (db) => {
      const config = defaultConfig();
      const empty = fixture('calendar/no-events.ics');
      for (const dryRun of [false, true]) {
        const refused = await loadCalendar(db, { file: empty, config, dryRun, now: saturday }).catch((e: unknown) => e);
        expect(refused).toMatchObject({
          message: `${empty}: в календаре нет ни одного события со временем в неделях с 17.11.2025 по 21.11.2027 (событий в файле 0) — загружать нечего; ничего не записано.`,
          exitCode: 1,
          hint: 'Проверьте, что выгружен календарь «Консультации». Чтобы всё же загрузить пустой календарь, добавьте --force.',
        });
      }
      expect(await rows(db, 'select count(*)::integer as n from calendar_files')).toEqual([{ n: 0 }]);
      const forced = await loadCalendar(db, { file: empty, config, dryRun: false, now: saturday, force: true });
      expect([forced.status, forced.occurrences, forced.replaced]).toEqual(['loaded', 0, null]);
    });
  });
});

describe('real calendars from public test suites (fixtures/calendar/real, sources in its README)', () => {
  const dir = fixture('calendar/real');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ics')).sort();
  /** The day of the file's first event, so that its series are expanded too (noon UTC); null without one. */
  const near = (file: string): Date | null => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const m = /DTSTART[^:\r\n]*:(\d{4})(\d{2})(\d{2})/.exec(text.slice(Math.max(0, text.indexOf('BEGIN:VEVENT'))));
    return m && Number(m[1]) >= 1900 ? new Date(`${m[1]}-${m[2]}-${m[3]}T12:00:00Z`) : null;
  };

  it('every one loads, or is refused in Russian with exit 1 — never an unexpected error — each in under 5 s of processor time', async () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    const outcomes: Record<string, string[]> = {};
    await withDb(async (db) => {
      const config = defaultConfig();
      for (const file of files) {
        for (const at of [saturday, near(file)]) {
          if (!at) continue;
          const started = process.cpuUsage();
          let outcome: string;
          try {
            const r = await loadCalendar(db, { file: path.join(dir, file), config, dryRun: true, now: at });
            outcome = 'loads';
            for (const w of [...r.warnings]) expect(w, `${file}: ${w}`).toMatch(/[а-яё]/i);
          } catch (error) {
            expect(error, file).toBeInstanceOf(UserError);
            expect((error as UserError).exitCode, file).toBe(1);
            expect((error as UserError).message, file).toMatch(/: (это не календарь|не удалось разобрать календарь|в календаре нет ни одного события)/);
            outcome = 'refused';
          }
          const used = process.cpuUsage(started);
          expect((used.user + used.system) / 1000, `${file} at ${at.toISOString()}`).toBeLessThan(5000);
          (outcomes[file] ??= []).push(outcome);
        }
      }
    });
    // Loaded when read near its own events (each file at least once either way).
    expect(Object.keys(outcomes)).toEqual(files);
    expect(files.filter((f) => outcomes[f]!.includes('loads'))).toEqual(expect.arrayContaining(['recurring-rdate.ics', 'recurring-daylight_saving_time.ics', 'recurring-issue_113_period_rdate_duration.ics']));
  }, 120_000);

  it('RDATE;VALUE=PERIOD with a duration (python-recurring-ical-events issue 113): DTSTART 12–13 and the period 12–14 UTC', async () => {
    const c = await readCalendar(path.join(dir, 'recurring-issue_113_period_rdate_duration.ics'), { now: new Date('2024-09-12T12:00:00Z'), timeZone: 'Europe/Moscow' });
    expect(starts(c)).toEqual([['2024-09-12T12:00', '2024-09-12T13:00', null], ['2024-09-13T12:00', '2024-09-13T14:00', null]]);
  });

  it('the empty RDATE of icalendar issue 1081 is ignored with a warning; its event loads', async () => {
    const c = await readCalendar(path.join(dir, 'icalendar-issue_1081_empty_rdate.ics'), { now: new Date('2025-01-01T12:00:00Z'), timeZone: 'Europe/Moscow' });
    expect([c.occurrences.length, c.warnings]).toEqual([1, ['событие «Test Event» (UID test-123): пустое RDATE не учтено.']]);
  });
});
