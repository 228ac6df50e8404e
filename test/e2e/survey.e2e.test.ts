import { existsSync } from 'node:fs';
// Surveys through the built CLI, as a department head and their staff would run it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno, oknoBinary } from './cli.js';
import { answerFile, waveAB } from '../surveys/scripted-wave.js';

const custom = fixture('surveys/custom-legal-department.json');
const departments = 'Отдел А,Отдел Б';

interface SheetFile {
  department: string;
  answers: Record<string, unknown>;
}

/** The scripted wave: 7 in «Отдел А», 3 in «Отдел Б» (as in test/surveys/results.test.ts). */
const sheets: SheetFile[] = waveAB.map(answerFile);

async function create(cwd: string, extra: string[] = []): Promise<{ id: number; codes: string[] }> {
  const created = await okno(['survey', 'create', '--from', custom, '--departments', departments, '--json', ...extra], { cwd });
  expect(created.stderr).toBe('');
  const { id } = JSON.parse(created.stdout) as { id: number };
  const issued = await okno(['survey', 'codes', String(id), '--count', '12', '--json'], { cwd });
  expect(issued.code).toBe(0);
  return { id, codes: (JSON.parse(issued.stdout) as { codes: string[] }).codes };
}

async function take(cwd: string, id: number, code: string, sheet: SheetFile, name = 'answers.json') {
  await writeFile(path.join(cwd, name), JSON.stringify(sheet));
  return okno(['survey', 'take', String(id), '--code', code, '--answers', name], { cwd });
}

describe('okno survey, end to end', () => {
  it('runs a wave: create, codes, answers, status with totals only, close, results that expose no one', { timeout: 180_000 }, async () => {
    await withTempDir(async (cwd) => {
      const { id, codes } = await create(cwd);
      expect(id).toBe(1);
      expect(codes).toHaveLength(12);
      const sheet = await readFile(path.join(cwd, 'survey-1-codes.html'), 'utf8');
      expect(codes.every((c) => sheet.includes(c))).toBe(true);
      expect(sheet).toContain('перемешайте листочки');

      for (const [i, s] of sheets.entries()) {
        const r = await take(cwd, id, codes[i]!, s);
        expect([r.code, r.stdout.trim()]).toEqual([0, 'Спасибо! Ответ записан.']);
      }
      const reused = await take(cwd, id, codes[0]!, sheets[0]!);
      expect([reused.code, reused.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Ответ не записан: этот код уже использован: по одному коду отвечают один раз.']);

      const status = await okno(['survey', 'status', '1'], { cwd });
      expect(status.stdout.split('\n').slice(0, 4)).toEqual([
        `Опрос № 1 «Работа правового отдела глазами коллег» — открыт (создан ${status.stdout.match(/создан (\d\d\.\d\d\.\d{4})/)![1]}).`,
        'Коды: выпущено 12, использовано 10.',
        'Ответов всего: 10.',
        'Пока опрос открыт, число ответов по отделам не показывается никому.',
      ]);
      const early = await okno(['survey', 'results', '1'], { cwd });
      expect([early.code, early.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Опрос № 1 ещё открыт: результаты — только после закрытия, чтобы никто не следил за ответами по ходу.']);

      expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
      const late = await take(cwd, id, codes[11]!, sheets[0]!);
      expect(late.code).toBe(1);
      expect(late.stderr).toContain('закрыт');

      const json = await okno(['survey', 'results', '1', '--json', '--out', 'итоги'], { cwd });
      expect(json.code).toBe(0);
      const r = JSON.parse(json.stdout) as { respondents: number; departments: unknown[]; workbook: string; questions: { id: string; total: { n: number; mean: number } }[] };
      expect(r.respondents).toBe(10);
      expect(r.departments).toEqual([
        { name: 'Отдел А', shown: false, respondents: null },
        { name: 'Отдел Б', shown: false, respondents: null },
      ]);
      expect(r.questions[0]!.total).toMatchObject({ n: 10, mean: 3.2 });
      expect(r.workbook).toBe(path.join('итоги', 'опрос-1-итоги.xlsx'));

      // The workbook shows the same, and no per-department figure anywhere.
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, r.workbook));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Итоги', 'Диаграммы', 'Комментарии']);
      const rowsOf = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((v) => (v as unknown[]).slice(1));
      const departmentRows = rowsOf('Итоги').filter((row) => row[0] === 'Отдел А' || row[0] === 'Отдел Б');
      expect(departmentRows.length).toBe(2 + 4 * 2);
      // «скрыто», not «скрыт»: no agreement with a department's name (README «Опросы сотрудников»).
      expect(departmentRows.every((row) => row.length === 2 && row[1] === 'скрыто')).toBe(true);
      expect(rowsOf('Комментарии').slice(1).map((row) => [row[1], row[2]])).toEqual([
        ['Все отделы: Отдел А, Отдел Б', 'Больше типовых шаблонов'],
        ['Все отделы: Отдел А, Отдел Б', 'Нас не слышат'],
        ['Все отделы: Отдел А, Отдел Б', 'Отвечать на почту быстрее'],
      ]);
      // The terminal says the same.
      const text = await okno(['survey', 'results', '1'], { cwd });
      expect(text.stdout).toContain('\nСкрыты отделы: Отдел А, Отдел Б. Скрываются отделы, где ответили меньше');
      expect(text.stdout).not.toContain('Отделы: ');
      expect(text.stdout.replace(/\u00a0/g, ' ')).toContain('   Все (10): среднее 3,2; 1 — 10 %, 2 — 30 %, 3 — 10 %, 4 — 30 %, 5 — 20 %');

      const list = await okno(['survey', 'list', '--json'], { cwd });
      expect(JSON.parse(list.stdout)).toMatchObject([{ id: 1, title: 'Работа правового отдела глазами коллег', state: 'closed' }]);
    });
  });

  it('a code works once, also when two people send it at the same moment', async () => {
    await withTempDir(async (cwd) => {
      const { id, codes } = await create(cwd);
      await writeFile(path.join(cwd, 'a.json'), JSON.stringify(sheets[0]));
      await writeFile(path.join(cwd, 'b.json'), JSON.stringify(sheets[7]));
      // Two processes, as two people at two computers.
      const both = await Promise.all([
        oknoBinary(['survey', 'take', String(id), '--code', codes[0]!, '--answers', 'a.json'], { cwd }),
        oknoBinary(['survey', 'take', String(id), '--code', codes[0]!, '--answers', 'b.json'], { cwd }),
      ]);
      expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(both.find((r) => r.code === 1)!.stderr).toContain('этот код уже использован');
      const status = await okno(['survey', 'status', String(id), '--json'], { cwd });
      expect(JSON.parse(status.stdout)).toMatchObject({ codesIssued: 12, codesUsed: 1, respondents: 1 });
    });
  });

  it('tells a typo from an unknown code, and writes nothing for either', async () => {
    await withTempDir(async (cwd) => {
      const { id, codes } = await create(cwd);
      const typo = codes[0]!.slice(0, -1) + String((Number(codes[0]!.at(-1)) + 1) % 10);
      expect((await take(cwd, id, typo, sheets[0]!)).stderr).toContain('в коде опечатка: проверьте цифры.');
      expect((await take(cwd, id, '00000-00000', sheets[0]!)).stderr).toContain('такого кода у этого опроса нет.');
      const wrong = await take(cwd, id, codes[0]!, { department: 'Отдел Б', answers: { overall: 7 } });
      expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Ответ не записан: вопрос «overall»: нужна оценка от 1 до 5, а не «7». нет ответа на обязательный вопрос «contact». нет ответа на обязательный вопрос «topics».']);
      expect(JSON.parse((await okno(['survey', 'status', String(id), '--json'], { cwd })).stdout)).toMatchObject({ codesUsed: 0, respondents: 0 });
    });
  });

  it('anonymity settings lock at the first answer', async () => {
    await withTempDir(async (cwd) => {
      const { id, codes } = await create(cwd);
      expect((await okno(['survey', 'settings', String(id), '--min-group', '6', '--min-comments', '12'], { cwd })).code).toBe(0);
      expect((await okno(['survey', 'settings', String(id), '--min-group', '2'], { cwd })).stderr).toContain('--min-group не меньше 3');
      expect((await take(cwd, id, codes[0]!, sheets[0]!)).code).toBe(0);
      for (const change of [['--min-group', '5'], ['--min-comments', '6'], ['--departments', 'Отдел А,Отдел Б,Отдел В']]) {
        const r = await okno(['survey', 'settings', String(id), ...change], { cwd });
        expect([r.code, r.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Настройки анонимности опроса № 1 нельзя менять: уже есть ответы (1). Отвечавшим обещаны эти пороги и этот список отделов.']);
      }
      expect(JSON.parse((await okno(['survey', 'status', String(id), '--json'], { cwd })).stdout)).toMatchObject({ minGroup: 6, minComments: 12, departments: ['Отдел А', 'Отдел Б'] });
      // The title is no anonymity setting.
      expect((await okno(['survey', 'settings', String(id), '--title', 'Правовой отдел: взгляд коллег'], { cwd })).code).toBe(0);
    });
  });

  it('refuses bad input with a Russian message and the right exit code', { timeout: 180_000 }, async () => {
    await withTempDir(async (cwd) => {
      const bad = await okno(['survey', 'create', '--from', fixture('surveys/bad-definition.json'), '--title', 'Т', '--departments', 'А'], { cwd });
      expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([1, expect.stringContaining('bad-definition.json: вопрос 2: «id» «overall» уже занят.')]);
      // Settings refused before the database is touched: no empty database is left behind.
      const small = await okno(['survey', 'create', '--template', 'internal', '--departments', 'А', '--min-group', '2'], { cwd });
      expect([small.code, small.stderr.split('\n')[0]]).toEqual([2, expect.stringMatching(/^Ошибка: Опрос не создан: .*--min-group не меньше 3/)]);
      expect(existsSync(path.join(cwd, 'okno.duckdb'))).toBe(false);
      const noPrevious = await okno(['survey', 'create', '--template', 'internal', '--departments', 'А', '--previous', '9'], { cwd });
      expect([noPrevious.code, noPrevious.stderr.split('\n')[0]]).toEqual([1, expect.stringMatching(/^Ошибка: База .*okno\.duckdb не найдена\.$/)]);
      expect(existsSync(path.join(cwd, 'okno.duckdb'))).toBe(false);
      const noDb = await okno(['survey', 'status', '1'], { cwd });
      expect(noDb.code).toBe(1);
      expect(noDb.stderr).toContain('не найдена');
      await create(cwd);
      expect((await okno(['survey', 'status', '7'], { cwd })).stderr).toContain('Опроса № 7 нет в базе.');
      expect((await okno(['survey', 'take', '1', '--code', '1'], { cwd })).code).toBe(2);
      const noTerminal = await okno(['survey', 'take', '1'], { cwd });
      expect([noTerminal.code, noTerminal.stderr.split('\n')[0]]).toEqual([2, 'Ошибка: Для ответов по очереди нужен терминал.']);
      expect((await okno(['survey', 'codes', '1', '--count', '0'], { cwd })).code).toBe(2);
      // A sheet that cannot be written: no code is stored, since nobody could ever see it.
      await writeFile(path.join(cwd, 'blocker'), '');
      const unwritable = await okno(['survey', 'codes', '1', '--count', '3', '--out', 'blocker/codes.html'], { cwd });
      expect([unwritable.code, unwritable.stderr]).toEqual([
        1,
        'Ошибка: Не удалось записать blocker: в пути есть файл там, где должна быть папка. Коды не выпущены.\n' +
          'Закройте файл, если он открыт, или укажите другую папку (--out) и повторите.\n',
      ]);
      expect(JSON.parse((await okno(['survey', 'status', '1', '--json'], { cwd })).stdout)).toMatchObject({ codesIssued: 12 });
      // The first sheet (default name) is never overwritten: it may be the only copy of codes not yet handed out.
      const firstSheet = await readFile(path.join(cwd, 'survey-1-codes.html'), 'utf8');
      const again = await okno(['survey', 'codes', '1', '--count', '2'], { cwd });
      expect([again.code, again.stderr.split('\n')[0]]).toEqual([
        1,
        `Ошибка: Лист с кодами ${path.join(cwd, 'survey-1-codes.html')} уже есть: в нём могут быть коды, которые ещё не розданы. Коды не выпущены.`,
      ]);
      expect(await readFile(path.join(cwd, 'survey-1-codes.html'), 'utf8')).toBe(firstSheet);
      expect(JSON.parse((await okno(['survey', 'status', '1', '--json'], { cwd })).stdout)).toMatchObject({ codesIssued: 12 });
      // Exports that cannot be read, or are not this survey's: a Russian message, exit 1, nothing stored.
      for (const [file, problem] of [
        ['bad/truncated.xlsx', /truncated\.xlsx: /],
        ['bad/random-bytes.csv', /random-bytes\.csv: /],
        ['feedback/google-forms-ru-timestamps.csv', /google-forms-ru-timestamps\.csv: в файле нет столбца с отделом/],
        ['demo/surveys/google-forms-2026-11-18.csv', /google-forms-2026-11-18\.csv: ни один столбец не совпал с вопросами опроса/],
      ] as const) {
        const r = await okno(['survey', 'load', '1', fixture(file)], { cwd });
        expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(problem)]);
      }
      expect(JSON.parse((await okno(['survey', 'status', '1', '--json'], { cwd })).stdout)).toMatchObject({ respondents: 0 });
      // An export of this survey whose departments are not the survey's: every row refused, nothing recorded, so the
      // same file loads once the departments are fixed (still allowed: nobody has answered).
      const wrongDepartments = await okno(['survey', 'load', '1', fixture('surveys/google-forms-with-emails.csv'), '--json'], { cwd });
      expect([wrongDepartments.code, wrongDepartments.stderr, JSON.parse(wrongDepartments.stdout.replace(/\u00a0/g, ' '))]).toEqual([1, '', {
        error: {
          message: `${fixture('surveys/google-forms-with-emails.csv')}: ни один ответ не сохранён: отклонены все 6 строк, отдела нет в опросе (6 строк; например строка 2: отдела «Отдел надзора» нет в опросе).`,
          hint: 'Отделы опроса: Отдел А, Отдел Б. Исправьте список (okno survey settings 1 --departments "…", пока нет ни одного ответа) или ответы в выгрузке и загрузите файл снова.',
          exitCode: 1,
        },
      }]);
      expect((await okno(['survey', 'settings', '1', '--departments', 'Отдел надзора,Отдел тарифов,Общий отдел'], { cwd })).code).toBe(0);
      const fixed = await okno(['survey', 'load', '1', fixture('surveys/google-forms-with-emails.csv'), '--json'], { cwd });
      expect(JSON.parse(fixed.stdout)).toMatchObject({ status: 'loaded', stored: 6, rejects: [] });
      const missing = await okno(['survey', 'take', '1', '--code', '00000-00000', '--answers', 'нет.json'], { cwd });
      expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Файл нет.json: не найден.']);
    });
  });
});
