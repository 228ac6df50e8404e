import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { loadCalendar, readCalendar, slotOf } from '../../src/ingest/calendar.js';
import { fixture, rows, withDb, withTempDir } from '../helpers.js';

const ics = fixture('calendar/google-export-recurring-exceptions-dst.ics');
const now = new Date('2026-10-30T12:00:00Z');

describe('reading a Google Calendar export', () => {
  it('a weekly slot in Europe/Berlin keeps 10:00 local across the change to winter time; its exception, EXDATE and cancelled occurrence', async () => {
    const c = await readCalendar(ics, { now, timeZone: 'Europe/Moscow' });
    expect([c.name, c.events, c.series, c.exceptions]).toEqual(['Консультации', 15, 4, 3]);
    // One EXDATE (10.11); cancelled: the 17.11 occurrence and the whole «ОП» series of Tuesdays.
    expect(c.skipped).toEqual({ exdates: 1, cancelled: 2, allDay: 0 });
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
    // The weekly meeting is expanded up to a year after the latest event (17.11.2026 10:00 Berlin) but is no slot.
    expect(c.expandTo.toISOString()).toBe('2027-11-18T09:00:00.000Z');
    expect(c.occurrences.filter((o) => o.summary === 'Планёрка')).toHaveLength(59);
    expect(c.occurrences.filter((o) => o.kind !== null)).toHaveLength(20);
  });

  it('«ИИ консультация» is free, «ИИ_Организация» booked, anything else no slot', () => {
    expect(slotOf('ИИ консультация')).toEqual({ summary: 'ИИ консультация', initials: 'ИИ', kind: 'free', organisation: null });
    expect(slotOf(' иё  Консультации ')).toMatchObject({ initials: 'ИЕ', kind: 'free' });
    expect(slotOf('ОП_Фонд «Опора»')).toMatchObject({ initials: 'ОП', kind: 'booked', organisation: 'Фонд «Опора»' });
    expect(slotOf('ОП _ ТОС «Заречье»')).toMatchObject({ initials: 'ОП', kind: 'booked', organisation: 'ТОС «Заречье»' });
    expect(slotOf('Планёрка')).toMatchObject({ initials: null, kind: null });
    expect(slotOf('Консультация по гранту')).toMatchObject({ initials: null, kind: null });
  });
});

describe('okno load calendar', () => {
  it('stores the occurrences, names people by calendar.initials, reports unknown initials; the same file again changes nothing', async () => {
    await withDb(async (db) => {
      const config = { ...defaultConfig(), calendar: { initials: { МИ: 'Иванова Мария', ОП: 'Петров Олег', АС: 'Смирнова Анна' } } };
      const r = await loadCalendar(db, { file: ics, config, dryRun: false, now });
      expect(r).toMatchObject({ status: 'loaded', occurrences: 79, slots: { free: 16, booked: 4 }, otherEvents: 59, unknownInitials: ['ЗЗ'], replaced: null });
      expect(r.people.map((p) => [p.initials, p.consultant, p.mapped, p.free, p.booked])).toEqual([
        ['МИ', 'Иванова Мария', true, 10, 2],
        ['ОП', 'Петров Олег', true, 5, 2],
        ['АС', 'Смирнова Анна', true, 0, 0],
        ['ЗЗ', 'ЗЗ', false, 1, 0],
      ]);
      expect(await rows(db, 'select count(*)::integer as n, count(kind)::integer as slots from calendar_slots')).toEqual([{ n: 79, slots: 20 }]);
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
      expect(await rows(db, 'select count(*)::integer as n from calendar_slots')).toEqual([{ n: 79 }]);
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
        await expect(loadCalendar(db, { file: fixture('bad/event-without-start.ics'), config, dryRun: false, now })).rejects.toThrow(
          'event-without-start.ics: в календаре 1 событие без даты начала (DTSTART): slot-2@google.com. Файл повреждён или изменён вручную.',
        );
        expect(await rows(db, 'select count(*)::integer as n, count(distinct file_id)::integer as files from calendar_slots')).toEqual([{ n: 79, files: 1 }]);
      });
    });
  });
});
