// okno pr records the kit it made (pr_kits), in one transaction with the folder swap; okno status reads the record.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { Db } from '../../src/db/database.js';
import { UserError } from '../../src/errors.js';
import { buildStatus } from '../../src/monthly/status.js';
import { writePrKit } from '../../src/pr/write.js';
import { renderStatus } from '../../src/render/status-text.js';
import { fixture, load, rows, testClock, withDb, withLoadedDb, withTempDir } from '../helpers.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const october = { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', config: defaultConfig() };
const prLine = async (db: Db, today: string) =>
  renderStatus(await buildStatus(db, { today, timeZone: 'Europe/Moscow' })).split('\n').find((l) => l.startsWith('PR-цифры'));

describe('the record of a PR kit', () => {
  it('is made with the kit; status says ready, then that the data changed (pr/october-consultation-added-later.csv)', async () => {
    await withLoadedDb([scenario], async (db) => {
      expect(await prLine(db, '2026-11-21')).toBe('PR-цифры за октябрь 2026: не готовы — срок был 05.11.2026, просрочено на 16 дней');
      await withTempDir(async (dir) => {
        const kit = await writePrKit(db, october, dir);
        expect(kit.recorded).toEqual({ kitId: 1, madeAt: '2026-11-21T12:00:00+03:00' });
        expect(await rows(db, "select kit_id, month, strftime(made_at at time zone 'UTC', '%Y-%m-%d %H:%M') as made, dir, partial, forced, warning, figures->>'consultations' as consultations from pr_kits"))
          .toEqual([{ kit_id: 1, month: '2026-10', made: '2026-11-21 09:00', dir: path.join(dir, 'pr-2026-10'), partial: false, forced: false, warning: null, consultations: '6' }]);
        const status = await buildStatus(db, { today: '2026-11-21', timeZone: 'Europe/Moscow' });
        expect(status.pr).toEqual({
          due: '2026-11-05', daysLeft: -16, state: 'ready', madeAt: '2026-11-21T12:00:00+03:00', forced: false, dir: path.join(dir, 'pr-2026-10'), changed: [],
        });
        expect(await prLine(db, '2026-11-21')).toBe('PR-цифры за октябрь 2026: готовы 21.11.2026');

        // Deal 901: held 15.10.2026, 60 minutes, «Правовые вопросы», a client not seen before.
        await load(db, [fixture('pr/october-consultation-added-later.csv')]);
        expect((await buildStatus(db, { today: '2026-11-21', timeZone: 'Europe/Moscow' })).pr.changed).toEqual([
          { figure: 'consultations', was: 6, now: 7 },
          { figure: 'organisations', was: 3, now: 4 },
          { figure: 'minutes', was: 285, now: 345 },
          { figure: 'newClients', was: 1, now: 2 },
          { figure: 'topics', was: null, now: null },
        ]);
        expect(await prLine(db, '2026-11-21')).toBe(
          'PR-цифры за октябрь 2026: готовы 21.11.2026; с тех пор данные изменились (консультаций: было 6, стало 7; организаций: было 3, стало 4; ' +
            'минут: было 285, стало 345; новых клиентов: было 1, стало 2; темы) — пересоберите: okno pr --month 2026-10',
        );
      });
    });
  });

  it('a kit made before the month was over does not make its figures ready', async () => {
    await withLoadedDb([scenario], async (db) => {
      await withTempDir(async (dir) => {
        // November on 21.11: partial (and its latest edit, 20.11 12:00, is before today: only with --force).
        const kit = await writePrKit(db, { ...october, month: '2026-11', force: true }, dir);
        expect([kit.partial, kit.forced]).toEqual([true, true]);
        expect(await prLine(db, '2026-12-02')).toBe('PR-цифры за ноябрь 2026: не готовы — срок 05.12.2026, осталось 3 дня');
      });
    });
  });

  it('a folder that cannot be put in place records nothing; the earlier kit stays', async () => {
    await withLoadedDb([scenario], async (db) => {
      await withTempDir(async (dir) => {
        await mkdir(path.join(dir, 'pr-2026-10'));
        await writeFile(path.join(dir, 'pr-2026-10', 'earlier.md'), 'the earlier kit');
        // Where the earlier kit would be moved aside, a folder that is not empty: the rename fails.
        await mkdir(path.join(dir, `.pr-2026-10.${process.pid}.old`));
        await writeFile(path.join(dir, `.pr-2026-10.${process.pid}.old`, 'x'), 'x');
        const error = await writePrKit(db, october, dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/^Не удалось записать .*pr-2026-10/);
        expect(await rows(db, 'select * from pr_kits')).toEqual([]);
        expect(await readdir(path.join(dir, 'pr-2026-10'))).toEqual(['earlier.md']);
        expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      });
    });
  });

  it('a record that cannot be written leaves the earlier kit in place', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      const writable = await Db.open(file, { timeZone: 'Europe/Moscow', clock: testClock });
      await load(writable, [scenario]);
      writable.close();
      const out = path.join(dir, 'out');
      await mkdir(path.join(out, 'pr-2026-10'), { recursive: true });
      await writeFile(path.join(out, 'pr-2026-10', 'earlier.md'), 'the earlier kit');
      const db = await Db.open(file, { readOnly: true, timeZone: 'Europe/Moscow', clock: testClock });
      try {
        await expect(writePrKit(db, october, out)).rejects.toThrow(/открыты только для чтения/);
        expect(await rows(db, 'select * from pr_kits')).toEqual([]);
      } finally {
        db.close();
      }
      expect(await readdir(path.join(out, 'pr-2026-10'))).toEqual(['earlier.md']);
      expect((await readdir(out)).sort()).toEqual(['pr-2026-10']);
    });
  });

  it('a month without consultations after months with some is refused (pr/no-consultations-in-november.csv)', async () => {
    const clock = () => new Date('2026-12-03T10:00:00+03:00');
    await withDb(async (db) => {
      await load(db, [fixture('pr/no-consultations-in-november.csv')]);
      await withTempDir(async (dir) => {
        const error = await writePrKit(db, { ...october, month: '2026-11', today: '2026-12-03' }, dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toBe(
          'PR-материалы за ноябрь 2026 года не сделаны: за месяц нет проведённых консультаций, хотя в прошлые месяцы были ' +
            '(последняя выгрузка — no-consultations-in-november.csv, загружена 03.12.2026 10:00; самая поздняя «Дата редактирования» 02.12.2026 09:15).',
        );
        expect(await readdir(dir)).toEqual([]);
      });
    }, 'Europe/Moscow', clock);
  });

  it('over incomplete data: refused, or made with --force and said so (pr/export-edited-before-month-end.csv)', async () => {
    const clock = () => new Date('2026-11-03T10:00:00+03:00');
    await withDb(async (db) => {
      await load(db, [fixture('pr/export-edited-before-month-end.csv')]);
      await withTempDir(async (dir) => {
        const options = { ...october, today: '2026-11-03' };
        const error = await writePrKit(db, options, dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).message).toBe(
          'PR-материалы за октябрь 2026 года не сделаны: данные за месяц явно неполные — самая поздняя «Дата редактирования» в загруженных выгрузках ' +
            '15.10.2026 18:00, раньше конца месяца (последняя выгрузка — export-edited-before-month-end.csv, загружена 03.11.2026 10:00).',
        );
        expect((error as UserError).hint).toBe(
          'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и повторите okno pr --month 2026-10; ' +
            'или сделайте материалы всё равно: okno pr --month 2026-10 --force (предупреждение будет в тексте и в терминале).',
        );
        expect(await readdir(dir)).toEqual([]);
        expect(await rows(db, 'select * from pr_kits')).toEqual([]);

        const kit = await writePrKit(db, { ...options, force: true }, dir);
        expect(kit.warning).toBe((error as Error).message.replace('PR-материалы за октябрь 2026 года не сделаны: ', ''));
        expect(await rows(db, 'select forced, warning from pr_kits')).toEqual([{ forced: true, warning: kit.warning }]);
        expect(await prLine(db, '2026-11-04')).toBe('PR-цифры за октябрь 2026: готовы 03.11.2026, сделаны с --force по неполным данным');
      });
    }, 'Europe/Moscow', clock);
  });
});
