import { buildChecks, type CheckReport } from '../../src/checks/procedure.js';
import type { Db } from '../../src/db/database.js';

export interface CheckOptions {
  week?: string;
  asOf?: string;
  today?: string;
  initials?: Record<string, string>;
}

/** `okno check` in-process, Moscow time, linkDays 14: a test file names its default week and today. */
export function checksOf(defaults: { week: string; today: string }) {
  return (db: Db, options: CheckOptions = {}): Promise<CheckReport> =>
    buildChecks(db, {
      week: options.week ?? (options.asOf ? undefined : defaults.week),
      asOf: options.asOf,
      today: options.today ?? defaults.today,
      timeZone: 'Europe/Moscow',
      linkDays: 14,
      initials: options.initials ?? {},
    });
}
