import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { closeNames } from '../text/similar.js';
import type { ReviewKind, WindowState } from '../model/reviews.js';

export interface ReviewWindowOptions {
  /** The date the windows are computed for ('YYYY-MM-DD', local). */
  asOf: string;
  /** config.reviews.from: consultations before it are not tracked; null: all. */
  from: string | null;
}

export interface DueReview {
  dealId: number;
  kind: ReviewKind;
  consultedOn: string;
  client: string | null;
  consultant: string;
  topic: string;
  project: string;
  opens: string;
  deadline: string;
  /** The last allowed day: the deadline for a month review, d + 6 months for a follow-up. */
  allowedUntil: string;
  state: Exclude<WindowState, 'done' | 'not_open'>;
  /** Days from the as-of date to the deadline (negative after it). */
  daysLeft: number;
  /** Days past the last allowed day (0 unless overdue). */
  daysOverdue: number;
  durationMin: number | null;
}

export interface ReviewsDue {
  asOf: string;
  consultant: string | null;
  counts: { due: number; late: number; overdue: number };
  reviews: DueReview[];
}

/** Builds temp table `review_windows` as of a date (queries/reviews/windows.sql). */
export async function buildReviewWindows(db: Db, options: ReviewWindowOptions): Promise<void> {
  await db.run('reviews/windows_macro');
  await db.run('reviews/windows', { as_of: options.asOf, from: options.from });
}

interface DueRow {
  deal_id: number; kind: ReviewKind; consulted_on: string; client: string | null; consultant_name: string;
  topic_name: string; project_name: string; opens: string; deadline: string; allowed_until: string;
  state: DueReview['state']; days_left: number; days_overdue: number; duration_min: number | null;
}

/** Reviews of both kinds that are open and not done (README «okno review due»). */
export async function buildReviewsDue(
  db: Db,
  options: ReviewWindowOptions & { consultant?: string | null; overdueOnly?: boolean },
): Promise<ReviewsDue> {
  await buildReviewWindows(db, options);
  const consultant = options.consultant == null ? null : await knownConsultant(db, options.consultant);
  const rows = await db.all<DueRow>('reviews/due', { consultant, overdue_only: options.overdueOnly ?? false });
  const reviews = rows.map(dueReview);
  return {
    asOf: options.asOf,
    consultant,
    counts: {
      due: reviews.filter((r) => r.state === 'due').length,
      late: reviews.filter((r) => r.state === 'late').length,
      overdue: reviews.filter((r) => r.state === 'overdue').length,
    },
    reviews,
  };
}

/**
 * The consultant of the tracked consultations named `wanted` (compared as okno_key), as the cards write the name.
 * A name that matches no one is refused with the close names: a typo must not read as «nothing due».
 */
async function knownConsultant(db: Db, wanted: string): Promise<string> {
  const rows = await db.all<{ name: string | null; key: string | null; wanted: string | null }>('reviews/consultants', { consultant: wanted });
  const named = rows.filter((r): r is { name: string; key: string; wanted: string | null } => r.name !== null && r.key !== null);
  const match = named.find((r) => r.key === r.wanted);
  if (match) return match.name;
  const close = closeNames(rows[0]?.wanted ?? '', named);
  throw new UserError(`Консультанта «${wanted}» нет среди проведённых консультаций, подлежащих оценке.`, {
    hint: close.length > 0
      ? `Возможно, имелось в виду: ${close.map((r) => r.name).join(', ')}.`
      : named.length > 0 ? 'Похожих имён нет; все оценки к проведению — okno review due без --consultant.' : 'В базе нет проведённых консультаций, подлежащих оценке.',
  });
}

/** The overdue reviews of `review_windows` as it stands. */
export async function overdueReviews(db: Db): Promise<DueReview[]> {
  return (await db.all<DueRow>('reviews/due', { consultant: null, overdue_only: true })).map(dueReview);
}

function dueReview(r: DueRow): DueReview {
  return {
    dealId: r.deal_id,
    kind: r.kind,
    consultedOn: r.consulted_on,
    client: r.client,
    consultant: r.consultant_name,
    topic: r.topic_name,
    project: r.project_name,
    opens: r.opens,
    deadline: r.deadline,
    allowedUntil: r.allowed_until,
    state: r.state,
    daysLeft: r.days_left,
    daysOverdue: r.days_overdue,
    durationMin: r.duration_min,
  };
}
