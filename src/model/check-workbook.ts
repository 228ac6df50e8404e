// The check workbook's layout (README «okno check», «okno check load»): shared by the writer
// (render/check-workbook.ts), the reader that brings the office manager's marks back (ingest/check-workbook.ts) and
// the domain that stores them (checks/marks.ts).

export const summarySheet = 'Сводка';

/** «Сводка», row 2: the week the workbook covers, in a cell of its own, as the loader reads it. */
export const weekLine = (week: string) => `Неделя: ${week}`;
export const weekLinePattern = /^Неделя:\s*(\d{4}-W\d{2})\s*$/;

/** The sheet a rule lists its items on: a row per deal or person, the office manager's two columns at the end. */
export const itemColumns = ['ID сделки', 'Организация', 'Консультант', 'Когда', 'Что не так', 'Исправлено', 'Комментарий'] as const;

/** The marks of the earlier week, with what okno's check says of each now (written, never read back). */
export const earlierSheet = 'Отметки прошлой недели';
