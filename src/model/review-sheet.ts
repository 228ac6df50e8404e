// The review sheet's layout (README «okno review sheet»): one sheet per kind, columns found by header. Shared by
// the writer (render/review-sheet.ts) and the reader that loads the filled sheet back (reviews/sheet.ts).
import type { ReviewKind } from './reviews.js';

export const sheetNames: Record<ReviewKind, string> = { month: 'Оценка за месяц', followup: 'Через 3–4 месяца' };

export const factColumns = ['ID сделки', 'Дата консультации', 'Организация', 'Консультант', 'Тема', 'Проект', 'Срок', 'Состояние'] as const;
export const monthColumns = ['Минут', 'Удовлетворённость', 'Эффективна', 'Факторы успеха', 'Причины неэффективности', 'Шаги по улучшению', 'Кто оценил', 'Дата оценки'] as const;
export const followupColumns = ['Применил рекомендации', 'Изменения в работе клиента', 'Проблема решена', 'Кто оценил', 'Дата оценки'] as const;
/** The columns a reviewer fills: a row with none of them filled is «не заполнено», not an error. */
export const fillColumns: Record<ReviewKind, readonly string[]> = {
  month: ['Эффективна', 'Факторы успеха', 'Причины неэффективности', 'Шаги по улучшению', 'Кто оценил', 'Дата оценки'],
  followup: followupColumns,
};
