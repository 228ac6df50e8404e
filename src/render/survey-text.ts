// Surveys on the terminal. Results are rendered only from SurveyResults, which already obeys the thresholds.
import { countOf, formatNumber, formatPercent, nouns, ruDate } from '../text/russian.js';
import type { ImportReport } from '../surveys/import.js';
import type { Cell, QuestionResult, SurveyResults } from '../surveys/results.js';
import { HIDDEN_TOGETHER } from '../model/surveys.js';
import type { Survey, SurveyState } from '../surveys/store.js';

const stateLabel: Record<SurveyState, string> = { open: 'открыт', closed: 'закрыт' };

export function renderSurveyList(surveys: { id: number; title: string; state: SurveyState; createdOn: string; closedOn: string | null }[]): string {
  if (surveys.length === 0) return 'Опросов пока нет. Создать: okno survey create --departments "Отдел А,Отдел Б"';
  return surveys
    .map((s) => `№ ${s.id}  ${s.title} — ${stateLabel[s.state]} (создан ${ruDate(s.createdOn)}${s.closedOn ? `, закрыт ${ruDate(s.closedOn)}` : ''})`)
    .join('\n');
}

/** What `survey status` may say: totals only, never anything per department. */
export function surveyStatus(s: Survey) {
  return {
    id: s.id,
    title: s.title,
    state: s.state,
    createdOn: s.createdOn,
    closedOn: s.closedOn,
    codesIssued: s.codesIssued,
    codesUsed: s.codesUsed,
    respondents: s.respondents,
    departments: s.departments,
    minGroup: s.minGroup,
    minComments: s.minComments,
    questions: s.questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text, required: q.required, ...(q.options && { options: q.options }) })),
  };
}

export function renderSurveyStatus(s: Survey): string {
  const imported = s.respondents - s.codesUsed;
  return [
    `Опрос № ${s.id} «${s.title}» — ${stateLabel[s.state]}${s.closedOn ? ` ${ruDate(s.closedOn)}` : ''} (создан ${ruDate(s.createdOn)}).`,
    `Коды: выпущено ${formatNumber(s.codesIssued)}, использовано ${formatNumber(s.codesUsed)}.`,
    `Ответов всего: ${formatNumber(s.respondents)}${imported > 0 ? ` (из них загружено из выгрузок: ${formatNumber(imported)})` : ''}.`,
    s.state === 'open' ? 'Пока опрос открыт, число ответов по отделам не показывается никому.' : `Итоги: okno survey results ${s.id}`,
    `Отделы: ${s.departments.join(', ')}. Цифры — для групп от ${s.minGroup} ответивших, комментарии — от ${s.minComments}.`,
    `Вопросы: ${s.questions.map((q, i) => `\n  ${i + 1}. [${q.id}] ${q.text}${q.required ? '' : ' (необязательный)'}`).join('')}`,
  ].join('\n');
}

export function renderImport(r: ImportReport): string {
  if (r.status === 'already_loaded') return `${r.file}: этот файл уже загружен (ответов из него: ${formatNumber(r.alreadyStored)}); ничего не изменилось.`;
  const lines = [
    `${r.file}: строк ${formatNumber(r.rowsRead)}; записано ответов: ${formatNumber(r.stored)}` +
      // Rows at or before the mark: taken from an earlier export, or refused then (README «survey load»).
      (r.alreadyStored > 0 ? `; не новее прежних выгрузок (взяты из них или были отклонены): ${formatNumber(r.alreadyStored)}` : '') +
      (r.rejects.length > 0 ? `; не записано: ${formatNumber(r.rejects.length)}` : '') + '.',
    `Столбцы: ${r.matched.map((m) => `«${m.header}» → ${m.question}`).join(', ')}.`,
  ];
  if (r.dropped.length > 0) lines.push(`Отброшены, в базу не попали: ${r.dropped.map((h) => `«${h}»`).join(', ')}.`);
  for (const reject of r.rejects) lines.push(`  строка ${reject.line}: ${reject.reason}`);
  return lines.join('\n');
}

/**
 * Why some answers are not in the results: each way in (codes; each imported export) is counted on its own, and a
 * way that brought a department fewer than min-group people is left out (src/surveys/results.ts).
 */
export function notCountedSentence(r: Pick<SurveyResults, 'minGroup'>): string {
  // No number: beside the departments' counts it could tell how many of a hidden department answered.
  return (
    `Не учтены ответы части сотрудников: тем же способом (по кодам или той же выгрузкой) из их отдела ` +
    `ответили меньше ${countOf(r.minGroup, nouns.personGen)}. Каждый способ считается отдельно, чтобы по подмешанным ответам нельзя было вычислить чужие.`
  );
}

/**
 * What stands for a hidden group's figures. Never «скрыт/скрыта/скрыты» after a department's name: its gender and
 * number («Бухгалтерия», «Управление делами», «Кадры») cannot be told reliably without a grammar library. Beside
 * a name okno writes «<name>: скрыто» (impersonal, like «нет данных») and a cell holds «скрыто»; a sentence agrees
 * with the word «отдел», whose number okno knows: «Скрыт отдел: Бухгалтерия», «Скрыты отделы: Бухгалтерия, Кадры».
 */
export const HIDDEN = 'скрыто';

/** «Скрыт отдел: Бухгалтерия» / «Скрыты отделы: Бухгалтерия, Кадры». */
export function hiddenDepartments(names: string[]): string {
  return names.length === 1 ? `Скрыт отдел: ${names[0]}` : `Скрыты отделы: ${names.join(', ')}`;
}

export function renderResults(r: SurveyResults, workbook?: string): string {
  const lines: string[] = [
    `Опрос № ${r.id} «${r.title}» — итоги (закрыт ${ruDate(r.closedOn)})`,
    r.respondents === null
      ? `Ответивших меньше ${r.minGroup}: итоги не показываются, чтобы никого не раскрыть.`
      : `Ответили: ${countOf(r.respondents, nouns.person)}. Цифры — для групп от ${r.minGroup} ответивших, комментарии — от ${r.minComments}.`,
  ];
  if (r.notCounted) lines.push(notCountedSentence(r));
  const shown = r.departments.filter((d) => d.shown);
  const hidden = r.departments.filter((d) => !d.shown);
  if (shown.length > 0) lines.push(`Отделы: ${shown.map((d) => `${d.name} — ${formatNumber(d.respondents!)}`).join('; ')}.`);
  if (hidden.length > 0) {
    lines.push(
      `${hiddenDepartments(hidden.map((d) => d.name))}. Скрываются отделы, где ответили меньше ${countOf(r.minGroup, nouns.personGen)}, и столько других, чтобы скрытое нельзя было вычислить вычитанием из общего итога.` +
        (r.others ? ` ${HIDDEN_TOGETHER}: ${countOf(r.others.respondents, nouns.person)}.` : ''),
    );
  }
  if (r.previous) {
    lines.push(`Сравнение с прошлой волной: опрос № ${r.previous.id}, закрыт ${ruDate(r.previous.closedOn)}${r.previous.respondents === null ? '' : `, ответили ${formatNumber(r.previous.respondents)}`}.`);
  }
  r.questions.forEach((q, i) => {
    if (q.kind === 'text') return;
    lines.push('', `${i + 1}. ${q.text}`);
    if (!q.total) {
      lines.push(`   Ответивших на вопрос меньше ${r.minGroup}: не показываем.`);
      return;
    }
    lines.push(`   ${cellLine('Все', q.total, q)}${changeText(q.total.change)}`);
    for (const d of q.departments) lines.push(`   ${d.shown ? cellLine(d.name, d as Cell, q) + changeText(d.change) : `${d.name}: ${HIDDEN}`}`);
    if (q.others) lines.push(`   ${cellLine(HIDDEN_TOGETHER, q.others, q)}`);
  });
  const textQuestions = r.questions.filter((q) => q.kind === 'text');
  for (const q of textQuestions) {
    lines.push('', `${r.questions.indexOf(q) + 1}. ${q.text}`);
    const groups = r.comments.filter((c) => c.questionId === q.id);
    if (groups.length === 0) lines.push(`   Комментариев к показу нет (показываются для групп от ${r.minComments} ответивших).`);
    for (const g of groups) {
      lines.push(`   ${g.group}${g.group === g.departments[0] ? '' : ` (${g.departments.join(', ')})`}:`);
      for (const c of g.comments) lines.push(`   — ${c.replace(/\n/g, '\n     ')}`);
    }
  }
  if (r.commentsWithheld.length > 0) {
    lines.push('', `Комментарии отделов ${r.commentsWithheld.join(', ')} не показаны: вместе там меньше ${r.minComments} ответивших.`);
  }
  if (workbook) lines.push('', `Книга Excel с диаграммами: ${workbook}`);
  return lines.join('\n');
}

function cellLine(name: string, c: Cell, q: Pick<QuestionResult, 'kind'>): string {
  const parts = c.distribution.map((d) => `${d.option} — ${formatPercent(d.share)}`);
  const mean = q.kind === 'scale' && c.mean !== null ? `среднее ${formatNumber(c.mean, 2)}; ` : '';
  return `${name} (${formatNumber(c.n)}): ${mean}${parts.join(', ')}`;
}

function changeText(change: number | null | undefined): string {
  if (change === null || change === undefined) return '';
  return `; к прошлой волне ${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatNumber(Math.abs(change), 2)}`;
}
