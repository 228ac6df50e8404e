import { ExitCode, UserError } from '../errors.js';
import { addDays, isCalendarDate } from '../time/days.js';
import { ruDate } from '../text/russian.js';

/** An ISO week, 'YYYY-Www'. */
export type IsoWeek = string;

const dayMs = 86_400_000;

/** The ISO week (Monday to Sunday; week 1 holds the year's first Thursday) of a date. */
export function isoWeekOf(date: string): IsoWeek {
  const day = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const thursday = addDays(date, 3 - day);
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / dayMs / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week; null when the week does not exist (2026-W60, or W53 of a 52-week year). Never throws. */
export function weekMonday(week: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const [year, n] = [Number(m[1]), Number(m[2])];
  if (n < 1) return null;
  const jan4 = `${year}-01-04`;
  const monday = addDays(addDays(jan4, -((new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7)), (n - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null;
}

/** The week a check covers and the instant it is evaluated at (README «Неделя и момент проверки»). */
export interface CheckWeek {
  week: IsoWeek;
  /** Monday and Sunday, 'YYYY-MM-DD'. */
  monday: string;
  sunday: string;
  /** The day the check is as of: the end of this day is the cutoff. */
  asOf: string;
  /** Local times 'YYYY-MM-DD HH:MM:SS' in the account's time zone. */
  weekStart: string;
  /** The next Monday 00:00 (exclusive). */
  weekEnd: string;
  friday15: string;
  friday18: string;
  /** The end of the as-of day: only what the exports show before it counts. */
  cutoff: string;
}

/**
 * The checked week: `--week` (as of its Sunday; the current week as of today), `--as-of` (the week containing the
 * day, as of its end), or the current week as of today. A week that has not begun, or a day to come, is refused (exit 1).
 */
export function checkWeek(options: { week?: IsoWeek; asOf?: string; today: string }): CheckWeek {
  let asOf = options.asOf ?? options.today;
  let monday: string;
  if (options.week) {
    const m = weekMonday(options.week);
    if (!m) throw new UserError(`Недели ${options.week} нет в календаре.`, { exitCode: ExitCode.usage });
    monday = m;
    if (monday > options.today) {
      throw new UserError(`Неделя ${options.week} ещё не началась (сегодня ${ruDate(options.today)}).`, {
        hint: 'Укажите прошедшую или текущую неделю.',
      });
    }
    asOf = addDays(monday, 6) < options.today ? addDays(monday, 6) : options.today;
  } else {
    if (!isCalendarDate(asOf)) throw new UserError(`Дата ${asOf} — не дата календаря.`, { exitCode: ExitCode.usage });
    // A check as of a day to come would count as late what still has time, and call Friday's closing done.
    if (asOf > options.today) {
      throw new UserError(`День ${ruDate(asOf)} ещё не наступил (сегодня ${ruDate(options.today)}).`, {
        hint: 'Проверка идёт по данным на конец дня: укажите прошедший или сегодняшний день.',
      });
    }
    monday = addDays(asOf, -((new Date(`${asOf}T00:00:00Z`).getUTCDay() + 6) % 7));
  }
  const friday = addDays(monday, 4);
  return {
    week: isoWeekOf(monday),
    monday,
    sunday: addDays(monday, 6),
    asOf,
    weekStart: `${monday} 00:00:00`,
    weekEnd: `${addDays(monday, 7)} 00:00:00`,
    friday15: `${friday} 15:00:00`,
    friday18: `${friday} 18:00:00`,
    cutoff: `${addDays(asOf, 1)} 00:00:00`,
  };
}
