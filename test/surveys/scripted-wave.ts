// The scripted wave, shared by the results tests and the CLI end-to-end tests.
export type Sheet = [department: string, overall: number, contact: string, topics: string[], speed?: number, improve?: string];

/** 7 answers in «Отдел А», 3 in «Отдел Б», to the survey in fixtures/surveys/custom-legal-department.json. */
export const waveAB: Sheet[] = [
  ['Отдел А', 5, 'СЭД', ['Договоры'], 5, 'Больше типовых шаблонов'],
  ['Отдел А', 5, 'СЭД', ['Договоры', 'Проверки, надзор'], 4],
  ['Отдел А', 4, 'Электронная почта', ['Проверки, надзор'], 4],
  ['Отдел А', 4, 'Телефон', ['Договоры']],
  ['Отдел А', 4, 'СЭД', ['Обращения граждан'], 3, 'Отвечать на почту быстрее'],
  ['Отдел А', 3, 'Лично', ['Договоры', 'Кадровые вопросы']],
  ['Отдел А', 2, 'СЭД', ['Проверки, надзор'], 2],
  ['Отдел Б', 1, 'Телефон', ['Кадровые вопросы'], 1, 'Нас не слышат'],
  ['Отдел Б', 2, 'Лично', ['Договоры']],
  ['Отдел Б', 2, 'СЭД', ['Договоры'], 3],
];

/** A sheet as `okno survey take --answers` reads it. */
export function answerFile([department, overall, contact, topics, speed, improve]: Sheet): { department: string; answers: Record<string, unknown> } {
  return { department, answers: { overall, contact, topics, ...(speed !== undefined && { speed }), ...(improve !== undefined && { improve }) } };
}

/** Six more answers, in «Отдел В» (the results and the export tests). */
export const waveV: Sheet[] = [
  ['Отдел В', 5, 'СЭД', ['Договоры'], 5, 'Всё устраивает'],
  ['Отдел В', 4, 'СЭД', ['Проверки, надзор']],
  ['Отдел В', 4, 'Электронная почта', ['Договоры'], 4],
  ['Отдел В', 3, 'Телефон', ['Обращения граждан'], undefined, 'Не хватает юриста на выездных проверках'],
  ['Отдел В', 5, 'СЭД', ['Договоры']],
  ['Отдел В', 4, 'Лично', ['Кадровые вопросы'], 4],
];
