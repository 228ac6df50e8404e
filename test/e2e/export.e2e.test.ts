import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, testClock, withTempDir } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const consultations = fixture('feedback/consultations-2026-10.csv');
const feedback = fixture('feedback/google-forms-ru-timestamps.csv');
const ics = fixture('calendar/google-export-recurring-exceptions-dst.ics');

/** Reads files back as an analyst would, with DuckDB (test-only SQL). */
async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const db = await Db.open(':memory:', { clock: testClock });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

describe('okno export (in-process CLI)', () => {
  it('exports Parquet by default, then CSV into the same folder (replaced whole); --json says what was written', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, consultations);
      expect((await okno(['load', 'feedback', feedback], { cwd })).code).toBe(0);
      const cal = JSON.parse((await okno(['load', 'calendar', ics, '--json'], { cwd })).stdout);

      const plain = await okno(['export', '--out', 'выгрузка'], { cwd });
      expect(plain.stderr).toBe('');
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Выгрузка записана в папку выгрузка: 8\u00a0таблиц, Parquet.\n');
      expect(plain.stdout).toMatch(/^ {2}consultations\s+consultations\.parquet\s+7$/m);
      expect(plain.stdout).toMatch(/^ {2}consultation_versions\s+consultation_versions\.parquet\s+8$/m);
      expect(plain.stdout).toMatch(/^ {2}feedback\s+feedback\.parquet\s+6$/m);
      expect(plain.stdout).toContain('docs/guide.md, раздел «Аналитик: выгрузка данных»');
      expect(plain.stdout).toContain('Опросы сотрудников: закрытых опросов нет, итогов нет; ответы по одному не выгружаются.');
      const dir = path.join(cwd, 'выгрузка');
      const slots = await query<{ kind: string | null; n: number }>(
        `select kind, count(*)::integer as n from read_parquet('${path.join(dir, 'calendar_slots.parquet')}') group by kind order by kind nulls last`,
      );
      // The load's own count of stored occurrences; 16 free and 4 booked slots as its summary says.
      expect(slots.reduce((s, r) => s + r.n, 0)).toBe(cal.occurrences);
      expect(slots.filter((r) => r.kind !== null)).toEqual([{ kind: 'booked', n: 4 }, { kind: 'free', n: 16 }]);

      // Finder's litter in an earlier export does not stop the next one.
      await writeFile(path.join(dir, '.DS_Store'), '');
      const json = await okno(['export', '--format', 'csv', '--out', 'выгрузка', '--json'], { cwd });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({
        dir: 'выгрузка',
        format: 'csv',
        exportedAt: '2026-11-21T12:00:00+03:00',
        timeZone: 'Europe/Moscow',
        schemaVersion: 1,
        tables: [
          { name: 'consultations', file: 'consultations.csv', rows: 7 },
          { name: 'consultation_versions', file: 'consultation_versions.csv', rows: 8 },
          { name: 'feedback', file: 'feedback.csv', rows: 6 },
          { name: 'reviews', file: 'reviews.csv', rows: 0 },
          { name: 'loads', file: 'loads.csv', rows: 2 },
          { name: 'calendar_slots', file: 'calendar_slots.csv', rows: cal.occurrences },
          { name: 'check_marks', file: 'check_marks.csv', rows: 0 },
          { name: 'survey_results', file: 'survey_results.csv', rows: 0 },
        ],
        surveys: { closed: 0, open: 0 },
      });
      // The Parquet files of the first export are gone: the folder was replaced, not added to.
      expect((await readdir(dir)).filter((f) => f.endsWith('.parquet') || f === '.DS_Store')).toEqual([]);
      const loads = await readFile(path.join(dir, 'loads.csv'), 'utf8');
      expect(loads.split('\n')[0]).toBe('load_id,kind,file_name,sha256,size_bytes,format,encoding,delimiter,time_zone,loaded_at,rows_read,rows_rejected,records_new,records_updated,records_unchanged,records_older');
      expect(loads).toContain(',Europe/Moscow,2026-11-21 12:00:00+03,8,0,7,0,0,0\n');
    });
  });

  it('an empty database: files with headers and no rows', async () => {
    await withTempDir(async (cwd) => {
      (await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock })).close();
      const r = await okno(['export', '--format', 'csv', '--out', 'exp', '--json'], { cwd });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).tables.map((t: { rows: number }) => t.rows)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(await readFile(path.join(cwd, 'exp/reviews.csv'), 'utf8')).toBe(
        'deal_id,kind,reviewed_on,reviewer,effective,minutes,satisfaction,success_factors,causes,improvements,applied,changes,solved,source,source_file,recorded_at\n',
      );
    });
  });

  it('refuses a file in the folder’s place, and a folder with other files (exit 1, nothing written or removed)', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, consultations);
      await writeFile(path.join(cwd, 'exp'), 'не папка');
      const file = await okno(['export', '--out', 'exp'], { cwd });
      expect(file.code).toBe(1);
      expect(file.stderr).toContain(`Ошибка: Не удалось записать выгрузку: ${path.join(cwd, 'exp')} — файл, а не папка.`);
      expect(await readFile(path.join(cwd, 'exp'), 'utf8')).toBe('не папка');
      const asJson = JSON.parse((await okno(['export', '--out', 'exp', '--json'], { cwd })).stdout);
      expect(asJson.error).toMatchObject({ exitCode: 1, hint: 'Укажите в --out новую или пустую папку (или папку прошлой выгрузки — она будет заменена).' });

      await mkdir(path.join(cwd, 'docs'));
      await writeFile(path.join(cwd, 'docs', 'отчёт.docx'), 'x');
      await writeFile(path.join(cwd, 'docs', 'loads.csv'), 'x');
      const foreign = await okno(['export', '--out', 'docs'], { cwd });
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toContain('есть другие файлы («отчёт.docx»), а выгрузка заменяет папку целиком.');
      expect((await readdir(path.join(cwd, 'docs'))).sort()).toEqual(['loads.csv', 'отчёт.docx']);
      expect((await readdir(cwd)).sort()).toEqual(['docs', 'exp', 'okno.duckdb']);
    });
  });

  it('usage: a format other than parquet or csv, no --out (exit 2); no database (exit 1); the help in Russian', async () => {
    await withTempDir(async (cwd) => {
      const format = await okno(['export', '--format', 'xlsx', '--out', 'exp'], { cwd });
      expect(format.code).toBe(2);
      expect(format.stderr).toContain("у параметра '--format <parquet|csv>' недопустимое значение 'xlsx': нужен формат parquet или csv.");
      const out = await okno(['export'], { cwd });
      expect(out.code).toBe(2);
      expect(out.stderr).toContain("не указан обязательный параметр '--out <dir>'");
      const missing = await okno(['export', '--out', 'exp'], { cwd });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('не найдена');
      expect(existsSync(path.join(cwd, 'exp'))).toBe(false);
      const help = await okno(['export', '--help'], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Использование: okno export [options]');
      expect(help.stdout).toContain('--format <parquet|csv>');
      expect(help.stdout).toContain('(по умолчанию: "parquet")');
      expect((await okno(['--help'], { cwd })).stdout).toMatch(/^ {2}export \[options\]\s+выгрузить таблицы базы/m);
    });
  });
});
