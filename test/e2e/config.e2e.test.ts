import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

describe('a wrong okno.config.json, as a user meets it', () => {
  it('exits 1 with the Russian message and the README hint, on the terminal and in JSON', async () => {
    await withTempDir(async (cwd) => {
      const file = fixture('config/colour-without-hash.json');
      const problem = `Файл настроек ${file}: pr.colors.primary «1F6FB2» — нужен цвет в виде #RRGGBB, например "#1F6FB2".`;
      const hint = 'Формат описан в руководстве docs/guide.md, раздел «Файл настроек».';
      const r = await okno(['status', '--mapping', file], { cwd });
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `Ошибка: ${problem}\n${hint}\n`]);
      const json = await okno(['report', 'monthly', '--format', 'xlsx', '--json', '--mapping', file], { cwd });
      expect([json.code, JSON.parse(json.stdout)]).toEqual([1, { error: { message: problem, hint, exitCode: 1 } }]);
    });
  });
});
