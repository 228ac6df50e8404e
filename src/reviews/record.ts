import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { isCalendarDate } from '../time/period.js';
import { buildReviewWindows } from './due.js';
import { kindLabels, type Applied, type ReviewKind, type Satisfaction, type Solved, type WindowState } from '../model/reviews.js';
import { ruDate } from '../text/russian.js';

export interface ReviewSettings {
  /** Today, local 'YYYY-MM-DD': the default review date and the latest allowed. */
  today: string;
  /** config.reviews.from. */
  from: string | null;
  /** config.feedback.linkDays: how feedback responses link to consultations. */
  linkDays: number;
}

export interface ReviewWindow {
  kind: ReviewKind;
  opens: string;
  deadline: string;
  allowedUntil: string;
  state: WindowState;
}

/** The consultation a review is about, as the reviewer sees it (prompts and the review sheet alike). */
export interface ConsultationFacts {
  dealId: number;
  consultedOn: string;
  client: string | null;
  consultant: string;
  topic: string;
  project: string;
  /** The card's «Продолжительность (мин)». */
  durationMin: number | null;
}

/** What a reviewer is shown before answering, and what the defaults come from. */
export interface DealContext extends ConsultationFacts {
  /** The latest linked feedback response's rating. */
  satisfaction: Satisfaction | null;
  windows: ReviewWindow[];
}

/** Answers as given (flags, prompts, a sheet row); undefined = not given. */
export interface ReviewAnswers {
  kind?: ReviewKind;
  reviewer?: string | null;
  /** 'YYYY-MM-DD'; not given → today (or, when nothing else changed, the current review's date). */
  date?: string | null;
  effective?: boolean | null;
  minutes?: number | null;
  satisfaction?: Satisfaction | null;
  successFactors?: string | null;
  causes?: string | null;
  improvements?: string | null;
  applied?: Applied | null;
  changes?: string | null;
  solved?: Solved | null;
}

/** A checked review, ready to store. */
export interface Review {
  dealId: number;
  kind: ReviewKind;
  reviewer: string;
  date: string | null;
  effective: boolean | null;
  minutes: number | null;
  satisfaction: Satisfaction | null;
  successFactors: string | null;
  causes: string | null;
  improvements: string | null;
  applied: Applied | null;
  changes: string | null;
  solved: Solved | null;
}

export type RecordStatus = 'new' | 'updated' | 'unchanged';

/**
 * Prepares the connection for recording reviews: temp tables `review_windows` (as of today) and `feedback_links`.
 * Call once before dealContext / recordReview.
 */
export async function prepareReviews(db: Db, settings: ReviewSettings): Promise<void> {
  await buildReviewWindows(db, { asOf: settings.today, from: settings.from });
  await db.run('feedback/links', { link_days: settings.linkDays });
}

interface DealRow {
  deal_id: number; stage: string | null; stage_code: string | null; consulted_on: string | null; client: string | null;
  consultant_name: string; topic_name: string; project_name: string; duration_min: number | null;
  windows: { kind: ReviewKind; opens: string; deadline: string; allowed_until: string; state: WindowState }[] | null;
}

/** The facts of a tracked consultation; a UserError (Russian) when the deal is not one. */
export async function dealContext(db: Db, dealId: number, settings: ReviewSettings): Promise<DealContext> {
  const problem = await dealProblem(db, dealId, settings);
  if (typeof problem === 'string') throw new UserError(problem.charAt(0).toUpperCase() + problem.slice(1));
  return problem;
}

/** The deal's context, or why it cannot be reviewed (for sheet rows, which are rejected rather than thrown). */
export async function dealProblem(db: Db, dealId: number, settings: ReviewSettings): Promise<DealContext | string> {
  const deal = await db.one<DealRow>('reviews/deal', { deal_id: dealId });
  if (!deal) return `сделки ${dealId} нет в базе.`;
  if (!['held', 'feedback_requested', 'success'].includes(deal.stage_code ?? '')) {
    return `сделка ${dealId} — не проведённая консультация (этап «${deal.stage ?? 'не указан'}»); оценивают только проведённые.`;
  }
  if (!deal.consulted_on) return `у сделки ${dealId} не указана «Дата консультации» — срок оценки не определить.`;
  if (!deal.windows || deal.windows.length === 0) {
    return `консультация ${dealId} (${ruDate(deal.consulted_on)}) проведена раньше ${ruDate(settings.from ?? deal.consulted_on)} — с этой даты ведётся оценка (reviews.from в файле настроек).`;
  }
  const satisfaction = await db.one<{ rating: Satisfaction }>('reviews/satisfaction', { deal_id: dealId });
  return {
    dealId,
    consultedOn: deal.consulted_on,
    client: deal.client,
    consultant: deal.consultant_name,
    topic: deal.topic_name,
    project: deal.project_name,
    durationMin: deal.duration_min,
    satisfaction: satisfaction?.rating ?? null,
    windows: deal.windows.map((w) => ({ kind: w.kind, opens: w.opens, deadline: w.deadline, allowedUntil: w.allowed_until, state: w.state })),
  };
}

/** The kind to record when none is asked for: the open one not done, the month review first. */
export function defaultKind(ctx: DealContext, answers: ReviewAnswers = {}): ReviewKind | null {
  const open = ctx.windows.filter((w) => w.state === 'due' || w.state === 'late' || w.state === 'overdue');
  const kind = open.find((w) => w.kind === 'month')?.kind ?? open[0]?.kind;
  if (kind) return kind;
  // Nothing open: answers of one kind (recording a done review again, or correcting it) say which.
  const month = answers.effective != null || answers.successFactors != null || answers.causes != null;
  const followup = answers.applied != null || answers.solved != null || answers.changes != null;
  return month && !followup ? 'month' : followup && !month ? 'followup' : null;
}

/** Why a consultation has no review open now (defaultKind gave null), for the message that says so. */
export function noOpenReview(windows: readonly ReviewWindow[]): string {
  const month = windows.find((w) => w.kind === 'month');
  const followup = windows.find((w) => w.kind === 'followup');
  if (month?.state === 'done' && followup?.state === 'done') return 'обе оценки проведены';
  const part = (w: ReviewWindow | undefined, name: string) =>
    w === undefined ? [] : w.state === 'done' ? [`${name} проведена`] : w.state === 'not_open' ? [`${name} начнётся ${ruDate(w.opens)}`] : [];
  return [...part(month, 'оценка за месяц'), ...part(followup, 'оценка через 3–4 месяца')].join(', а ');
}

/** Which answers a kind still needs (flag names, for messages and prompts). */
export function missingAnswers(kind: ReviewKind, a: ReviewAnswers): string[] {
  const missing: string[] = [];
  if (kind === 'month') {
    if (a.effective == null) missing.push('--effective');
    else if (a.effective && !text(a.successFactors)) missing.push('--factors');
    else if (!a.effective && !text(a.causes)) missing.push('--causes');
  } else {
    if (a.applied == null) missing.push('--applied');
    if (a.solved == null) missing.push('--solved');
  }
  if (!text(a.reviewer)) missing.push('--reviewer');
  return missing;
}

/**
 * Checks answers against the deal (README «Оценка эффективности»); returns the review or the problems (Russian).
 * Minutes default to the card's duration, satisfaction to the linked feedback.
 */
export function checkReview(ctx: DealContext, answers: ReviewAnswers, today: string): Review | string[] {
  const problems: string[] = [];
  const kind = answers.kind ?? defaultKind(ctx, answers);
  if (!kind) return [`у консультации ${ctx.dealId} нет открытой оценки — укажите вид оценки (--kind month или followup).`];
  const window = ctx.windows.find((w) => w.kind === kind)!;
  if (window.state === 'not_open') {
    problems.push(`оценку «${kindLabels[kind]}» по консультации ${ctx.dealId} можно внести с ${ruDate(window.opens)}.`);
  }
  if (kind === 'month') {
    if (answers.effective == null) problems.push('не указано, была ли консультация эффективной (да / нет).');
    else if (answers.effective && !text(answers.successFactors)) problems.push('консультация эффективна — укажите факторы успеха.');
    else if (!answers.effective && !text(answers.causes)) problems.push('консультация неэффективна — укажите причины.');
    if (answers.minutes != null && (!Number.isFinite(answers.minutes) || answers.minutes < 0 || answers.minutes > 99_999_999)) {
      problems.push(`минуты «${answers.minutes}» — нужно неотрицательное число.`);
    }
  } else {
    if (answers.applied == null) problems.push('не указано, применил ли клиент рекомендации (не применил / частично / полностью).');
    if (answers.solved == null) problems.push('не указано, решена ли проблема (да / частично / нет).');
  }
  if (!text(answers.reviewer)) problems.push('не указано, кто оценил.');
  const date = answers.date ?? null;
  if (date !== null) {
    if (!isCalendarDate(date)) {
      problems.push(`дата оценки «${date}» — не дата.`);
    } else if (date < ctx.consultedOn) {
      problems.push(`дата оценки ${ruDate(date)} раньше консультации (${ruDate(ctx.consultedOn)}).`);
    } else if (date > today) {
      problems.push(`дата оценки ${ruDate(date)} позже сегодняшней (${ruDate(today)}).`);
    } else if (kind === 'followup' && window.state !== 'not_open' && date < window.opens) {
      // A follow-up is made from d + 3 months on: its date cannot be before that either.
      problems.push(`дата оценки ${ruDate(date)} раньше, чем можно вносить оценку «${kindLabels[kind]}» (с ${ruDate(window.opens)}).`);
    }
  }
  if (problems.length > 0) return problems;
  const month = kind === 'month';
  return {
    dealId: ctx.dealId,
    kind,
    reviewer: text(answers.reviewer)!.replace(/\s+/g, ' '),
    date,
    effective: month ? answers.effective! : null,
    minutes: month ? (answers.minutes ?? ctx.durationMin) : null,
    satisfaction: month ? (answers.satisfaction !== undefined ? answers.satisfaction : ctx.satisfaction) : null,
    successFactors: month ? text(answers.successFactors) : null,
    causes: month ? text(answers.causes) : null,
    improvements: month ? text(answers.improvements) : null,
    applied: month ? null : answers.applied!,
    changes: month ? null : text(answers.changes),
    solved: month ? null : answers.solved!,
  };
}

/** Stores a checked review unless it equals the current one for its deal and kind. Run inside a transaction. */
export async function recordReview(
  db: Db,
  review: Review,
  options: { today: string; source: 'sheet' | 'prompt' | 'flags'; sourceFile?: string | null },
): Promise<{ status: RecordStatus; reviewedOn: string }> {
  const content = {
    deal_id: review.dealId,
    kind: review.kind,
    reviewer: review.reviewer,
    effective: review.effective,
    minutes: review.minutes,
    satisfaction: review.satisfaction,
    success_factors: review.successFactors,
    causes: review.causes,
    improvements: review.improvements,
    applied: review.applied,
    changes: review.changes,
    solved: review.solved,
  };
  const c = (await db.one<{ status: RecordStatus; reviewed_on: string; content_hash: string }>('reviews/classify', {
    ...content,
    reviewed_on: review.date,
    today: options.today,
  }))!;
  if (c.status !== 'unchanged') {
    await db.run('reviews/insert', {
      ...content,
      reviewed_on: c.reviewed_on,
      source: options.source,
      source_file: options.sourceFile ?? null,
      content_hash: c.content_hash,
      now: db.now(),
    });
  }
  return { status: c.status, reviewedOn: c.reviewed_on };
}

function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}
