import { UserError } from '../errors.js';
// russian.ts imports this module too; only functions cross, called after both have loaded.
import { capitalise, ruDate } from '../text/russian.js';

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

/** What a note covers: a month, a quarter, a half-year, a year, or a range of months (README «Периоды справки»). */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'range';

/** A note's nominal period: the whole calendar months `first`…`last`. */
export interface NotePeriod {
  kind: PeriodKind;
  first: Month;
  last: Month;
}

export interface LabelledPeriod extends Period {
  /** For column heads: «октябрь 2026», «III квартал 2026», «1–21 ноября 2026», «1 июля – 21 августа 2026». */
  label: string;
}

export interface ReportPeriods {
  kind: PeriodKind;
  /** '2026-11', '2026-Q3', '2026-H1', '2026', '2026-01_2026-06': file names and the issued-notes key. */
  key: string;
  first: Month;
  last: Month;
  /** The period is not over yet (today falls in it): figures cover its start up to the end of today. */
  partial: boolean;
  /** «за октябрь 2026 года», «за III квартал 2026 года», «за 2026 год», «за январь–июнь 2026 года». */
  title: string;
  current: LabelledPeriod;
  /** The period of the same length just before — for a partial period, only the same elapsed span. */
  previous: LabelledPeriod;
  /** The same period a year before — for a partial period, only the same elapsed span. */
  yearAgo: LabelledPeriod;
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
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** An instant as ISO 8601 with the zone's offset at that instant, to the second: «2026-12-02T00:04:00+03:00». */
export function isoInstant(instant: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
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

/**
 * The span from the first day of `start`: `whole` whole months, then (when `days` is not null) the first `days`
 * days of the next month, capped at its length.
 */
function span(start: Month, whole: number, days: number | null): Period {
  const tail = shiftMonth(start, whole);
  const to =
    days === null || days >= daysInMonth(tail) ? `${shiftMonth(tail, days === null ? 0 : 1)}-01` : `${tail}-${String(days + 1).padStart(2, '0')}`;
  const from = `${start}-01`;
  return { from, to, days: Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) };
}

/** The key of a period: '2026-11', '2026-Q3', '2026-H1', '2026', '2026-01_2026-06'. */
export function periodKey(p: NotePeriod): string {
  const year = p.first.slice(0, 4);
  const m = Number(p.first.slice(5, 7));
  if (p.kind === 'month') return p.first;
  if (p.kind === 'quarter') return `${year}-Q${(m + 2) / 3}`;
  if (p.kind === 'half') return `${year}-H${(m + 5) / 6}`;
  if (p.kind === 'year') return year;
  return `${p.first}_${p.last}`;
}

/** A range of months as a note's period: one month is a month's note. */
export function rangePeriod(first: Month, last: Month): NotePeriod {
  return { kind: first === last ? 'month' : 'range', first, last };
}

/** The years a period option may name (README «Периоды справки»): amoCRM exports start in the 2000s. */
export const firstYear = 2000;
export const lastYear = 2100;

/** Whether a 'YYYY…' text starts with a year okno reports on (firstYear…lastYear). */
export function saneYear(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= firstYear && year <= lastYear;
}

/** '2026-Q3' → July–September 2026; null when not a quarter. */
export function parseQuarter(text: string): NotePeriod | null {
  const m = /^(\d{4})-Q([1-4])$/i.exec(text.trim());
  if (!m || !saneYear(m[1]!)) return null;
  const first = `${m[1]}-${String(Number(m[2]) * 3 - 2).padStart(2, '0')}`;
  return { kind: 'quarter', first, last: shiftMonth(first, 2) };
}

/** '2026-H1' → January–June 2026; null when not a half-year. */
export function parseHalf(text: string): NotePeriod | null {
  const m = /^(\d{4})-H([12])$/i.exec(text.trim());
  if (!m || !saneYear(m[1]!)) return null;
  const first = `${m[1]}-${m[2] === '1' ? '01' : '07'}`;
  return { kind: 'half', first, last: shiftMonth(first, 5) };
}

/** '2026' → the calendar year; null when not a year. */
export function parseYear(text: string): NotePeriod | null {
  const m = /^(\d{4})$/.exec(text.trim());
  return m && saneYear(m[1]!) ? { kind: 'year', first: `${m[1]}-01`, last: `${m[1]}-12` } : null;
}

/**
 * The periods a note compares (README «Периоды справки»). A complete period is compared with the whole period of
 * the same length just before it and the whole same period a year before. A period not over yet runs from its start
 * to the end of today: its whole elapsed months and then its first days of the current month; the comparison
 * periods are taken over the same whole months and the same first days (capped at that month's length).
 */
export function reportPeriods(p: NotePeriod, today: string): ReportPeriods {
  const thisMonth = today.slice(0, 7);
  if (p.first > thisMonth) {
    throw new UserError(`${notBegun(p)} (сегодня ${ruDate(today)}).`, {
      hint: 'Справка строится за период, который уже начался; без параметров — за прошлый месяц.',
    });
  }
  if (p.kind === 'range' && p.last > thisMonth) {
    throw new UserError(`${capitalise(monthLabel(p.last))} ещё не начался (сегодня ${ruDate(today)}).`, {
      hint: `Укажите --to ${thisMonth} или раньше: текущий месяц войдёт в справку до сегодняшнего дня.`,
    });
  }
  const length = monthsBetween(p.first, p.last) + 1;
  const partial = p.last >= thisMonth;
  const whole = partial ? monthsBetween(p.first, thisMonth) : length;
  const days = partial ? Number(today.slice(8, 10)) : null;
  const at = (start: Month): LabelledPeriod => {
    const period = span(start, whole, days);
    const nominal = { kind: p.kind, first: start, last: shiftMonth(start, length - 1) };
    return { ...period, label: partial ? periodLabel(period) : nominalLabel(nominal) };
  };
  return {
    kind: p.kind,
    key: periodKey(p),
    first: p.first,
    last: p.last,
    partial,
    title: periodTitle(p),
    current: at(p.first),
    previous: at(shiftMonth(p.first, -length)),
    yearAgo: at(shiftMonth(p.first, -12)),
  };
}

/** A month's periods (the note for one month). */
export function monthPeriods(month: Month, today: string): ReportPeriods {
  return reportPeriods({ kind: 'month', first: month, last: month }, today);
}

const monthNames = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const monthNamesGenitive = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const monthShort = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** «октябрь 2026». */
export function monthLabel(month: Month): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${monthNames[m - 1]} ${y}`;
}

/** «окт 2026», for chart axes. */
export function monthShortLabel(month: Month): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${monthShort[m - 1]} ${y}`;
}

const romans = ['I', 'II', 'III', 'IV'];

/** «октябрь 2026», «III квартал 2026», «I полугодие 2026», «2026 год», «январь–июнь 2026», «ноябрь 2025 – январь 2026». */
export function nominalLabel(p: NotePeriod): string {
  const [y, m] = p.first.split('-').map(Number) as [number, number];
  if (p.kind === 'month') return monthLabel(p.first);
  if (p.kind === 'quarter') return `${romans[(m - 1) / 3]} квартал ${y}`;
  if (p.kind === 'half') return `${romans[(m - 1) / 6]} полугодие ${y}`;
  if (p.kind === 'year') return `${y} год`;
  const [ly, lm] = p.last.split('-').map(Number) as [number, number];
  return ly === y ? `${monthNames[m - 1]}–${monthNames[lm - 1]} ${y}` : `${monthLabel(p.first)} – ${monthLabel(p.last)}`;
}

/** «Декабрь 2026 ещё не начался», «I полугодие 2027 ещё не началось», «Период январь–март 2027 ещё не начался». */
function notBegun(p: NotePeriod): string {
  if (p.kind === 'range') return `Период ${nominalLabel(p)} ещё не начался`;
  return `${capitalise(nominalLabel(p))} ещё не ${p.kind === 'half' ? 'началось' : 'начался'}`;
}

/** «за октябрь 2026 года», «за III квартал 2026 года», «за 2026 год», «за ноябрь 2025 года – январь 2026 года». */
export function periodTitle(p: NotePeriod): string {
  if (p.kind === 'year') return `за ${p.first.slice(0, 4)} год`;
  if (p.kind === 'range' && p.first.slice(0, 4) !== p.last.slice(0, 4)) return `за ${monthLabel(p.first)} года – ${monthLabel(p.last)} года`;
  return `за ${nominalLabel(p)} года`;
}

/** «1–21 ноября 2026», «октябрь 2026» (a whole month), «1 июля – 21 августа 2026», «1 ноября 2025 – 21 января 2026». */
export function periodLabel(period: Period): string {
  const last = lastDay(period.to);
  const [fy, fm] = period.from.split('-').map(Number) as [number, number];
  const [ly, lm, ld] = last.split('-').map(Number) as [number, number, number];
  if (fy === ly && fm === lm) return ld === daysInMonth(period.from.slice(0, 7)) ? monthLabel(period.from.slice(0, 7)) : `1–${ld} ${monthNamesGenitive[fm - 1]} ${fy}`;
  const end = `${ld} ${monthNamesGenitive[lm - 1]} ${ly}`;
  return fy === ly ? `1 ${monthNamesGenitive[fm - 1]} – ${end}` : `1 ${monthNamesGenitive[fm - 1]} ${fy} – ${end}`;
}
