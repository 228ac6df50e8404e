import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { checkAnswers, parseDefinition } from '../../src/surveys/model.js';
import { surveyResults, type SurveyResults } from '../../src/surveys/results.js';
import { closeSurvey, createSurvey, getSurvey, submitAnswers } from '../../src/surveys/store.js';
import { fixture, withDb } from '../helpers.js';
import { waveAB, waveV, type Sheet } from './scripted-wave.js';

const definition = parseDefinition(JSON.parse(readFileSync(fixture('surveys/custom-legal-department.json'), 'utf8')));

async function wave(db: Db, departments: string[], sheets: Sheet[], settings: { minComments?: number; closedOn?: string } = {}): Promise<number> {
  const id = await createSurvey(db, {
    title: definition.title!, departments, minGroup: 5, minComments: settings.minComments ?? 10,
    questions: definition.questions, template: null, previousId: null, today: '2026-11-02',
  });
  const survey = await getSurvey(db, id);
  await submitAnswers(db, survey, sheets.map(([department, overall, contact, topics, speed, improve]) => {
    const checked = checkAnswers(survey.questions, { overall, contact, topics, speed, improve });
    if ('problems' in checked) throw new Error(checked.problems.join(' '));
    return { department, answers: checked.answers };
  }));
  await closeSurvey(db, await getSurvey(db, id), settings.closedOn ?? '2026-11-20');
  return id;
}

const shares = (r: SurveyResults, q: string, group: 'total' | string) => {
  const question = r.questions.find((x) => x.id === q)!;
  const cell = group === 'total' ? question.total : group === 'others' ? question.others : question.departments.find((d) => d.name === group);
  return cell && 'distribution' in cell ? cell.distribution!.map((d) => [d.option, d.count, d.share]) : null;
};

describe('survey results: 7 answers in one department, 3 in another (k = 5)', () => {
  it('hides the small department, and the big one too: the total would give the small one away', async () => {
    await withDb(async (db) => {
      const r = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б'], waveAB)));
      expect(r.respondents).toBe(10);
      expect(r.departments).toEqual([
        { name: 'Отдел А', shown: false, respondents: null },
        { name: 'Отдел Б', shown: false, respondents: null },
      ]);
      expect(r.others).toBeNull();
      const overall = r.questions.find((q) => q.id === 'overall')!;
      // 5,5,4,4,4,3,2 and 1,2,2: one 1, three 2s, one 3, three 4s, two 5s; 32 / 10.
      expect(overall.total).toMatchObject({ n: 10, mean: 3.2 });
      expect(shares(r, 'overall', 'total')).toEqual([['1', 1, 0.1], ['2', 3, 0.3], ['3', 1, 0.1], ['4', 3, 0.3], ['5', 2, 0.2]]);
      expect(overall.departments.map((d) => Object.keys(d))).toEqual([['name', 'shown'], ['name', 'shown']]);
      expect(shares(r, 'contact', 'total')).toEqual([['СЭД', 5, 0.5], ['Электронная почта', 1, 0.1], ['Телефон', 2, 0.2], ['Лично', 2, 0.2]]);
      // Multiple choice: shares of the people who answered, so they add up to more than 1.
      expect(shares(r, 'topics', 'total')).toEqual([['Договоры', 6, 0.6], ['Проверки, надзор', 3, 0.3], ['Обращения граждан', 1, 0.1], ['Кадровые вопросы', 2, 0.2]]);
      // The optional question: 5 + 2 answered; 5,4,4,3,2,1,3 = 22 / 7.
      expect(r.questions.find((q) => q.id === 'speed')!.total).toMatchObject({ n: 7, mean: 3.14 });
      // 10 people together reach min-comments = 10: one pool, alphabetical.
      expect(r.comments).toEqual([{
        questionId: 'improve', group: 'Все отделы', departments: ['Отдел А', 'Отдел Б'],
        comments: ['Больше типовых шаблонов', 'Нас не слышат', 'Отвечать на почту быстрее'],
      }]);
      expect(r.commentsWithheld).toEqual([]);
    });
  });

  it('with a third department of 6: the small one and the next smallest are hidden, shown together as «скрытые вместе»', async () => {
    await withDb(async (db) => {
      const r = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV], { minComments: 6 })));
      expect(r.respondents).toBe(16);
      expect(r.departments).toEqual([
        { name: 'Отдел А', shown: true, respondents: 7 },
        { name: 'Отдел Б', shown: false, respondents: null },
        { name: 'Отдел В', shown: false, respondents: null },
      ]);
      expect(r.others).toEqual({ departments: ['Отдел Б', 'Отдел В'], respondents: 9 });
      const overall = r.questions.find((q) => q.id === 'overall')!;
      // Total 27 + 5 + 25 = 57 / 16 = 3.5625; А 27 / 7 = 3.857…; Б and В 30 / 9 = 3.333…
      expect(overall.total).toMatchObject({ n: 16, mean: 3.56 });
      expect(overall.departments[0]).toMatchObject({ name: 'Отдел А', shown: true, n: 7, mean: 3.86 });
      expect(shares(r, 'overall', 'Отдел А')).toEqual([['1', 0, 0], ['2', 1, 0.143], ['3', 1, 0.143], ['4', 3, 0.429], ['5', 2, 0.286]]);
      expect(overall.departments.slice(1)).toEqual([{ name: 'Отдел Б', shown: false }, { name: 'Отдел В', shown: false }]);
      expect(overall.others).toMatchObject({ departments: ['Отдел Б', 'Отдел В'], n: 9, mean: 3.33 });
      // The optional question: А 5 answered (5,4,4,3,2 = 18), Б 2, В 3 (Б and В: 1,3,5,4,4 = 17).
      const speed = r.questions.find((q) => q.id === 'speed')!;
      expect(speed.total).toMatchObject({ n: 10, mean: 3.5 });
      expect(speed.departments[0]).toMatchObject({ shown: true, n: 5, mean: 3.6 });
      expect(speed.others).toMatchObject({ n: 5, mean: 3.4 });
      // min-comments = 6: А (7) has its own list; Б and В pooled (9).
      expect(r.comments).toEqual([
        { questionId: 'improve', group: 'Отдел А', departments: ['Отдел А'], comments: ['Больше типовых шаблонов', 'Отвечать на почту быстрее'] },
        { questionId: 'improve', group: 'Остальные отделы', departments: ['Отдел Б', 'Отдел В'], comments: ['Всё устраивает', 'Нас не слышат', 'Не хватает юриста на выездных проверках'] },
      ]);
    });
  });

  it('hides a shown department in a question that fewer than k of it answered, with a partner', async () => {
    await withDb(async (db) => {
      // Without В's 4 speed answers … drop two of А's: А has 3 speed answers, Б 2, В 3.
      const sheets = [...waveAB, ...waveV].map((s, i): Sheet => (i === 0 || i === 1 ? [s[0], s[1], s[2], s[3], undefined, s[5]] : s));
      const r = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б', 'Отдел В'], sheets)));
      const speed = r.questions.find((q) => q.id === 'speed')!;
      expect(speed.departments.map((d) => d.shown)).toEqual([false, false, false]);
      // 3 + 2 + 3 = 8 answered: the total is still shown; 4,3,2 + 1,3 + 5,4,4 = 26 / 8.
      expect(speed.total).toMatchObject({ n: 8, mean: 3.25 });
      expect(speed.others).toBeNull();
    });
  });

  it('with min-comments 10, a shown department of 7 gets no list of its own; comments of fewer than 10 are withheld', async () => {
    await withDb(async (db) => {
      const r = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB.slice(0, 7), ...waveV])));
      // А 7 shown, Б 0 and В 6 hidden (6 is the smallest shown); 13 people in all ≥ 10 → one pool of everyone.
      expect(r.departments.map((d) => d.shown)).toEqual([true, false, false]);
      // The pool names Б too, where nobody answered: naming only departments with answers would tell 0 from a few.
      expect(r.comments.map((c) => [c.group, c.departments, c.comments.length])).toEqual([['Все отделы', ['Отдел А', 'Отдел Б', 'Отдел В'], 4]]);
      const small = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б'], waveAB.slice(0, 7))));
      expect(small.comments).toEqual([]);
      expect(small.commentsWithheld).toEqual(['Отдел А', 'Отдел Б']);
    });
  });

  it('fewer than k in all: nothing but the fact', async () => {
    await withDb(async (db) => {
      const r = await surveyResults(db, await getSurvey(db, await wave(db, ['Отдел А', 'Отдел Б'], waveAB.slice(6, 10))));
      expect(r.respondents).toBeNull();
      expect(r.questions.every((q) => q.total === null && q.others === null && q.departments.every((d) => !d.shown))).toBe(true);
      expect(r.comments).toEqual([]);
    });
  });

  it('compares scale means with the previous wave where both waves show the group', async () => {
    await withDb(async (db) => {
      await wave(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV], { minComments: 6, closedOn: '2026-06-30' });
      const next: Sheet[] = [
        ...[5, 5, 5, 4, 4, 4].map((v): Sheet => ['Отдел А', v, 'СЭД', ['Договоры']]),
        ...[3, 3, 3, 3, 3].map((v): Sheet => ['Отдел Б', v, 'СЭД', ['Договоры']]),
        ...[4, 4, 4, 4, 4].map((v): Sheet => ['Отдел В', v, 'СЭД', ['Договоры']]),
      ];
      const id = await wave(db, ['Отдел А', 'Отдел Б', 'Отдел В'], next);
      const r = await surveyResults(db, await getSurvey(db, id));
      expect(r.previous).toEqual({ id: 1, title: 'Работа правового отдела глазами коллег', closedOn: '2026-06-30', respondents: 16 });
      const overall = r.questions.find((q) => q.id === 'overall')!;
      // Now 62 / 16 = 3.875 → 3.88; then 3.56. А: 4.5 against 3.86; Б and В were hidden then.
      expect(overall.total).toMatchObject({ mean: 3.88, previousMean: 3.56, change: 0.32 });
      expect(overall.departments.map((d) => [d.name, d.mean, d.previousMean, d.change])).toEqual([
        ['Отдел А', 4.5, 3.86, 0.64],
        ['Отдел Б', 3, null, null],
        ['Отдел В', 4, null, null],
      ]);
    });
  });

  it('refuses results while the survey is open', async () => {
    await withDb(async (db) => {
      const id = await createSurvey(db, { title: 'Т', departments: ['А'], minGroup: 5, minComments: 10, questions: definition.questions, template: null, previousId: null, today: '2026-11-02' });
      await expect(surveyResults(db, await getSurvey(db, id))).rejects.toThrow('Опрос № 1 ещё открыт: результаты — только после закрытия');
    });
  });
});
