// The results of a closed survey, with every threshold of DESIGN §5 applied HERE, once: the terminal, the JSON and
// the workbook all render this object and nothing else, so no output can show what this leaves out.
import { duckdb } from '../db/duckdb.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { SCALE_VALUES, type Question, type QuestionKind } from './model.js';
import { getSurvey, type Survey } from './store.js';
import { hiddenGroups, type GroupCount } from './suppress.js';

export interface Share {
  option: string;
  count: number;
  /** count / n, rounded to 3 decimals (a percentage with one decimal). */
  share: number;
}

/** The figures of one question for one group of people. */
export interface Cell {
  /** People in the group who answered the question. */
  n: number;
  /** scale: the mean of the answers, rounded to 2 decimals. */
  mean: number | null;
  distribution: Share[];
}

export interface DepartmentCell extends Partial<Cell> {
  name: string;
  shown: boolean;
  /** The mean in the previous wave and the change, where both waves show this department. */
  previousMean?: number | null;
  change?: number | null;
}

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  text: string;
  /** Everyone; null when fewer than min-group people answered the question. */
  total: (Cell & { previousMean?: number | null; change?: number | null }) | null;
  departments: DepartmentCell[];
  /**
   * The hidden departments together, when some department is shown and the hidden ones are at least two with
   * min-group people between them (the figure anyone can compute as total minus the shown ones, made explicit).
   */
  others: (Cell & { departments: string[] }) | null;
}

export interface CommentGroup {
  questionId: string;
  /** A department, or «Остальные отделы» / «Все отделы» for a pool. */
  group: string;
  departments: string[];
  comments: string[];
}

export interface SurveyResults {
  id: number;
  title: string;
  createdOn: string;
  closedOn: string;
  minGroup: number;
  minComments: number;
  /** Everyone whose answers are counted (see `notCounted`); null when fewer than min-group. */
  respondents: number | null;
  /**
   * Whether some people's answers are left out of every figure, count and comment list: the survey's answers came in
   * more than one way (codes; each imported export), and the way theirs came in brought their department fewer than
   * min-group people. Their number is not given: beside the departments' counts it could tell how many of a hidden
   * department answered.
   */
  notCounted: boolean;
  departments: { name: string; shown: boolean; respondents: number | null }[];
  others: { departments: string[]; respondents: number } | null;
  questions: QuestionResult[];
  comments: CommentGroup[];
  /** Departments whose comments are not shown (fewer than min-comments people, alone or pooled). */
  commentsWithheld: string[];
  previous: { id: number; title: string; closedOn: string; respondents: number | null } | null;
}

export const OTHERS = 'Остальные отделы';
export const EVERYONE = 'Все отделы';

export async function surveyResults(db: Db, survey: Survey, options: { previous?: boolean } = {}): Promise<SurveyResults> {
  if (survey.state !== 'closed') {
    throw new UserError(`Опрос № ${survey.id} ещё открыт: результаты — только после закрытия, чтобы никто не следил за ответами по ходу.`, {
      hint: `Закройте опрос: okno survey close ${survey.id}.`,
    });
  }
  const k = survey.minGroup;
  const { listValue } = duckdb();
  // When answers came in more than one way (codes; each imported export), each way is counted on its own: a way
  // that brought a department fewer than k people is left out of everything below, so invented answers loaded
  // beside one real person's cannot be subtracted from a figure to give that person's answers (README «Опросы
  // сотрудников»). With one way only, every answer counts and the thresholds below protect the small groups.
  const ways = await db.all<{ department: string; way: number; n: number }>('surveys/respondent_counts', { id: survey.id });
  const single = new Set(ways.map((w) => w.way)).size <= 1;
  const counted = new Set(ways.filter((w) => single || w.n >= k).map((w) => wayKey(w.department, w.way)));
  const isCounted = (r: { department: string; way: number }) => counted.has(wayKey(r.department, r.way));
  const byDepartment = new Map<string, number>();
  for (const w of ways.filter(isCounted)) byDepartment.set(w.department, (byDepartment.get(w.department) ?? 0) + w.n);
  const notCounted = ways.some((w) => !isCounted(w) && w.n > 0);
  const groups: GroupCount[] = survey.departments.map((name) => ({ name, n: byDepartment.get(name) ?? 0 }));
  const everyone = sum(groups);
  const hidden = hiddenGroups(groups, k);
  const totalShown = everyone >= k;

  const answered = new Map<string, Map<string, number>>();
  for (const r of await db.all<{ department: string; way: number; question_id: string; n: number }>('surveys/answer_counts', { id: survey.id })) {
    if (!isCounted(r)) continue;
    const byQuestion = mapOf(answered, r.question_id);
    byQuestion.set(r.department, (byQuestion.get(r.department) ?? 0) + r.n);
  }
  const choiceIds = survey.questions.filter((q) => q.kind !== 'text').map((q) => q.id);
  const options_ = new Map<string, Map<string, Map<string, number>>>();
  for (const r of await db.all<{ department: string; way: number; question_id: string; option: string; n: number }>('surveys/option_counts', {
    id: survey.id,
    question_ids: listValue(choiceIds),
  })) {
    if (!isCounted(r)) continue;
    const byOption = mapOf(mapOf(options_, r.question_id), r.department);
    byOption.set(r.option, (byOption.get(r.option) ?? 0) + r.n);
  }

  const questions = survey.questions.map((q): QuestionResult => {
    const qGroups = survey.departments.map((name) => ({ name, n: answered.get(q.id)?.get(name) ?? 0 }));
    const qHidden = hiddenGroups(qGroups, k, hidden);
    const cellOf = (names: string[]): Cell => cell(q, names.map((name) => ({ n: answered.get(q.id)?.get(name) ?? 0, options: options_.get(q.id)?.get(name) })));
    const hiddenNames = survey.departments.filter((d) => qHidden.has(d));
    const qTotal = sum(qGroups);
    const text = q.kind === 'text';
    return {
      id: q.id,
      kind: q.kind,
      text: q.text,
      total: totalShown && qTotal >= k && !text ? cellOf(survey.departments) : null,
      // Free text has no figures: its answers are in `comments`, under the comment threshold.
      departments: text ? [] : survey.departments.map((name) => (qHidden.has(name) ? { name, shown: false } : { name, shown: true, ...cellOf([name]) })),
      others:
        totalShown && !text && hiddenNames.length >= 2 && hiddenNames.length < survey.departments.length && sum(qGroups.filter((g) => qHidden.has(g.name))) >= k
          ? { departments: hiddenNames, ...cellOf(hiddenNames) }
          : null,
    };
  });

  const { comments, withheld } = await commentGroups(db, survey, groups, hidden, isCounted);
  const hiddenList = survey.departments.filter((d) => hidden.has(d));
  const hiddenTotal = sum(groups.filter((g) => hidden.has(g.name)));
  const results: SurveyResults = {
    id: survey.id,
    title: survey.title,
    createdOn: survey.createdOn,
    closedOn: survey.closedOn!,
    minGroup: k,
    minComments: survey.minComments,
    respondents: totalShown ? everyone : null,
    notCounted,
    departments: groups.map((g) => ({ name: g.name, shown: !hidden.has(g.name), respondents: hidden.has(g.name) ? null : g.n })),
    others:
      totalShown && hiddenList.length >= 2 && hiddenList.length < groups.length && hiddenTotal >= k ? { departments: hiddenList, respondents: hiddenTotal } : null,
    questions,
    comments,
    commentsWithheld: withheld,
    previous: null,
  };
  if (options.previous !== false) await compareWithPrevious(db, survey, results);
  return results;
}

/**
 * Comments of a department are listed under its name when its figures are shown and at least min-comments people
 * of it answered. The other departments' comments go into one pool when at least min-comments people answered in
 * them together; otherwise they are withheld. There is no list of all comments beside the per-department ones, so
 * nothing can be found by subtraction; within a list, comments are in alphabetical order.
 */
async function commentGroups(
  db: Db,
  survey: Survey,
  groups: GroupCount[],
  hidden: Set<string>,
  isCounted: (r: { department: string; way: number }) => boolean,
) {
  const textIds = survey.questions.filter((q) => q.kind === 'text').map((q) => q.id);
  const own = groups.filter((g) => !hidden.has(g.name) && g.n >= survey.minComments).map((g) => g.name);
  // Every other department, answered or not: naming only those with someone answering would tell zero from a few.
  const rest = groups.filter((g) => !own.includes(g.name));
  const pooled = rest.length > 0 && sum(rest) >= survey.minComments ? rest.map((g) => g.name) : [];
  const withheld = pooled.length > 0 ? [] : rest.map((g) => g.name);
  const comments: CommentGroup[] = [];
  if (textIds.length === 0 || own.length + pooled.length === 0) return { comments, withheld };
  const { listValue } = duckdb();
  const rows = (
    await db.all<{ department: string; way: number; question_id: string; text: string }>('surveys/comments', {
      id: survey.id,
      question_ids: listValue(textIds),
      departments: listValue([...own, ...pooled]),
    })
  ).filter(isCounted);
  const poolName = own.length === 0 ? EVERYONE : OTHERS;
  for (const questionId of textIds) {
    for (const name of own) {
      const list = rows.filter((r) => r.question_id === questionId && r.department === name).map((r) => r.text);
      if (list.length > 0) comments.push({ questionId, group: name, departments: [name], comments: list });
    }
    if (pooled.length > 0) {
      const list = rows
        .filter((r) => r.question_id === questionId && pooled.includes(r.department))
        .map((r) => r.text)
        .sort((a, b) => a.localeCompare(b, 'ru'));
      if (list.length > 0) comments.push({ questionId, group: poolName, departments: pooled, comments: list });
    }
  }
  return { comments, withheld };
}

/** The change of every scale mean against the previous wave, where both waves show the figure. */
async function compareWithPrevious(db: Db, survey: Survey, results: SurveyResults): Promise<void> {
  const previousId = survey.previousId ?? (await db.one<{ id: number }>('surveys/previous_wave', { series: survey.series, id: survey.id }))?.id;
  if (previousId === undefined) return;
  const previousSurvey = await getSurvey(db, previousId);
  if (previousSurvey.state !== 'closed') return;
  const before = await surveyResults(db, previousSurvey, { previous: false });
  results.previous = { id: before.id, title: before.title, closedOn: before.closedOn, respondents: before.respondents };
  for (const q of results.questions) {
    if (q.kind !== 'scale') continue;
    const old = before.questions.find((p) => p.id === q.id && p.kind === 'scale');
    if (!old) continue;
    if (q.total) Object.assign(q.total, delta(q.total.mean, old.total?.mean ?? null));
    for (const d of q.departments) {
      if (!d.shown) continue;
      const oldDept = old.departments.find((o) => o.name === d.name);
      Object.assign(d, delta(d.mean ?? null, oldDept?.shown ? (oldDept.mean ?? null) : null));
    }
  }
}

function delta(now: number | null, before: number | null): { previousMean: number | null; change: number | null } {
  return { previousMean: before, change: now !== null && before !== null ? round(now - before, 2) : null };
}

function cell(q: Question, parts: { n: number; options?: Map<string, number> }[]): Cell {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const names = q.kind === 'scale' ? [...SCALE_VALUES] : (q.options ?? []);
  const distribution = names.map((option) => {
    const count = parts.reduce((s, p) => s + (p.options?.get(option) ?? 0), 0);
    return { option, count, share: n === 0 ? 0 : round(count / n, 3) };
  });
  const mean = q.kind === 'scale' && n > 0 ? round(distribution.reduce((s, d) => s + Number(d.option) * d.count, 0) / n, 2) : null;
  return { n, mean, distribution };
}

/** A department and a way in, as one key. */
function wayKey(department: string, way: number): string {
  return `${way}\u0000${department}`;
}

function mapOf<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

function sum(groups: { n: number }[]): number {
  return groups.reduce((s, g) => s + g.n, 0);
}

/** Half away from zero, on decimal digits (0.125 → 0.13), not on binary floats. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.sign(value) * Math.round(Math.abs(value) * f + 1e-9) / f;
}
