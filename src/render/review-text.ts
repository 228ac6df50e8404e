import { formatNumber as n, plural, ruDate } from '../text/russian.js';
import { table } from '../text/table.js';
import type { ReviewsDue } from '../reviews/due.js';
import { appliedLabels, kindLabels, satisfactionLabels, solvedLabels, stateLabels } from '../model/reviews.js';
import type { DealContext, Review } from '../reviews/record.js';
import type { SheetLoadReport } from '../reviews/sheet.js';

/** `okno review due`: the counts, then one line per review, the earliest deadline first. */
export function renderReviewsDue(d: ReviewsDue): string {
  const who = d.consultant ? ` (консультант ${d.consultant})` : '';
  const head = `Оценки эффективности на ${ruDate(d.asOf)}${who}: к сроку ${n(d.counts.due)}, после срока (допустимо) ${n(d.counts.late)}, просрочено ${n(d.counts.overdue)}.`;
  if (d.reviews.length === 0) return `${head}\nОценок к проведению нет.`;
  const rows = d.reviews.map((r) => [
    ruDate(r.deadline),
    kindLabels[r.kind],
    String(r.dealId),
    ruDate(r.consultedOn),
    r.client ?? '—',
    r.consultant,
    r.topic,
    stateText(r.state, r.daysLeft, r.allowedUntil, r.daysOverdue),
  ]);
  return `${head}\n${table(rows, ['Срок', 'Оценка', 'ID сделки', 'Консультация', 'Организация', 'Консультант', 'Тема', 'Состояние'])}`;
}

export function stateText(state: string, daysLeft: number, allowedUntil: string, daysOverdue: number): string {
  if (state === 'due') return daysLeft === 0 ? 'к сроку, срок сегодня' : `к сроку, осталось ${n(daysLeft)} ${plural(daysLeft, ['день', 'дня', 'дней'])}`;
  if (state === 'late') return `после срока, допустимо до ${ruDate(allowedUntil)}`;
  if (state === 'overdue') return `просрочена на ${n(daysOverdue)} ${plural(daysOverdue, ['день', 'дня', 'дней'])}`;
  return stateLabels[state as keyof typeof stateLabels] ?? state;
}

/** The consultation's facts, shown before the questions. */
export function renderDealContext(c: DealContext): string {
  const lines = [
    `Консультация ${c.dealId} от ${ruDate(c.consultedOn)}: ${c.client ?? 'организация не указана'}`,
    `Консультант: ${c.consultant}; тема: ${c.topic}; проект: ${c.project}`,
    `Продолжительность по карточке: ${c.durationMin == null ? 'не указана' : `${n(c.durationMin)} мин`}; удовлетворённость по отзыву: ${c.satisfaction ? satisfactionLabels[c.satisfaction] : 'отзыва нет'}`,
  ];
  for (const w of c.windows) {
    const span = w.kind === 'month' ? `до ${ruDate(w.deadline)}` : `с ${ruDate(w.opens)} до ${ruDate(w.deadline)}, допустимо до ${ruDate(w.allowedUntil)}`;
    lines.push(`${kindLabels[w.kind][0]!.toUpperCase()}${kindLabels[w.kind].slice(1)}: ${span} — ${stateLabels[w.state]}`);
  }
  return lines.join('\n');
}

const statusText = { new: 'записана', updated: 'обновлена', unchanged: 'не изменилась (такая уже записана)' } as const;

export function renderRecorded(review: Review, status: keyof typeof statusText, reviewedOn: string): string {
  const what =
    review.kind === 'month'
      ? `эффективна: ${review.effective ? 'да' : 'нет'}; минут: ${review.minutes == null ? '—' : n(review.minutes)}; удовлетворённость: ${review.satisfaction ? satisfactionLabels[review.satisfaction] : '—'}`
      : `применил: ${appliedLabels[review.applied!]}; проблема решена: ${solvedLabels[review.solved!]}`;
  return `${kindLabels[review.kind][0]!.toUpperCase()}${kindLabels[review.kind].slice(1)} по консультации ${review.dealId} ${statusText[status]}: ${what}; оценка: ${review.reviewer}, ${ruDate(reviewedOn)}.`;
}

/** `okno review load`: the counts, then each rejected row with its reason. */
export function renderSheetLoad(r: SheetLoadReport): string {
  const lines = [
    `Файл ${r.file}: новых оценок ${n(r.new)}, обновлено ${n(r.updated)}, без изменений ${n(r.unchanged)}, отклонено ${n(r.rejected.length)}, не заполнено строк ${n(r.notFilled)}.`,
  ];
  if (r.rejected.length > 0) {
    lines.push('Отклонённые строки (исправьте и загрузите файл снова):');
    for (const x of r.rejected) lines.push(`  лист «${x.sheet}», строка ${x.row}${x.dealId ? `, сделка ${x.dealId}` : ''}: ${x.reason}`);
  }
  return lines.join('\n');
}
