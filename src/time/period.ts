// A note's periods (month, quarter, half-year, year, range of months): parsing them, their spans and their names.
// The day arithmetic they stand on is in days.ts and re-exported here, so a caller imports periods from one place.
import { UserError } from '../errors.js';
import { capitalise, ruDate } from '../text/russian.js';
import { daysInMonth, lastDay, monthsBetween, shiftMonth, type Month, type Period } from './days.js';

export * from './days.js';

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
