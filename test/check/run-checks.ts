import { buildChecks } from '../../src/checks/procedure.js';
import type { Db } from '../../src/db/database.js';
import { wordChecks, type WordedReport } from '../../src/render/check-detail.js';

export interface CheckOptions {
  week?: string;
  asOf?: string;
  today?: string;
  initials?: Record<string, string>;
}

/**
 * `okno check` in-process, Moscow time, linkDays 14: a test file names its default week and today. Items carry
 * their words (`detail`, as the terminal, the workbook and JSON show them) beside their facts.
 */
export function checksOf(defaults: { week: string; today: string }) {
  return async (db: Db, options: CheckOptions = {}): Promise<WordedReport> =>
    wordChecks(await buildChecks(db, {
      week: options.week ?? (options.asOf ? undefined : defaults.week),
      asOf: options.asOf,
      today: options.today ?? defaults.today,
      timeZone: 'Europe/Moscow',
      linkDays: 14,
      initials: options.initials ?? {},
    }));
}
