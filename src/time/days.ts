// Calendar days and months as strings ('YYYY-MM-DD', 'YYYY-MM') and the arithmetic on them. No time zone is
// assumed anywhere except where one is passed in: tests run the same on every machine.

/** A calendar month, 'YYYY-MM'. */
export type Month = string;

/** A span of local calendar days [from, to): dates 'YYYY-MM-DD' in the account's time zone. */
export interface Period {
  from: string;
  /** Exclusive. */
  to: string;
  /** Number of days in the span. */
  days: number;
}

/** Whether 'YYYY-MM-DD' names a real calendar day (2026-02-30 and 2026-13-01 do not). Never throws. */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** «15.10.2026», «5.1.2026», «15.10.26», «2026-10-15» → 'YYYY-MM-DD'; null when not a real date. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(t);
  const iso = ru ? `${ru[3]!.length === 2 ? `20${ru[3]}` : ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}` : t;
  return isCalendarDate(iso) ? iso : null;
}

/** Today's date ('YYYY-MM-DD') in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return isoInstant(now, timeZone).slice(0, 10);
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of a zone, to the second; made once per zone (making one costs more than formatting with it). */
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** An instant as ISO 8601 with the zone's offset at that instant, to the second: «2026-12-02T00:04:00+03:00». */
export function isoInstant(instant: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of wallClockFormat(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** «2026-12-02T00:04:00+03:00» (an isoInstant) → «02.12.2026 00:04», as people read it; null → «—». */
export function shownTime(iso: string | null): string {
  return iso === null ? '—' : `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** The day before a 'YYYY-MM-DD' (the last day of a span whose exclusive end it is). */
export function lastDay(exclusive: string): string {
  const d = new Date(`${exclusive}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function previousMonth(today: string): Month {
  return shiftMonth(today.slice(0, 7), -1);
}

export function shiftMonth(month: Month, by: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: Month): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Months from `from` to `to` (0 when equal). */
export function monthsBetween(from: Month, to: Month): number {
  const index = (m: Month) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return index(to) - index(from);
}

const dayMs = 86_400_000;

/** 'YYYY-MM-DD' shifted by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}
