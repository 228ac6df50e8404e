// okno export (src/store/export.ts): the files read back with DuckDB. The fixture: fixtures/feedback/
// consultations-2026-10.csv (8 rows, deals 500–506; 504 twice: «Запрошена обратная связь» edited 18.10, then
// «Успешно завершённые» edited 24.10), its feedback form export (6 responses), one review, and staff surveys.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { checkReview, dealContext, prepareReviews, recordReview } from '../../src/reviews/record.js';
import { exportDatabase, exportTables, type ExportFormat } from '../../src/store/export.js';
import { checkAnswers, parseDefinition } from '../../src/surveys/model.js';
import { closeSurvey, createSurvey, getSurvey, submitAnswers } from '../../src/surveys/store.js';
import { fixture, load, loadFeedbackFiles, root, rows, testClock, withDb, withTempDir } from '../helpers.js';
import { waveAB, waveV, type Sheet } from '../surveys/scripted-wave.js';

const definition = parseDefinition(JSON.parse(await readFile(fixture('surveys/custom-legal-department.json'), 'utf8')));

async function survey(db: Db, departments: string[], sheets: Sheet[], close = true): Promise<number> {
  const id = await createSurvey(db, {
    title: definition.title!, departments, minGroup: 5, minComments: 6,
    questions: definition.questions, template: null, previousId: null, today: '2026-11-02',
  });
  const s = await getSurvey(db, id);
  await submitAnswers(db, s, sheets.map(([department, overall, contact, topics, speed, improve]) => {
    const checked = checkAnswers(s.questions, { overall, contact, topics, speed, improve });
    if ('problems' in checked) throw new Error(checked.problems.join(' '));
    return { department, answers: checked.answers };
  }));
  if (close) await closeSurvey(db, await getSurvey(db, id), '2026-11-20');
  return id;
}

async function scenario(db: Db): Promise<void> {
  await load(db, [fixture('feedback/consultations-2026-10.csv')]);
  await loadFeedbackFiles(db, [fixture('feedback/google-forms-ru-timestamps.csv')]);
  const settings = { today: '2026-11-21', from: null, linkDays: 14 };
  await prepareReviews(db, settings);
  const review = checkReview(await dealContext(db, 506, settings), {
    kind: 'month', effective: false, causes: 'Долго ждали ответа', improvements: 'Отвечать в тот же день', reviewer: 'Смирнова Анна', date: '2026-11-20',
  }, settings.today);
  if (Array.isArray(review)) throw new Error(review.join(' '));
  await recordReview(db, review, { today: settings.today, source: 'flags' });
  // 16 people: А 7 shown; Б 3 and В 6 hidden together (README «Anonymity»).
  await survey(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV]);
  // 4 people in all, fewer than min-group 5: no figure at all.
  await survey(db, ['Отдел А', 'Отдел Б'], waveAB.slice(6, 10));
  // Open: no results yet.
  await survey(db, ['Отдел А', 'Отдел Б'], waveAB, false);
}

const run = (db: Db, dir: string, format: ExportFormat = 'parquet') =>
  exportDatabase(db, { dir, format, timeZone: 'Europe/Moscow', linkDays: 14, now: testClock() });

/** The stable schema, spelled out: renaming, retyping, adding or dropping a column fails here first. */
const schema: Record<string, string> = {
  consultations:
    'deal_id BIGINT, name VARCHAR, stage VARCHAR, stage_code VARCHAR, held BOOLEAN, pipeline VARCHAR, consulted_at TIMESTAMP WITH TIME ZONE, ' +
    'consulted_on DATE, duration_min DECIMAL(10,2), topic VARCHAR, project VARCHAR, consultant VARCHAR, external BOOLEAN, format VARCHAR, ' +
    'channel VARCHAR, client VARCHAR, client_key VARCHAR, client_type VARCHAR, company VARCHAR, contact_company VARCHAR, contact_name VARCHAR, ' +
    'new_client BOOLEAN, city VARCHAR, source VARCHAR, loss_reason VARCHAR, budget DECIMAL(18,2), responsible VARCHAR, tags VARCHAR, ' +
    'comments VARCHAR, created_at TIMESTAMP WITH TIME ZONE, created_by VARCHAR, edited_at TIMESTAMP WITH TIME ZONE, edited_by VARCHAR, ' +
    'closed_at TIMESTAMP WITH TIME ZONE, load_id BIGINT, line_no INTEGER',
  consultation_versions:
    'load_id BIGINT, line_no INTEGER, deal_id BIGINT, is_current BOOLEAN, name VARCHAR, stage VARCHAR, stage_code VARCHAR, pipeline VARCHAR, ' +
    'consulted_at TIMESTAMP WITH TIME ZONE, consulted_on DATE, duration_min DECIMAL(10,2), topic VARCHAR, project VARCHAR, consultant VARCHAR, ' +
    'external BOOLEAN, format VARCHAR, channel VARCHAR, client VARCHAR, client_key VARCHAR, client_type VARCHAR, company VARCHAR, ' +
    'contact_company VARCHAR, contact_name VARCHAR, new_client BOOLEAN, city VARCHAR, source VARCHAR, loss_reason VARCHAR, budget DECIMAL(18,2), ' +
    'responsible VARCHAR, tags VARCHAR, comments VARCHAR, created_at TIMESTAMP WITH TIME ZONE, created_by VARCHAR, ' +
    'edited_at TIMESTAMP WITH TIME ZONE, edited_by VARCHAR, closed_at TIMESTAMP WITH TIME ZONE',
  feedback:
    'load_id BIGINT, line_no INTEGER, submitted_at TIMESTAMP WITH TIME ZONE, form_deal_id BIGINT, organisation VARCHAR, client_key VARCHAR, ' +
    'consultant VARCHAR, consulted_on DATE, answered BOOLEAN, rating VARCHAR, reasons VARCHAR, suggestions VARCHAR, link_method VARCHAR, ' +
    'linked_deal_id BIGINT, about_on DATE',
  reviews:
    'deal_id BIGINT, kind VARCHAR, reviewed_on DATE, reviewer VARCHAR, effective BOOLEAN, minutes DECIMAL(10,2), satisfaction VARCHAR, ' +
    'success_factors VARCHAR, causes VARCHAR, improvements VARCHAR, applied VARCHAR, changes VARCHAR, solved VARCHAR, source VARCHAR, ' +
    'source_file VARCHAR, recorded_at TIMESTAMP WITH TIME ZONE',
  loads:
    'load_id BIGINT, kind VARCHAR, file_name VARCHAR, sha256 VARCHAR, size_bytes BIGINT, format VARCHAR, encoding VARCHAR, delimiter VARCHAR, ' +
    'time_zone VARCHAR, loaded_at TIMESTAMP WITH TIME ZONE, rows_read INTEGER, rows_rejected INTEGER, records_new INTEGER, ' +
    'records_updated INTEGER, records_unchanged INTEGER, records_older INTEGER',
  calendar_slots:
    'calendar_load_id BIGINT, calendar_file_name VARCHAR, calendar_loaded_at TIMESTAMP WITH TIME ZONE, uid VARCHAR, ' +
    'starts_at TIMESTAMP WITH TIME ZONE, ends_at TIMESTAMP WITH TIME ZONE, summary VARCHAR, initials VARCHAR, kind VARCHAR, organisation VARCHAR',
  check_marks:
    'week VARCHAR, rule VARCHAR, item VARCHAR, at_text VARCHAR, deal_id BIGINT, client VARCHAR, consultant VARCHAR, fixed BOOLEAN, ' +
    'comment VARCHAR, file_name VARCHAR, sheet_row INTEGER, loaded_at TIMESTAMP WITH TIME ZONE',
  survey_results:
    'survey_id BIGINT, survey_title VARCHAR, created_on DATE, closed_on DATE, min_group INTEGER, question_id VARCHAR, question_kind VARCHAR, ' +
    'question_text VARCHAR, group_kind VARCHAR, group_name VARCHAR, group_departments VARCHAR, respondents INTEGER, mean DOUBLE, ' +
    'option VARCHAR, option_count INTEGER, option_share DOUBLE',
};

const quote = (file: string) => `'${file.replace(/'/g, "''")}'`;

async function parquetSchema(db: Db, file: string): Promise<string> {
  const cols = await rows<{ column_name: string; column_type: string }>(db, `describe select * from read_parquet(${quote(file)})`);
  return cols.map((c) => `${c.column_name} ${c.column_type}`).join(', ');
}

describe('okno export', () => {
  it('writes one Parquet file per table with the stable schema, and schema.json says the same', async () => {
    await withDb(async (db) => {
      await scenario(db);
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        const result = await run(db, dir);
        // 7 deals; 8 versions; 6 responses; 1 review; 2 loads; no calendar; survey rows worked out below.
        expect(result.tables).toEqual([
          { name: 'consultations', file: 'consultations.parquet', rows: 7 },
          { name: 'consultation_versions', file: 'consultation_versions.parquet', rows: 8 },
          { name: 'feedback', file: 'feedback.parquet', rows: 6 },
          { name: 'reviews', file: 'reviews.parquet', rows: 1 },
          { name: 'loads', file: 'loads.parquet', rows: 2 },
          { name: 'calendar_slots', file: 'calendar_slots.parquet', rows: 0 },
          { name: 'check_marks', file: 'check_marks.parquet', rows: 0 },
          { name: 'survey_results', file: 'survey_results.parquet', rows: 54 },
        ]);
        expect(result).toMatchObject({ format: 'parquet', exportedAt: '2026-11-21T12:00:00+03:00', timeZone: 'Europe/Moscow', schemaVersion: 1, surveys: { closed: 2, open: 1 } });
        expect((await readdir(dir)).sort()).toEqual([...exportTables.map((t) => `${t.name}.parquet`), 'schema.json'].sort());
        for (const table of exportTables) expect(await parquetSchema(db, path.join(dir, `${table.name}.parquet`)), table.name).toBe(schema[table.name]);
        expect(Object.keys(schema)).toEqual(exportTables.map((t) => t.name));
        const described = JSON.parse(await readFile(path.join(dir, 'schema.json'), 'utf8'));
        expect(described).toMatchObject({ okno: 'export', schemaVersion: 1, exportedAt: '2026-11-21T12:00:00+03:00', timeZone: 'Europe/Moscow', format: 'parquet' });
        expect(described.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toEqual(result.tables.map((t) => [t.name, t.rows]));
        for (const t of described.tables as { name: string; columns: { name: string; type: string }[] }[]) {
          expect(t.columns.map((c) => `${c.name} ${c.type}`).join(', ')).toBe(schema[t.name]);
        }
      });
    });
  });

  it('the values: current states, versions, feedback links, the review, loads', async () => {
    await withDb(async (db) => {
      await scenario(db);
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        await run(db, dir);
        const read = <T = Record<string, unknown>>(table: string, select: string) =>
          rows<T>(db, `select ${select} from read_parquet(${quote(path.join(dir, `${table}.parquet`))})`);
        // Moscow wall times of the fixture as instants (UTC shown), the local date beside them.
        expect(await read('consultations', "deal_id, stage_code, held, strftime(consulted_at at time zone 'UTC', '%Y-%m-%d %H:%M') as at_utc, consulted_on::varchar as day, duration_min::double as min, project, load_id, line_no")).toEqual([
          { deal_id: 500, stage_code: 'success', held: true, at_utc: '2025-03-10 08:00', day: '2025-03-10', min: 60, project: 'Президентский грант', load_id: 1, line_no: 2 },
          { deal_id: 501, stage_code: 'held', held: true, at_utc: '2026-10-05 07:00', day: '2026-10-05', min: 60, project: 'Президентский грант', load_id: 1, line_no: 3 },
          { deal_id: 502, stage_code: 'feedback_requested', held: true, at_utc: '2026-10-07 09:00', day: '2026-10-07', min: 90, project: 'Развитие НКО', load_id: 1, line_no: 4 },
          { deal_id: 503, stage_code: 'held', held: true, at_utc: '2026-10-14 12:00', day: '2026-10-14', min: 45, project: 'Развитие НКО', load_id: 1, line_no: 5 },
          // The later of its two rows (edited 24.10 16:00).
          { deal_id: 504, stage_code: 'success', held: true, at_utc: '2026-10-17 08:00', day: '2026-10-17', min: 30, project: 'Развитие НКО', load_id: 1, line_no: 7 },
          { deal_id: 505, stage_code: 'held', held: true, at_utc: '2026-10-20 06:30', day: '2026-10-20', min: 60, project: 'Развитие НКО', load_id: 1, line_no: 8 },
          { deal_id: 506, stage_code: 'success', held: true, at_utc: '2026-10-28 11:00', day: '2026-10-28', min: 60, project: 'не распределено', load_id: 1, line_no: 9 },
        ]);
        expect(await read('consultations', 'sum(duration_min)::integer as minutes')).toEqual([{ minutes: 405 }]);
        expect(await rows(db, `select client, client_key from read_parquet(${quote(path.join(dir, 'consultations.parquet'))}) where deal_id = 500`)).toEqual([
          { client: 'АНО "Альфа"', client_key: 'ано "альфа"' },
        ]);
        expect(await read('consultation_versions', 'deal_id, line_no, stage_code, is_current')).toEqual([
          ...[500, 501, 502, 503].map((deal_id, i) => ({ deal_id, line_no: i + 2, stage_code: ['success', 'held', 'feedback_requested', 'held'][i], is_current: true })),
          { deal_id: 504, line_no: 6, stage_code: 'feedback_requested', is_current: false },
          { deal_id: 504, line_no: 7, stage_code: 'success', is_current: true },
          { deal_id: 505, line_no: 8, stage_code: 'held', is_current: true },
          { deal_id: 506, line_no: 9, stage_code: 'success', is_current: true },
        ]);
        // Links as test/feedback/feedback.test.ts works them out: by ID 506; by organisation 501, 503, 502 (14 days);
        // unlinked: АНО Ромашка (about its submission day) and Фонд Бета on 22.10 (15 days after 502).
        expect(await read('feedback', 'load_id, line_no, form_deal_id, rating, link_method, linked_deal_id, about_on::varchar as about_on')).toEqual([
          { load_id: 2, line_no: 2, form_deal_id: null, rating: 'satisfied', link_method: 'organisation', linked_deal_id: 501, about_on: '2026-10-05' },
          { load_id: 2, line_no: 3, form_deal_id: null, rating: 'dissatisfied', link_method: 'organisation', linked_deal_id: 503, about_on: '2026-10-14' },
          { load_id: 2, line_no: 4, form_deal_id: 506, rating: 'dissatisfied', link_method: 'id', linked_deal_id: 506, about_on: '2026-10-28' },
          { load_id: 2, line_no: 5, form_deal_id: null, rating: 'satisfied', link_method: null, linked_deal_id: null, about_on: '2026-11-02' },
          { load_id: 2, line_no: 6, form_deal_id: 9999, rating: 'partly', link_method: 'organisation', linked_deal_id: 502, about_on: '2026-10-07' },
          { load_id: 2, line_no: 7, form_deal_id: null, rating: 'satisfied', link_method: null, linked_deal_id: null, about_on: '2026-10-22' },
        ]);
        // Minutes from the card (60), satisfaction from the linked response (line 4), recorded at the test clock.
        expect(await read('reviews', "deal_id, kind, reviewed_on::varchar as reviewed_on, effective, minutes::double as minutes, satisfaction, causes, source, strftime(recorded_at at time zone 'UTC', '%Y-%m-%d %H:%M') as recorded_utc")).toEqual([
          { deal_id: 506, kind: 'month', reviewed_on: '2026-11-20', effective: false, minutes: 60, satisfaction: 'dissatisfied', causes: 'Долго ждали ответа', source: 'flags', recorded_utc: '2026-11-21 09:00' },
        ]);
        expect(await read('loads', 'load_id, kind, file_name, rows_read, rows_rejected, records_new, records_updated')).toEqual([
          { load_id: 1, kind: 'consultations', file_name: 'consultations-2026-10.csv', rows_read: 8, rows_rejected: 0, records_new: 7, records_updated: 0 },
          { load_id: 2, kind: 'feedback', file_name: 'google-forms-ru-timestamps.csv', rows_read: 6, rows_rejected: 0, records_new: 6, records_updated: 0 },
        ]);
      });
    });
  });

  it('survey results only as okno survey results shows them: no hidden group, no small survey, no open one, no answer', async () => {
    await withDb(async (db) => {
      await scenario(db);
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        await run(db, dir);
        const file = quote(path.join(dir, 'survey_results.parquet'));
        // Only survey 1: survey 2 had 4 people (< 5), survey 3 is open.
        // Per question, three groups: everyone, Отдел А (7), Б and В together (3 + 6). Scale 5 options, choices 4
        // each; the text question has no figures: (5 + 4 + 4 + 5) × 3 = 54 rows.
        expect(await rows(db, `select survey_id, question_id, group_kind, group_name, group_departments, count(*)::integer as options, min(respondents) as n, min(mean) as mean
                               from read_parquet(${file}, file_row_number = true) group by all order by min(file_row_number)`)).toEqual([
          { survey_id: 1, question_id: 'overall', group_kind: 'total', group_name: 'Все отделы', group_departments: 'Отдел А; Отдел Б; Отдел В', options: 5, n: 16, mean: 3.56 },
          { survey_id: 1, question_id: 'overall', group_kind: 'department', group_name: 'Отдел А', group_departments: 'Отдел А', options: 5, n: 7, mean: 3.86 },
          { survey_id: 1, question_id: 'overall', group_kind: 'others', group_name: 'Скрытые отделы вместе', group_departments: 'Отдел Б; Отдел В', options: 5, n: 9, mean: 3.33 },
          { survey_id: 1, question_id: 'contact', group_kind: 'total', group_name: 'Все отделы', group_departments: 'Отдел А; Отдел Б; Отдел В', options: 4, n: 16, mean: null },
          { survey_id: 1, question_id: 'contact', group_kind: 'department', group_name: 'Отдел А', group_departments: 'Отдел А', options: 4, n: 7, mean: null },
          { survey_id: 1, question_id: 'contact', group_kind: 'others', group_name: 'Скрытые отделы вместе', group_departments: 'Отдел Б; Отдел В', options: 4, n: 9, mean: null },
          { survey_id: 1, question_id: 'topics', group_kind: 'total', group_name: 'Все отделы', group_departments: 'Отдел А; Отдел Б; Отдел В', options: 4, n: 16, mean: null },
          { survey_id: 1, question_id: 'topics', group_kind: 'department', group_name: 'Отдел А', group_departments: 'Отдел А', options: 4, n: 7, mean: null },
          { survey_id: 1, question_id: 'topics', group_kind: 'others', group_name: 'Скрытые отделы вместе', group_departments: 'Отдел Б; Отдел В', options: 4, n: 9, mean: null },
          // The optional question: А 5 answered (5,4,4,3,2 = 18 / 5), Б and В 5 (1,3,5,4,4 = 17 / 5).
          { survey_id: 1, question_id: 'speed', group_kind: 'total', group_name: 'Все отделы', group_departments: 'Отдел А; Отдел Б; Отдел В', options: 5, n: 10, mean: 3.5 },
          { survey_id: 1, question_id: 'speed', group_kind: 'department', group_name: 'Отдел А', group_departments: 'Отдел А', options: 5, n: 5, mean: 3.6 },
          { survey_id: 1, question_id: 'speed', group_kind: 'others', group_name: 'Скрытые отделы вместе', group_departments: 'Отдел Б; Отдел В', options: 5, n: 5, mean: 3.4 },
        ]);
        // Отдел А's contacts: СЭД, СЭД, почта, телефон, СЭД, лично, СЭД.
        expect(await rows(db, `select option, option_count, option_share from read_parquet(${file}) where question_id = 'contact' and group_name = 'Отдел А'`)).toEqual([
          { option: 'СЭД', option_count: 4, option_share: 0.571 },
          { option: 'Электронная почта', option_count: 1, option_share: 0.143 },
          { option: 'Телефон', option_count: 1, option_share: 0.143 },
          { option: 'Лично', option_count: 1, option_share: 0.143 },
        ]);
        // Nothing row by row: no hidden department alone, no comment, no code.
        expect(await rows(db, `select count(*)::integer as n from read_parquet(${file}) where group_name in ('Отдел Б', 'Отдел В') or question_id = 'improve'`)).toEqual([{ n: 0 }]);
        const everything = await readFile(path.join(dir, 'survey_results.parquet'));
        for (const comment of ['Нас не слышат', 'Всё устраивает', 'Больше типовых шаблонов']) expect(everything.includes(Buffer.from(comment))).toBe(false);
        const names = exportTables.flatMap((t) => t.columns.map((c) => c.name));
        for (const forbidden of ['answer', 'code', 'code_hash', 'respondent_id']) expect(names).not.toContain(forbidden);
        // (check_marks has the office manager's «Комментарий»; no survey's free text has a column anywhere.)
        expect(exportTables.find((t) => t.name === 'survey_results')!.columns.map((c) => c.name)).not.toContain('comment');
      });
    });
  });

  it('CSV: a header row, UTF-8 without a BOM, values raw (a formula-looking name as is), instants with the offset', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('feedback/consultations-2026-10.csv'), fixture('amocrm/formula-looking-cells.csv')]);
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        const result = await run(db, dir, 'csv');
        // 7 deals, and 7001, 7003 (the row «=1+1 bad id» is rejected: not an ID).
        expect(result.tables.map((t) => [t.file, t.rows])).toEqual([
          ['consultations.csv', 9], ['consultation_versions.csv', 10], ['feedback.csv', 0], ['reviews.csv', 0],
          ['loads.csv', 2], ['calendar_slots.csv', 0], ['check_marks.csv', 0], ['survey_results.csv', 0],
        ]);
        const text = await readFile(path.join(dir, 'consultations.csv'), 'utf8');
        const lines = text.split('\n');
        expect(text.charCodeAt(0)).not.toBe(0xfeff);
        expect(lines[0]).toBe(exportTables[0]!.columns.map((c) => c.name).join(','));
        expect(lines[2]!.split(',').slice(0, 9)).toEqual(['501', 'Консультация 501', 'Консультация проведена', 'held', 'true', 'Консультация', '2026-10-05 10:00:00+03', '2026-10-05', '60.00']);
        expect(lines.find((l) => l.startsWith('7001,'))!.split(',')[1]).toBe('+7 (383) 000-00-00 Хорошая');
        expect((await readFile(path.join(dir, 'survey_results.csv'), 'utf8')).trimEnd()).toBe(exportTables.at(-1)!.columns.map((c) => c.name).join(','));
        // An engine reads the file back with the same values.
        expect(await rows(db, `select deal_id, name from read_csv(${quote(path.join(dir, 'consultations.csv'))}) where deal_id = 7001`)).toEqual([
          { deal_id: 7001, name: '+7 (383) 000-00-00 Хорошая' },
        ]);
      });
    });
  });

  it('an empty database: every file with its columns and no rows', async () => {
    await withDb(async (db) => {
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        const result = await run(db, dir);
        expect(result.tables.map((t) => t.rows)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
        for (const table of exportTables) expect(await parquetSchema(db, path.join(dir, `${table.name}.parquet`)), table.name).toBe(schema[table.name]);
      });
    });
  });

  it('a failure while writing leaves no folder (and an earlier export as it was)', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('feedback/consultations-2026-10.csv')]);
      await withTempDir(async (tmp) => {
        const dir = path.join(tmp, 'exp');
        const copyTo = db.copyTo.bind(db);
        let calls = 0;
        const spy = vi.spyOn(db, 'copyTo').mockImplementation(async (...args) => {
          if (++calls === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return copyTo(...args);
        });
        try {
          await expect(run(db, dir)).rejects.toThrow(/Не удалось записать .*exp: на диске нет места/);
          expect(await readdir(tmp)).toEqual([]);
          spy.mockImplementation(copyTo);
          await run(db, dir, 'csv');
          const before = (await readdir(dir)).sort();
          calls = 0;
          spy.mockImplementation(async (...args) => {
            if (++calls === 5) throw new Error('boom');
            return copyTo(...args);
          });
          await expect(run(db, dir)).rejects.toThrow('boom');
          expect(await readdir(tmp)).toEqual(['exp']);
          expect((await readdir(dir)).sort()).toEqual(before);
        } finally {
          spy.mockRestore();
        }
      });
    });
  });
});

describe('README «okno export»', () => {
  it('documents every table and column of the stable schema, with its type', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### `okno export'), readme.indexOf('### `okno demo'));
    const shown = (type: string) => type.replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ');
    // One heading per table, in the order they are written, and no other.
    expect([...section.matchAll(/^#### `([a-z_]+)`/gm)].map((m) => m[1])).toEqual(exportTables.map((t) => t.name));
    for (const table of exportTables) {
      const start = section.indexOf(`#### \`${table.name}\``);
      const next = section.indexOf('#### ', start + 5);
      const part = section.slice(start, next < 0 ? undefined : next);
      for (const column of table.columns) {
        if (table.name === 'consultation_versions') expect(part, `${table.name}.${column.name}`).toContain(`\`${column.name}\``);
        else expect(part, `${table.name}.${column.name}`).toContain(`| \`${column.name}\` | ${shown(column.type)} |`);
      }
    }
  });
});
