import type { Db } from '../db/database.js';
import { monthLabel, previousMonth, type Month } from './period.js';
import { buildMonthlyReport, type Freshness } from './report.js';

export interface Deadline {
  /** 'YYYY-MM-DD', the last day allowed. */
  due: string;
  /** Days from today to the due date (negative when overdue). */
  daysLeft: number;
}

export interface StatusReport {
  today: string;
  /** The month whose note is due now: the previous calendar month. */
  month: Month;
  monthLabel: string;
  note: Deadline & { state: 'issued' | 'due' | 'overdue'; issuedAt: string | null };
  /** The PR manager publishes the month's figures by the same date (seed 001 §5). */
  pr: Deadline;
  freshness: Freshness;
  /** Data-quality problems of the month (as in the note). */
  problems: number;
  consultations: number;
}

/** The deadline dashboard (README «okno status»): the director's note and the PR figures are due by the 5th. */
export async function buildStatus(db: Db, options: { today: string; timeZone: string }): Promise<StatusReport> {
  const month = previousMonth(options.today);
  const report = await buildMonthlyReport(db, { month, today: options.today, timeZone: options.timeZone });
  const due = `${options.today.slice(0, 7)}-05`;
  const daysLeft = daysBetween(options.today, due);
  const issuedAt = report.issue.issued?.issuedAt ?? null;
  return {
    today: options.today,
    month,
    monthLabel: monthLabel(month),
    note: { due, daysLeft, state: issuedAt ? 'issued' : daysLeft < 0 ? 'overdue' : 'due', issuedAt },
    pr: { due, daysLeft },
    freshness: report.freshness,
    problems: report.quality.problems,
    consultations: report.totals.consultations,
  };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
