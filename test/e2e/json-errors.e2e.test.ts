// README «Errors in JSON»: every command that takes --json answers in JSON on stdout when it fails, with the exit code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno, oknoBinary } from './cli.js';

/** The one object a failing --json command prints, and nothing on stderr; in-process unless `cli` is oknoBinary. */
async function jsonError(cwd: string, args: string[], cli = okno) {
  const r = await cli(args, { cwd, env: { OKNO_NOW: '2026-12-02T00:04:00+03:00' } });
  return { code: r.code, stderr: r.stderr, json: JSON.parse(r.stdout) as unknown };
}

const failed = (message: string, hint: string | null, exitCode: number) => ({ code: exitCode, stderr: '', json: { error: { message, hint, exitCode } } });

describe('--json failures from the built CLI', () => {
  it('every command that reports on a database: no database is exit 1 as {error}', () =>
    withTempDir(async (cwd) => {
      const missing = `База ${path.join(cwd, 'okno.duckdb')} не найдена.`;
      const load = 'Сначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.';
      const survey = 'Опрос создаётся командой okno survey create; или укажите базу через --db.';
      const cases: [string[], ReturnType<typeof failed>][] = [
        [['report', 'monthly', '--json'], failed(missing, load, 1)],
        [['report', 'projects', '--json'], failed(missing, load, 1)],
        [['report', 'effectiveness', '--json'], failed(missing, load, 1)],
        [['pr', '--json'], failed(missing, load, 1)],
        [['review', 'due', '--json'], failed(missing, load, 1)],
        [['check', '--json'], failed(missing, load, 1)],
        [['status', '--json'], failed(missing, load, 1)],
        [['survey', 'codes', '1', '--count', '5', '--json'], failed(missing, survey, 1)],
        [['survey', 'list', '--json'], failed(missing, survey, 1)],
        [['survey', 'status', '1', '--json'], failed(missing, survey, 1)],
        [['survey', 'results', '1', '--json'], failed(missing, survey, 1)],
        [['survey', 'create', '--departments', 'Отдел А,Отдел Б', '--previous', '1', '--json'], failed(missing, survey, 1)],
      ];
      // One after another: runs in one process share process.exitCode.
      const results = [];
      for (const [args] of cases) results.push(await jsonError(cwd, args));
      expect(results).toEqual(cases.map(([, expected]) => expected));
    }));

  it('files that cannot be read: {error} exit 1, except the consultation and feedback loads, whose summary says it per file', () =>
    withTempDir(async (cwd) => {
      const notIcs = fixture('bad/random-bytes.csv');
      const calendar = await jsonError(cwd, ['load', 'calendar', notIcs, '--json']);
      const surveyFile = await jsonError(cwd, ['survey', 'load', '1', 'нет.csv', '--json']);
      const review = await jsonError(cwd, ['review', 'load', 'нет.xlsx', '--json']);
      const consultations = await jsonError(cwd, ['load', 'consultations', 'нет.csv', '--dry-run', '--json']);
      const feedback = await jsonError(cwd, ['load', 'feedback', 'нет.csv', '--dry-run', '--json']);
      expect(calendar).toEqual({ code: 1, stderr: '', json: { error: { message: expect.stringContaining('random-bytes.csv'), hint: expect.anything(), exitCode: 1 } } });
      expect(surveyFile).toEqual(failed('Файл нет.csv не найден.', null, 1));
      expect(review).toEqual(failed('Файл нет.xlsx не найден.', null, 1));
      expect(consultations).toMatchObject({ code: 1, stderr: '', json: { dryRun: true, files: [{ file: 'нет.csv', status: 'failed', error: 'файл не найден или недоступен.' }] } });
      expect(feedback).toMatchObject({ code: 1, stderr: '', json: { dryRun: true, files: [{ file: 'нет.csv', status: 'failed', error: 'файл не найден или недоступен.' }] } });
    }));

  // From the built CLI: what a script reading stdout gets from a real process, commander's own errors included.
  it('usage errors (exit 2), from the option parser and from the command, in JSON too', () =>
    withTempDir(async (cwd) => {
      const results = await Promise.all([
        jsonError(cwd, ['report', 'monthly', '--month', '2026-13', '--json'], oknoBinary),
        jsonError(cwd, ['check', '--week', '2026-W44', '--as-of', '2026-11-01', '--json'], oknoBinary),
        jsonError(cwd, ['load', 'calendar', '--json'], oknoBinary),
        jsonError(cwd, ['status', '--todya', '2026-12-01', '--json'], oknoBinary),
        jsonError(cwd, ['survey', 'create', '--departments', 'А,Б', '--min-group', '2', '--json'], oknoBinary),
        jsonError(cwd, ['survey', 'codes', '1', '--count', '3', '--out', 'коды.pdf', '--json'], oknoBinary),
        jsonError(cwd, ['check', '--out', 'проверка.csv', '--json'], oknoBinary),
      ]);
      expect(results).toEqual([
        failed("у параметра '--month <YYYY-MM>' недопустимое значение '2026-13': нужен месяц в виде ГГГГ-ММ, например 2026-10.", 'Справка: okno report monthly --help', 2),
        failed("параметр '--week <YYYY-Www>' нельзя указывать вместе с '--as-of <YYYY-MM-DD>'", 'Справка: okno check --help', 2),
        failed("не указан обязательный аргумент 'file'", 'Справка: okno load calendar --help', 2),
        failed("неизвестный параметр '--todya'", 'Возможно, имелось в виду --today?', 2),
        failed(expect.stringMatching(/^Опрос не создан: .*--min-group не меньше 3/) as unknown as string, null, 2),
        failed('--out: нужен файл .html или .txt.', null, 2),
        failed('Книга должна быть файлом .xlsx: проверка.csv.', null, 2),
      ]);
    }));

  it('the same failure in words goes to stderr, stdout stays empty', () =>
    withTempDir(async (cwd) => {
      const r = await okno(['check', '--week', '2026-W44', '--as-of', '2026-11-01'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: "Ошибка: параметр '--week <YYYY-Www>' нельзя указывать вместе с '--as-of <YYYY-MM-DD>'\nСправка: okno check --help\n",
      });
    }));
});
