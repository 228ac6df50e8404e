import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
// 05.12.2026 21:30 in Moscow (UTC+3) is 06.12.2026 01:30 in Novosibirsk (UTC+7): the note for November is due
// today in one zone and one day overdue in the other.
const env = { OKNO_NOW: '2026-12-05T21:30:00+03:00' };
const novosibirsk = JSON.stringify({ timeZone: 'Asia/Novosibirsk' });

describe('okno status reads the settings file like every other command', () => {
  it('./okno.config.json when present, without --mapping', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario, env);
      const moscow = JSON.parse((await okno(['status', '--json'], { cwd, env })).stdout);
      expect(moscow).toMatchObject({ today: '2026-12-05', month: '2026-11', note: { due: '2026-12-05', daysLeft: 0, state: 'due' } });

      await writeFile(path.join(cwd, 'okno.config.json'), novosibirsk);
      const r = await okno(['status', '--json'], { cwd, env });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ today: '2026-12-06', month: '2026-11', note: { due: '2026-12-05', daysLeft: -1, state: 'overdue' } });
      const text = await okno(['status'], { cwd, env });
      expect(text.stdout).toContain('Сегодня 06.12.2026\n');
    });
  });

  it('--mapping <file> names another settings file, which wins over ./okno.config.json', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario, env);
      await writeFile(path.join(cwd, 'okno.config.json'), JSON.stringify({ timeZone: 'Europe/Moscow' }));
      await writeFile(path.join(cwd, 'нск.json'), novosibirsk);
      expect(JSON.parse((await okno(['status', '--json'], { cwd, env })).stdout).today).toBe('2026-12-05');
      const r = await okno(['status', '--mapping', 'нск.json', '--json'], { cwd, env });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ today: '2026-12-06', note: { daysLeft: -1, state: 'overdue' }, pr: { due: '2026-12-05', daysLeft: -1 } });
    });
  });

  it('a --mapping file that does not exist is refused (exit 1)', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario, env);
      const r = await okno(['status', '--mapping', 'нет.json'], { cwd, env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Файл настроек');
      expect(r.stderr).toContain('нет.json');
    });
  });
});
