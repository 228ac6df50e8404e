import { loadImage } from '@napi-rs/canvas';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const nb = '\u00a0';

describe('okno pr', () => {
  it('writes the kit and prints its figures, texts and images as JSON', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const note = JSON.parse((await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--json'], { cwd })).stdout);
      const result = await okno(['pr', '--month', '2026-10', '--out', 'kit', '--json'], { cwd });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const kit = JSON.parse(result.stdout);
      expect(kit).toMatchObject({
        month: '2026-10',
        partial: false,
        period: { from: '2026-10-01', to: '2026-11-01', days: 31 },
        incomplete: false,
        warning: null,
        forced: false,
        recorded: { kitId: 1, madeAt: '2026-11-21T12:00:00+03:00' },
        dir: 'kit/pr-2026-10',
        markdown: 'kit/pr-2026-10/pr-2026-10.md',
        figures: { consultations: 6, organisations: 3, minutes: 285, hours: 4.75, newClients: 1, satisfaction: null },
      });
      // The same figures as the note the director signs.
      expect([kit.figures.consultations, kit.figures.organisations, kit.figures.minutes, kit.figures.newClients])
        .toEqual([note.totals.consultations, note.totals.clients, note.totals.minutes, note.totals.newClients]);
      expect(kit.texts.social).toBe(`В октябре 2026 года — 6${nb}консультаций для 3${nb}организаций, 4,8${nb}часа работы. Самая частая тема — «Правовые вопросы».`);
      expect(kit.images).toHaveLength(9);
      for (const image of kit.images) {
        expect(image.file).toBe(`kit/pr-2026-10/${image.kind}-${image.preset}.png`);
        const decoded = await loadImage(await readFile(path.join(cwd, image.file)));
        expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
        expect(image.alt.length).toBeGreaterThan(20);
      }
      expect(new Set(kit.images.map((i: { preset: string; width: number; height: number }) => `${i.preset} ${i.width}×${i.height}`)))
        .toEqual(new Set(['square 1080×1080', 'wide 1200×675', 'story 1080×1920']));
    });
  });

  it('prints a summary on the terminal', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const result = await okno(['pr', '--month', '2026-10'], { cwd });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Материалы для публикации за октябрь 2026 года: out/pr-2026-10/');
      expect(result.stdout).toContain('  Консультаций          6\n');
      expect(result.stdout).toContain(`Изображения (9${nb}файлов)`);
    });
  });

  it('uses the organisation, logo and colours of the settings file; refuses a logo that is not a PNG', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      await mkdir(path.join(cwd, 'brand'));
      await writeFile(path.join(cwd, 'brand', 'logo.png'), 'not a png');
      await writeFile(path.join(cwd, 'okno.config.json'), JSON.stringify({ pr: { organisation: 'Центр «Окно»', logo: 'brand/logo.png', colors: { primary: '#1F6FB2' } } }));
      const bad = await okno(['pr', '--month', '2026-10'], { cwd });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(`Ошибка: Логотип ${path.join(cwd, 'brand', 'logo.png')} — не PNG.\nСохраните логотип в формате PNG и укажите его в pr.logo.\n`);
      expect(await readdir(cwd)).not.toContain('out');

      await writeFile(path.join(cwd, 'okno.config.json'), JSON.stringify({ pr: { colors: { primary: 'синий' } } }));
      const badColour = await okno(['pr', '--month', '2026-10'], { cwd });
      expect(badColour.code).toBe(1);
      expect(badColour.stderr).toContain('pr.colors.primary «синий» — нужен цвет в виде #RRGGBB');
      expect(badColour.stderr).not.toContain('    at ');
    });
  });

  it('refuses a month whose data plainly cannot be complete; --force makes the kit and says so; status then says ready', async () => {
    await withTempDir(async (cwd) => {
      const nov3 = { OKNO_NOW: '2026-11-03T10:00:00+03:00' };
      expect((await okno(['load', 'consultations', fixture('pr/export-edited-before-month-end.csv')], { cwd, env: nov3 })).code).toBe(0);
      const reason =
        'данные за месяц явно неполные — самая поздняя «Дата редактирования» в загруженных выгрузках 15.10.2026 18:00, раньше конца месяца ' +
        '(последняя выгрузка — export-edited-before-month-end.csv, загружена 03.11.2026 10:00).';
      const refused = await okno(['pr'], { cwd, env: nov3 });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(
        `Ошибка: PR-материалы за октябрь 2026 года не сделаны: ${reason}\n` +
          'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и повторите okno pr --month 2026-10; ' +
          'или сделайте материалы всё равно: okno pr --month 2026-10 --force (предупреждение будет в тексте и в терминале).\n',
      );
      expect(await readdir(cwd)).not.toContain('out');
      const before = await okno(['status'], { cwd, env: { OKNO_NOW: '2026-11-04T09:00:00+03:00' } });
      expect(before.stdout).toContain('\nPR-цифры за октябрь 2026: не готовы — срок 05.11.2026, осталось 1 день\n');

      const forced = await okno(['pr', '--force'], { cwd, env: nov3 });
      expect(forced.code).toBe(0);
      const warning = `Внимание: ${reason} Материалы сделаны с --force: проверьте цифры перед публикацией.`;
      expect(forced.stdout.split('\n').slice(0, 2)).toEqual(['Материалы для публикации за октябрь 2026 года: out/pr-2026-10/', warning]);
      const md = await readFile(path.join(cwd, 'out/pr-2026-10/pr-2026-10.md'), 'utf8');
      expect(md.split('\n').slice(0, 3)).toEqual(['# Консультации за октябрь 2026 года', '', `> ${warning}`]);

      const json = JSON.parse((await okno(['pr', '--force', '--json'], { cwd, env: nov3 })).stdout);
      expect([json.incomplete, json.warning, json.forced, json.recorded]).toEqual([true, reason, true, { kitId: 2, madeAt: '2026-11-03T10:00:00+03:00' }]);

      const after = await okno(['status'], { cwd, env: { OKNO_NOW: '2026-11-04T09:00:00+03:00' } });
      expect(after.stdout).toContain('\nPR-цифры за октябрь 2026: готовы 03.11.2026, сделаны с --force по неполным данным\n');
      const status = JSON.parse((await okno(['status', '--json'], { cwd, env: { OKNO_NOW: '2026-11-04T09:00:00+03:00' } })).stdout);
      expect(status.pr).toEqual({
        due: '2026-11-05', daysLeft: 1, state: 'ready', madeAt: '2026-11-03T10:00:00+03:00', forced: true, dir: path.join(cwd, 'out', 'pr-2026-10'), changed: [],
      });
    });
  });

  it('refuses a month that has not begun, and a missing database', async () => {
    await withTempDir(async (cwd) => {
      const none = await okno(['pr'], { cwd });
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^Ошибка: База .*okno\.duckdb не найдена\./);
      await loadedIn(cwd, scenario);
      const future = await okno(['pr', '--month', '2027-01'], { cwd });
      expect([future.code, future.stderr]).toEqual([
        1,
        'Ошибка: Январь 2027 ещё не начался (сегодня 21.11.2026).\n' +
          'PR-материалы делаются за месяц, который уже начался (текущий — за его первые дни); без --month — за прошлый месяц.\n',
      ]);
      expect(await readdir(cwd)).not.toContain('out');
    });
  });
});
