// «Что не так» of an `okno check` item: the facts a rule's query found (CheckFacts), in the words the office
// manager reads on the terminal, in the workbook and in JSON's `detail`.
import type { CardField, CheckFacts, CheckItem, CheckReport, CheckRule } from '../checks/procedure.js';
import type { EarlierMark } from '../checks/marks.js';
import { nouns, plural, ruDate } from '../text/russian.js';
import { shownTime } from '../time/period.js';

const fieldWords: Record<CardField, string> = {
  consultant: 'консультант',
  topic: 'тема',
  project: 'проект',
  duration_min: 'продолжительность',
  format: 'формат',
  comments: 'содержание (примечание)',
};

const fields = (missing: CardField[]) => missing.map((f) => fieldWords[f]).join(', ');
/** The local day of a moment: «23.10.2026». */
const day = (iso: string) => ruDate(iso.slice(0, 10));
/** Counts stay as the queries wrote them: «1234», not «1 234». */
const count = (n: number | null) => String(n ?? 0);

/** The item's «Что не так». */
export function checkDetail(f: CheckFacts): string {
  switch (f.rule) {
    case 'closed_incomplete':
      return `закрыта, не заполнено: ${fields(f.missing)}`;
    case 'friday_closing':
      return `${f.undated ? 'дата консультации не указана; ' : ''}в пятницу в 18:00 ещё в этапе «${f.stage}» (с ${shownTime(f.enteredAt)})`;
    case 'feedback_overdue':
      return `в «${f.stage}» с ${day(f.enteredAt)}; срок был — пятница ${ruDate(f.dueOn)} 18:00`;
    case 'requests_waiting':
      switch (f.finding) {
        case 'waiting':
          return `заявка от ${shownTime(f.createdAt)} всё ещё в этапе «${f.stage}»`;
        case 'late_version':
          return `заявка от ${shownTime(f.createdAt)} ещё ${shownTime(f.seenAt)} была неразобранной или новой — позже чем через сутки`;
        case 'no_answer':
          return `в «${f.stage}» с ${day(f.enteredAt!)} — больше 7 дней, не закрыта как неуспешная`;
        case 'lost_reason':
          return `закрыта как неуспешная после «Не дозвонились», причина ${f.lossReason === null ? 'не указана' : `«${f.lossReason}»`} (нужна «не дозвонились»)`;
      }
      break;
    case 'external_late':
      return f.completedAt === null
        ? `срок — конец ${ruDate(f.dueOn)}; карточка не заполнена: ${f.scheduled ? `этап «${f.stage}»` : fields(f.missing)}`
        : `срок — конец ${ruDate(f.dueOn)}; карточка заполнена ${shownTime(f.completedAt)}`;
    case 'moved':
      return `перенесена с ${shownTime(f.movedFrom)} на ${shownTime(f.movedTo)} — на ${f.days} ${plural(f.days, nouns.day)}`;
    case 'staff_load':
      return `консультаций за неделю: ${count(f.consultations)}`;
    case 'feedback_asked':
      return f.finding === 'new_client'
        ? 'новый клиент, обратная связь не запрошена'
        : `консультаций с ${shownTime(f.askedFrom)} по ${shownTime(f.askedTo)}: ${count(f.consultations)}, обратная связь не запрошена ни по одной`;
    case 'calendar_slots':
      return `неделя с ${ruDate(f.weekFrom)}: слотов ${f.free + f.booked} (свободных ${f.free}, занятых ${f.booked})`;
  }
  throw new Error(`Нет формулировки для ${JSON.stringify(f)}`);
}

/** «Итог» of an earlier week's mark (README «Отметки»): the outcome, and what this check says of the item. */
export function markOutcome(m: EarlierMark): string {
  if (m.outcome === 'fixed_but_flagged') return 'отмечено исправленным, но всё ещё не так';
  const now = m.flaggedNow === null ? '; правило на этой неделе ещё не проверяется' : '';
  if (m.outcome === 'fixed') return `исправлено${now}`;
  const how = m.mark === 'нет' ? 'отмечено «нет»' : 'не отмечено';
  return `ещё открыто (${how})${m.flaggedNow ? '; в этой проверке снова' : now}`;
}

export type WordedItem = CheckItem & { detail: string };
export type WordedRule = Omit<CheckRule, 'items'> & { items: WordedItem[] };
export type WordedReport = Omit<CheckReport, 'rules'> & { rules: WordedRule[] };

/** The report with each item's words beside its facts, as `okno check --json` prints it. */
export function wordChecks(report: CheckReport): WordedReport {
  return { ...report, rules: report.rules.map((r) => ({ ...r, items: r.items.map((i) => ({ ...i, detail: checkDetail(i.facts) })) })) };
}
