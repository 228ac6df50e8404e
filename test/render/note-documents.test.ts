import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, type MonthlyReport } from '../../src/monthly/report.js';
import { cardsToFix, defaultSigner, headlineTable, noteDocument, periodIn, projectLetter, summaryText } from '../../src/render/note-content.js';
import { writeNoteFiles } from '../../src/render/note-files.js';
import type { Db } from '../../src/db/database.js';
import { fixture, withLoadedDb, withTempDir } from '../helpers.js';
import { zipParts } from '../workbook-structure.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const tz = 'Europe/Moscow';

async function october(db: Db, project?: string): Promise<MonthlyReport> {
  return buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: tz, project });
}

/** The text of a PDF, page by page (pdf.js, as a reader's viewer extracts it). */
async function pdfPages(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** The visible text of a DOCX part: its runs, paragraph by paragraph. */
function docxText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('the note as a document: its text worked out by hand (fixtures/monthly scenario, October 2026)', () => {
  it('says the month in sentences a director signs', async () => {
    await withLoadedDb([scenario], async (db) => {
      // 6 held in October (285 min = 4,75 h → «4,8»), 2 in September (+4 = +200 %), 2 in October 2025;
      // 3 clients, 1 new; «Правовые вопросы» 2 leads the topics; the projects tie (2, 2; «не распределено» not
      // named), so none leads; no feedback loaded; 8 data problems (test/monthly/report.test.ts).
      expect(summaryText(await october(db))).toEqual([
        'В октябре 2026 года проведено 6\u00a0консультаций общей продолжительностью 4,8\u00a0часа — на 200\u00a0% больше, чем в сентябре (2).',
        'Годом раньше, в октябре 2025 года, — 2\u00a0консультации: сейчас на 200\u00a0% больше, чем тогда.',
        'Клиентов (организаций) — 3, из них новых — 1.',
        'Больше всего консультаций — по теме «Правовые вопросы» (2).',
        'Отзывов клиентов за этот период нет.',
        'В данных 8\u00a0проблем — см. раздел «Качество данных».',
      ]);
    });
  });

  it('the headline table: the month, September and October 2025, with the change; «—» where a figure does not exist', async () => {
    await withLoadedDb([scenario], async (db) => {
      const t = headlineTable(await october(db));
      expect(t.columns.map((c) => [c.title, c.align])).toEqual([
        ['Показатель', 'left'], ['октябрь 2026', 'right'], ['сентябрь 2026', 'right'], ['Изменение', 'right'], ['октябрь 2025', 'right'], ['Изменение', 'right'],
      ]);
      expect(t.rows).toEqual([
        ['Консультаций', '6', '2', '+4 (+200 %)', '2', '+4 (+200 %)'],
        ['Часов', '4,8', '1,8', '+3,0 (+171 %)', '1,5', '+3,3 (+217 %)'],
        ['Клиентов (организаций)', '3', '2', '+1 (+50 %)', '2', '+1 (+50 %)'],
        ['Новых клиентов', '1', '1', '0', '2', '−1 (−50 %)'],
        ['Средняя продолжительность, мин', '57,0', '52,5', '+4,5 (+9 %)', '45,0', '+12,0 (+27 %)'],
      ]);
    });
  });

  it('the project manager of «не распределено» gets the cards to give a project, with what else is missing', async () => {
    await withLoadedDb([scenario], async (db) => {
      const report = await october(db, 'не распределено');
      // 302 (05.10 10:00, Фонд Бета, Петров Олег) has no project; 305 (31.10 23:30) has «не распределено» written
      // as its project — a project all the same to give — and no topic.
      expect(cardsToFix(report).rows).toEqual([
        ['302', '05.10.2026', 'Фонд Бета', 'Петров Олег', 'нет проекта'],
        ['305', '31.10.2026', 'Фонд Бета', 'Никитина Ирина', 'нет проекта, нет темы'],
      ]);
      const letter = projectLetter(report, '2026-11-21', defaultSigner);
      expect(letter.title).toBe('Консультации без проекта («не распределено») за октябрь 2026 года');
      expect(letter.blocks.map((b) => (b.kind === 'heading' ? b.text : b.kind))).toEqual([
        'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'Цифры', 'table', 'Темы', 'table', 'Карточки без проекта', 'table', 'signature',
      ]);
    });
  });
});

describe('a note of a period not over yet', () => {
  it('says so in its title (and so in the footer of every page), as the terminal does', async () => {
    await withLoadedDb([scenario], async (db) => {
      // Today 21.11.2026: November is reported from the 1st to the end of the 21st.
      const report = await buildMonthlyReport(db, { month: '2026-11', today: '2026-11-21', timeZone: tz });
      const doc = noteDocument(report, [], '2026-11-21', defaultSigner);
      expect(doc.title).toBe('Аналитическая справка о консультациях за ноябрь 2026 года — месяц не закончился: цифры за 1–21 ноября 2026');
      expect(doc.footer).toBe(doc.title);
      expect(summaryText(report)[0]).toMatch(/^С 1 по 21 ноября 2026 года /);
    });
  });
});

describe('periodIn: the period in a sentence', () => {
  const report = (from: string, to: string, partial = false) =>
    ({ period: { from, to, days: 0, label: '' }, partial }) as unknown as MonthlyReport;
  it.each([
    ['2026-10-01', '2026-11-01', false, 'в октябре 2026 года'],
    ['2026-07-01', '2026-10-01', false, 'в III квартале 2026 года'],
    ['2026-01-01', '2026-07-01', false, 'в I полугодии 2026 года'],
    ['2026-01-01', '2027-01-01', false, 'в 2026 году'],
    ['2026-02-01', '2026-05-01', false, 'в феврале–апреле 2026 года'],
    ['2025-11-01', '2026-02-01', false, 'в ноябре 2025 года – январе 2026 года'],
    ['2026-11-01', '2026-11-22', true, 'с 1 по 21 ноября 2026 года'],
    ['2026-11-01', '2026-11-02', true, '1 ноября 2026 года'],
    ['2026-07-01', '2026-08-22', true, 'с 1 июля по 21 августа 2026 года'],
    ['2025-12-01', '2026-01-22', true, 'с 1 декабря 2025 года по 21 января 2026 года'],
  ])('%s – %s (partial: %s) → «%s»', (from, to, partial, phrase) => {
    expect(periodIn(report(from, to, partial))).toBe(phrase);
  });
});

describe('the note written as DOCX and PDF, read back', () => {
  it('writes справка-2026-10.docx and .pdf: the text, the tables, three charts, PT Sans, page numbers, the signature', async () => {
    await withLoadedDb([scenario], async (db) => {
      const report = await october(db);
      await withTempDir(async (dir) => {
        const signer = { organisation: 'АНО «Ресурсный центр»', position: 'Исполнительный директор', name: 'И. И. Иванова' };
        const files = await writeNoteFiles(report, dir, { formats: new Set(['docx', 'pdf']), made: '2026-11-21', signer });
        expect(files).toEqual({ xlsx: null, docx: path.join(dir, 'справка-2026-10.docx'), pdf: path.join(dir, 'справка-2026-10.pdf') });
        expect((await readdir(dir)).sort()).toEqual(['справка-2026-10.docx', 'справка-2026-10.pdf']);

        const parts = new Map((await zipParts(await readFile(files.docx!))).map((p) => [p.name, p.data]));
        const body = docxText(parts.get('word/document.xml')!.toString('utf8'));
        const lines = body.split('\n');
        expect(lines.slice(0, 4)).toEqual([
          'АНО «Ресурсный центр»',
          'Аналитическая справка о консультациях за октябрь 2026 года',
          'Период: 01.10.2026 – 31.10.2026; часовой пояс Europe/Moscow.',
          'Данные: выгрузка из amoCRM scenario-2025-10_2026-11.csv, загружена 21.11.2026 12:00; последняя «Дата редактирования» 20.11.2026 12:00.',
        ]);
        for (const sentence of summaryText(report)) expect(lines).toContain(sentence);
        for (const heading of ['Основные показатели', 'По проектам', 'По консультантам', 'По темам', 'Графики', 'Отзывы клиентов', 'Качество данных', 'Определения']) {
          expect(lines).toContain(heading);
        }
        expect(body).toContain('Президентский грант');
        expect(lines.find((l) => l.startsWith('Исполнительный директор'))?.replace(/\s+/g, ' ')).toBe('Исполнительный директор __________________ И. И. Иванова');
        expect(lines).toContain('Справка составлена 21.11.2026');
        expect([...parts.keys()].filter((n) => n.startsWith('word/media/'))).toHaveLength(3);
        // PT Sans is embedded (regular and bold) and is the document's font; the footer numbers the pages.
        expect([...parts.keys()].filter((n) => n.startsWith('word/fonts/'))).toHaveLength(2);
        expect(parts.get('word/fontTable.xml')!.toString()).toContain('w:name="PT Sans"');
        expect(parts.get('word/styles.xml')!.toString()).toMatch(/<w:rFonts w:ascii="PT Sans"/);
        expect(parts.get('word/footer1.xml')!.toString()).toMatch(/PAGE[\s\S]*NUMPAGES/);
        // Dated the day it was made (the command's clock), never the machine's time: its properties and every entry.
        const core = parts.get('docProps/core.xml')!.toString();
        expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-21T00:00:00Z</dcterms:created>');
        expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-21T00:00:00Z</dcterms:modified>');
        expect(core).toContain('<cp:lastModifiedBy>okno</cp:lastModifiedBy>');
        const entries = await zipParts(await readFile(files.docx!));
        expect(new Set(entries.map((e) => `${e.dosDate} ${e.dosTime}`))).toEqual(new Set([`${((2026 - 1980) << 9) | (11 << 5) | 21} 0`]));
        // Every table's first row repeats on each page.
        const tables = parts.get('word/document.xml')!.toString().split('<w:tbl>').slice(1);
        expect(tables.length).toBe(4); // the headline, projects, consultants, topics (no feedback table: no responses)
        for (const t of tables) expect(t.slice(0, t.indexOf('</w:tr>'))).toContain('<w:tblHeader/>');

        const pages = await pdfPages(files.pdf!);
        const text = pages.join('\n');
        expect(text).toContain('Аналитическая справка о консультациях за октябрь 2026 года');
        expect(text.replace(/\s+/g, ' ')).toContain('В октябре 2026 года проведено 6 консультаций общей продолжительностью 4,8 часа');
        pages.forEach((page, i) => expect(page).toContain(`стр. ${i + 1} из ${pages.length}`));
        const pdf = (await readFile(files.pdf!)).toString('latin1');
        // Only PT Sans, embedded as subsets (pdfkit names them XXXXXX+PTSans-…).
        expect([...new Set([...pdf.matchAll(/\/BaseFont \/[A-Z]{6}\+([A-Za-z-]+)/g)].map((m) => m[1]))].sort()).toEqual(['PTSans-Bold', 'PTSans-Regular']);
      });
    });
  });

  it('writes the «не распределено» letter as DOCX and PDF: its cards to give a project, read back', async () => {
    await withLoadedDb([scenario], async (db) => {
      const report = await october(db, 'не распределено');
      await withTempDir(async (dir) => {
        const files = await writeNoteFiles(report, dir, { formats: new Set(['docx', 'pdf']), made: '2026-11-21', signer: defaultSigner });
        expect(files.docx).toBe(path.join(dir, 'проект-не-распределено-2026-10.docx'));
        const parts = new Map((await zipParts(await readFile(files.docx!))).map((p) => [p.name, p.data]));
        const lines = docxText(parts.get('word/document.xml')!.toString('utf8')).split('\n');
        expect(lines[0]).toBe('Консультации без проекта («не распределено») за октябрь 2026 года');
        expect(lines).toContain('Карточки без проекта');
        // The table's rows, cell by cell (docxText joins a row's cells: each cell is a paragraph of its own).
        for (const cell of ['302', '05.10.2026', 'Фонд Бета', 'Петров Олег', 'нет проекта', '305', '31.10.2026', 'Никитина Ирина', 'нет проекта, нет темы']) expect(lines).toContain(cell);
        expect([...parts.keys()].filter((n) => n.startsWith('word/media/'))).toEqual([]); // a letter has no charts
        const text = (await pdfPages(files.pdf!)).join('\n');
        expect(text).toContain('Карточки без проекта');
        expect(text).toContain('нет проекта');
      });
    });
  });
});
