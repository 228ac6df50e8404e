// Russian grammar for text people read: plural forms after numerals, month names in the cases a sentence
// needs, numbers as Russian readers write them. Pure functions; below everything but src/time.
import { daysInMonth, type Month, type Period } from '../time/days.js';

/** The three forms of a noun phrase after a numeral: 1 консультация, 2 консультации, 5 консультаций. */
export type PluralForms = readonly [one: string, few: string, many: string];

const pluralRules = new Intl.PluralRules('ru');
/** ICU's categories for ru → our three forms. A fractional number is `other` and takes the genitive singular, the `few` form. */
const formIndex: Record<string, 0 | 1 | 2> = { one: 0, few: 1, many: 2, other: 1 };

/** Which form follows the number (CLDR's rule for ru): 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 111–114 → many. */
export function pluralForm(n: number): 0 | 1 | 2 {
  return formIndex[pluralRules.select(n)] ?? 2;
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
  day: ['день', 'дня', 'дней'],
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

/**
 * How many deal IDs (or clients) a list shows on the terminal and in the note's documents before «и ещё N»: the
 * workbook and --json carry every one (README «Long lists»).
 */
export const shownListItems = 20;

/** The first `limit` items joined by «, », then «и ещё N» for the rest (N = `total` − limit). */
export function firstItems(items: readonly (string | number)[], limit = shownListItems, total = items.length): string {
  const shown = items.slice(0, limit).join(', ');
  return total > limit ? `${shown} и ещё ${formatNumber(total - limit)}` : shown;
}

export interface NumberStyle {
  /** Keep trailing zeros up to `fractionDigits`: «14,0» in a terminal column of hours. Default: dropped, «14». */
  fixed?: boolean;
}

/**
 * The one way okno writes a number: «1 234 567», «4,8», «−3» — ru-RU grouping (from four digits on) and decimal
 * comma, a plain no-break space (U+00A0) between thousands (the one every font has and every editor keeps; Node's
 * ICU may use U+202F, which some fonts lack) and a true minus sign, also on a negative value that rounds to zero
 * («−0», as ICU writes it). Rounded half away from zero on decimalValue's digits (README «Rounding»). Trailing
 * zeros are dropped («4,8 часа», «5 часов», not «5,0 часов») unless `fixed`.
 *
 * Written out here rather than by `Intl.NumberFormat('ru-RU')`, whose first use costs every command some 30 ms of
 * loading ICU's locale data; the same characters as ICU for every finite value (test/text/format-number.test.ts
 * compares the two). Values JavaScript writes with an exponent (below 10⁻⁶, from 10²¹), ±∞ and NaN go to ICU, as does a
 * `fractionDigits` that is not a whole number from 0 to 20.
 */
export function formatNumber(n: number, fractionDigits = 0, style: NumberStyle = {}): string {
  const value = decimalValue(n);
  // A count of digits that is not a whole 0–20 is ICU's to refuse (RangeError), as it always was.
  const wholeDigits = Number.isInteger(fractionDigits) && fractionDigits >= 0 && fractionDigits <= 20;
  const digits = Number.isFinite(value) && wholeDigits ? String(Math.abs(value)) : 'e';
  if (digits.includes('e')) return icuNumber(value, fractionDigits, style);
  const [whole, fraction] = roundedDigits(digits, fractionDigits);
  const shownFraction = style.fixed ? fraction.padEnd(fractionDigits, '0') : fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, '\u00a0');
  return `${value < 0 ? '\u2212' : ''}${grouped}${shownFraction ? `,${shownFraction}` : ''}`;
}

/** A plain decimal («12.345») rounded half away from zero to `fractionDigits`: its whole part and its fraction's digits. */
function roundedDigits(decimal: string, fractionDigits: number): [whole: string, fraction: string] {
  const [whole, fraction = ''] = decimal.split('.') as [string, string?];
  if (fraction.length <= fractionDigits) return [whole, fraction];
  let kept = whole + fraction.slice(0, fractionDigits);
  if (fraction.charCodeAt(fractionDigits) >= 0x35 /* «5» */) kept = (BigInt(kept) + 1n).toString().padStart(kept.length, '0');
  const cut = kept.length - fractionDigits;
  return [kept.slice(0, cut), kept.slice(cut)];
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function icuNumber(value: number, fractionDigits: number, style: NumberStyle): string {
  const key = `${fractionDigits}${style.fixed ? 'f' : ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('ru-RU', {
      minimumFractionDigits: style.fixed ? fractionDigits : 0,
      maximumFractionDigits: fractionDigits,
      useGrouping: true,
    });
    numberFormats.set(key, format);
  }
  return format.format(value).replace(/[\u202f\u2009 ]/g, '\u00a0').replace('-', '\u2212');
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
export function roundTo(n: number, digits: number): number {
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
