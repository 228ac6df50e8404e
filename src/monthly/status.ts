import type { Db } from '../db/database.js';
import { monthLabel, previousMonth, type Month } from '../time/period.js';
import { buildMonthlyReport, buildNoteHeadline, headlineOf, type Freshness } from './report.js';
import { defaultLinkDays } from '../config.js';
import { latestKit, prStatus, type PrStatus } from '../pr/record.js';

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
  /** The PR manager publishes the month's figures by the same date (seed 001 §5); ready once `okno pr` made the kit. */
  pr: PrStatus;
  freshness: Freshness;
  /** Data-quality problems of the month (as in the note). */
  problems: number;
  consultations: number;
  /** Effectiveness reviews (README «okno status»). */
  reviews: ReviewStatus;
  /** The procedure checks of the current week as of today (README «okno check»). */
  procedure: { week: string; problems: number; notDue: number };
}

export interface ReviewStatus {
  /** Sunday of this week. */
  weekEnd: string;
  /** Not done, deadline (month: d + 1 month; follow-up: d + 4 months) from today to Sunday. */
  monthThisWeek: number;
  followupThisWeek: number;
  /** Month reviews past d + 1 month, follow-ups past d + 6 months. */
  monthOverdue: number;
  followupOverdue: number;
  /** Follow-ups after d + 4 months, up to d + 6 months (still allowed). */
  followupLate: number;
}

/** The deadline dashboard (README «okno status»): the director's note and the PR figures are due by the 5th. */
export async function buildStatus(
  db: Db,
  options: { today: string; timeZone: string; reviewsFrom?: string | null; linkDays?: number; initials?: Record<string, string> },
): Promise<StatusReport> {
  const month = previousMonth(options.today);
  const due = `${options.today.slice(0, 7)}-05`;
  const daysLeft = daysBetween(options.today, due);
  const noteOptions = { month, today: options.today, timeZone: options.timeZone };
  // The whole note only when a PR kit was made: what the kit said is compared with what the note says now. Else
  // the status needs the note's headline only (the same definitions, a fraction of the work).
  const kit = await latestKit(db, month);
  const report = kit ? await buildMonthlyReport(db, { ...noteOptions, linkDays: options.linkDays }) : null;
  const headline = report ? headlineOf(report) : await buildNoteHeadline(db, noteOptions);
  const issuedAt = headline.issuedAt;
  return {
    today: options.today,
    month,
    monthLabel: monthLabel(month),
    note: { due, daysLeft, state: issuedAt ? 'issued' : daysLeft < 0 ? 'overdue' : 'due', issuedAt },
    pr: prStatus(kit, report, { due, daysLeft }),
    freshness: headline.freshness,
    problems: headline.problems,
    consultations: headline.consultations,
    reviews: await reviewStatus(db, options.today, options.reviewsFrom ?? null),
    procedure: await procedureStatus(db, options),
  };
}

async function procedureStatus(
  db: Db,
  options: { today: string; timeZone: string; linkDays?: number; initials?: Record<string, string> },
): Promise<StatusReport['procedure']> {
  const { buildChecks } = await import('../checks/procedure.js');
  const checks = await buildChecks(db, {
    today: options.today,
    timeZone: options.timeZone,
    linkDays: options.linkDays ?? defaultLinkDays,
    initials: options.initials ?? {},
    countsOnly: true,
  });
  return { week: checks.week, problems: checks.problems, notDue: checks.rules.filter((r) => r.state === 'not_due').length };
}

async function reviewStatus(db: Db, today: string, from: string | null): Promise<ReviewStatus> {
  const day = new Date(`${today}T00:00:00Z`).getUTCDay();
  const weekEnd = new Date(Date.parse(`${today}T00:00:00Z`) + ((7 - day) % 7) * 86_400_000).toISOString().slice(0, 10);
  // Counted straight from the windows' macro: the status needs five counts, not every window as a table.
  await db.run('reviews/windows_macro');
  const c = (await db.one<Record<string, number>>('reviews/status_counts', { today, week_end: weekEnd, from }))!;
  return {
    weekEnd,
    monthThisWeek: c.month_this_week!,
    followupThisWeek: c.followup_this_week!,
    monthOverdue: c.month_overdue!,
    followupOverdue: c.followup_overdue!,
    followupLate: c.followup_late!,
  };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
