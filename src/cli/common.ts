import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { Db, databaseExists } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import { isCalendarDate, localDate, type Month } from '../monthly/period.js';
import type { Deps, GlobalOptions } from './deps.js';

/** Commander option parser for YYYY-MM. */
export function monthOption(value: string): Month {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('нужен месяц в виде ГГГГ-ММ, например 2026-10.');
  return value;
}

/** Commander option parser for YYYY-MM-DD. */
export function dateOption(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('нужна дата в виде ГГГГ-ММ-ДД, например 2026-11-21.');
  return value;
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
  const config = await loadConfig(options.mapping && path.resolve(deps.cwd, options.mapping), deps.cwd);
  const file = path.resolve(deps.cwd, global.db);
  if (!databaseExists(file)) {
    throw new UserError(`База ${file} не найдена.`, {
      hint: 'Сначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.',
      exitCode: ExitCode.badInput,
    });
  }
  const db = await Db.open(file, { readOnly: !options.write, timeZone: config.timeZone, clock: deps.clock });
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
