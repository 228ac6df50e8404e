import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { amocrm, keptFile, load, rows, scalar, withDb } from '../helpers.js';
import type { Db } from '../../src/db/database.js';

/** One deal's canonical fields, times as UTC ISO strings. */
async function deal(db: Db, id: number): Promise<Record<string, unknown>> {
  const [row] = await rows(db, `select * exclude (load_id, content_hash) from deals where deal_id = ${id}`);
  if (!row) throw new Error(`deal ${id} not loaded`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

describe('load consultations: one quirk per fixture', () => {
  it('reads Windows-1251 with «;» and CRLF, mapping every canonical field', async () => {
    await withDb(async (db) => {
      const report = await load(db, [amocrm('cp1251-semicolon-crlf.csv')]);
      const [f] = report.files;
      expect(f).toMatchObject({
        status: 'loaded',
        format: 'csv',
        encoding: 'windows-1251',
        delimiter: ';',
        rowsRead: 6,
        rowsRejected: 0,
        deals: { new: 6, updated: 0, unchanged: 0, older: 0 },
        missingFields: [],
      });
      expect(await deal(db, 1001)).toEqual({
        line_no: 2,
        deal_id: 1001,
        name: 'Консультация: АНО «Светлый путь»',
        budget: 0,
        responsible: 'Смирнова Анна',
        created_at: '2026-10-01T06:15:00.000Z',
        created_by: 'Смирнова Анна',
        edited_at: '2026-10-06T07:00:00.000Z',
        edited_by: 'Смирнова Анна',
        closed_at: null,
        tags: null,
        comments: 'Обсудили устав и регистрацию изменений.',
        stage: 'Консультация проведена',
        stage_code: 'held',
        pipeline: 'Консультация',
        contact_name: 'Орлова Елена Петровна',
        contact_company: 'АНО «Светлый путь»',
        company: 'АНО «Светлый путь»',
        client: 'АНО «Светлый путь»',
        client_key: 'ано "светлый путь"',
        city: 'Новосибирск',
        source: 'Сайт',
        topic: 'Правовые вопросы',
        project: 'Президентский грант',
        consultant: 'Иванова Мария',
        external: false,
        format: 'очно',
        consulted_at: '2026-10-05T08:00:00.000Z',
        duration_min: 60,
        channel: 'Форма на сайте',
        new_client: true,
        loss_reason: null,
        client_type: null,
      });
      expect(await deal(db, 1002)).toMatchObject({
        budget: 1500,
        closed_at: '2026-10-20T15:00:00.000Z',
        tags: 'внешний эксперт, бухгалтерия',
        stage_code: 'success',
        project: null,
        external: true,
        new_client: false,
        duration_min: 90,
      });
      // No company on the card: the contact's company is the client.
      expect(await deal(db, 1003)).toMatchObject({ company: null, client: 'ООО Ромашка', client_key: 'ооо ромашка' });
      expect(await deal(db, 1005)).toMatchObject({ stage_code: 'lost', loss_reason: 'не дозвонились', consulted_at: null });
    });
  });

  it('reads UTF-8 with BOM and «,», decimal comma and amoCRM default stage names', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('utf8-bom-comma.csv')])).files;
      expect(f).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',', rowsRead: 3, deals: { new: 3 } });
      expect(await deal(db, 2001)).toMatchObject({
        budget: 1500.5,
        client: 'Благотворительный фонд «Дети, вперёд!»',
        client_key: 'благотворительный фонд "дети, вперед!"',
        duration_min: 30,
      });
      expect(await deal(db, 2002)).toMatchObject({ stage: 'Успешно реализовано', stage_code: 'success', external: true });
      expect(await deal(db, 2003)).toMatchObject({ stage_code: 'lost', loss_reason: 'клиент отказался' });
      // The explicit value «не распределено» and an empty project are the same row of the report.
      expect(await rows(db, 'select deal_id, project_name from held_consultations order by deal_id')).toEqual([
        { deal_id: 2001, project_name: 'Развитие НКО' },
        { deal_id: 2002, project_name: 'не распределено' },
      ]);
    });
  });

  it('reads XLSX with real date cells, an unformatted serial date and a date typed as text', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('xlsx-real-dates.xlsx')])).files;
      expect(f).toMatchObject({ format: 'xlsx', rowsRead: 3, rowsRejected: 0, deals: { new: 3 } });
      expect(await deal(db, 3101)).toMatchObject({
        line_no: 2,
        budget: 2500.5,
        created_at: '2026-10-01T06:00:00.000Z',
        edited_at: '2026-10-15T06:30:00.000Z',
        closed_at: null,
        consulted_at: '2026-10-14T13:45:00.000Z',
        duration_min: 60,
        stage_code: 'held',
      });
      expect(await deal(db, 3102)).toMatchObject({
        closed_at: '2026-10-17T08:00:00.000Z',
        consulted_at: '2026-10-16T07:30:00.000Z', // 46311.4375 = 16.10.2026 10:30 Moscow
        external: true,
        duration_min: 90,
      });
      expect(await deal(db, 3103)).toMatchObject({ consulted_at: '2026-10-20T09:00:00.000Z', client: 'ООО Ромашка' });
    });
  });

  it('reads an XLSX written without a styles part: dates in date columns are still dates', async () => {
    await withDb(async (db) => {
      // xlsx-real-dates.xlsx with xl/styles.xml left out (some generators write none): its date cells are plain numbers.
      const [f] = (await load(db, [amocrm('xlsx-without-styles.xlsx')])).files;
      expect(f).toMatchObject({ format: 'xlsx', rowsRead: 3, rowsRejected: 0, deals: { new: 3 } });
      expect(await deal(db, 3101)).toMatchObject({ budget: 2500.5, created_at: '2026-10-01T06:00:00.000Z', consulted_at: '2026-10-14T13:45:00.000Z', duration_min: 60 });
      expect(await deal(db, 3102)).toMatchObject({ closed_at: '2026-10-17T08:00:00.000Z', consulted_at: '2026-10-16T07:30:00.000Z' });
    });
  });

  it('matches repeated headers by position and keeps every column of every row', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('repeated-headers.csv')])).files;
      expect(f!.columns!.find((c) => c.field === 'source')).toEqual({
        field: 'source',
        label: 'Источник',
        headers: ['Источник'],
        positions: [26],
        fromConfig: false,
      });
      expect(f!.unusedColumns).toContainEqual({ position: 38, header: 'Источник' });
      expect(f!.unusedColumns).toContainEqual({ position: 39, header: 'cid' });
      expect(await deal(db, 3001)).toMatchObject({ source: 'Сайт' });
      expect(
        await rows(db, "select position, header, field from load_columns where header in ('Источник', 'cid') order by position"),
      ).toEqual([
        { position: 26, header: 'Источник', field: 'source' },
        { position: 27, header: 'cid', field: null },
        { position: 38, header: 'Источник', field: null },
        { position: 39, header: 'cid', field: null },
      ]);
      // Every column of every row is kept: the file itself, byte for byte.
      expect((await keptFile(db, 1)).equals(await readFile(amocrm('repeated-headers.csv')))).toBe(true);
      expect(await rows(db, 'select load_id, file_name, format, encoding, delimiter, rows_read, raw_table from loads')).toEqual([
        {
          load_id: 1,
          file_name: 'repeated-headers.csv',
          format: 'csv',
          encoding: 'utf-8',
          delimiter: ';',
          rows_read: 1,
          raw_table: null,
        },
      ]);
      expect(await scalar(db, 'select sha256 from loads')).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('keeps quoted multi-line notes whole and numbers rows as a spreadsheet does', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('multiline-notes.csv')])).files;
      expect(f).toMatchObject({ rowsRead: 2, deals: { new: 2 } });
      expect(await deal(db, 4001)).toMatchObject({
        line_no: 2,
        comments:
          'Первая строка;\nвторая строка с "кавычками"\nтретья\n\nРекомендации:\n1) подать отчёт;\n2) обновить сайт',
      });
      expect(await deal(db, 4002)).toMatchObject({ line_no: 3, comments: null });
    });
  });

  it('maps header variants: case, spaces, unit suffixes, ₽, colons', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('header-variants.csv')])).files;
      const headerOf = (field: string) => f!.columns!.find((c) => c.field === field)?.headers;
      expect(headerOf('deal_id')).toEqual(['id']);
      expect(headerOf('budget')).toEqual(['Бюджет ₽']);
      expect(headerOf('topic')).toEqual(['ТЕМА КОНСУЛЬТАЦИИ']);
      expect(headerOf('consulted_at')).toEqual(['Дата  консультации']);
      expect(headerOf('duration_min')).toEqual(['Продолжительность, мин']);
      expect(headerOf('consultant')).toEqual(['Консультант:']);
      expect(headerOf('external')).toEqual(['Внешний консультант (да/нет)']);
      expect(headerOf('responsible')).toEqual(['Ответственный ']);
      expect(await deal(db, 5001)).toMatchObject({
        budget: 2000,
        duration_min: 40,
        topic: 'Работа ресурсных центров',
        consultant: 'Петров Олег',
        external: true,
        consulted_at: '2026-10-02T06:00:00.000Z',
        client_key: 'ано "елка"',
      });
    });
  });

  it('honours a «sep=;» first line', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('sep-line.csv')])).files;
      expect(f).toMatchObject({ delimiter: ';', rowsRead: 1, deals: { new: 1 } });
      expect(await deal(db, 6001)).toMatchObject({ line_no: 2, name: 'Строка sep', stage_code: 'new' });
    });
  });

  it('detects a tab delimiter', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('tab-delimited.csv')])).files;
      expect(f).toMatchObject({ delimiter: '\t', rowsRead: 1 });
      expect(await deal(db, 6101)).toMatchObject({ client: 'ООО «Табуляция»' });
    });
  });

  it('rejects a row with an empty ID, loads the others', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('empty-id-row.csv')])).files;
      expect(f).toMatchObject({ rowsRead: 3, rowsRejected: 1, deals: { new: 2 } });
      expect(f!.rejects).toEqual([{ reason: 'пустой ID сделки', column: null, count: 1, lines: [3], dealIds: [] }]);
      expect(await rows(db, 'select deal_id from deals order by 1')).toEqual([{ deal_id: 7001 }, { deal_id: 7003 }]);
      expect(await rows(db, 'select load_id, line_no, deal_id, reason, field, value from load_rejects')).toEqual([
        { load_id: 1, line_no: 3, deal_id: null, reason: 'пустой ID сделки', field: null, value: null },
      ]);
    });
  });

  it('rejects unparseable dates, numbers and IDs one by one, with line and column', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('bad-cells.csv')])).files;
      expect(f).toMatchObject({ rowsRead: 5, rowsRejected: 4, deals: { new: 1 } });
      expect(f!.rejects).toEqual([
        { reason: 'не распознана дата', column: 'Дата консультации', count: 1, lines: [2], dealIds: ['8001'] },
        { reason: 'не распознано число', column: 'Продолжительность (мин)', count: 1, lines: [3], dealIds: ['8002'] },
        { reason: 'не целое число', column: 'ID', count: 1, lines: [5], dealIds: ['80O4'] },
        { reason: 'не распознана дата', column: 'Дата редактирования', count: 1, lines: [6], dealIds: ['8005'] },
      ]);
      expect(await rows(db, 'select deal_id from deals')).toEqual([{ deal_id: 8003 }]);
      expect(await rows(db, 'select line_no, field, value from load_rejects order by line_no')).toEqual([
        { line_no: 2, field: 'Дата консультации', value: '32.10.2026 10:00:00' },
        { line_no: 3, field: 'Продолжительность (мин)', value: 'час' },
        { line_no: 5, field: 'ID', value: '80O4' },
        { line_no: 6, field: 'Дата редактирования', value: 'вчера' },
      ]);
    });
  });

  it('loads a held card without a consultation date but never puts it in a month', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('held-without-date.csv')])).files;
      expect(f).toMatchObject({ rowsRead: 2, rowsRejected: 0, deals: { new: 2 } });
      const { storeOverview } = await import('../../src/store/overview.js');
      const o = await storeOverview(db);
      expect(o).toMatchObject({ deals: 2, held: 2, heldUndated: 1 });
      expect(o.heldByMonth).toEqual([{ month: '2026-10', consultations: 1, minutes: 30 }]);
    });
  });

  it('puts 31.10 23:30 in October and 01.11 00:10 in November, in the account time zone', async () => {
    const { storeOverview } = await import('../../src/store/overview.js');
    for (const timeZone of ['Europe/Moscow', 'Asia/Novosibirsk']) {
      await withDb(async (db) => {
        await load(db, [amocrm('month-boundary.csv')], { config: { timeZone } });
        expect((await storeOverview(db)).heldByMonth).toEqual([
          { month: '2026-10', consultations: 1, minutes: 30 },
          { month: '2026-11', consultations: 1, minutes: 20 },
        ]);
      }, timeZone);
    }
    await withDb(async (db) => {
      await load(db, [amocrm('month-boundary.csv')]);
      expect((await deal(db, 9101)).consulted_at).toBe('2026-10-31T20:30:00.000Z');
      expect((await deal(db, 9102)).consulted_at).toBe('2026-10-31T21:10:00.000Z');
    });
  });

  it('reports stage values it does not know, and learns them from the mapping file', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('unknown-stage.csv')])).files;
      expect(f!.unknownStages).toEqual([{ stage: 'Клиент думает', count: 2, dealIds: ['9201', '9202'] }]);
      // «Успешно завершенные» without ё is the seed's «Успешно завершённые».
      expect(await deal(db, 9203)).toMatchObject({ stage_code: 'success' });
      expect(await deal(db, 9201)).toMatchObject({ stage: 'Клиент думает', stage_code: null });
    });
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('unknown-stage.csv')], { config: { stages: { 'клиент Думает': 'accepted' } } })).files;
      expect(f!.unknownStages).toEqual([]);
      expect(await deal(db, 9201)).toMatchObject({ stage_code: 'accepted' });
    });
  });

  it('takes headers from the mapping file over the built-in names', async () => {
    await withDb(async (db) => {
      const [f] = (
        await load(db, [amocrm('repeated-headers.csv')], { config: { columns: { source: ['Источник#2'], channel: ['cid#2'] } } })
      ).files;
      expect(f!.columns!.find((c) => c.field === 'source')).toMatchObject({ positions: [38], fromConfig: true });
      expect(await deal(db, 3001)).toMatchObject({ source: 'utm: vk', channel: 'c-second' });
    });
  });
});
