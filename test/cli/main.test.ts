import { describe, expect, it } from 'vitest';
import type { Deps } from '../../src/cli/deps.js';
import { run } from '../../src/cli/main.js';
import { testClock, withTempDir } from '../helpers.js';

/** run() with captured output: stdout's JSON values and text, stderr's lines. */
async function cli(cwd: string, args: string[], clock: () => Date = testClock) {
  const stdout: string[] = [];
  const json: unknown[] = [];
  const stderr: string[] = [];
  const deps: Deps = {
    output: {
      print: (t) => stdout.push(t),
      json: (v) => json.push(v),
      error: (t) => stderr.push(t),
      progress: () => ({ update() {}, done() {} }),
    },
    clock,
    cwd,
    env: {},
    interactive: false,
  };
  const code = await run(['node', 'okno', ...args], deps);
  return { code, stdout, json, stderr };
}

describe('one catch: errors in words, or in JSON when the command asked for JSON', () => {
  it("a user's error: «Ошибка: …» and the hint on stderr; with --json the same on stdout as {error}, nothing on stderr", () =>
    withTempDir(async (dir) => {
      const text = await cli(dir, ['status', '--db', 'none.duckdb']);
      expect(text).toEqual({
        code: 1,
        stdout: [],
        json: [],
        stderr: [`Ошибка: База ${dir}/none.duckdb не найдена.`, 'Сначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.'],
      });
      const json = await cli(dir, ['status', '--db', 'none.duckdb', '--json']);
      expect(json).toEqual({
        code: 1,
        stdout: [],
        json: [{ error: { message: `База ${dir}/none.duckdb не найдена.`, hint: 'Сначала загрузите выгрузку: okno load consultations <файл>; или укажите базу через --db.', exitCode: 1 } }],
        stderr: [],
      });
    }));

  it('a usage error of commander (exit 2): the message and the help to read, or commander’s suggestion, as the hint', () =>
    withTempDir(async (dir) => {
      expect(await cli(dir, ['check', '--week', '2026-W60', '--json'])).toEqual({
        code: 2,
        stdout: [],
        json: [{
          error: {
            message: "у параметра '--week <YYYY-Www>' недопустимое значение '2026-W60': нужна неделя ISO в виде ГГГГ-Wнн, например 2026-W44 (недели 01–52, в некоторых годах до 53).",
            hint: 'Справка: okno check --help',
            exitCode: 2,
          },
        }],
        stderr: [],
      });
      expect((await cli(dir, ['review', 'due', '--as-of', '2026-13-01', '--json'])).json).toEqual([{
        error: { message: "у параметра '--as-of <YYYY-MM-DD>' недопустимое значение '2026-13-01': нужна дата в виде ГГГГ-ММ-ДД, например 2026-11-21.", hint: 'Справка: okno review due --help', exitCode: 2 },
      }]);
      expect((await cli(dir, ['check', '--wek', '1', '--json'])).json).toEqual([
        { error: { message: "неизвестный параметр '--wek'", hint: 'Возможно, имелось в виду --week?', exitCode: 2 } },
      ]);
      // A command without --json, asked for it: still answered in JSON, as the script expects.
      expect((await cli(dir, ['survey', 'close', '1', '--json'])).json).toEqual([
        { error: { message: "неизвестный параметр '--json'", hint: 'Справка: okno survey close --help', exitCode: 2 } },
      ]);
      const text = await cli(dir, ['load', 'calendar']);
      expect([text.code, text.stderr]).toEqual([2, ["Ошибка: не указан обязательный аргумент 'file'", 'Справка: okno load calendar --help']]);
    }));

  it('a missing subcommand is a usage error (exit 2) after the help; help asked for is not (exit 0)', () =>
    withTempDir(async (dir) => {
      const missing = await cli(dir, ['survey']);
      expect([missing.code, missing.stderr[0]!.split('\n')[0]]).toEqual([2, 'Использование: okno survey [options] [command]']);
      const asked = await cli(dir, ['survey', '--help']);
      expect([asked.code, asked.stdout[0]!.split('\n')[0], asked.stderr]).toEqual([0, 'Использование: okno survey [options] [command]', []]);
    }));

  it('`--json` after `--` is an argument, not the option', () =>
    withTempDir(async (dir) => {
      const r = await cli(dir, ['load', 'calendar', '--db', 'x.duckdb', '--dry-run', '--', '--json']);
      expect([r.code, r.json, r.stderr[0]]).toEqual([1, [], `Ошибка: ${dir}/--json: файл не найден или недоступен.`]);
    }));

  it('an unexpected error: one line and how to see more, in JSON too (exit 70)', () =>
    withTempDir(async (dir) => {
      const broken = () => {
        throw new Error('clock broke\nsecond line');
      };
      const r = await cli(dir, ['survey', 'create', '--departments', 'А,Б,В', '--json'], broken);
      expect(r).toEqual({
        code: 70,
        stdout: [],
        json: [{ error: { message: 'Непредвиденная ошибка: clock broke', hint: 'Подробности — с параметром --debug.', exitCode: 70 } }],
        stderr: [],
      });
      const words = await cli(dir, ['survey', 'create', '--departments', 'А,Б,В'], broken);
      expect([words.code, words.stderr]).toEqual([70, ['Непредвиденная ошибка: clock broke', 'Подробности — с параметром --debug.']]);
      const debug = await cli(dir, ['survey', 'create', '--departments', 'А,Б,В', '--json', '--debug'], broken);
      expect([debug.json, debug.stderr[0]!.split('\n')[0]]).toEqual([
        [{ error: { message: 'Непредвиденная ошибка: clock broke', hint: null, exitCode: 70 } }],
        'Error: clock broke',
      ]);
    }));
});
