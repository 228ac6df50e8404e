/** The hidden departments' figures together, as results, their workbook and the export name them (not the comments' pool). */
export const HIDDEN_TOGETHER = 'Скрытые отделы вместе';
