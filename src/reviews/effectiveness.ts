import type { Db } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import { monthLabel, shiftMonth, type Month } from '../time/period.js';
import { capitalise, monthTitle, ruDate } from '../text/russian.js';
import { buildReviewWindows, overdueReviews, type DueReview } from './due.js';
import { heldInPeriods } from '../monthly/report.js';

export interface EffectivenessRow {
  /** Topic or consultant; null for the total. */
  name: string | null;
  /** 1-month reviews whose window has opened (consultations up to today). */
  due: number;
  done: number;
  /** done / due; null when nothing is due. */
  doneShare: number | null;
  effective: number;
  /** effective / done; null when nothing is done. */
  effectiveShare: number | null;
  /** Sum of the done reviews' minutes. */
  minutes: number;
  /** minutes / effective («ресурсы на одну эффективную консультацию»); null when none is effective. */
  minutesPerEffective: number | null;
}

export interface FollowupFigures {
  due: number;
  done: number;
  doneShare: number | null;
  applied: { none: number; partial: number; full: number };
  solved: { yes: number; partial: number; no: number };
  /** Each count / done; null when nothing is done. */
  appliedShare: { none: number | null; partial: number | null; full: number | null };
  solvedShare: { yes: number | null; partial: number | null; no: number | null };
}

export interface ReviewNote {
  dealId: number;
  consultedOn: string;
  consultant: string;
  topic: string;
  effective: boolean;
  successFactors: string | null;
  causes: string | null;
  improvements: string | null;
  reviewer: string;
  reviewedOn: string;
}

export interface GroupTopics {
  group: string;
  consultations: number;
  topics: { topic: string; consultations: number }[];
}

export interface EffectivenessReport {
  from: Month;
  to: Month;
  /** «сентябрь 2026 — октябрь 2026» or one month's label. */
  label: string;
  today: string;
  timeZone: string;
  /** config.reviews.from. */
  trackedFrom: string | null;
  month: EffectivenessRow;
  byTopic: EffectivenessRow[];
  byConsultant: EffectivenessRow[];
  followup: FollowupFigures;
  notes: ReviewNote[];
  /** As of today, every tracked consultation (not only the range), both kinds. */
  overdue: DueReview[];
  /** Step 11: how consultations are grouped, and the top 5 topics of each group. */
  grouping: 'client_type' | 'new_returning';
  groups: GroupTopics[];
}

export interface EffectivenessOptions {
  from: Month;
  to: Month;
  today: string;
  timeZone: string;
  /** config.reviews.from. */
  trackedFrom: string | null;
}

type Raw = { dimension: 'total' | 'topic' | 'consultant'; name: string | null; due: number; done: number; effective: number; minutes: number; done_share: number | null; effective_share: number | null; minutes_per_effective: number | null };

/** The effectiveness report over consultations held in months [from, to] (README «okno report effectiveness»). */
export async function buildEffectivenessReport(db: Db, o: EffectivenessOptions): Promise<EffectivenessReport> {
  if (o.from > o.to) {
    throw new UserError(`Диапазон месяцев задан наоборот: --from ${o.from} позже --to ${o.to}.`, {
      hint: 'Укажите первый месяц в --from, последний — в --to.',
      exitCode: ExitCode.usage,
    });
  }
  if (o.to > o.today.slice(0, 7)) {
    const first = o.from > o.today.slice(0, 7) ? o.from : shiftMonth(o.today.slice(0, 7), 1);
    throw new UserError(`${capitalise(monthTitle(first))} ещё не начался (сегодня ${ruDate(o.today)}).`, {
      hint: 'Оценки считаются за месяцы, которые уже начались: укажите --to не позже текущего месяца.',
    });
  }
  const range = { from: `${o.from}-01`, to: `${shiftMonth(o.to, 1)}-01`, today: o.today };
  await buildReviewWindows(db, { asOf: o.today, from: o.trackedFrom });
  const raw = await db.all<Raw>('reviews/effectiveness_month', range);
  const row = (r: Raw): EffectivenessRow => ({
    name: r.name, due: r.due, done: r.done, doneShare: r.done_share, effective: r.effective, effectiveShare: r.effective_share,
    minutes: r.minutes, minutesPerEffective: r.minutes_per_effective,
  });
  const total = raw.find((r) => r.dimension === 'total');
  const f = (await db.one<Record<string, number>>('reviews/effectiveness_followup', range))!;
  const share = (n: number) => (f.done! > 0 ? n / f.done! : null);
  const notes = await db.all<{ deal_id: number; consulted_on: string; consultant_name: string; topic_name: string; effective: boolean; success_factors: string | null; causes: string | null; improvements: string | null; reviewer: string; reviewed_on: string }>(
    'reviews/effectiveness_notes', { from: range.from, to: range.to },
  );
  const overdue = await overdueReviews(db);
  await heldInPeriods(db, [range], o.timeZone);
  await db.run('monthly/period_held', { from: range.from, to: range.to, tz: o.timeZone, project: null });
  const topics = await db.all<{ grouping: 'client_type' | 'new_returning'; group_name: string; group_consultations: number; topic: string; consultations: number }>('reviews/topics_by_group');
  const groups: GroupTopics[] = [];
  for (const t of topics) {
    let g = groups.at(-1);
    if (!g || g.group !== t.group_name) groups.push((g = { group: t.group_name, consultations: t.group_consultations, topics: [] }));
    g.topics.push({ topic: t.topic, consultations: t.consultations });
  }
  return {
    from: o.from,
    to: o.to,
    label: o.from === o.to ? monthLabel(o.from) : `${monthLabel(o.from)} — ${monthLabel(o.to)}`,
    today: o.today,
    timeZone: o.timeZone,
    trackedFrom: o.trackedFrom,
    month: total ? row(total) : { name: null, due: 0, done: 0, doneShare: null, effective: 0, effectiveShare: null, minutes: 0, minutesPerEffective: null },
    byTopic: raw.filter((r) => r.dimension === 'topic').map(row),
    byConsultant: raw.filter((r) => r.dimension === 'consultant').map(row),
    followup: {
      due: f.due!,
      done: f.done!,
      doneShare: f.due! > 0 ? f.done! / f.due! : null,
      applied: { none: f.applied_none!, partial: f.applied_partial!, full: f.applied_full! },
      solved: { yes: f.solved_yes!, partial: f.solved_partial!, no: f.solved_no! },
      appliedShare: { none: share(f.applied_none!), partial: share(f.applied_partial!), full: share(f.applied_full!) },
      solvedShare: { yes: share(f.solved_yes!), partial: share(f.solved_partial!), no: share(f.solved_no!) },
    },
    notes: notes.map((n) => ({
      dealId: n.deal_id, consultedOn: n.consulted_on, consultant: n.consultant_name, topic: n.topic_name, effective: n.effective,
      successFactors: n.success_factors, causes: n.causes, improvements: n.improvements, reviewer: n.reviewer, reviewedOn: n.reviewed_on,
    })),
    overdue,
    grouping: topics[0]?.grouping ?? 'new_returning',
    groups,
  };
}
