import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type ICALModule from 'ical.js';
import { normaliseInitials, type Config } from '../config.js';
import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
import { plural } from '../text/russian.js';

type Component = InstanceType<typeof ICALModule.Component>;
type Time = InstanceType<typeof ICALModule.Time>;

/** One occurrence of a calendar event, with times as instants. */
export interface CalendarOccurrence {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  /** «ИИ» of «ИИ консультация» / «ИИ_Организация»; null for any other event. */
  initials: string | null;
  kind: 'free' | 'booked' | null;
  organisation: string | null;
}

export interface CalendarFile {
  name: string | null;
  sha256: string;
  /** VEVENT components: series, single events and exceptions (RECURRENCE-ID). */
  events: number;
  /** Recurring series (RRULE) among them. */
  series: number;
  /** Exceptions (RECURRENCE-ID) among them. */
  exceptions: number;
  /** Occurrences left out: EXDATE, cancelled occurrences and cancelled series, all-day events. */
  skipped: { exdates: number; cancelled: number; allDay: number };
  /** Recurring events are expanded up to here. */
  expandTo: Date;
  occurrences: CalendarOccurrence[];
}

export interface CalendarPerson {
  initials: string;
  /** From calendar.initials in the settings file; else the initials themselves. */
  consultant: string;
  mapped: boolean;
  free: number;
  booked: number;
}

export interface CalendarLoadReport {
  dryRun: boolean;
  file: string;
  status: 'loaded' | 'already_loaded' | 'checked';
  calendarName: string | null;
  events: number;
  series: number;
  exceptions: number;
  skipped: CalendarFile['skipped'];
  expandTo: string;
  occurrences: number;
  slots: { free: number; booked: number };
  /** Events that are not consultation slots (meetings and the like): not counted anywhere. */
  otherEvents: number;
  people: CalendarPerson[];
  unknownInitials: string[];
  /** The load this one replaced — in a dry run, would replace (the calendar state is the latest export's). */
  replaced: { fileName: string; loadedAt: string } | null;
  /** The latest load, when it was this same file: nothing is loaded again. */
  alreadyLoaded: { fileName: string; loadedAt: string } | null;
}

/** How far ahead of the later of today and the latest event recurring events are expanded. */
const horizonDays = 366;
/** No series yields more occurrences than this (a daily event over years). */
const maxOccurrences = 5000;

/**
 * Reads a Google Calendar export (.ics) with ical.js: time zones from its VTIMEZONE components, recurring events
 * (RRULE) expanded with their EXDATEs and exceptions (RECURRENCE-ID), cancelled events and occurrences left out.
 * Times without a known zone are read in `timeZone`.
 */
export async function readCalendar(file: string, options: { now: Date; timeZone: string }): Promise<CalendarFile> {
  let bytes: Buffer;
  try {
    if ((await stat(file)).isDirectory()) throw new FileError(file, 'это папка, а не файл календаря.');
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, 'файл не найден или недоступен.', { cause: error });
  }
  const notCalendar = (cause?: unknown) =>
    new FileError(file, 'это не календарь в формате iCalendar (.ics).', {
      hint: 'В Google Календаре: Настройки → Импорт и экспорт → Экспорт; в архиве — файл .ics календаря «Консультации».',
      cause,
    });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR/i.test(text)) throw notCalendar();
  const ICAL = (await import('ical.js')).default;
  let root: Component;
  try {
    const parsed = ICAL.parse(text);
    root = new ICAL.Component(Array.isArray(parsed[0]) ? (parsed[0] as unknown as typeof parsed) : parsed);
  } catch (error) {
    throw new FileError(file, `не удалось разобрать календарь: файл обрезан или повреждён${near(error)}.`, {
      hint: 'Выгрузите календарь из Google Календаря заново; файл не должен быть обрезан или изменён вручную.',
      cause: error,
    });
  }
  if (root.name !== 'vcalendar') throw notCalendar();
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);

  const vevents = root.getAllSubcomponents('vevent');
  // Every event has a start (RFC 5545; Google always writes one): without it there is no slot to place.
  const undated = vevents.filter((v) => v.getFirstPropertyValue('dtstart') === null);
  if (undated.length > 0) {
    const uids = undated.slice(0, 3).map((v) => String(v.getFirstPropertyValue('uid') ?? 'без UID')).join(', ');
    throw new FileError(file, `в календаре ${undated.length} ${plural(undated.length, ['событие', 'события', 'событий'])} без даты начала (DTSTART): ${uids}. Файл повреждён или изменён вручную.`, {
      hint: 'Выгрузите календарь из Google Календаря заново; файл не должен быть обрезан или изменён вручную.',
    });
  }
  const byUid = new Map<string, { master?: Component; exceptions: Component[] }>();
  for (const v of vevents) {
    const uid = String(v.getFirstPropertyValue('uid') ?? `без UID ${byUid.size + 1}`);
    const entry = byUid.get(uid) ?? { exceptions: [] };
    if (v.hasProperty('recurrence-id')) entry.exceptions.push(v);
    else entry.master = v;
    byUid.set(uid, entry);
  }
  const starts = vevents.map((v) => v.getFirstPropertyValue('dtstart') as Time | null).filter((t): t is Time => t !== null);
  const latest = Math.max(options.now.getTime(), ...starts.map((t) => instant(t, options.timeZone).getTime()));
  const expandTo = new Date(latest + horizonDays * 86_400_000);

  const result: CalendarFile = {
    name: (root.getFirstPropertyValue('x-wr-calname') as string | null) ?? null,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    events: vevents.length,
    series: vevents.filter((v) => v.hasProperty('rrule')).length,
    exceptions: vevents.filter((v) => v.hasProperty('recurrence-id')).length,
    skipped: { exdates: 0, cancelled: 0, allDay: 0 },
    expandTo,
    occurrences: [],
  };
  const cancelled = (c: Component) => String(c.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
  const add = (uid: string, start: Time, end: Time, summary: string) => {
    if (start.isDate) {
      result.skipped.allDay++;
      return;
    }
    result.occurrences.push({ uid, start: instant(start, options.timeZone), end: instant(end, options.timeZone), ...slotOf(summary) });
  };

  for (const [uid, { master, exceptions }] of byUid) {
    if (!master) {
      // Exceptions whose series is not in the export: each is an event of its own.
      for (const e of exceptions) {
        const event = new ICAL.Event(e);
        if (cancelled(e)) result.skipped.cancelled++;
        else add(uid, event.startDate, event.endDate, event.summary ?? '');
      }
      continue;
    }
    if (cancelled(master)) {
      result.skipped.cancelled++;
      continue;
    }
    const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
    if (!event.isRecurring()) {
      add(uid, event.startDate, event.endDate, event.summary ?? '');
      continue;
    }
    result.skipped.exdates += master.getAllProperties('exdate').reduce((n, p) => n + p.getValues().length, 0);
    const iterator = event.iterator();
    for (let i = 0, next = iterator.next(); next && i < maxOccurrences; i++, next = iterator.next()) {
      if (instant(next, options.timeZone) > expandTo) break;
      const details = event.getOccurrenceDetails(next);
      if (cancelled(details.item.component)) {
        result.skipped.cancelled++;
        continue;
      }
      add(uid, details.startDate, details.endDate, details.item.summary ?? '');
    }
  }
  result.occurrences.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
  return result;
}

/**
 * «ИИ консультация» is a free slot, «ИИ_Организация» a booked one (seed 001, «Создание графика проведения
 * консультаций»); anything else is another event.
 */
export function slotOf(summary: string): Pick<CalendarOccurrence, 'summary' | 'initials' | 'kind' | 'organisation'> {
  const text = summary.trim().replace(/\s+/g, ' ');
  const booked = /^([А-ЯЁа-яёA-Za-z]{1,4}\.?)\s*_\s*(.+)$/.exec(text);
  if (booked) return { summary: text, initials: normaliseInitials(booked[1]!), kind: 'booked', organisation: booked[2]!.trim() };
  const free = /^([А-ЯЁа-яёA-Za-z]{1,4}\.?)\s+консультаци[яи]$/i.exec(text);
  if (free) return { summary: text, initials: normaliseInitials(free[1]!), kind: 'free', organisation: null };
  return { summary: text, initials: null, kind: null, organisation: null };
}

/** The instant of an ical.js time: by its own zone (VTIMEZONE or UTC), else as wall time in `timeZone`. */
function instant(time: Time, timeZone: string): Date {
  const tzid = time.zone?.tzid;
  if (tzid && tzid !== 'floating') return time.toJSDate();
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  return new Date(wall - zoneOffset(wall, timeZone));
}

/** The zone's offset from UTC (ms) at about the instant whose UTC reading is `wall`. */
function zoneOffset(wall: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(wall));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - wall;
}

/** Where ical.js stopped, from the quoted line in its (English) message: « (около «…»)», or nothing. */
function near(error: unknown): string {
  const quoted = /"([^"\n]{1,80})"/.exec(error instanceof Error ? error.message : String(error))?.[1];
  return quoted ? ` (около «${quoted}»)` : '';
}

/** Free and booked slots per initials, with the settings file's names. */
export function calendarPeople(occurrences: CalendarOccurrence[], initials: Record<string, string>): CalendarPerson[] {
  const people = new Map<string, CalendarPerson>();
  for (const [letters, consultant] of Object.entries(initials)) people.set(letters, { initials: letters, consultant, mapped: true, free: 0, booked: 0 });
  for (const o of occurrences) {
    if (!o.initials || !o.kind) continue;
    let person = people.get(o.initials);
    if (!person) people.set(o.initials, (person = { initials: o.initials, consultant: o.initials, mapped: false, free: 0, booked: 0 }));
    person[o.kind]++;
  }
  return [...people.values()].sort((a, b) => Number(b.mapped) - Number(a.mapped) || a.consultant.localeCompare(b.consultant, 'ru'));
}

/**
 * `okno load calendar`: reads the export and replaces the stored calendar with it, in one transaction. The same
 * file as the latest load changes nothing. A dry run reads and summarises, writing nothing.
 */
export async function loadCalendar(
  db: Db,
  request: { file: string; config: Config; dryRun: boolean; now: Date },
): Promise<CalendarLoadReport> {
  const calendar = await readCalendar(request.file, { now: request.now, timeZone: request.config.timeZone });
  const people = calendarPeople(calendar.occurrences, request.config.calendar.initials);
  const slots = calendar.occurrences.filter((o) => o.kind !== null);
  const report: CalendarLoadReport = {
    dryRun: request.dryRun,
    file: request.file,
    status: request.dryRun ? 'checked' : 'loaded',
    calendarName: calendar.name,
    events: calendar.events,
    series: calendar.series,
    exceptions: calendar.exceptions,
    skipped: calendar.skipped,
    expandTo: calendar.expandTo.toISOString(),
    occurrences: calendar.occurrences.length,
    slots: { free: slots.filter((o) => o.kind === 'free').length, booked: slots.filter((o) => o.kind === 'booked').length },
    otherEvents: calendar.occurrences.length - slots.length,
    people,
    unknownInitials: people.filter((p) => !p.mapped).map((p) => p.initials),
    replaced: null,
    alreadyLoaded: null,
  };
  const same = await db.one<{ file_name: string; loaded_at: string }>('calendar/by_sha', { sha256: calendar.sha256 });
  if (same) {
    report.alreadyLoaded = { fileName: same.file_name, loadedAt: same.loaded_at };
    if (!request.dryRun) report.status = 'already_loaded';
    return report;
  }
  if (request.dryRun) {
    const previous = await db.one<{ file_name: string; loaded_at: string }>('calendar/latest');
    if (previous) report.replaced = { fileName: previous.file_name, loadedAt: previous.loaded_at };
    return report;
  }
  await db.transaction(async () => {
    const previous = await db.one<{ file_name: string; loaded_at: string }>('calendar/latest');
    if (previous) report.replaced = { fileName: previous.file_name, loadedAt: previous.loaded_at };
    const fileId = (await db.one<{ file_id: number }>('calendar/next_file_id'))!.file_id;
    await db.run('calendar/clear_slots');
    await db.run('calendar/insert_file', {
      file_id: fileId,
      file_name: path.basename(request.file),
      file_path: path.resolve(request.file),
      sha256: calendar.sha256,
      calendar_name: calendar.name,
      expand_to: calendar.expandTo.toISOString(),
      events: calendar.events,
      occurrences: calendar.occurrences.length,
      now: request.now.toISOString(),
    });
    const rows = calendar.occurrences.map((o) => ({ ...o, starts: o.start.toISOString(), ends: o.end.toISOString() }));
    await db.run('calendar/insert_slots', { file_id: fileId, rows: JSON.stringify(rows) });
  });
  return report;
}
