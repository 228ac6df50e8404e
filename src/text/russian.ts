// Russian grammar for text people publish: plural forms after numerals, month names in the cases a sentence
// needs, numbers as Russian readers write them. Pure functions, no dependencies.
import { daysInMonth, type Month, type Period } from '../time/days.js';

/** The three forms of a noun phrase after a numeral: 1 консультация, 2 консультации, 5 консультаций. */
export type PluralForms = readonly [one: string, few: string, many: string];

/**
 * Which form follows the number: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 11–14, 111–114 → many.
 * A fractional number takes the genitive singular, which is the `few` form: «4,8 часа», «1,5 консультации».
 */
export function pluralForm(n: number): 0 | 1 | 2 {
  if (!Number.isInteger(n)) return 1;
  const abs = Math.abs(n);
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return 0;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 1;
  return 2;
}

/** The form of `forms` that follows n. */
export function plural(n: number, forms: PluralForms): string {
  return forms[pluralForm(n)];
}

/** «125 консультаций», the number formatted the Russian way (see formatNumber). */
export function countOf(n: number, forms: PluralForms, fractionDigits = 0): string {
  const shown = roundTo(n, fractionDigits);
  return `${formatNumber(shown, fractionDigits)}\u00a0${plural(shown, forms)}`;
}

/** Nouns okno counts, in the cases its texts use. */
export const nouns = {
  /** nominative: «6 консультаций» */
  consultation: ['консультация', 'консультации', 'консультаций'],
  /** accusative: «провели 1 консультацию» */
  consultationAcc: ['консультацию', 'консультации', 'консультаций'],
  /** genitive: «для 1 организации, 3 организаций» */
  organisationGen: ['организации', 'организаций', 'организаций'],
  /** nominative: «3 организации» */
  organisation: ['организация', 'организации', 'организаций'],
  hour: ['час', 'часа', 'часов'],
  minute: ['минута', 'минуты', 'минут'],
  newClient: ['новый клиент', 'новых клиента', 'новых клиентов'],
  response: ['отзыв', 'отзыва', 'отзывов'],
  rating: ['оценка', 'оценки', 'оценок'],
  /** nominative: «ответили 21 человек, 22 человека» */
  person: ['человек', 'человека', 'человек'],
  /** genitive: «от 21 человека», «меньше 5 человек» */
  personGen: ['человека', 'человек', 'человек'],
  question: ['вопрос', 'вопроса', 'вопросов'],
  department: ['отдел', 'отдела', 'отделов'],
} as const satisfies Record<string, PluralForms>;

const numberFormats = new Map<number, Intl.NumberFormat>();

/**
 * «1 234 567», «4,8»: ru-RU grouping and decimal comma, with a plain no-break space (U+00A0) between thousands —
 * the one every font has and every editor keeps (Node's ICU may use U+202F, which some fonts lack).
 */
export function formatNumber(n: number, fractionDigits = 0): string {
  let format = numberFormats.get(fractionDigits);
  if (!format) {
    // Trailing zeros dropped: «4,8 часа», «5 часов», not «5,0 часов».
    format = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: fractionDigits, useGrouping: true });
    numberFormats.set(fractionDigits, format);
  }
  return format.format(decimalValue(n)).replace(/[\u202f\u2009 ]/g, '\u00a0').replace('-', '\u2212');
}

/**
 * The number as a person (and Excel) reads it: written to 15 significant digits, so that binary noise does not
 * decide a rounding — 23 / 40 × 100 is 57.49999999999999 in floating point and 57.5 here. Every figure okno shows is
 * then rounded half away from zero (README «Rounding»): 57.5 % → 58 %, 0.15 h → 0,2, −2.5 → −3.
 */
export function decimalValue(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : n;
}

/** «83 %»: a whole percent (half away from zero: 23 of 40 → «58 %») with a no-break space, as Russian typography has it. */
export function formatPercent(share: number): string {
  return `${formatNumber(share * 100)}\u00a0%`;
}

/** n rounded as formatNumber shows it (half away from zero on decimalValue). */
function roundTo(n: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(decimalValue(Math.abs(n) * f)) / f;
  return n < 0 ? -r : r;
}

export type MonthCase = 'nominative' | 'genitive' | 'prepositional';

const monthNames: Record<MonthCase, readonly string[]> = {
  nominative: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  genitive: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  prepositional: ['январе', 'феврале', 'марте', 'апреле', 'мае', 'июне', 'июле', 'августе', 'сентябре', 'октябре', 'ноябре', 'декабре'],
};

function parts(month: Month): { year: number; index: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { year: y, index: m - 1 };
}

/** The month's name alone: «октябрь», «октября», «октябре». */
export function monthName(month: Month, grammaticalCase: MonthCase): string {
  return monthNames[grammaticalCase][parts(month).index]!;
}

/** «в октябре 2026 года» */
export function inMonth(month: Month): string {
  return `в ${monthName(month, 'prepositional')} ${parts(month).year} года`;
}

/** «за октябрь 2026 года» */
export function forMonth(month: Month): string {
  return `за ${monthName(month, 'nominative')} ${parts(month).year} года`;
}

/** «октябрь 2026» (a heading or a caption). */
export function monthTitle(month: Month): string {
  return `${monthName(month, 'nominative')} ${parts(month).year}`;
}

/** «15.10.2026» from 'YYYY-MM-DD'. */
export function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** Initials as compared: upper case, ё → Е, no spaces or dots («и.и.» → «ИИ»). */
export function normaliseInitials(text: string): string {
  return text.replace(/[\s.]/g, '').toUpperCase().replace(/Ё/g, 'Е');
}

/** A sentence starts with a capital letter: «В октябре 2026 года». */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a text names the period it covers: a whole month, or the first days of a month not over yet. */
export interface PeriodPhrases {
  /** «в октябре 2026 года» / «с 1 по 21 ноября 2026 года» */
  in: string;
  /** «за октябрь 2026 года» / «за 1–21 ноября 2026 года» */
  for: string;
  /** «октябрь 2026» / «1–21 ноября 2026» */
  title: string;
}

export function periodPhrases(period: Period): PeriodPhrases {
  const month = period.from.slice(0, 7);
  if (period.days >= daysInMonth(month)) return { in: inMonth(month), for: forMonth(month), title: monthTitle(month) };
  const { year } = parts(month);
  const genitive = monthName(month, 'genitive');
  if (period.days === 1) {
    return { in: `1 ${genitive} ${year} года`, for: `за 1 ${genitive} ${year} года`, title: `1 ${genitive} ${year}` };
  }
  return {
    in: `с 1 по ${period.days} ${genitive} ${year} года`,
    for: `за 1–${period.days} ${genitive} ${year} года`,
    title: `1–${period.days} ${genitive} ${year}`,
  };
}
