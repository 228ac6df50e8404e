import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DefinitionError, checkAnswers, codeHash, generateCodes, internalTemplate, parseDefinition, readCode, seriesKey,
} from '../../src/surveys/model.js';
import { readTimestamp, splitChoices } from '../../src/surveys/import.js';
import { hiddenGroups } from '../../src/surveys/suppress.js';
import { checkSettings, parseDepartments } from '../../src/surveys/store.js';
import { fixture } from '../helpers.js';

const json = (name: string) => JSON.parse(readFileSync(fixture(`surveys/${name}`), 'utf8')) as unknown;

describe('survey definitions', () => {
  it('reads a custom survey, with defaults for ids and required', () => {
    const d = parseDefinition(json('custom-legal-department.json'));
    expect(d.title).toBe('Работа правового отдела глазами коллег');
    expect(d.questions.map((q) => [q.id, q.kind, q.required])).toEqual([
      ['overall', 'scale', true],
      ['contact', 'single', true],
      ['topics', 'multiple', true],
      ['speed', 'scale', false],
      ['improve', 'text', false],
    ]);
    expect(d.questions[2]!.options).toEqual(['Договоры', 'Проверки, надзор', 'Обращения граждан', 'Кадровые вопросы']);
  });

  it('lists every problem of a bad file at once', () => {
    let problems: string[] = [];
    try {
      parseDefinition(json('bad-definition.json'));
    } catch (error) {
      problems = (error as DefinitionError).problems;
    }
    expect(problems).toEqual([
      'вопрос 2: «id» «overall» уже занят.',
      'вопрос 2: «kind» — одно из scale, single, multiple, text.',
      'вопрос 2: нужен текст вопроса «text».',
      'вопрос 3: нужен список «options» хотя бы из двух непустых вариантов.',
      'вопрос 4: «askIf» ссылается на «overall», а это не один из предыдущих вопросов с вариантами.',
    ]);
  });

  const problemsOf = (json: unknown): string[] => {
    try {
      parseDefinition(json);
    } catch (error) {
      return (error as DefinitionError).problems;
    }
    return [];
  };
  const scale = { id: 'overall', kind: 'scale', text: 'Оценка' };

  it.each([
    [[], ['ожидается объект {"title": …, "questions": [...]}.']],
    [{ title: '' }, ['«title» должен быть непустой строкой.', 'нужен непустой список «questions».']],
    [{ title: 'Опрос', questions: {} }, ['нужен непустой список «questions».']],
    [{ title: 5, questions: [scale] }, ['«title» должен быть непустой строкой.']],
    [{ questions: ['Оценка'] }, ['вопрос 1: ожидается объект.']],
    // Wrong types, field by field, in the order of the fields.
    [
      { questions: [{ id: 'общая оценка', kind: 'scale', text: 7, required: 'да', hint: 'x', Text: 'y' }] },
      [
        'вопрос 1: неизвестное поле «hint».',
        'вопрос 1: неизвестное поле «Text».',
        'вопрос 1: «id» — латинские буквы, цифры, _ и -, до 40 знаков.',
        'вопрос 1: нужен текст вопроса «text».',
        'вопрос 1: «required» — true или false.',
      ],
    ],
    [{ questions: [{ id: 'x'.repeat(41), text: 'Оценка' }] }, ['вопрос 1: «id» — латинские буквы, цифры, _ и -, до 40 знаков.', 'вопрос 1: «kind» — одно из scale, single, multiple, text.']],
    // What depends on the kind.
    [{ questions: [{ ...scale, options: ['да', 'нет'] }] }, ['вопрос 1: «options» бывают только у single и multiple.']],
    [{ questions: [{ ...scale, options: 'да' }] }, ['вопрос 1: «options» бывают только у single и multiple.']],
    [{ questions: [{ kind: 'single', text: 'Канал', options: ['СЭД', ' ', 'Телефон'] }] }, ['вопрос 1: нужен список «options» хотя бы из двух непустых вариантов.']],
    [{ questions: [{ kind: 'multiple', text: 'Каналы', options: ['СЭД', 'СЭД '] }] }, ['вопрос 1: варианты ответа повторяются.']],
    [{ questions: [{ kind: 'text', text: 'Что улучшить?', labels: { low: 'a', high: 'b' } }] }, ['вопрос 1: «labels» — {"low": "…", "high": "…"}, только у scale.']],
    [{ questions: [{ ...scale, labels: { low: 1, high: 5 } }] }, ['вопрос 1: «labels» — {"low": "…", "high": "…"}, только у scale.']],
    // askIf refers to an earlier choice question and one of its options.
    [{ questions: [{ ...scale, askIf: 'overall' }] }, ['вопрос 1: «askIf» — {"question": "<id>", "includes": "<вариант>"}.']],
    [
      { questions: [{ id: 'topics', kind: 'multiple', text: 'Темы', options: ['Договоры', 'Проверки'] }, { ...scale, askIf: { question: 'topics', includes: 'Кадры' } }] },
      ['вопрос 2: в вопросе «topics» нет варианта «Кадры».'],
    ],
    [{ questions: [{ ...scale, askIf: { question: 'later', includes: 'да' } }, { id: 'later', kind: 'single', text: 'Позже', options: ['да', 'нет'] }] }, [
      'вопрос 1: «askIf» ссылается на «later», а это не один из предыдущих вопросов с вариантами.',
    ]],
    // Default ids count too: q2 is taken by the second question.
    [{ questions: [{ id: 'q2', ...{ kind: 'text', text: 'А' } }, { kind: 'text', text: 'Б' }] }, ['вопрос 2: «id» «q2» уже занят.']],
  ])('refuses %j', (json, expected) => {
    expect(problemsOf(json)).toEqual(expected);
  });

  it('the built-in template follows seed 004: channels, timeliness, listening, courtesy, knowledge base, overall, free text', () => {
    expect(internalTemplate.questions.map((q) => q.id)).toEqual([
      'channels', 'channel_arm', 'channel_sed', 'channel_email', 'channel_phone', 'channel_memo',
      'written_on_time', 'oral_on_time', 'listened', 'courtesy', 'knowledge_base', 'overall', 'improve',
    ]);
    expect(internalTemplate.questions[0]!.options).toEqual(['АРМ', 'СЭД', 'Электронная почта', 'Телефон', 'Служебные и докладные записки']);
    expect(internalTemplate.questions[6]!.text).toContain('30 дней');
    expect(internalTemplate.questions[7]!.text).toContain('трёх рабочих дней');
    // The template passes its own checks.
    expect(parseDefinition(JSON.parse(JSON.stringify(internalTemplate))).questions).toEqual(internalTemplate.questions);
  });
});

describe('answer sheets', () => {
  const { questions } = internalTemplate;
  const base = { channels: ['СЭД', 'АРМ'], channel_arm: 4, channel_sed: '5', written_on_time: 'Чаще в срок', oral_on_time: 'Всегда в срок', listened: 4, courtesy: 5, overall: 4 };

  it('keeps the answers as lists; choices in the question\'s order; optional ones absent', () => {
    const r = checkAnswers(questions, base);
    expect('answers' in r && Object.fromEntries(r.answers)).toEqual({
      channels: ['АРМ', 'СЭД'], channel_arm: ['4'], channel_sed: ['5'], written_on_time: ['Чаще в срок'], oral_on_time: ['Всегда в срок'],
      listened: ['4'], courtesy: ['5'], overall: ['4'],
    });
  });

  it('refuses an answer to a question that was not asked, a missing required one, values out of range', () => {
    const r = checkAnswers(questions, { ...base, channel_phone: 3, overall: 6, courtesy: undefined, extra: 1 });
    expect('problems' in r && r.problems).toEqual([
      'нет вопроса «extra».',
      'вопрос «channel_phone» задаётся, только если в «channels» выбрано «Телефон».',
      'нет ответа на обязательный вопрос «courtesy».',
      'вопрос «overall»: нужна оценка от 1 до 5, а не «6».',
    ]);
  });
});

describe('access codes', () => {
  it('are ten digits with a check digit; a typo is told from an unknown code', () => {
    const codes = generateCodes(200);
    expect(new Set(codes).size).toBe(200);
    for (const c of codes) {
      expect(c).toMatch(/^\d{5}-\d{5}$/);
      expect(readCode(c)).toEqual({ digits: c.replace('-', '') });
    }
    // Body 799273987, by hand: doubling from the right 7→5, 8, 9→9, 3, 7→5, 2, 9→9, 9, 7→5; sum 55; check digit 5.
    expect(readCode('79927 39875')).toEqual({ digits: '7992739875' });
    expect(readCode('79927-39873')).toEqual({ problem: 'в коде опечатка: проверьте цифры.' });
    expect(readCode('79927-39857')).toEqual({ problem: 'в коде опечатка: проверьте цифры.' });
    expect(readCode('7992-739875')).toEqual({ digits: '7992739875' });
    expect(readCode('12345')).toEqual({ problem: 'код — десять цифр, например 12345-67890.' });
  });

  it('are stored as a hash bound to the survey', () => {
    expect(codeHash(1, '79927-39875')).toBe(codeHash(1, '7992739875'));
    expect(codeHash(1, '79927-39875')).not.toBe(codeHash(2, '79927-39875'));
    expect(codeHash(1, '79927-39875')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('small-group suppression', () => {
  const g = (o: Record<string, number>) => Object.entries(o).map(([name, n]) => ({ name, n }));
  it('hides nothing when every group has k', () => {
    expect([...hiddenGroups(g({ А: 5, Б: 9 }), 5)]).toEqual([]);
  });
  it('7 and 3 with k = 5: the small one, and the big one too (the total would give the small one away)', () => {
    expect([...hiddenGroups(g({ А: 7, Б: 3 }), 5)].sort()).toEqual(['А', 'Б']);
  });
  it('7, 3 and 6: the small one and the smallest of the rest', () => {
    expect([...hiddenGroups(g({ А: 7, Б: 3, В: 6 }), 5)].sort()).toEqual(['Б', 'В']);
  });
  it('two small ones under k together: one more', () => {
    expect([...hiddenGroups(g({ А: 8, Б: 2, В: 2, Г: 6 }), 5)].sort()).toEqual(['Б', 'В', 'Г']);
  });
  it('two small ones with k between them: enough', () => {
    expect([...hiddenGroups(g({ А: 8, Б: 3, В: 2, Г: 6 }), 5)].sort()).toEqual(['Б', 'В']);
  });
  it('a department with nobody counts as hidden like any other', () => {
    expect([...hiddenGroups(g({ А: 8, Б: 0, В: 6 }), 5)].sort()).toEqual(['Б', 'В']);
  });
  it('forced groups stay hidden, and pull a partner in', () => {
    expect([...hiddenGroups(g({ А: 8, Б: 9, В: 6 }), 5, new Set(['Б']))].sort()).toEqual(['Б', 'В']);
  });
  it('ties go by name', () => {
    expect([...hiddenGroups(g({ Б: 6, А: 6, В: 1 }), 5)].sort()).toEqual(['А', 'В']);
  });
});

describe('settings', () => {
  it('refuse groups under 3, comments under the group threshold, repeated departments', () => {
    expect(checkSettings({ title: 'Т', departments: ['А', 'а '], minGroup: 2, minComments: 1 })).toEqual([
      'отдел «а » указан дважды.',
      '--min-group не меньше 3: в группе меньше трёх человек ответы узнаваемы.',
      '--min-comments не меньше --min-group: комментарии узнаваемее оценок.',
    ]);
    expect(parseDepartments(' Отдел  А, Отдел Б;;Отдел В ')).toEqual(['Отдел А', 'Отдел Б', 'Отдел В']);
    expect(seriesKey('«Удовлетворённость»  2026')).toBe('удовлетворенность 2026');
  });
});

describe('form exports', () => {
  it('split checkbox answers, keeping options that contain a comma', () => {
    expect(splitChoices('Договоры, Проверки, надзор, Кадровые вопросы', ['Договоры', 'Проверки, надзор', 'Кадровые вопросы'])).toEqual([
      'Договоры', 'Проверки, надзор', 'Кадровые вопросы',
    ]);
    expect(splitChoices('Другое, Договоры', ['Договоры'])).toEqual(['Другое', 'Договоры']);
  });
  it('read Russian-locale and ISO timestamps, and refuse impossible ones', () => {
    expect(readTimestamp('03.11.2026 9:05:07')).toBe('2026-11-03 09:05:07');
    expect(readTimestamp('2026-11-03 09:05')).toBe('2026-11-03 09:05:00');
    expect(readTimestamp('31.11.2026 9:05:07')).toBeNull();
    expect(readTimestamp('вчера')).toBeNull();
  });
});
