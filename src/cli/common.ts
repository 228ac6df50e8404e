import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import { firstYear, isCalendarDate, lastYear, localDate, saneYear, type Month } from '../time/period.js';
import type { Deps, GlobalOptions } from './deps.js';

/**
 * Refuses a period option whose year is outside firstYear…lastYear (README «Периоды справки»), naming the form
 * expected: «год 0026 вне диапазона 2000–2100: нужен месяц в виде ГГГГ-ММ, например 2026-10.»
 */
export function checkPeriodYear(value: string, expected: string): void {
  const year = /^\d{4}/.exec(value.trim())?.[0];
  if (year !== undefined && !saneYear(year)) throw new InvalidArgumentError(`год ${year} вне диапазона ${firstYear}–${lastYear}: ${expected}`);
}

/** Commander option parser for YYYY-MM, years firstYear…lastYear. */
/** A survey's number (`okno survey list`). */
export function surveyIdArgument(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('номер опроса — целое число (okno survey list).');
  return Number(value);
}

export function monthOption(value: string): Month {
  const expected = 'нужен месяц в виде ГГГГ-ММ, например 2026-10.';
  checkPeriodYear(value, expected);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError(expected);
  return value;
}

/** Commander option parser for YYYY-MM-DD. */
export function dateOption(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('нужна дата в виде ГГГГ-ММ-ДД, например 2026-11-21.');
  return value;
}

/**
 * The CLI's one open/try/close: runs `fn` with what `opening` opened (a Db, or openForReport's or a command's own
 * { db, … }) and closes the database however `fn` ends.
 */
export async function withDb<T extends Db | { db: Db }, R>(opening: Promise<T>, fn: (opened: T) => Promise<R>): Promise<R> {
  const opened = await opening;
  try {
    return await fn(opened);
  } finally {
    // Told apart by shape, not `instanceof Db`: the database module loads only when a command opens one.
    ('db' in opened ? (opened as { db: Db }).db : (opened as Db)).close();
  }
}

/**
 * Opens an existing database for a report. The time zone: okno.config.json when it sets one, else the one the
 * data was loaded with, else Europe/Moscow.
 */
export async function openForReport(
  deps: Deps,
  global: GlobalOptions,
  options: { write?: boolean; mapping?: string } = {},
): Promise<{ db: Db; config: Config; timeZone: string; today: string }> {
  const [{ loadConfig }, { Db, databaseExists }] = await Promise.all([import('../config.js'), import('../db/database.js')]);
  const config = await loadConfig(options.mapping && path.resolve(deps.cwd, options.mapping), deps.cwd);
  const file = path.resolve(deps.cwd, global.db);
  if (!databaseExists(file)) {
    throw new UserError(`База ${file} не найдена.`, {
      hint: 'Сначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.',
      exitCode: ExitCode.badInput,
    });
  }
  const db = await Db.open(file, { readOnly: !options.write, timeZone: config.timeZone, clock: deps.clock, signal: deps.signal });
  let timeZone = config.timeZone;
  if (config.source === null) {
    const stored = await db.one<{ value: string }>('meta_get', { key: 'time_zone' });
    if (stored && stored.value !== timeZone) {
      timeZone = stored.value;
      await db.setTimeZone(timeZone);
    }
  }
  return { db, config, timeZone, today: localDate(deps.clock(), timeZone) };
}
