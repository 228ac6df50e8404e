import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, rows, testClock, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

const ics = fixture('calendar/google-export-recurring-exceptions-dst.ics');

/** The stored calendar: its loads and its slots. */
async function stored(cwd: string): Promise<{ files: number; slots: number; latest: string }[]> {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { readOnly: true, clock: testClock });
  try {
    return await rows(db, `select (select count(*)::integer from calendar_files) as files, (select count(*)::integer from calendar_slots) as slots,
      (select file_name from calendar_files order by file_id desc limit 1) as latest`);
  } finally {
    db.close();
  }
}

describe('okno load calendar refuses or warns in Russian (the built CLI)', () => {
  it('a file with no events is refused (exit 1) and the stored calendar kept, in text and JSON; --force loads it', async () => {
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'calendar', ics], { cwd })).code).toBe(0);
      const before = await stored(cwd);
      // Loaded on 21.11.2026 (OKNO_NOW): 20 slot occurrences and the Monday meeting from 05.10.2026 to 15.11.2027,
      // the last Monday of the window (17.11.2025–21.11.2027): 59.
      expect(before).toEqual([{ files: 1, slots: 79, latest: 'google-export-recurring-exceptions-dst.ics' }]);
      const empty = fixture('calendar/no-events.ics');
      const refused = await okno(['load', 'calendar', empty], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(
        'no-events.ics: в календаре нет ни одного события со временем в неделях с 17.11.2025 по 21.11.2027 (событий в файле 0) — загрузка заменила бы загруженный календарь пустым; ничего не записано.',
      );
      expect(refused.stderr).toContain('добавьте --force');
      expect(refused.stderr).not.toMatch(/Непредвиденная|\n\s+at /);
      const json = await okno(['load', 'calendar', empty, '--json'], { cwd });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).error).toMatchObject({ exitCode: 1, message: expect.stringContaining('загрузка заменила бы загруженный календарь пустым') });
      expect((await okno(['load', 'calendar', empty, '--dry-run'], { cwd })).code).toBe(1);
      expect(await stored(cwd)).toEqual(before);
      const forced = await okno(['load', 'calendar', empty, '--force'], { cwd });
      expect([forced.code, forced.stderr]).toEqual([0, '']);
      expect(await stored(cwd)).toEqual([{ files: 2, slots: 0, latest: 'no-events.ics' }]);
    });
  });

  it('an event that cannot be read is skipped with a warning naming it; the rest loads (exit 0)', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['load', 'calendar', fixture('calendar/huge-duration.ics')], { cwd });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('  Вхождений в неделях с 17.11.2025 по 21.11.2027: 1; не учтены: исключённые даты (EXDATE) 0, отменённые 0, события на весь день 0, пропущенные с ошибками 1\n');
      expect(r.stdout).toContain(
        '  Внимание: событие «ИИ консультация» (UID 02q7c3m9k2v1x8b4n6p0r5t02@google.com) пропущено: длительность (DURATION) P999999999999999999W больше года.\n',
      );
      const json = JSON.parse((await okno(['load', 'calendar', fixture('calendar/rdate-period.ics'), '--json'], { cwd })).stdout);
      expect(json).toMatchObject({ status: 'loaded', occurrences: 3, window: { from: '2025-11-17', to: '2027-11-21' }, warnings: [], skipped: { events: 0 } });
      expect(await stored(cwd)).toEqual([{ files: 2, slots: 3, latest: 'rdate-period.ics' }]);
    });
  });

  it('a RDATE period of P999999999999999999W skips its event at once, with a warning; the weekly slot loads', async () => {
    await withTempDir(async (cwd) => {
      const started = performance.now();
      const r = await okno(['load', 'calendar', fixture('calendar/rdate-period-huge-duration.ics')], { cwd });
      expect(performance.now() - started).toBeLessThan(5000);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain(
        '  Внимание: событие «ИИ консультация» (UID 02q7c3m9k2v1x8b4n6p0r5t02@google.com) пропущено: период в RDATE 20261209T070000Z/P999999999999999999W длится больше года.\n',
      );
      // ВА weekly, COUNT=3: 24.11, 01.12, 08.12.
      expect(await stored(cwd)).toEqual([{ files: 1, slots: 3, latest: 'rdate-period-huge-duration.ics' }]);
    });
  });

  it('a file whose structure is broken is refused naming the event; what was stored stays', async () => {
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'calendar', ics], { cwd })).code).toBe(0);
      const r = await okno(['load', 'calendar', fixture('calendar/real/icalendar-issue_1081_invalid_rrule_freq.ics')], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/не удалось разобрать календарь: файл обрезан или повреждён \(около «INVALID_TYPE_CAUSES_ERROR», в событии .+ \(UID .+\)\)\./);
      expect(r.stderr).not.toMatch(/Непредвиденная|\n\s+at /);
      expect(await stored(cwd)).toEqual([{ files: 1, slots: 79, latest: 'google-export-recurring-exceptions-dst.ics' }]);
    });
  });
});
