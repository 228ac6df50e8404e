import { defaultLinkDays } from '../config.js';
import type { Db } from '../db/database.js';
import { buildFeedbackSection, type FeedbackSection } from '../feedback/month.js';
import {
  isoInstant, monthsBetween, nominalLabel, periodLabel, reportPeriods, shiftMonth,
  type LabelledPeriod, type Month, type NotePeriod, type PeriodKind, type Period, type ReportPeriods,
} from '../time/period.js';
import { ruDate } from '../text/russian.js';

/** Figures of one period (README «Определения»). */
export interface Figures {
  consultations: number;
  minutes: number;
  hours: number;
  clients: number;
  newClients: number;
  /** Mean duration of the consultations whose card has one; null when none has. */
  avgMinutes: number | null;
}

/** The same figures in a comparison period; null when the database holds no consultation at all in that period. */
export interface Comparison {
  /** The previous period of the same length (the previous month for a month's note; the name is kept for scripts). */
  previousMonth: Figures | null;
  yearAgo: Figures | null;
}

export interface Row extends Figures {
  name: string;
  change: Comparison;
}

export interface Totals extends Figures {
  change: Comparison;
}

export interface QualityReport {
  /** Held cards with no consultation date (any month): not counted. */
  heldWithoutDate: { dealId: number; name: string | null; client: string | null; consultant: string | null; edited: string | null }[];
  /** Consultations of the month missing a field (counted all the same). */
  missing: { field: 'project' | 'topic' | 'consultant' | 'duration' | 'client'; dealIds: number[] }[];
  /** Rows rejected by loads and not fixed by a later load. */
  rejects: { file: string; loaded: string; line: number; dealId: string | null; reason: string; column: string | null; value: string | null }[];
  /** Current deals in a stage okno does not know. */
  unknownStages: { stage: string; dealIds: number[] }[];
  /** Number of problems: each listed deal or row once per item. */
  problems: number;
}

export interface Freshness {
  /** The latest load of consultations, ISO 8601 with the offset of the account's time zone. */
  latestLoad: string | null;
  latestLoadFile: string | null;
  /** The latest «Дата редактирования» over every loaded deal version, ISO 8601 with offset. */
  latestEdited: string | null;
  /** Some export was loaded after the period ended. */
  loadedAfterEnd: boolean;
  /** The period's data plainly cannot be complete (README «Freshness»); `reason` says why. */
  incomplete: boolean;
  reason: IncompleteReason | null;
  /** One message for people: why the data cannot be complete, or that the period is not over, or null. */
  warning: string | null;
}

/** No load at all; the latest edit is before the period's end; no consultation held while the 3 months before had some. */
export type IncompleteReason = 'no_load' | 'edited_before_end' | 'none_held';

export interface IssueState {
  /** The latest issue of this month's note, if any. */
  issued: { issueId: number; issuedAt: string } | null;
  /** What differs from the issued note: per kind of change, the deal IDs. */
  changes: { change: ChangeKind; dealIds: number[] }[];
}

export type ChangeKind =
  | 'added' | 'removed' | 'project' | 'topic' | 'consultant' | 'duration' | 'format' | 'channel' | 'external' | 'date' | 'client';

export interface HeldConsultation {
  dealId: number;
  consulted: string;
  client: string | null;
  project: string;
  topic: string;
  consultant: string;
  kind: string;
  format: string;
  channel: string;
  durationMin: number | null;
  newClient: boolean;
  stage: string;
  comments: string | null;
}

export interface MonthlyReport {
  /** What the note covers (README «Периоды справки»). */
  periodKind: PeriodKind;
  /** '2026-11', '2026-Q3', '2026-H1', '2026', '2026-01_2026-06'. */
  periodKey: string;
  /** The month of a month's note; for another period its last month (the CLI's JSON then leaves it out). */
  month: Month;
  /** The note of one project (a project manager's), or null for the whole centre. */
  project: string | null;
  /** The nominal period: «октябрь 2026», «III квартал 2026», «2026 год». */
  monthLabel: string;
  /** «за октябрь 2026 года», «за III квартал 2026 года», «за 2026 год». */
  title: string;
  timeZone: string;
  partial: boolean;
  period: LabelledPeriod;
  previousPeriod: LabelledPeriod;
  yearAgoPeriod: LabelledPeriod;
  totals: Totals;
  byProject: Row[];
  byConsultant: Row[];
  byTopic: Row[];
  byFormat: Row[];
  byChannel: Row[];
  byKind: Row[];
  /** The 12 months ending with the period's last month begun (every month of a longer range). */
  trend: { month: Month; consultations: number; minutes: number }[];
  quality: QualityReport;
  freshness: Freshness;
  issue: IssueState;
  consultations: HeldConsultation[];
  /** Client feedback about the month's consultations (README «Отзывы за месяц»). */
  feedback: FeedbackSection;
}

type Dimension = 'project' | 'consultant' | 'topic' | 'format' | 'channel' | 'kind';

interface PeriodFigures {
  totals: Figures;
  rows: Map<Dimension, Map<string, Figures>>;
  ordered: Map<Dimension, string[]>;
}

/** Which period a note covers: a month (`month`) or any note period (`period`). */
export interface NoteOptions {
  month?: Month;
  period?: NotePeriod;
  today: string;
  timeZone: string;
}

function notePeriods(options: NoteOptions): ReportPeriods {
  const period = options.period ?? { kind: 'month', first: options.month!, last: options.month! };
  return reportPeriods(period, options.today);
}

/**
 * The director's note: every figure from queries/monthly, for the period, the previous period of the same length
 * and the same period a year before (README «Периоды справки»).
 */
export async function buildMonthlyReport(
  db: Db,
  options: NoteOptions & { project?: string; linkDays?: number },
): Promise<MonthlyReport> {
  const periods = notePeriods(options);
  const tz = options.timeZone;
  const project = options.project ?? null;
  await heldInPeriods(db, [periods.previous, periods.yearAgo, periods.current], tz);
  const previous = await periodFigures(db, periods.previous, tz, project);
  const yearAgo = await periodFigures(db, periods.yearAgo, tz, project);
  // The current period last: its temp table `period_held` feeds the lists, quality checks and issue comparison.
  const current = await periodFigures(db, periods.current, tz, project);

  // A range longer than 12 months overlaps the same months a year before: no year-before comparison (README «Comparisons»).
  const overlaps = monthsBetween(periods.first, periods.last) + 1 > 12;
  const compare = (pick: (p: PeriodFigures) => Figures | undefined): Comparison => ({
    previousMonth: previous.totals.consultations > 0 ? (pick(previous) ?? zero()) : null,
    yearAgo: !overlaps && yearAgo.totals.consultations > 0 ? (pick(yearAgo) ?? zero()) : null,
  });
  const rows = (dimension: Dimension): Row[] =>
    (current.ordered.get(dimension) ?? []).map((name) => ({
      name,
      ...current.rows.get(dimension)!.get(name)!,
      change: compare((p) => p.rows.get(dimension)?.get(name)),
    }));

  // Issues and the centre-wide checks belong to the whole note; a project's note carries its own missing fields.
  const issue = project === null ? await issueState(db, periods.key) : { issued: null, changes: [] };
  const checks = await quality(db);
  const thisMonth = options.today.slice(0, 7);
  const trendLast = periods.last < thisMonth ? periods.last : thisMonth;
  return {
    periodKind: periods.kind,
    periodKey: periods.key,
    month: periods.last,
    project,
    monthLabel: nominalLabel(periods),
    title: periods.title,
    timeZone: tz,
    partial: periods.partial,
    period: periods.current,
    previousPeriod: periods.previous,
    yearAgoPeriod: periods.yearAgo,
    totals: { ...current.totals, change: compare((p) => p.totals) },
    byProject: rows('project'),
    byConsultant: rows('consultant'),
    byTopic: rows('topic'),
    byFormat: rows('format'),
    byChannel: rows('channel'),
    byKind: rows('kind'),
    trend: await db.all('monthly/trend', { first: `${periods.first}-01`, last: `${trendLast}-01`, project }),
    quality: project === null ? checks : projectQuality(checks),
    freshness: await freshness(db, periods, options.today, tz),
    issue,
    consultations: await heldList(db),
    feedback: await buildFeedbackSection(db, {
      period: periods.current,
      whole: project === null,
      linkDays: options.linkDays ?? defaultLinkDays,
    }),
  };
}

/** What `okno status` says of a month's note: the figures of its own lines, not the whole note. */
export interface NoteHeadline {
  consultations: number;
  problems: number;
  freshness: Freshness;
  /** When the note was last issued (ISO 8601 with the offset, as IssueState), or null. */
  issuedAt: string | null;
}

/** The headline of a note already built. */
export function headlineOf(report: MonthlyReport): NoteHeadline {
  return { consultations: report.totals.consultations, problems: report.quality.problems, freshness: report.freshness, issuedAt: report.issue.issued?.issuedAt ?? null };
}

/**
 * The note's headline for the whole centre, with exactly the note's definitions (buildMonthlyReport's
 * consultations, quality.problems, freshness and latest issue) and none of the rest: no comparison periods, lists,
 * trend or feedback.
 */
export async function buildNoteHeadline(db: Db, options: NoteOptions): Promise<NoteHeadline> {
  const periods = notePeriods(options);
  const { current } = periods;
  await heldInPeriods(db, [current], options.timeZone);
  await db.run('monthly/period_held', { from: current.from, to: current.to, tz: options.timeZone, project: null });
  const totals = (await db.one<RawFigures>('monthly/period_totals'))!;
  const issued = await db.one<{ issued_at: string }>('monthly/issue_latest', { month: periods.key });
  return {
    consultations: totals.consultations,
    problems: (await quality(db)).problems,
    freshness: await freshness(db, periods, options.today, options.timeZone),
    issuedAt: issued?.issued_at ?? null,
  };
}

/** Records that the note for the period was issued (keyed by its period key), with its figures and consultations. */
export async function issueMonthlyNote(db: Db, report: MonthlyReport): Promise<{ issueId: number; issuedAt: string }> {
  return db.transaction(async () => {
    // `period_held` must be the report's own month: rebuild it rather than trust the connection's last query.
    await heldInPeriods(db, [report.period], report.timeZone);
    await db.run('monthly/period_held', { from: report.period.from, to: report.period.to, tz: report.timeZone, project: null });
    const figures = JSON.stringify({
      totals: report.totals,
      byProject: report.byProject,
      byConsultant: report.byConsultant,
      byTopic: report.byTopic,
      byFormat: report.byFormat,
      byChannel: report.byChannel,
      byKind: report.byKind,
      partial: report.partial,
      period: report.period,
    });
    const { issue_id } = (await db.one<{ issue_id: number }>('monthly/issue_insert', {
      month: report.periodKey,
      tz: report.timeZone,
      figures,
      now: db.now(),
    }))!;
    await db.run('monthly/issue_deals_insert', { issue_id });
    const latest = (await db.one<{ issue_id: number; issued_at: string }>('monthly/issue_latest', { month: report.periodKey }))!;
    return { issueId: issue_id, issuedAt: latest.issued_at };
  });
}

/**
 * Temp tables `held_now` (the held consultations of the given periods, one to three, as they are now) and
 * `client_first_seen`, which monthly/period_held reads for any of those periods.
 */
export async function heldInPeriods(db: Db, periods: Pick<Period, 'from' | 'to'>[], tz: string): Promise<void> {
  if (periods.length < 1 || periods.length > 3) throw new Error(`heldInPeriods: ${periods.length} periods (1 to 3)`);
  const [a, b = a, c = b] = periods as [Pick<Period, 'from' | 'to'>, ...Pick<Period, 'from' | 'to'>[]];
  await db.run('monthly/held_now', { from1: a.from, to1: a.to, from2: b!.from, to2: b!.to, from3: c!.from, to3: c!.to, tz });
  await db.run('monthly/first_seen');
}

async function periodFigures(db: Db, period: Period, tz: string, project: string | null): Promise<PeriodFigures> {
  await db.run('monthly/period_held', { from: period.from, to: period.to, tz, project });
  const totals = figures((await db.one<RawFigures>('monthly/period_totals'))!);
  const rows = new Map<Dimension, Map<string, Figures>>();
  const ordered = new Map<Dimension, string[]>();
  for (const r of await db.all<RawFigures & { dimension: Dimension; name: string }>('monthly/period_by_dimension')) {
    if (!rows.has(r.dimension)) {
      rows.set(r.dimension, new Map());
      ordered.set(r.dimension, []);
    }
    rows.get(r.dimension)!.set(r.name, figures(r));
    ordered.get(r.dimension)!.push(r.name);
  }
  return { totals, rows, ordered };
}

interface RawFigures {
  consultations: number;
  minutes: number;
  with_duration: number;
  clients: number;
  new_clients: number;
}

function figures(r: RawFigures): Figures {
  return {
    consultations: r.consultations,
    minutes: r.minutes,
    hours: r.minutes / 60,
    clients: r.clients,
    newClients: r.new_clients,
    avgMinutes: r.with_duration > 0 ? r.minutes / r.with_duration : null,
  };
}

function zero(): Figures {
  return { consultations: 0, minutes: 0, hours: 0, clients: 0, newClients: 0, avgMinutes: null };
}

async function quality(db: Db): Promise<QualityReport> {
  const heldWithoutDate = (
    await db.all<{ deal_id: number; name: string | null; client: string | null; consultant: string | null; edited_iso: string | null }>(
      'monthly/quality_held_undated',
    )
  ).map((r) => ({ dealId: r.deal_id, name: r.name, client: r.client, consultant: r.consultant, edited: r.edited_iso }));
  const missing = (await db.all<{ field: QualityReport['missing'][number]['field']; deal_ids: number[] }>('monthly/quality_missing_fields')).map(
    (r) => ({ field: r.field, dealIds: r.deal_ids }),
  );
  const rejects = (
    await db.all<{ file_name: string; loaded_iso: string; line_no: number; deal_id: string | null; reason: string; field: string | null; value: string | null }>(
      'monthly/quality_rejects',
    )
  ).map((r) => ({ file: r.file_name, loaded: r.loaded_iso, line: r.line_no, dealId: r.deal_id, reason: r.reason, column: r.field, value: r.value }));
  const unknownStages = (await db.all<{ stage: string; deal_ids: number[] }>('monthly/quality_unknown_stages')).map((r) => ({
    stage: r.stage,
    dealIds: r.deal_ids,
  }));
  const problems =
    heldWithoutDate.length +
    missing.reduce((n, m) => n + m.dealIds.length, 0) +
    rejects.length +
    unknownStages.reduce((n, s) => n + s.dealIds.length, 0);
  return { heldWithoutDate, missing, rejects, unknownStages, problems };
}

function projectQuality(q: QualityReport): QualityReport {
  return { heldWithoutDate: [], missing: q.missing, rejects: [], unknownStages: [], problems: q.missing.reduce((n, m) => n + m.dealIds.length, 0) };
}

/** The projects with consultations in the period (current state), «не распределено» included. */
export async function projectsOfPeriod(db: Db, options: NoteOptions): Promise<string[]> {
  const { current } = notePeriods(options);
  await heldInPeriods(db, [current], options.timeZone);
  await db.run('monthly/period_held', { from: current.from, to: current.to, tz: options.timeZone, project: null });
  return (await db.all<{ name: string }>('monthly/period_projects')).map((p) => p.name);
}

/** The freshness of the data for a note's period (README «Freshness»), for outputs without the whole note. */
export async function noteFreshness(db: Db, options: NoteOptions): Promise<Freshness> {
  return freshness(db, notePeriods(options), options.today, options.timeZone);
}

async function freshness(db: Db, periods: ReportPeriods, today: string, tz: string): Promise<Freshness> {
  const { current } = periods;
  // A period not over yet must be covered up to the start of today; a complete one up to its end.
  const end = periods.partial ? today : current.to;
  const f = (await db.one<{
    latest_load_local: string | null; latest_load_ms: number | null; latest_load_file: string | null;
    latest_edited_local: string | null; latest_edited_ms: number | null; loaded_after_end: boolean; edited_before_end: boolean;
  }>('monthly/freshness', { end, tz }))!;
  const count = async (from: string, to: string) =>
    (await db.one<{ consultations: number }>('monthly/held_count', { from, to, tz }))!.consultations;
  const before = f.latest_load_local === null ? 0 : await count(`${shiftMonth(current.from.slice(0, 7), -3)}-01`, current.from);
  const reason: IncompleteReason | null =
    f.latest_load_local === null ? 'no_load'
    : f.edited_before_end ? 'edited_before_end'
    : before > 0 && (await count(current.from, current.to)) === 0 ? 'none_held'
    : null;
  const label = periodLabel(current);
  const load = `Последняя выгрузка — ${f.latest_load_file}, загружена ${f.latest_load_local}`;
  const reload = 'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.';
  let warning: string | null = null;
  if (reason === 'no_load') warning = 'В базе нет ни одной выгрузки консультаций: загрузите выгрузку из amoCRM (okno load consultations <файл>).';
  else if (reason === 'edited_before_end') {
    const until = periods.partial ? `раньше начала сегодняшнего дня (${ruDate(today)} 00:00)` : `раньше, чем закончился период (${ruDate(end)} 00:00)`;
    warning = `Данные за ${label} не могут быть полными: самая поздняя «Дата редактирования» в загруженных выгрузках — ${f.latest_edited_local ?? 'нет ни одной'}, ${until}. ${load}. ${reload}`;
  } else if (reason === 'none_held') {
    warning =
      `За ${label} нет ни одной проведённой консультации, хотя за три месяца до того их проведено ${before}: данные, видимо, неполные. ` +
      `${load}; самая поздняя «Дата редактирования» — ${f.latest_edited_local}. ${reload}`;
  } else if (periods.partial) warning = `Период ещё не закончился: цифры за ${label}, сравнение — с теми же днями прошлых периодов.`;
  else if (!f.loaded_after_end) {
    warning = `После окончания периода выгрузок не загружалось (последняя — ${f.latest_load_file}, ${f.latest_load_local}): цифры могут быть неполными.`;
  }
  const iso = (ms: number | null) => (ms === null ? null : isoInstant(new Date(ms), tz));
  return {
    latestLoad: iso(f.latest_load_ms),
    latestLoadFile: f.latest_load_file,
    latestEdited: iso(f.latest_edited_ms),
    loadedAfterEnd: f.loaded_after_end,
    incomplete: reason !== null,
    reason,
    warning,
  };
}

async function issueState(db: Db, key: string): Promise<IssueState> {
  const latest = await db.one<{ issue_id: number; issued_at: string }>('monthly/issue_latest', { month: key });
  if (!latest) return { issued: null, changes: [] };
  const changes = (await db.all<{ change: ChangeKind; deal_ids: number[] }>('monthly/issue_changes', { issue_id: latest.issue_id })).map(
    (c) => ({ change: c.change, dealIds: c.deal_ids }),
  );
  return { issued: { issueId: latest.issue_id, issuedAt: latest.issued_at }, changes };
}

async function heldList(db: Db): Promise<HeldConsultation[]> {
  const rows = await db.all<Record<string, unknown>>('monthly/held_list');
  return rows.map((r) => ({
    dealId: r.deal_id as number,
    consulted: r.consulted_iso as string,
    client: r.client as string | null,
    project: r.project_name as string,
    topic: r.topic_name as string,
    consultant: r.consultant_name as string,
    kind: r.kind_name as string,
    format: r.format_name as string,
    channel: r.channel_name as string,
    durationMin: r.duration_min as number | null,
    newClient: r.is_new_client as boolean,
    stage: r.stage as string,
    comments: r.comments as string | null,
  }));
}

