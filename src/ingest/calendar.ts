import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type ICALModule from 'ical.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { ExitCode, FileError, UserError } from '../errors.js';
import { formatNumber, normaliseInitials, plural, ruDate } from '../text/russian.js';
import { addDays, isCalendarDate, localDate } from '../time/days.js';

type ICAL = typeof ICALModule;
type Component = InstanceType<ICAL['Component']>;
type Property = InstanceType<ICAL['Property']>;
type Time = InstanceType<ICAL['Time']>;
type Event = InstanceType<ICAL['Event']>;

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
  /** Recurring series (RRULE or RDATE) among them. */
  series: number;
  /** Exceptions (RECURRENCE-ID) among them. */
  exceptions: number;
  /**
   * Left out: EXDATE values; cancelled series, single events and exceptions; all-day events (a series once); events
   * skipped for a problem (each named in `warnings`).
   */
  skipped: { exdates: number; cancelled: number; allDay: number; events: number };
  /** The weeks stored: Monday 00:00 of the first (inclusive) to Monday 00:00 after the last (exclusive). */
  windowStart: Date;
  expandTo: Date;
  /** First and last day of the window, 'YYYY-MM-DD' in the configured time zone. */
  window: { from: string; to: string };
  occurrences: CalendarOccurrence[];
  /** Russian, one per problem: events skipped, properties ignored, time zones not read as written. */
  warnings: string[];
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
  window: CalendarFile['window'];
  occurrences: number;
  slots: { free: number; booked: number };
  /** Events that are not consultation slots (meetings and the like): not counted anywhere. */
  otherEvents: number;
  people: CalendarPerson[];
  unknownInitials: string[];
  warnings: string[];
  /** The load this one replaced — in a dry run, would replace (the calendar state is the latest export's). */
  replaced: { fileName: string; loadedAt: string } | null;
  /** The latest load, when it was this same file: nothing is loaded again. */
  alreadyLoaded: { fileName: string; loadedAt: string } | null;
}

/** The window: whole ISO weeks from 52 before the load day's week to 52 after it (README «Window»). */
export const windowWeeksBack = 52;
export const windowWeeks = 105;
/**
 * Limits that keep a load under 5 seconds (ical.js takes about 0.1–0.3 ms a step): a series with more occurrences in
 * the window than this (a daily series has 735) or needing more steps is skipped; a file needing more steps is refused.
 */
const maxOccurrencesPerSeries = 3_000;
const maxStepsPerSeries = 10_000;
const maxStepsPerFile = 25_000;
/**
 * Processor time for expanding a file (not a figure: a guard against a file that would take minutes). Processor
 * time, not wall time, so that a busy machine does not refuse a file a quiet one loads.
 */
const maxMilliseconds = 4_000;
/** Years a date of an event may have. */
const firstYear = 1900;
const lastYear = 2200;
const yearMs = 366 * 86_400_000;

const reload = 'Выгрузите календарь из Google Календаря заново; файл не должен быть обрезан или изменён вручную.';

/** An event okno cannot read: skipped, with this reason (Russian). */
class EventProblem extends Error {}

/** The window of a load on `now`: Monday 00:00 52 weeks before the load day's week to Monday 00:00 53 weeks after it. */
export function calendarWindow(now: Date, timeZone: string): { start: Date; end: Date; from: string; to: string } {
  const today = localDate(now, timeZone);
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const from = addDays(monday, -7 * windowWeeksBack);
  const next = addDays(from, 7 * windowWeeks);
  return { start: wallInstant(Date.parse(`${from}T00:00:00Z`), timeZone), end: wallInstant(Date.parse(`${next}T00:00:00Z`), timeZone), from, to: addDays(next, -1) };
}

/**
 * Reads a Google Calendar export (.ics) with ical.js: time zones from its VTIMEZONE components (else IANA zones by
 * name), recurring events (RRULE, RDATE) expanded over the window with their EXDATEs and exceptions (RECURRENCE-ID),
 * cancelled events and occurrences left out. An event that cannot be read is skipped with a warning; a file whose
 * structure cannot be read is refused. Times without a known zone are read in `timeZone`.
 */
export async function readCalendar(
  file: string,
  options: { now: Date; timeZone: string; initials?: Record<string, string> },
): Promise<CalendarFile> {
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
  const warnings: string[] = [];
  let root: Component;
  try {
    const parsed = ICAL.parse(withEmptyPeriodsMarked(text));
    const calendars = Array.isArray(parsed[0]) ? (parsed as unknown as (typeof parsed)[]) : [parsed];
    if (calendars.length > 1) warnings.push(`в файле ${calendars.length} ${plural(calendars.length, ['календарь', 'календаря', 'календарей'])}: прочитан первый.`);
    root = new ICAL.Component(calendars[0]!);
  } catch (error) {
    const quoted = quotedFragment(error);
    const event = quoted ? eventAround(text, quoted) : null;
    throw new FileError(
      file,
      `не удалось разобрать календарь: файл обрезан или повреждён${quoted ? ` (около «${quoted}»${event ? `, в событии ${event}` : ''})` : ''}.`,
      { hint: reload, cause: error },
    );
  }
  if (root.name !== 'vcalendar') throw notCalendar();

  const window = calendarWindow(options.now, options.timeZone);
  const reader = new Reader(ICAL, options.timeZone, window.start, window.end, warnings, options.initials ?? {});
  reader.registerZones(root);
  const vevents = root.getAllSubcomponents('vevent');
  const result: CalendarFile = {
    name: textValue(root, 'x-wr-calname'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    events: vevents.length,
    series: vevents.filter((v) => !v.hasProperty('recurrence-id') && (v.hasProperty('rrule') || v.hasProperty('rdate'))).length,
    exceptions: vevents.filter((v) => v.hasProperty('recurrence-id')).length,
    skipped: reader.skipped,
    windowStart: window.start,
    expandTo: window.end,
    window: { from: window.from, to: window.to },
    occurrences: reader.occurrences,
    warnings,
  };
  try {
    reader.readEvents(vevents);
  } catch (error) {
    if (error instanceof TooLong) {
      throw new FileError(file, `календарь слишком велик для разбора: ${error.message}.`, {
        hint: 'Выгрузите только календарь «Консультации»; повторяющиеся события чаще раза в час okno не разворачивает.',
      });
    }
    throw error;
  }
  result.occurrences.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
  return result;
}

/** Processor time this process has used, ms. */
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The whole file needs more steps or time than okno allows. */
class TooLong extends Error {}

/** Reads the events of one file: validates every value before ical.js reads it, expands series within the window. */
class Reader {
  readonly occurrences: CalendarOccurrence[] = [];
  readonly skipped = { exdates: 0, cancelled: 0, allDay: 0, events: 0 };
  private steps = 0;
  private readonly startedAt = cpuMilliseconds();
  private readonly definedZones = new Set<string>();
  /** Zones already warned about: defined with an error, or unknown. */
  private readonly unknownZones = new Set<string>();

  constructor(
    private readonly ICAL: ICAL,
    private readonly timeZone: string,
    private readonly windowStart: Date,
    private readonly windowEnd: Date,
    private readonly warnings: string[],
    private readonly known: Record<string, string>,
  ) {}

  /**
   * Registers the file's VTIMEZONEs (and only them: zones of a file read before are forgotten). A zone that cannot
   * be used is removed from the calendar, so ical.js never reads it (it looks zones up in the file by TZID).
   */
  registerZones(root: Component): void {
    this.ICAL.TimezoneService.reset();
    root.getAllSubcomponents('vtimezone').forEach((zone, i) => {
      const tzid = textValue(zone, 'tzid');
      const drop = (warning: string) => {
        this.warnings.push(warning);
        root.removeSubcomponent(zone);
        if (tzid) this.unknownZones.add(tzid);
      };
      if (!tzid) return drop(`часовой пояс (VTIMEZONE) №\u00a0${i + 1} без TZID пропущен.`);
      const problem = zoneProblem(zone);
      if (problem) return drop(`часовой пояс «${tzid}» описан в файле с ошибкой (${problem}): ${this.fallbackText(tzid)}.`);
      try {
        this.ICAL.TimezoneService.register(zone);
        this.definedZones.add(tzid);
      } catch {
        drop(`часовой пояс «${tzid}» в файле не читается: ${this.fallbackText(tzid)}.`);
      }
    });
  }

  private fallbackText(tzid: string): string {
    return isIanaZone(tzid) ? `время в нём прочитано как зона ${tzid} по данным часовых поясов Node` : `время в нём прочитано в часовом поясе настроек ${this.timeZone}`;
  }

  readEvents(vevents: Component[]): void {
    const byUid = new Map<string, { master?: Component; exceptions: Component[] }>();
    vevents.forEach((v, i) => {
      const uid = textValue(v, 'uid') ?? `без UID ${i + 1}`;
      try {
        checkEvent(this.ICAL, v, (w) => this.warnings.push(`${name(v)}: ${w}.`));
      } catch (error) {
        this.skip(v, error);
        return;
      }
      const entry = byUid.get(uid) ?? { exceptions: [] };
      if (v.hasProperty('recurrence-id')) entry.exceptions.push(v);
      else if (!entry.master) entry.master = v;
      else {
        // Two versions of one event: the later (greater SEQUENCE; on a tie the one further down the file) is read.
        const later = sequence(v) >= sequence(entry.master);
        this.skip(later ? entry.master : v, new EventProblem('в файле есть более поздняя версия этого события (тот же UID, SEQUENCE не меньше)'));
        if (later) entry.master = v;
      }
      byUid.set(uid, entry);
    });
    for (const [uid, { master, exceptions }] of byUid) {
      if (!master) {
        // Exceptions whose series is not in the export: each is an event of its own.
        for (const e of exceptions) this.guarded(e, () => this.single(uid, e));
        continue;
      }
      this.guarded(master, () => this.series(uid, master, exceptions));
    }
  }

  /** Runs the reading of one event; a problem skips it with a warning, the file's limits refuse the file. */
  private guarded(v: Component, read: () => CalendarOccurrence[]): void {
    this.tick();
    try {
      this.occurrences.push(...read());
    } catch (error) {
      if (error instanceof TooLong || error instanceof UserError) throw error;
      this.skip(v, error);
    }
  }

  private skip(v: Component, error: unknown): void {
    this.skipped.events++;
    const reason = error instanceof EventProblem ? error.message : 'значения события не читаются (файл повреждён или изменён вручную)';
    this.warnings.push(`${name(v)} пропущено: ${reason}.`);
  }

  private single(uid: string, v: Component): CalendarOccurrence[] {
    if (cancelled(v)) {
      this.skipped.cancelled++;
      return [];
    }
    // Exceptions given (none): else ical.js looks for them among all the file's events, for every event.
    const event = new this.ICAL.Event(v, { exceptions: [] });
    const start = event.startDate;
    if (start.isDate) {
      this.skipped.allDay++;
      return [];
    }
    const at = this.instant(start, tzidOf(v, 'dtstart'));
    if (at < this.windowStart || at >= this.windowEnd) return [];
    return [this.occurrence(uid, at, this.end(v, event, at), textValue(v, 'summary') ?? '')];
  }

  private series(uid: string, master: Component, exceptions: Component[]): CalendarOccurrence[] {
    if (cancelled(master)) {
      this.skipped.cancelled++;
      return [];
    }
    const periods = this.periodDates(master);
    // ical.js leaves DTSTART out of a series of RDATEs alone; it is the first occurrence (RFC 5545 §3.8.5.2).
    if (!master.hasProperty('rrule') && master.hasProperty('rdate')) this.addStartAsRdate(master);
    const cancelledExceptions = exceptions.filter(cancelled).length;
    const event = new this.ICAL.Event(master, { exceptions, strictExceptions: true });
    if (event.startDate.isDate) {
      this.skipped.allDay++;
      return [];
    }
    if (!event.isRecurring()) return this.single(uid, master);
    this.skipped.exdates += master.getAllProperties('exdate').reduce((n, p) => n + p.getValues().length, 0);
    this.skipped.cancelled += cancelledExceptions;
    const zone = tzidOf(master, 'dtstart');
    const out: CalendarOccurrence[] = [];
    const from = this.lateStart(master, event.startDate);
    if (!from) return out;
    const real = realDays(master, event.startDate);
    const iterator = event.iterator(from);
    for (let steps = 0; ; steps++) {
      this.tick();
      if (steps > maxStepsPerSeries) throw new EventProblem(`повторений до конца окна больше ${formatNumber(maxStepsPerSeries)} — серия повторяется слишком часто`);
      const next = iterator.next();
      if (!next) break;
      // Far from the window's edges by the wall date: no instant needed (ical.js's zone arithmetic is slow).
      const day = Date.UTC(next.year, next.month - 1, next.day);
      if (day < this.windowStart.getTime() - 2 * 86_400_000) continue;
      if (day > this.windowEnd.getTime() + 2 * 86_400_000) break;
      const original = this.instant(next, zone);
      if (original >= this.windowEnd) break;
      if (original < this.windowStart || !real(next)) continue;
      const details = event.getOccurrenceDetails(next);
      const item = details.item.component;
      if (item !== master && cancelled(item)) continue;
      const start = item === master ? original : this.instant(details.startDate, tzidOf(item, 'dtstart'));
      let end: Date;
      if (item !== master) end = this.end(item, details.item, start);
      else {
        const period = periods.get(next.toString());
        end = period !== undefined ? new Date(start.getTime() + period) : new Date(start.getTime() + (this.instant(details.endDate, zone).getTime() - original.getTime()));
      }
      out.push(this.occurrence(uid, start, end, textValue(item, 'summary') ?? ''));
      if (out.length > maxOccurrencesPerSeries) {
        throw new EventProblem(`в окне больше ${formatNumber(maxOccurrencesPerSeries)} повторений — серия повторяется слишком часто`);
      }
    }
    return out;
  }

  /**
   * Where to start the expansion: a daily or weekly series that began long before the window starts a whole number
   * of its periods later, one period before the window (the rule's grid is kept: same weekday, same interval
   * phase). With COUNT only a rule of one occurrence per period (no BY parts) is moved, its COUNT lowered by the
   * periods passed over; null when they use it up (no occurrence reaches the window). Any other series from its
   * start.
   */
  private lateStart(master: Component, start: Time): Time | null {
    const rules = master.getAllProperties('rrule');
    if (rules.length !== 1) return start;
    const rule = rules[0]!.getFirstValue() as InstanceType<ICAL['Recur']>;
    if (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY') return start;
    if (rule.count && Object.keys(rule.parts ?? {}).length > 0) return start;
    const periodDays = (rule.freq === 'WEEKLY' ? 7 : 1) * (rule.interval || 1);
    const startDay = Date.UTC(start.year, start.month - 1, start.day) / 86_400_000;
    const windowDay = Date.parse(`${localDate(this.windowStart, this.timeZone)}T00:00:00Z`) / 86_400_000;
    const periods = Math.floor((windowDay - startDay) / periodDays) - 1;
    if (periods <= 0) return start;
    if (rule.count) {
      if (periods >= rule.count) return null;
      const rest = rule.clone();
      rest.count = rule.count - periods;
      rules[0]!.setValue(rest);
    }
    const late = start.clone();
    late.adjust(periods * periodDays, 0, 0, 0);
    return late;
  }

  /**
   * `RDATE;VALUE=PERIOD` (RFC 5545 §3.8.5.2): each period is an occurrence with its own start and end. ical.js
   * expands only date and date-time RDATEs, so the periods' starts replace them; their lengths are returned by start.
   */
  private periodDates(master: Component): Map<string, number> {
    const lengths = new Map<string, number>();
    for (const property of master.getAllProperties('rdate')) {
      if (property.type !== 'period') continue;
      const zone = tzidOf(master, 'rdate', property);
      const starts: Time[] = [];
      for (const period of property.getValues() as InstanceType<ICAL['Period']>[]) {
        const start = period.start;
        const end = period.getEnd();
        const length = this.instant(end, zone).getTime() - this.instant(start, zone).getTime();
        if (!(length >= 0 && length <= yearMs)) throw new EventProblem('период в RDATE кончается раньше, чем начинается, или длится больше года');
        starts.push(start);
        lengths.set(start.toString(), length);
      }
      master.removeProperty(property);
      const replacement = new this.ICAL.Property('rdate', master);
      if (zone) replacement.setParameter('tzid', zone);
      replacement.setValues(starts);
      master.addProperty(replacement);
    }
    return lengths;
  }

  private addStartAsRdate(master: Component): void {
    const start = master.getFirstPropertyValue('dtstart') as Time;
    const key = start.toString();
    for (const p of master.getAllProperties('rdate')) if ((p.getValues() as Time[]).some((t) => t.toString() === key)) return;
    const rdate = new this.ICAL.Property('rdate', master);
    const zone = tzidOf(master, 'dtstart');
    if (zone) rdate.setParameter('tzid', zone);
    rdate.setValue(start.clone());
    master.addProperty(rdate);
  }

  private end(v: Component, event: Event, start: Date): Date {
    const end = this.instant(event.endDate, tzidOf(v, v.hasProperty('dtend') ? 'dtend' : 'dtstart'));
    if (end < start) throw new EventProblem('окончание (DTEND) раньше начала (DTSTART)');
    if (end.getTime() - start.getTime() > yearMs) throw new EventProblem('событие длится больше года');
    return end;
  }

  private occurrence(uid: string, start: Date, end: Date, summary: string): CalendarOccurrence {
    return { uid, start, end, ...slotOf(summary, this.known) };
  }

  private tick(): void {
    if (++this.steps > maxStepsPerFile) throw new TooLong(`повторений больше ${formatNumber(maxStepsPerFile)}`);
    if (this.steps % 500 === 0 && cpuMilliseconds() - this.startedAt > maxMilliseconds) {
      throw new TooLong(`разбор занял больше ${maxMilliseconds / 1000} секунд`);
    }
  }

  /**
   * The instant of an ical.js time: UTC or a zone of the file as ical.js reads it; a TZID the file does not define,
   * by Intl when it is an IANA zone; else (and floating times) as wall time in the configured zone.
   */
  private instant(time: Time, tzid: string | null): Date {
    const zone = time.zone?.tzid;
    if (zone && zone !== 'floating') return time.toJSDate();
    let read = this.timeZone;
    if (tzid && !this.definedZones.has(tzid)) {
      if (isIanaZone(tzid)) read = tzid;
      else if (!this.unknownZones.has(tzid)) {
        this.unknownZones.add(tzid);
        this.warnings.push(`часовой пояс «${tzid}» не описан в файле и неизвестен: время событий в нём прочитано в часовом поясе настроек ${this.timeZone}.`);
      }
    }
    return wallInstant(Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second), read);
  }
}

/**
 * ical.js turns a day a month lacks into the next month's first days (a monthly series on the 31st gets 1 or 2 March
 * instead of no February occurrence; 29 February gets 1 March in common years). RFC 5545 §3.3.10: such a day does
 * not occur. For a monthly or yearly rule by day of the month (no BYDAY, BYSETPOS, BYYEARDAY, BYWEEKNO), an
 * occurrence is real when its day (and month, by BYMONTH or, yearly, DTSTART's) is one the rule names or DTSTART's;
 * DTSTART always is.
 */
function realDays(master: Component, start: Time): (t: Time) => boolean {
  const all = () => true;
  const rules = master.getAllProperties('rrule');
  if (rules.length !== 1) return all;
  const rule = rules[0]!.getFirstValue() as InstanceType<ICAL['Recur']>;
  if (rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') return all;
  const parts = (rule.parts ?? {}) as Record<string, number[]>;
  if (['BYDAY', 'BYSETPOS', 'BYYEARDAY', 'BYWEEKNO'].some((p) => p in parts)) return all;
  const days = parts.BYMONTHDAY ?? [start.day];
  if (days.some((d) => d < 0)) return all;
  const months = parts.BYMONTH ?? (rule.freq === 'YEARLY' ? [start.month] : null);
  const first = start.toString();
  return (t) => t.toString() === first || (days.includes(t.day) && (months === null || months.includes(t.month)));
}

/** «событие «ИИ консультация» (UID abc@google.com)». */
function name(v: Component): string {
  const summary = textValue(v, 'summary');
  const uid = textValue(v, 'uid');
  return `событие ${summary ? `«${summary}»` : 'без названия'} (${uid ? `UID ${uid}` : 'без UID'})`;
}

/** A text property's value, or null; never throws (the raw parsed value, no ical.js decoding). */
function textValue(c: Component, property: string): string | null {
  const value = c.getFirstProperty(property)?.jCal[3];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function sequence(c: Component): number {
  const value = Number(c.getFirstProperty('sequence')?.jCal[3]);
  return Number.isFinite(value) ? value : 0;
}

function cancelled(c: Component): boolean {
  return textValue(c, 'status')?.toUpperCase() === 'CANCELLED';
}

function tzidOf(c: Component, property: string, p?: Property): string | null {
  const value = (p ?? c.getFirstProperty(property))?.getParameter('tzid');
  return typeof value === 'string' && value !== '' ? value : null;
}

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z)?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const durationPattern = /^[+-]?P(?:(\d{1,20})W|(?:(\d{1,20})D)?(?:T(?:(\d{1,20})H)?(?:(\d{1,20})M)?(?:(\d{1,20})S)?)?)$/;

/**
 * ical.js cannot parse an empty value of `RDATE;VALUE=PERIOD` («RDATE;VALUE=PERIOD:», a trailing comma) and refuses
 * the whole file; each empty value becomes «/», which it reads as an empty period, dropped with a warning by
 * checkEvent like an empty value of a plain RDATE. The line is unfolded (RFC 5545 §3.1) to find its values.
 */
function withEmptyPeriodsMarked(text: string): string {
  return text.replace(/^(RDATE;[^:\r\n]*VALUE=PERIOD[^:\r\n]*:)([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gim, (line, head: string, value: string) => {
    const values = value.replace(/\r?\n[ \t]/g, '').split(',');
    if (values.every((x) => x.trim() !== '')) return line;
    return head + values.map((x) => (x.trim() === '' ? '/' : x)).join(',');
  });
}

/** The length, ms, of a duration as written (`P2W`, `PT1H30M`; the sign ignored); null when it is not one. */
function durationMs(text: string): number | null {
  const m = durationPattern.exec(text);
  if (!m) return null;
  const [w, d, h, min, s] = m.slice(1, 6).map((x) => Number(x ?? 0));
  return ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
}

/** An EXDATE or RDATE value with nothing in it: ical.js reads «EXDATE:» as «--T::». */
function isEmptyValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isEmptyValue);
  return value === null || value === undefined || (typeof value === 'string' && value.replace(/[-:T/]/g, '').trim() === '');
}

/** Why a date ('date') or date-time value (ical.js's parsed text) is not one okno reads; null when it is. */
function timeProblem(value: unknown, type: string): string | null {
  if (typeof value !== 'string' || value.replace(/[-:T]/g, '') === '') return 'пустое значение';
  if (type === 'date-time' && /^\d{4}-\d{2}-\d{2}T::$/.test(value)) return `дата ${value.slice(0, 10).split('-').reverse().join('.')} без времени записана без VALUE=DATE`;
  const m = (type === 'date' ? datePattern : dateTimePattern).exec(value);
  // Shown as written in the file (ical.js has turned «20261340T250000» into «2026-13-40T25:00:00»).
  const raw = value.replace(/[-:]/g, '');
  if (!m) return `«${raw}» — не дата${type === 'date' ? '' : ' и время'}`;
  const [year, hour, minute, second] = [Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`) || hour > 23 || minute > 59 || second > 60) return `«${raw}» — такой даты или времени нет`;
  if (year < firstYear || year > lastYear) return `год ${year} вне ${firstYear}–${lastYear}`;
  return null;
}

/**
 * Checks the values ical.js would read of an event before it reads them (ical.js throws on some and takes minutes on
 * others). A problem that makes the event unreadable throws EventProblem; an empty EXDATE or RDATE is removed, with
 * a warning.
 */
function checkEvent(ICAL: ICAL, v: Component, warn: (text: string) => void): void {
  if (!v.hasProperty('dtstart')) throw new EventProblem('нет даты начала (DTSTART)');
  for (const property of ['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate']) {
    for (const p of v.getAllProperties(property)) {
      const label = property.toUpperCase();
      let values = p.jCal.slice(3) as unknown[];
      if ((property === 'exdate' || property === 'rdate') && values.every(isEmptyValue)) {
        v.removeProperty(p);
        warn(`пустое ${label} не учтено`);
        continue;
      }
      if ((property === 'exdate' || property === 'rdate') && values.some(isEmptyValue)) {
        // «EXDATE:20261126T100000Z,»: the empty value after the comma is dropped, the others kept.
        values = values.filter((x) => !isEmptyValue(x));
        v.removeProperty(p);
        v.addProperty(new ICAL.Property([p.jCal[0], p.jCal[1], p.jCal[2], ...values] as ConstructorParameters<ICAL['Property']>[0], v));
        warn(`пустое значение в ${label} не учтено`);
      }
      if (p.type === 'period') {
        if (property !== 'rdate') throw new EventProblem(`${label} задан периодом`);
        for (const period of values) {
          if (!Array.isArray(period) || period.length !== 2) throw new EventProblem('RDATE: период не читается');
          const problem = timeProblem(period[0], 'date-time') ?? (durationPattern.test(String(period[1])) ? null : timeProblem(period[1], 'date-time'));
          if (problem) throw new EventProblem(`RDATE: ${problem}`);
          // Bounded here, from the text: ical.js takes minutes to add a duration of P999999999999999999W.
          const length = durationMs(String(period[1]));
          const written = `${String(period[0]).replace(/[-:]/g, '')}/${String(period[1])}`;
          if (length !== null && String(period[1]).startsWith('-')) throw new EventProblem(`период в RDATE ${written} кончается раньше, чем начинается`);
          if (length !== null && length > yearMs) throw new EventProblem(`период в RDATE ${written} длится больше года`);
        }
        continue;
      }
      if (p.type !== 'date' && p.type !== 'date-time') throw new EventProblem(`${label}: значение типа ${p.type} не дата`);
      for (const value of values) {
        const problem = timeProblem(value, p.type);
        if (problem) throw new EventProblem(`${label}: ${problem}`);
      }
    }
  }
  const duration = v.getFirstProperty('duration');
  if (duration) {
    const ms = durationMs(String(duration.jCal[3]));
    if (ms === null) throw new EventProblem(`длительность (DURATION) «${String(duration.jCal[3])}» не читается`);
    if (ms > yearMs) throw new EventProblem(`длительность (DURATION) ${String(duration.jCal[3])} больше года`);
    if (String(duration.jCal[3]).startsWith('-')) throw new EventProblem('отрицательная длительность (DURATION)');
  }
  for (const p of v.getAllProperties('rrule')) {
    const rule = p.jCal[3] as Record<string, unknown> | undefined;
    if (!rule || typeof rule !== 'object') throw new EventProblem('правило повторения (RRULE) не читается');
    if (rule.until !== undefined) {
      const until = String(rule.until);
      const problem = timeProblem(until, until.includes('T') ? 'date-time' : 'date');
      if (problem) throw new EventProblem(`RRULE UNTIL: ${problem}`);
    }
    const interval = rule.interval === undefined ? 1 : Number(rule.interval);
    if (!Number.isInteger(interval) || interval < 1 || interval > 10_000) throw new EventProblem(`RRULE INTERVAL=${String(rule.interval)} не читается`);
    if (rule.count !== undefined && !(Number.isInteger(Number(rule.count)) && Number(rule.count) >= 1)) throw new EventProblem(`RRULE COUNT=${String(rule.count)} не читается`);
  }
}

/** Why a VTIMEZONE cannot be used safely; null when it can. */
function zoneProblem(zone: Component): string | null {
  const parts = zone.getAllSubcomponents().filter((c) => c.name === 'standard' || c.name === 'daylight');
  if (parts.length === 0) return 'нет STANDARD и DAYLIGHT';
  for (const part of parts) {
    for (const offset of ['tzoffsetfrom', 'tzoffsetto']) {
      const value = part.getFirstProperty(offset)?.jCal[3];
      if (typeof value !== 'string' || !/^[+-]\d{2}:\d{2}(:\d{2})?$/.test(value)) return `${offset.toUpperCase()} не читается`;
    }
    const start = part.getFirstProperty('dtstart');
    if (!start || start.type !== 'date-time' || !dateTimePattern.test(String(start.jCal[3])) || !isCalendarDate(String(start.jCal[3]).slice(0, 10))) return 'DTSTART не читается';
    for (const rule of part.getAllProperties('rrule')) {
      const r = rule.jCal[3] as Record<string, unknown> | undefined;
      if (!r || r.freq !== 'YEARLY' || (r.interval !== undefined && Number(r.interval) !== 1)) return 'правило перехода не ежегодное';
      if (r.until !== undefined && !dateTimePattern.test(String(r.until)) && !datePattern.test(String(r.until))) return 'UNTIL не читается';
    }
    for (const rdate of part.getAllProperties('rdate')) {
      if (rdate.type !== 'date-time' || rdate.jCal.slice(3).some((x) => !dateTimePattern.test(String(x)))) return 'RDATE не читается';
    }
  }
  return null;
}

function isIanaZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)+$/.test(name) && name !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The instant of a wall time (given as its UTC reading, ms) in a zone; a wall time in a DST gap moves forward. */
function wallInstant(wall: number, timeZone: string): Date {
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  return new Date(zoneOffset(second, timeZone) === zoneOffset(first, timeZone) ? second : Math.max(first, second));
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC (ms) at an instant. */
function zoneOffset(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The quoted line in ical.js's (English) parse error, or null. */
function quotedFragment(error: unknown): string | null {
  return /"([^"\n]{1,80})"/.exec(error instanceof Error ? error.message : String(error))?.[1] ?? null;
}

/** ««ИИ консультация» (UID abc)» of the VEVENT whose lines hold `fragment`, from the raw text; null outside one. */
function eventAround(text: string, fragment: string): string | null {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const at = lines.findIndex((l) => l.includes(fragment));
  if (at < 0) return null;
  let begin = at;
  while (begin >= 0 && !/^BEGIN:VEVENT/i.test(lines[begin]!)) {
    if (begin < at && /^END:VEVENT/i.test(lines[begin]!)) return null;
    begin--;
  }
  if (begin < 0) return null;
  let end = at;
  while (end < lines.length && !/^END:VEVENT/i.test(lines[end]!)) end++;
  const field = (key: string) => lines.slice(begin, end).find((l) => new RegExp(`^${key}[;:]`, 'i').test(l))?.replace(/^[^:]*:/, '').trim() || null;
  const summary = field('SUMMARY');
  const uid = field('UID');
  return `${summary ? `«${summary}»` : 'без названия'} (${uid ? `UID ${uid}` : 'без UID'})`;
}

/** Initials written together («ВА»), with dots («В.А.», «В. А.») or single letters apart («В А»), 1–4 letters. */
const initialsPattern = String.raw`(\p{L}(?:\.?\s?\p{L}){0,3}\.?)`;
const bookedPattern = new RegExp(String.raw`^${initialsPattern}\s*_\s*(.+)$`, 'u');
const freePattern = new RegExp(String.raw`^${initialsPattern}\s+консультаци[яи]$`, 'iu');

/**
 * «ИИ консультация» is a free slot, «ИИ_Организация» a booked one (seed 001, «Создание графика проведения
 * консультаций»); anything else is another event. Initials are capitals, 2–4 of them; lower- or mixed-case and
 * one-letter initials only when `known` (calendar.initials) has them — «Моя консультация» is a meeting.
 */
export function slotOf(summary: string, known: Record<string, string> = {}): Pick<CalendarOccurrence, 'summary' | 'initials' | 'kind' | 'organisation'> {
  let cached = slotCache.get(known);
  if (!cached) slotCache.set(known, (cached = new Map()));
  let slot = cached.get(summary);
  if (!slot) cached.set(summary, (slot = readSlot(summary, known)));
  return { ...slot };
}

const slotCache = new WeakMap<Record<string, string>, Map<string, ReturnType<typeof readSlot>>>();

function readSlot(summary: string, known: Record<string, string>): Pick<CalendarOccurrence, 'summary' | 'initials' | 'kind' | 'organisation'> {
  const text = summary.trim().replace(/\s+/g, ' ');
  const initials = (written: string): string | null => {
    const letters = normaliseInitials(written);
    if (letters.length > 4 || !/^\p{L}+$/u.test(letters)) return null;
    const capitals = written.replace(/[\s.]/g, '');
    if (letters in known) return letters;
    return letters.length >= 2 && capitals === capitals.toUpperCase() && capitals !== capitals.toLowerCase() ? letters : null;
  };
  const booked = bookedPattern.exec(text);
  const bookedBy = booked && initials(booked[1]!);
  if (bookedBy) return { summary: text, initials: bookedBy, kind: 'booked', organisation: booked![2]!.trim() };
  const free = freePattern.exec(text);
  const freeBy = free && initials(free[1]!);
  if (freeBy) return { summary: text, initials: freeBy, kind: 'free', organisation: null };
  return { summary: text, initials: null, kind: null, organisation: null };
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
 * file as the latest load changes nothing. A dry run reads and summarises, writing nothing. A file with nothing to
 * store is refused unless `force`: it would replace the calendar with an empty one.
 */
export async function loadCalendar(
  db: Db,
  request: { file: string; config: Config; dryRun: boolean; now: Date; force?: boolean },
): Promise<CalendarLoadReport> {
  const calendar = await readCalendar(request.file, { now: request.now, timeZone: request.config.timeZone, initials: request.config.calendar.initials });
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
    window: calendar.window,
    occurrences: calendar.occurrences.length,
    slots: { free: slots.filter((o) => o.kind === 'free').length, booked: slots.filter((o) => o.kind === 'booked').length },
    otherEvents: calendar.occurrences.length - slots.length,
    people,
    unknownInitials: people.filter((p) => !p.mapped).map((p) => p.initials),
    warnings: calendar.warnings,
    replaced: null,
    alreadyLoaded: null,
  };
  const same = await db.one<{ file_name: string; loaded_at: string }>('calendar/by_sha', { sha256: calendar.sha256 });
  if (same) {
    report.alreadyLoaded = { fileName: same.file_name, loadedAt: same.loaded_at };
    if (!request.dryRun) report.status = 'already_loaded';
    return report;
  }
  if (calendar.occurrences.length === 0 && !request.force) {
    const s = calendar.skipped;
    const why = [
      `событий в файле ${calendar.events}`,
      s.allDay > 0 ? `на весь день ${s.allDay}` : '',
      s.cancelled > 0 ? `отменённых ${s.cancelled}` : '',
      s.events > 0 ? `пропущено с ошибками ${s.events}` : '',
    ].filter(Boolean).join(', ');
    const loaded = (await db.one('calendar/latest')) !== undefined;
    throw new UserError(
      `${request.file}: в календаре нет ни одного события со временем в неделях с ${ruDate(calendar.window.from)} по ${ruDate(calendar.window.to)} (${why}) — ${loaded ? 'загрузка заменила бы загруженный календарь пустым' : 'загружать нечего'}; ничего не записано.`,
      {
        hint: `Проверьте, что выгружен календарь «Консультации»${calendar.warnings.length > 0 ? ` (${calendar.warnings[0]})` : ''}. ${loaded ? 'Чтобы всё же заменить календарь пустым' : 'Чтобы всё же загрузить пустой календарь'}, добавьте --force.`,
        exitCode: ExitCode.badInput,
      },
    );
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
