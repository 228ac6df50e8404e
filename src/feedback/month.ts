import type { Db } from '../db/database.js';
import type { Period } from '../time/period.js';

export type Rating = 'satisfied' | 'partly' | 'dissatisfied';

/** Counts of a set of responses (README «Отзывы за месяц»). */
export interface FeedbackCounts {
  responses: number;
  /** «Получен ли ответ на Ваш вопрос?»: да / нет (responses without an answer to it are in neither). */
  answeredYes: number;
  answeredNo: number;
  /** answeredYes / (answeredYes + answeredNo); null when no response answered the question. */
  answeredShare: number | null;
  satisfied: number;
  partly: number;
  dissatisfied: number;
  unrated: number;
  /** satisfied / rated responses; null when none is rated. */
  satisfiedShare: number | null;
}

export interface FeedbackResponse {
  /** The linked consultation; null when the response is not linked. */
  dealId: number | null;
  consulted: string | null;
  submitted: string;
  organisation: string | null;
  consultant: string;
  answered: boolean | null;
  rating: Rating | null;
  reasons: string | null;
  suggestions: string | null;
}

export interface DissatisfiedClient extends FeedbackResponse {
  /** Whether a further consultation of the client followed within 3 days; null when unknown (not linked). */
  followedUp: boolean | null;
  followUp: { dealId: number; consulted: string } | null;
}

export interface FeedbackSection {
  linkDays: number;
  totals: FeedbackCounts;
  byConsultant: (FeedbackCounts & { name: string })[];
  coverage: {
    /** Consultants none of whose consultations in the period was asked for feedback. */
    consultantsNotAsked: { name: string; consultations: number; dealIds: number[] }[];
    /** New clients none of whose consultations in the period was asked. */
    newClientsNotAsked: { client: string; consultations: number; dealIds: number[]; consultants: string[] }[];
  };
  dissatisfied: DissatisfiedClient[];
  /** Responses with reasons or suggestions, verbatim. */
  comments: FeedbackResponse[];
  /** Every response of the period, by date. */
  responses: FeedbackResponse[];
  /** Responses not linked to any consultation (whole-centre note only). */
  unlinked: FeedbackResponse[];
}

interface CountsRow {
  name: string | null;
  responses: number;
  answered_yes: number;
  answered_no: number;
  satisfied: number;
  partly: number;
  dissatisfied: number;
  unrated: number;
}

/**
 * The feedback of the period whose consultations are in the temp table `period_held` (built by the monthly
 * note); `whole` adds the unlinked responses of the period (the centre's note, not a project's).
 */
export async function buildFeedbackSection(
  db: Db,
  options: { period: Period; whole: boolean; linkDays: number },
): Promise<FeedbackSection> {
  await db.run('feedback/links', { link_days: options.linkDays });
  await db.run('feedback/asked');
  await db.run('feedback/month', { from: options.period.from, to: options.period.to, whole: options.whole });
  const counts = await db.all<CountsRow>('feedback/month_by_consultant');
  const total = counts.find((c) => c.name === null);
  const notAsked = await db.all<{ kind: string; name: string; consultations: number; deal_ids: number[]; consultants: string[] | null }>(
    'feedback/month_not_asked',
  );
  const responses = (await db.all<Record<string, unknown>>('feedback/month_responses')).map((r) => ({
    response: {
      dealId: r.deal_id as number | null,
      consulted: r.consulted_iso as string | null,
      submitted: r.submitted_iso as string,
      organisation: r.organisation as string | null,
      consultant: r.consultant_name as string,
      answered: r.answered as boolean | null,
      rating: r.rating as Rating | null,
      reasons: r.reasons as string | null,
      suggestions: r.suggestions as string | null,
    },
    dissatisfied: r.dissatisfied as boolean,
    followUp: r.followup_deal_id === null ? null : { dealId: r.followup_deal_id as number, consulted: r.followup_iso as string },
  }));
  return {
    linkDays: options.linkDays,
    totals: feedbackCounts(total ?? null),
    byConsultant: counts.filter((c) => c.name !== null).map((c) => ({ name: c.name!, ...feedbackCounts(c) })),
    coverage: {
      consultantsNotAsked: notAsked
        .filter((n) => n.kind === 'consultant')
        .map((n) => ({ name: n.name, consultations: n.consultations, dealIds: n.deal_ids })),
      newClientsNotAsked: notAsked
        .filter((n) => n.kind === 'new_client')
        .map((n) => ({ client: n.name, consultations: n.consultations, dealIds: n.deal_ids, consultants: n.consultants ?? [] })),
    },
    dissatisfied: responses
      .filter((r) => r.dissatisfied)
      .map((r) => ({
        ...r.response,
        followedUp: r.response.dealId === null ? null : r.followUp !== null,
        followUp: r.followUp,
      })),
    responses: responses.map((r) => r.response),
    comments: responses.filter((r) => r.response.reasons !== null || r.response.suggestions !== null).map((r) => r.response),
    unlinked: responses.filter((r) => r.response.dealId === null).map((r) => r.response),
  };
}

function feedbackCounts(r: CountsRow | null): FeedbackCounts {
  if (r === null) {
    return { responses: 0, answeredYes: 0, answeredNo: 0, answeredShare: null, satisfied: 0, partly: 0, dissatisfied: 0, unrated: 0, satisfiedShare: null };
  }
  const answered = r.answered_yes + r.answered_no;
  const rated = r.satisfied + r.partly + r.dissatisfied;
  return {
    responses: r.responses,
    answeredYes: r.answered_yes,
    answeredNo: r.answered_no,
    answeredShare: answered > 0 ? r.answered_yes / answered : null,
    satisfied: r.satisfied,
    partly: r.partly,
    dissatisfied: r.dissatisfied,
    unrated: r.unrated,
    satisfiedShare: rated > 0 ? r.satisfied / rated : null,
  };
}
