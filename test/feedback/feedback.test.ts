import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { loadFeedback, type FeedbackLoadReport } from '../../src/ingest/feedback.js';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { readFile } from 'node:fs/promises';
import { fixture, keptFile, loadFeedbackFiles, rows, scalar, snapshot, withDb, withLoadedDb } from '../helpers.js';

const consultations = fixture('feedback/consultations-2026-10.csv');
const forms = (name: string) => fixture(`feedback/${name}`);

const loadForms = (db: Db, files: string[], config: Partial<Config> = {}, dryRun = false): Promise<FeedbackLoadReport> =>
  loadFeedbackFiles(db, files.map(forms), { config, dryRun });

const october = (db: Db, options: { project?: string; linkDays?: number } = {}) =>
  buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', ...options });

describe('load feedback', () => {
  it('reads a Google Forms export with Russian-locale timestamps and links each response', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-ru-timestamps.csv'])).files;
      expect(f).toMatchObject({
        status: 'loaded',
        format: 'csv',
        encoding: 'utf-8',
        delimiter: ',',
        rowsRead: 6,
        rowsRejected: 0,
        responses: { new: 6, known: 0 },
        // By ID: 506. By organisation: «АНО «Альфа»» → 501 (quotes aside), «ООО Дельта» on 14.10 → 503,
        // «Фонд Бета»/Петров 21.10 → 502 (exactly 14 days; its ID 9999 is unknown). Unlinked: АНО Ромашка, and
        // «Фонд Бета»/Петров 22.10 (15 days after 502).
        links: { byId: 1, byOrganisation: 3, unlinked: 2 },
        missingFields: [],
      });
      expect(await rows(db, `select line_no, submitted_at::varchar as submitted_at, deal_id, client_key, consultant_key, consulted_on::varchar as consulted_on, answered, rating
                             from feedback_responses order by line_no`)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', deal_id: null, client_key: 'ано "альфа"', consultant_key: 'иванова мария', consulted_on: null, answered: true, rating: 'satisfied' },
        { line_no: 3, submitted_at: '2026-10-16 18:40:11+03', deal_id: null, client_key: 'ооо дельта', consultant_key: 'петров олег', consulted_on: '2026-10-14', answered: false, rating: 'dissatisfied' },
        { line_no: 4, submitted_at: '2026-10-29 10:05:45+03', deal_id: 506, client_key: 'фонд бета', consultant_key: 'никитина ирина', consulted_on: '2026-10-28', answered: true, rating: 'dissatisfied' },
        { line_no: 5, submitted_at: '2026-11-02 08:00:00+03', deal_id: null, client_key: 'ано ромашка', consultant_key: 'орлова елена', consulted_on: null, answered: true, rating: 'satisfied' },
        { line_no: 6, submitted_at: '2026-10-21 12:00:00+03', deal_id: 9999, client_key: 'фонд бета', consultant_key: 'петров олег', consulted_on: null, answered: true, rating: 'partly' },
        { line_no: 7, submitted_at: '2026-10-22 12:00:00+03', deal_id: null, client_key: 'фонд бета', consultant_key: 'петров олег', consulted_on: null, answered: true, rating: 'satisfied' },
      ]);
      expect(await rows(db, "select kind, rows_read, deals_new, deals_unchanged from loads where kind = 'feedback'")).toEqual([
        { kind: 'feedback', rows_read: 6, deals_new: 6, deals_unchanged: 0 },
      ]);
      // The original file is kept, as for consultation exports.
      expect((await keptFile(db, 2)).equals(await readFile(forms('google-forms-ru-timestamps.csv')))).toBe(true);
    });
  });

  it('stores a response once, whichever export brings it; the same file again changes nothing', async () => {
    await withLoadedDb([consultations], async (db) => {
      await loadForms(db, ['google-forms-ru-timestamps.csv']);
      const [again] = (await loadForms(db, ['google-forms-reexport.csv'])).files;
      expect(again).toMatchObject({ rowsRead: 7, responses: { new: 1, known: 6 }, links: { byId: 1, byOrganisation: 4, unlinked: 2 } });
      expect(await scalar(db, 'select count(*)::integer from feedback_responses')).toBe(7);
      const before = await snapshot(db);
      const [same] = (await loadForms(db, ['google-forms-reexport.csv'])).files;
      expect(same!.status).toBe('already_loaded');
      expect(await snapshot(db)).toEqual(before);
      expect(await scalar(db, 'select count(*)::integer from feedback_responses')).toBe(7);
    });
  });

  it('rejects bad answers one by one and keeps the good rows', async () => {
    await withDb(async (db) => {
      const [f] = (await loadForms(db, ['bad-answers.csv'])).files;
      expect(f).toMatchObject({ rowsRead: 4, rowsRejected: 3, responses: { new: 1, known: 0 } });
      expect(f!.rejects).toEqual([
        { reason: 'не распознана дата', column: 'Отметка времени', count: 1, lines: [3], dealIds: [] },
        { reason: 'неизвестный ответ', column: 'Оцените качество работы консультанта', count: 1, lines: [4], dealIds: [] },
        { reason: 'не целое число', column: 'Номер консультации (если знаете)', count: 1, lines: [5], dealIds: ['50x'] },
      ]);
      expect(await rows(db, 'select line_no, reason, value from load_rejects order by line_no')).toEqual([
        { line_no: 3, reason: 'не распознана дата', value: '31.10.2026 25:61:00' },
        { line_no: 4, reason: 'неизвестный ответ', value: 'Отлично' },
        { line_no: 5, reason: 'не целое число', value: '50x' },
      ]);
    });
  });

  it('reads a Yandex Forms XLSX with real dates; a question named otherwise is mapped in the settings', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [plain] = (await loadForms(db, ['yandex-forms-real-dates.xlsx'], {}, true)).files;
      expect(plain).toMatchObject({ status: 'checked', rowsRead: 2, missingFields: ['ID сделки', 'Дата консультации', 'Оцените качество работы консультанта', 'Причины неудовлетворённости'] });
      const config = { feedback: { linkDays: 14, columns: { rating: ['Насколько Вы довольны работой консультанта?'] } } };
      const [f] = (await loadForms(db, ['yandex-forms-real-dates.xlsx'], config)).files;
      expect(f).toMatchObject({ format: 'xlsx', rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 2, unlinked: 0 } });
      expect(await rows(db, 'select submitted_at::varchar as submitted_at, client_key, answered, rating, suggestions from feedback_responses order by 1')).toEqual([
        { submitted_at: '2026-10-08 14:20:00+03', client_key: 'фонд бета', answered: true, rating: 'satisfied', suggestions: 'Больше вебинаров' },
        { submitted_at: '2026-10-21 09:05:30+03', client_key: 'тос гамма', answered: false, rating: 'partly', suggestions: null },
      ]);
    });
  });

  it('refuses a deal export given as a form export, saying what it is, and writes nothing', async () => {
    await withLoadedDb([consultations], async (db) => {
      const before = await snapshot(db);
      const [f] = (await loadFeedback(db, { files: [consultations], config: defaultConfig(), dryRun: false })).files;
      expect(f).toMatchObject({
        status: 'failed',
        error: 'это выгрузка сделок amoCRM (есть столбцы «Название сделки», «Дата создания сделки», «Кем создана сделка»), а не ответы формы обратной связи.',
      });
      expect(await snapshot(db)).toEqual(before);
      expect(await scalar(db, 'select count(*)::integer from feedback_responses')).toBe(0);
    });
  });
});

describe('timestamps of other locales (README «Timestamps of form exports»)', () => {
  const stored = (db: Db) =>
    rows(db, 'select line_no, submitted_at::varchar as submitted_at, consulted_on::varchar as consulted_on, deal_id from feedback_responses order by line_no');

  it('reads an English-locale export (M/d/yyyy: 10/16/2026 has a second part over 12) as the Russian one', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-en-us-timestamps.csv'])).files;
      expect(f).toMatchObject({
        status: 'loaded', rowsRead: 6, rowsRejected: 0, responses: { new: 6, known: 0 },
        // The same answers as google-forms-ru-timestamps.csv, so the same links.
        links: { byId: 1, byOrganisation: 3, unlinked: 2 },
        timestampFormat: 'M/d/yyyy H:mm:ss',
        timestampFormats: [{ format: 'M/d/yyyy H:mm:ss', name: 'английская локаль Google Форм', rows: 6 }],
      });
      expect(await stored(db)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', consulted_on: null, deal_id: null },
        // «10/14/2026» in «Дата консультации» is read in the file's order too.
        { line_no: 3, submitted_at: '2026-10-16 18:40:11+03', consulted_on: '2026-10-14', deal_id: null },
        { line_no: 4, submitted_at: '2026-10-29 10:05:45+03', consulted_on: '2026-10-28', deal_id: 506 },
        { line_no: 5, submitted_at: '2026-11-02 08:00:00+03', consulted_on: null, deal_id: null },
        { line_no: 6, submitted_at: '2026-10-21 12:00:00+03', consulted_on: null, deal_id: 9999 },
        { line_no: 7, submitted_at: '2026-10-22 12:00:00+03', consulted_on: null, deal_id: null },
      ]);
    });
  });

  it('reads a slash file whose every date fits both orders month first (the US export), not day first', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-en-us-every-date-ambiguous.csv'])).files;
      // 10/6/2026 is 06.10 (not 10.06), 10/5/2026 is 05.10 → 501 (АНО «Альфа», Иванова, 05.10); 11/2/2026 is 02.11.
      expect(f).toMatchObject({ rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 1, unlinked: 1 }, timestampFormat: 'M/d/yyyy H:mm:ss' });
      expect(await stored(db)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', consulted_on: '2026-10-05', deal_id: null },
        { line_no: 3, submitted_at: '2026-11-02 08:00:00+03', consulted_on: null, deal_id: null },
      ]);
    });
  });

  it('reads a day-first slash file (16/10/2026 fits only d/M) day first', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-en-gb-timestamps.csv'])).files;
      expect(f).toMatchObject({
        rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 2, unlinked: 0 },
        timestampFormats: [{ format: 'dd/MM/yyyy H:mm:ss', name: 'британская и другие локали Google Форм с днём перед месяцем', rows: 2 }],
      });
      expect(await stored(db)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', consulted_on: null, deal_id: null },
        { line_no: 3, submitted_at: '2026-10-16 18:40:11+03', consulted_on: '2026-10-14', deal_id: null },
      ]);
    });
  });

  it('in a file whose slash dates disagree, reads the order most fit and rejects the others', async () => {
    await withDb(async (db) => {
      const [f] = (await loadForms(db, ['google-forms-day-month-order-mixed.csv'])).files;
      // 10/16 and 10/20 fit only M/d, 16/10 only d/M: month first (2 against 1), line 3 rejected.
      expect(f).toMatchObject({ rowsRead: 3, rowsRejected: 1, responses: { new: 2, known: 0 }, timestampFormat: 'M/d/yyyy H:mm:ss' });
      expect(f!.rejects).toEqual([
        { reason: 'день и месяц не в том порядке, что в остальных строках', column: 'Timestamp', count: 1, lines: [3], dealIds: [] },
      ]);
      expect((await stored(db)).map((r) => r.submitted_at)).toEqual(['2026-10-16 18:40:11+03', '2026-10-20 09:30:00+03']);
    });
  });

  it('honours a GMT offset: 22.10 01:30 at GMT+7 is 21.10 21:30 in Moscow, 14 days after 502, so it links', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-gmt-offset.csv'])).files;
      // By ID: 506. By organisation: АНО «Альфа» 06.10 09:15 Moscow → 501 (05.10); Фонд Бета/Петров 21.10 → 502 (07.10,
      // exactly 14 days; read as 22.10 it would be 15 days and unlinked, as google-forms-en-us-timestamps.csv's
      // «10/22/2026 12:00:00» is). Unlinked: АНО Ромашка.
      expect(f).toMatchObject({
        rowsRead: 4, rowsRejected: 0, links: { byId: 1, byOrganisation: 2, unlinked: 1 },
        timestampFormats: [{
          format: 'M/d/yyyy H:mm:ss GMT±H',
          name: 'английская локаль Google Форм, со смещением от GMT (время переведено в часовой пояс центра)',
          rows: 4,
        }],
      });
      expect(await stored(db)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', consulted_on: null, deal_id: null },
        { line_no: 3, submitted_at: '2026-10-21 21:30:00+03', consulted_on: null, deal_id: null },
        { line_no: 4, submitted_at: '2026-10-29 10:05:45+03', consulted_on: '2026-10-28', deal_id: 506 },
        // 08:00 at GMT−5 is 13:00 UTC, 16:00 in Moscow.
        { line_no: 5, submitted_at: '2026-11-02 16:00:00+03', consulted_on: null, deal_id: null },
      ]);
      const { feedback } = await october(db);
      expect(feedback.responses.filter((r) => r.dealId === 502).map((r) => r.submitted)).toEqual(['2026-10-21T21:30:00+03:00']);
    });
  });

  it('honours an offset after a Russian-locale date too («GMT+7», «UTC+7»)', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-ru-gmt-offset.csv'])).files;
      expect(f).toMatchObject({
        rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 2, unlinked: 0 },
        timestampFormats: [{ format: 'dd.MM.yyyy H:mm:ss GMT±H', name: 'русская локаль Google Форм, со смещением от GMT (время переведено в часовой пояс центра)', rows: 2 }],
      });
      expect((await stored(db)).map((r) => r.submitted_at)).toEqual(['2026-10-06 09:15:02+03', '2026-10-21 21:30:00+03']);
    });
  });

  it('reads year-first dates (yyyy/MM/dd of the Japanese and Chinese locales) as local times', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-ja-timestamps.csv'])).files;
      expect(f).toMatchObject({
        rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 2, unlinked: 0 },
        timestampFormats: [{ format: 'yyyy/MM/dd H:mm:ss', name: 'китайская или японская локаль Google Форм', rows: 2 }],
      });
      expect(await stored(db)).toEqual([
        { line_no: 2, submitted_at: '2026-10-06 09:15:02+03', consulted_on: null, deal_id: null },
        { line_no: 3, submitted_at: '2026-10-16 18:40:11+03', consulted_on: '2026-10-14', deal_id: null },
      ]);
    });
  });

  it('reads Apps Script dates (JavaScript and ISO), naming both formats', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['apps-script-dates.csv'])).files;
      expect(f).toMatchObject({
        rowsRead: 3, rowsRejected: 0, links: { byId: 1, byOrganisation: 2, unlinked: 0 },
        timestampFormat: 'EEE MMM dd yyyy HH:mm:ss GMT+HHMM',
        timestampFormats: [
          { format: 'EEE MMM dd yyyy HH:mm:ss GMT+HHMM', name: 'дата Apps Script (JavaScript)', rows: 2 },
          { format: 'yyyy-MM-ddTHH:mm:ss.SSSZ', name: 'ISO 8601 с часовым поясом (Apps Script)', rows: 1 },
        ],
      });
      // 13:15:02 at GMT+0700 → 09:15:02 Moscow; 15:40:11Z → 18:40:11; 10:05:45 at GMT+0300 stays.
      expect((await stored(db)).map((r) => r.submitted_at)).toEqual(['2026-10-06 09:15:02+03', '2026-10-16 18:40:11+03', '2026-10-29 10:05:45+03']);
    });
  });

  it('refuses a file none of whose timestamps can be read, naming the formats read and quoting the first; stores nothing', async () => {
    await withLoadedDb([consultations], async (db) => {
      const before = await snapshot(db);
      for (const dryRun of [false, true]) {
        const [f] = (await loadForms(db, ['google-forms-every-row-bad.csv'], {}, dryRun)).files;
        expect(f).toMatchObject({
          status: 'failed',
          error:
            'ни одна строка не принята, отметка времени не прочитана: okno читает dd.MM.yyyy H:mm:ss (русская локаль Google Форм), ' +
            'M/d/yyyy H:mm:ss (английская), dd/MM/yyyy H:mm:ss, yyyy-MM-dd H:mm:ss, даты Apps Script и ISO 8601; в файле — «2026. 10. 6 오후 1:15:02» (строка 2).',
          rowsRead: 3,
          rowsRejected: 3,
          rejects: [{ reason: 'не распознана дата', column: 'Отметка времени', count: 3, lines: [2, 3, 4], dealIds: ['506'] }],
          timestampFormat: null,
        });
        expect(f!.hint).toBe('Откройте таблицу ответов в Google Таблицах, выберите русские или английские (США) региональные настройки (Файл → Настройки) и скачайте CSV заново.');
      }
      expect(await snapshot(db)).toEqual(before);
      expect(await scalar(db, 'select count(*)::integer from feedback_responses')).toBe(0);
    });
  });

  it('refuses a file every row of which is rejected for another reason, with the commonest reason', async () => {
    await withDb(async (db) => {
      // Ratings on a 1–5 scale (lines 2, 3; line 4 is rejected first for its deal ID «№ 50б»).
      const [f] = (await loadForms(db, ['google-forms-rating-scale-1-to-5.csv'])).files;
      expect(f).toMatchObject({
        status: 'failed',
        error: 'ни одна из 3\u00a0строк не принята: чаще всего — неизвестный ответ в «Оцените качество работы консультанта» (2\u00a0строки; например «5», строка 2).',
        rowsRead: 3,
        rowsRejected: 3,
        rejects: [
          { reason: 'неизвестный ответ', column: 'Оцените качество работы консультанта', count: 2, lines: [2, 3], dealIds: [] },
          { reason: 'не целое число', column: 'Номер консультации (если знаете)', count: 1, lines: [4], dealIds: ['№ 50б'] },
        ],
        timestampFormat: 'dd.MM.yyyy H:mm:ss',
        hint: 'Проверьте, что это выгрузка ответов формы отзывов; если вопросы сформулированы иначе, укажите их в okno.config.json: "feedback": {"columns": {…}}.',
      });
      expect(await scalar(db, 'select count(*)::integer from loads')).toBe(0);
    });
  });
});

describe('linking by organisation (feedback/google-forms-organisation-quotes-and-spaces.csv)', () => {
  it('reads every quote as a space: «АНО « Альфа »» is АНО «Альфа» (501), «ООО"Дельта"» is ООО «Дельта» (503)', async () => {
    await withLoadedDb([consultations], async (db) => {
      const [f] = (await loadForms(db, ['google-forms-organisation-quotes-and-spaces.csv'])).files;
      expect(f).toMatchObject({ rowsRead: 2, rowsRejected: 0, links: { byId: 0, byOrganisation: 2, unlinked: 0 } });
      await db.run('feedback/links', { link_days: 14 });
      expect(await rows(db, 'select organisation, linked_deal_id from feedback_links order by submitted_at')).toEqual([
        { organisation: 'АНО « Альфа »', linked_deal_id: 501 },
        { organisation: 'ООО"Дельта"', linked_deal_id: 503 },
      ]);
    });
  });
});

describe('a form\'s deal ID', () => {
  it('is digits only after «№» or «#»: «501.5» is rejected, not linked to deal 502 (feedback/google-forms-fractional-deal-id.csv)', async () => {
    await withLoadedDb([consultations], async (db) => {
      const report = await loadForms(db, ['google-forms-fractional-deal-id.csv']);
      expect(report.files[0]).toMatchObject({
        status: 'loaded',
        rowsRead: 2,
        rowsRejected: 1,
        rejects: [{ reason: 'не целое число', column: 'Номер консультации (если знаете)', count: 1, lines: [2], dealIds: ['501.5'] }],
      });
      expect(await rows(db, 'select deal_id, rating from feedback_responses')).toEqual([{ deal_id: 501, rating: 'satisfied' }]);
    });
  });
});

describe('feedback in the monthly note', () => {
  it('counts the month’s responses per consultant, who was not asked, and the dissatisfied', async () => {
    await withLoadedDb([consultations], async (db) => {
      await loadForms(db, ['google-forms-reexport.csv']);
      const { feedback } = await october(db);
      // October: 501 (Иванова: да, удовлетворен), 503 (Петров: нет, не удовлетворен), 506 (Никитина: да, не
      // удовлетворена), 502 (Петров: да, частично), 504 (Петров: да, удовлетворен), unlinked 22.10 (Петров: да,
      // удовлетворен). The unlinked 02.11 response (АНО Ромашка) is November's.
      expect(feedback.totals).toEqual({
        responses: 6, answeredYes: 5, answeredNo: 1, answeredShare: 5 / 6,
        satisfied: 3, partly: 1, dissatisfied: 2, unrated: 0, satisfiedShare: 3 / 6,
      });
      expect(feedback.byConsultant.map((c) => [c.name, c.responses, c.answeredYes, c.answeredNo, c.satisfied, c.partly, c.dissatisfied])).toEqual([
        ['Петров Олег', 4, 3, 1, 2, 1, 1],
        ['Иванова Мария', 1, 1, 0, 1, 0, 0],
        ['Никитина Ирина', 1, 1, 0, 0, 0, 1],
      ]);
      // Asked: 502 (stage), 504 (an earlier version in «Запрошена обратная связь»), 501, 503, 506 (responses).
      expect(feedback.coverage).toEqual({
        consultantsNotAsked: [{ name: 'Сидоров Андрей', consultations: 1, dealIds: [505] }],
        newClientsNotAsked: [{ client: 'ТОС Гамма', consultations: 1, dealIds: [505], consultants: ['Сидоров Андрей'] }],
      });
      expect(feedback.dissatisfied.map((d) => [d.dealId, d.followedUp, d.followUp])).toEqual([
        [503, true, { dealId: 504, consulted: '2026-10-17T11:00:00+03:00' }],
        [506, false, null],
      ]);
      expect(feedback.comments.map((c) => [c.dealId, c.reasons, c.suggestions])).toEqual([
        [501, null, 'Спасибо, всё понятно'],
        [503, 'Не хватило времени, Сложно понять', 'Хотелось бы примеры документов'],
        [506, 'Долго ждали ответа', null],
      ]);
      expect(feedback.unlinked.map((u) => [u.organisation, u.submitted])).toEqual([['Фонд Бета', '2026-10-22T12:00:00+03:00']]);
    });
  });

  it('names a new client not asked as on its earliest consultation, the smaller deal ID at the same moment', async () => {
    // feedback/new-client-two-spellings-same-moment-consultations.csv: 702 («ТОС "Гамма"») before 701 («ТОС «Гамма»»)
    // in the file, both on 20.10.2026 at 9:30: one client (one key), named by 701 whatever order DuckDB scans rows in.
    await withLoadedDb([fixture('feedback/new-client-two-spellings-same-moment-consultations.csv')], async (db) => {
      const { feedback } = await october(db);
      expect(feedback.coverage.newClientsNotAsked).toEqual([
        { client: 'ТОС «Гамма»', consultations: 2, dealIds: [701, 702], consultants: ['Петров Олег', 'Сидоров Андрей'] },
      ]);
    });
  });

  it('links by organisation only within the configured number of days', async () => {
    await withLoadedDb([consultations], async (db) => {
      await loadForms(db, ['google-forms-ru-timestamps.csv']);
      // 21.10 is 14 days after 502 (07.10): linked at 14 days, not at 13.
      expect((await october(db, { linkDays: 14 })).feedback.responses.filter((r) => r.dealId === 502)).toHaveLength(1);
      expect((await october(db, { linkDays: 13 })).feedback.responses.filter((r) => r.dealId === 502)).toHaveLength(0);
    });
  });

  it('gives a project’s note the feedback of its own consultations, without unlinked responses', async () => {
    await withLoadedDb([consultations], async (db) => {
      await loadForms(db, ['google-forms-reexport.csv']);
      const { feedback } = await october(db, { project: 'Развитие НКО' });
      // 502, 503, 504 and 505 are the project's: responses about 503, 502, 504.
      expect(feedback.totals).toMatchObject({ responses: 3, answeredYes: 2, answeredNo: 1, satisfied: 1, partly: 1, dissatisfied: 1 });
      expect(feedback.unlinked).toEqual([]);
      expect(feedback.coverage.consultantsNotAsked.map((c) => c.name)).toEqual(['Сидоров Андрей']);
    });
  });
});

describe('feedback response keys', () => {
  it('DuckDB\'s hash() still gives the keys stored by earlier loads (a new DuckDB that changes it needs a re-keying migration)', async () => {
    await withDb(async (db) => {
      // response_key = hash(timestamp, deal ID, organisation, consultant, date, answered, rating, reasons, suggestions)
      // as in queries/feedback/parse_rows.sql. If this fails after a DuckDB upgrade, stored responses would be stored
      // again on the next load of the same export: write a migration that recomputes feedback_responses.response_key.
      expect(
        await scalar(db, `select hash('03.11.2026 10:15:00', '5001', 'АНО «Вектор»', 'Иванова Мария', null::varchar, 'Да',
                                      'Полностью удовлетворен(а)', null::varchar, 'Спасибо')::varchar`),
      ).toBe('323305366836943126');
    });
  });
});
