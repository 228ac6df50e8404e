import { readdirSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { amocrm, fixture, rows, snapshot, testClock, withTempDir } from '../helpers.js';
import { workbookProblems } from '../workbook-structure.js';
import { loadedIn, okno } from './cli.js';

// The scenario (fixtures/check/friday-closing, then fixtures/check/marks; README «Отметки»):
// - week 2026-W44, rule 2 (Friday closing) lists 7204 (held 28.10 11:00) and 7202 (held 30.10 14:59, moved only at
//   18:30); rule 8 lists 7204 (the client's first consultation, feedback never asked).
// - the office manager marks rule 2: 7204 «да» with a comment, 7202 «да»; rule 8: 7204 «нет» with a comment.
// - the export of 06.11 19:00 closes 7202 and 7203 at 17:00 and leaves 7204 held: week 2026-W45's rule 2 lists 7204
//   only. So of W44's marks: 7202 «исправлено» (marked да, not listed now), 7204 on rule 2 «отмечено исправленным,
//   но всё ещё не так» (marked да, listed now), 7204 on rule 8 «ещё открыто» (marked нет) — 1, 1 and 1.
const friday = fixture('check/friday-closing');
const fridayFiles = readdirSync(friday).sort().map((f) => path.join(friday, f));
const later = fixture('check/marks/export-2026-11-06-1900.csv');
const savedByLibreOffice = fixture('check/marks/w44-marked-saved-by-libreoffice.xlsx');

const rule2 = '2 Пятничное закрытие';
const rule8 = '8 Запрос обратной связи';

interface Fill {
  sheet: string;
  /** The row's «ID сделки» as written by okno (a number), or a row number to write a new row at. */
  id?: number;
  row?: number;
  values?: Partial<Record<1 | 3 | 6 | 7, string | number | null>>;
}

/** Fills the workbook as the office manager would (exceljs, saved under a new name). */
async function fill(from: string, to: string, fills: Fill[]): Promise<void> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  for (const f of fills) {
    const ws = wb.getWorksheet(f.sheet)!;
    let r = f.row;
    if (r === undefined) {
      for (let i = 4; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === f.id) r = i;
    }
    if (r === undefined) throw new Error(`no row ${f.id} on ${f.sheet}`);
    for (const [column, value] of Object.entries(f.values ?? {})) ws.getRow(r).getCell(Number(column)).value = value;
  }
  await wb.xlsx.writeFile(to);
}

const marked: Fill[] = [
  { sheet: rule2, id: 7204, values: { 6: 'да', 7: 'перенесли в «Успешно завершённые»' } },
  { sheet: rule2, id: 7202, values: { 6: 'да' } },
  { sheet: rule8, id: 7204, values: { 6: 'нет', 7: 'клиент не отвечает на звонки' } },
];

const storedMarks = (db: Db) =>
  rows(db, "select week, rule, item, at_text, deal_id, client, consultant, fixed, comment, sheet_row, okno_iso(loaded_at) as loaded_at from check_marks order by rule, sheet_row");

/** Opens the command's database after the command closed it. */
async function withStored<T>(cwd: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

async function weekW44(cwd: string): Promise<string> {
  await loadedIn(cwd, fridayFiles);
  const r = await okno(['check', '--week', '2026-W44', '--out', 'w44.xlsx'], { cwd });
  expect(r.code).toBe(0);
  return path.join(cwd, 'w44.xlsx');
}

describe('okno check load: the office manager’s marks come back, and the next week’s check says what became of them', () => {
  it('stores the marks of the week, says «уже загружен» the second time, and week 2026-W45 reports fixed, still wrong and open', async () => {
    await withTempDir(async (cwd) => {
      const w44 = await weekW44(cwd);
      const ExcelJS = (await import('exceljs')).default;
      const written = new ExcelJS.Workbook();
      await written.xlsx.readFile(w44);
      // The week in a cell of its own, where the loader reads it.
      expect(written.getWorksheet('Сводка')!.getCell('A2').value).toBe('Неделя: 2026-W44');

      await fill(w44, path.join(cwd, 'w44-marked.xlsx'), marked);
      const loaded = await okno(['check', 'load', 'w44-marked.xlsx'], { cwd });
      expect(loaded.stderr).toBe('');
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toBe(
        'w44-marked.xlsx: отметки за неделю 2026-W44 — новых 3, обновлено 0, без изменений 0, отклонено 0, не заполнено строк 0.\n' +
          'Проверка следующей недели (okno check) покажет, что исправлено и что ещё открыто.\n',
      );
      const client = 'АНО «Светлый путь»';
      const consultant = 'Иванова Мария';
      const loadedAt = '2026-11-21T12:00:00+03:00';
      const expected = [
        { week: '2026-W44', rule: 'friday_closing', item: '7204', at_text: '28.10.2026 11:00', deal_id: 7204, client, consultant, fixed: true, comment: 'перенесли в «Успешно завершённые»', sheet_row: 4, loaded_at: loadedAt },
        { week: '2026-W44', rule: 'friday_closing', item: '7202', at_text: '30.10.2026 14:59', deal_id: 7202, client, consultant, fixed: true, comment: null, sheet_row: 5, loaded_at: loadedAt },
        { week: '2026-W44', rule: 'feedback_asked', item: '7204', at_text: '28.10.2026 11:00', deal_id: 7204, client, consultant, fixed: false, comment: 'клиент не отвечает на звонки', sheet_row: 4, loaded_at: loadedAt },
      ];
      const byRule = (xs: typeof expected) => [...xs].sort((a, b) => a.rule.localeCompare(b.rule) || a.sheet_row - b.sheet_row);
      const before = await withStored(cwd, async (db) => {
        expect(await storedMarks(db)).toEqual(byRule(expected));
        return snapshot(db);
      });

      // The same bytes again, a day later: «уже загружен», nothing changes.
      const again = await okno(['check', 'load', 'w44-marked.xlsx', '--json'], { cwd, env: { OKNO_NOW: '2026-11-22T09:00:00+03:00' } });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({
        file: 'w44-marked.xlsx', week: '2026-W44', status: 'already_loaded',
        alreadyLoaded: { fileName: 'w44-marked.xlsx', week: '2026-W44', loadedAt },
        new: 0, updated: 0, unchanged: 0, notFilled: 0, rejected: [],
      });
      expect((await okno(['check', 'load', 'w44-marked.xlsx'], { cwd })).stdout).toBe(
        'w44-marked.xlsx: уже загружен 21.11.2026 12:00 (w44-marked.xlsx, неделя 2026-W44) — ничего не изменилось.\n',
      );
      expect(await withStored(cwd, snapshot)).toEqual(before);

      // The next week, with the export of 06.11 19:00.
      expect((await okno(['load', 'consultations', later], { cwd })).code).toBe(0);
      const text = await okno(['check', '--week', '2026-W45', '--out', 'w45.xlsx'], { cwd });
      expect(text.code).toBe(0);
      const lines = text.stdout.split('\n');
      expect(lines.slice(0, 3)).toEqual([
        'Проверка процедуры: неделя 2026-W45 (02.11.2026–08.11.2026), по данным на 09.11.2026 00:00; часовой пояс Europe/Moscow',
        'Нарушений: 1',
        'Отметки офис-менеджера за неделю 2026-W44 (w44-marked.xlsx, загружен 21.11.2026 12:00): исправлено 1, отмечено исправленным, но всё ещё не так 1, ещё открыто 1',
      ]);
      const at = (start: string, count: number) => lines.slice(lines.indexOf(start), lines.indexOf(start) + count);
      expect(at('2. Пятничное закрытие: проведённые до 15:00 пятницы не перенесены к 18:00 — 1 нарушение', 8).slice(2)).toEqual([
        '   ID сделки  Организация         Консультант    Когда             Что не так',
        '        7204  АНО «Светлый путь»  Иванова Мария  28.10.2026 11:00  в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 28.10.2026 12:00)',
        '   Отметки недели 2026-W44: исправлено 1, отмечено исправленным, но всё ещё не так 1, ещё открыто 0',
        '   ID сделки  Консультант    Когда             Исправлено  Итог                                      Комментарий',
        '        7204  Иванова Мария  28.10.2026 11:00  да          отмечено исправленным, но всё ещё не так  перенесли в «Успешно завершённые»',
        '        7202  Иванова Мария  30.10.2026 14:59  да          исправлено',
      ]);
      expect(at('8. Обратная связь: не реже раза в месяц по каждому консультанту и от каждого нового клиента — нарушений нет', 5).slice(2)).toEqual([
        '   Отметки недели 2026-W44: исправлено 0, отмечено исправленным, но всё ещё не так 0, ещё открыто 1',
        '   ID сделки  Консультант    Когда             Исправлено  Итог                          Комментарий',
        '        7204  Иванова Мария  28.10.2026 11:00  нет         ещё открыто (отмечено «нет»)  клиент не отвечает на звонки',
      ]);
      // A rule without earlier marks says nothing of them.
      expect(at('1. Закрытые карточки заполнены не полностью — нарушений нет', 3)[2]).toMatch(/^ {3}Как считается: /);

      const json = JSON.parse((await okno(['check', '--week', '2026-W45', '--json'], { cwd })).stdout);
      expect(json.marks).toEqual({ week: '2026-W44', files: [{ file: 'w44-marked.xlsx', loadedAt }], fixed: 1, fixedButFlagged: 1, open: 1 });
      expect(json.rules[1].marks).toEqual({
        week: '2026-W44', fixed: 1, fixedButFlagged: 1, open: 0,
        items: [
          { dealId: 7204, client, consultant, when: '28.10.2026 11:00', mark: 'да', comment: 'перенесли в «Успешно завершённые»', flaggedNow: true, outcome: 'fixed_but_flagged' },
          { dealId: 7202, client, consultant, when: '30.10.2026 14:59', mark: 'да', comment: null, flaggedNow: false, outcome: 'fixed' },
        ],
      });
      expect(json.rules[1].items.map((i: { dealId: number; earlier: unknown }) => [i.dealId, i.earlier])).toEqual([
        [7204, { week: '2026-W44', when: '28.10.2026 11:00', mark: 'да', comment: 'перенесли в «Успешно завершённые»' }],
      ]);
      expect(json.rules[7].marks).toEqual({
        week: '2026-W44', fixed: 0, fixedButFlagged: 0, open: 1,
        items: [{ dealId: 7204, client, consultant, when: '28.10.2026 11:00', mark: 'нет', comment: 'клиент не отвечает на звонки', flaggedNow: false, outcome: 'open' }],
      });
      expect(json.rules[0].marks).toEqual({ week: '2026-W44', fixed: 0, fixedButFlagged: 0, open: 0, items: [] });

      // The new workbook: the comment carried into «Комментарий» (the mark left for this week), the earlier marks on
      // a sheet of their own, and a column of them in «Сводка».
      // Fonts named, print setup, no overlapping validations, no formulas — also on the new sheet.
      expect(await workbookProblems(path.join(cwd, 'w45.xlsx'))).toEqual([]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'w45.xlsx'));
      const sheet = wb.getWorksheet(rule2)!;
      expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
        7204, client, consultant, '28.10.2026 11:00', 'в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 28.10.2026 12:00)', undefined, 'перенесли в «Успешно завершённые»',
      ]);
      const summary = wb.getWorksheet('Сводка')!;
      expect(summary.getCell('A2').value).toBe('Неделя: 2026-W45');
      expect(summary.getRow(5).getCell(6).value).toBe('Отметки недели 2026-W44');
      expect(summary.getRow(7).getCell(6).value).toBe('исправлено 1, отмечено исправленным, но всё ещё не так 1, ещё открыто 0');
      expect(summary.getRow(6).getCell(6).value).toBe('отметок нет');
      const earlier = wb.getWorksheet('Отметки прошлой недели')!;
      expect(earlier.getCell('A1').value).toBe('Отметки недели 2026-W44 и проверка недели 2026-W45: исправлено 1, отмечено исправленным, но всё ещё не так 1, ещё открыто 1');
      expect([3, 4, 5].map((r) => (earlier.getRow(r).values as unknown[]).slice(1))).toEqual([
        [rule2, 7204, client, consultant, '28.10.2026 11:00', 'да', 'отмечено исправленным, но всё ещё не так', 'перенесли в «Успешно завершённые»'],
        [rule2, 7202, client, consultant, '30.10.2026 14:59', 'да', 'исправлено', ''],
        [rule8, 7204, client, consultant, '28.10.2026 11:00', 'нет', 'ещё открыто (отмечено «нет»)', 'клиент не отвечает на звонки'],
      ]);

      // Loaded untouched, the W45 workbook keeps the carried comment as W45's (not marked: still open).
      const w45 = await okno(['check', 'load', 'w45.xlsx', '--json'], { cwd });
      expect(JSON.parse(w45.stdout)).toMatchObject({ week: '2026-W45', status: 'loaded', new: 1, notFilled: 0, rejected: [] });
      const w46 = JSON.parse((await okno(['check', '--week', '2026-W46', '--json'], { cwd, env: { OKNO_NOW: '2026-11-21T12:00:00+03:00' } })).stdout);
      expect(w46.marks).toMatchObject({ week: '2026-W45', fixed: 0, fixedButFlagged: 0, open: 1 });
    });
  });

  it('a person’s row (rule 7) is keyed by the consultant: still listed a week later, a «да» is disputed and a «нет» stays open', async () => {
    // fixtures/check/staff-load.csv: W44 lists Петрова Светлана (1 consultation) and Сидоров Андрей (0) while 7710
    // waited in «Принято в работу». No consultation of the export is dated in W45 and 7710 still waits on Monday
    // 02.11, so W45 lists every staff member with 0: Иванова Мария, Петрова Светлана, Сидоров Андрей.
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'consultations', fixture('check/staff-load.csv')], { cwd })).code).toBe(0);
      expect((await okno(['check', '--week', '2026-W44', '--out', 'w44.xlsx'], { cwd })).code).toBe(0);
      const sheet = '7 Меньше 2 консультаций';
      await fill(path.join(cwd, 'w44.xlsx'), path.join(cwd, 'w44-marked.xlsx'), [
        { sheet, row: 4, values: { 6: 'да' } },
        { sheet, row: 5, values: { 6: 'нет', 7: 'в отпуске до 09.11' } },
        { sheet, row: 6, values: { 1: 7701, 3: 'Иванова Мария', 6: 'да' } },
      ]);
      const r = await okno(['check', 'load', 'w44-marked.xlsx'], { cwd });
      // Not filled: the other rules' rows of W44 — rule 2's 7703 and 7702, rule 8's three consultants.
      expect(r.stdout.split('\n').slice(0, 3)).toEqual([
        'w44-marked.xlsx: отметки за неделю 2026-W44 — новых 2, обновлено 0, без изменений 0, отклонено 1, не заполнено строк 5.',
        'Отклонённые строки (исправьте и загрузите книгу снова; уже загруженные отметки этих строк не изменились):',
        '  лист «7 Меньше 2 консультаций», строка 6, сделка 7701: на этом листе строки — консультанты, ID сделки у них не указывается.',
      ]);
      const json = JSON.parse((await okno(['check', '--week', '2026-W45', '--json', '--out', 'w45.xlsx'], { cwd })).stdout);
      const staff = json.rules[6];
      expect(staff.items.map((i: { consultant: string; earlier: unknown }) => [i.consultant, i.earlier])).toEqual([
        ['Иванова Мария', null],
        ['Петрова Светлана', { week: '2026-W44', when: null, mark: 'да', comment: null }],
        ['Сидоров Андрей', { week: '2026-W44', when: null, mark: 'нет', comment: 'в отпуске до 09.11' }],
      ]);
      expect(staff.marks).toMatchObject({ fixed: 0, fixedButFlagged: 1, open: 1 });
      expect(staff.marks.items.map((m: { consultant: string; outcome: string; flaggedNow: boolean }) => [m.consultant, m.outcome, m.flaggedNow])).toEqual([
        ['Петрова Светлана', 'fixed_but_flagged', true],
        ['Сидоров Андрей', 'open', true],
      ]);
      const text = (await okno(['check', '--week', '2026-W45'], { cwd })).stdout;
      expect(text).toContain(
        [
          '   Отметки недели 2026-W44: исправлено 0, отмечено исправленным, но всё ещё не так 1, ещё открыто 1',
          '   ID сделки  Консультант       Когда  Исправлено  Итог                                                 Комментарий',
          '              Петрова Светлана         да          отмечено исправленным, но всё ещё не так',
          '              Сидоров Андрей           нет         ещё открыто (отмечено «нет»); в этой проверке снова  в отпуске до 09.11',
        ].join('\n'),
      );
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'w45.xlsx'));
      expect([4, 5, 6].map((row) => [wb.getWorksheet(sheet)!.getRow(row).getCell(3).value, wb.getWorksheet(sheet)!.getRow(row).getCell(7).value])).toEqual([
        ['Иванова Мария', null],
        ['Петрова Светлана', null],
        ['Сидоров Андрей', 'в отпуске до 09.11'],
      ]);
    });
  });

  it('reads a workbook marked and re-saved by LibreOffice to the same marks', async () => {
    await withTempDir(async (cwd) => {
      const w44 = await weekW44(cwd);
      await fill(w44, path.join(cwd, 'w44-marked.xlsx'), marked);
      expect((await okno(['check', 'load', 'w44-marked.xlsx'], { cwd })).code).toBe(0);
      const byExcelJs = await withStored(cwd, storedMarks);
      await withTempDir(async (other) => {
        await loadedIn(other, fridayFiles);
        const r = await okno(['check', 'load', savedByLibreOffice], { cwd: other });
        expect(r.stderr).toBe('');
        expect(r.stdout).toContain('отметки за неделю 2026-W44 — новых 3, обновлено 0, без изменений 0, отклонено 0, не заполнено строк 0.');
        expect(await withStored(other, storedMarks)).toEqual(byExcelJs);
      });
    });
  });

  it('rejects bad rows with sheet and row, stores the others, and leaves a rejected row’s earlier mark as it was', async () => {
    await withTempDir(async (cwd) => {
      const w44 = await weekW44(cwd);
      await fill(w44, path.join(cwd, 'first.xlsx'), [{ sheet: rule2, id: 7204, values: { 6: 'нет', 7: 'ждём отчёт' } }]);
      expect((await okno(['check', 'load', 'first.xlsx'], { cwd })).code).toBe(0);
      await fill(w44, path.join(cwd, 'bad.xlsx'), [
        { sheet: rule2, id: 7204, values: { 6: 'может быть', 7: 'уточнить' } },
        { sheet: rule2, id: 7202, values: { 6: ' Да ' } },
        // A row typed in under the list, and the rule 8 row's ID edited into one that is not in the database.
        { sheet: rule2, row: 6, values: { 1: 'семь', 6: 'да' } },
        { sheet: rule8, id: 7204, values: { 1: 99999, 6: 'нет' } },
      ]);
      const r = await okno(['check', 'load', 'bad.xlsx'], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          'bad.xlsx: отметки за неделю 2026-W44 — новых 1, обновлено 0, без изменений 0, отклонено 3, не заполнено строк 0.',
          'Отклонённые строки (исправьте и загрузите книгу снова; уже загруженные отметки этих строк не изменились):',
          '  лист «2 Пятничное закрытие», строка 4, сделка 7204: «Исправлено»: «может быть» — допустимо «да», «нет» или пусто.',
          '  лист «2 Пятничное закрытие», строка 6: ID сделки «семь» — не целое число.',
          '  лист «8 Запрос обратной связи», строка 4, сделка 99999: сделки 99999 нет в базе — ID в строке изменён? Он должен остаться таким, как в проверке.',
          'Проверка следующей недели (okno check) покажет, что исправлено и что ещё открыто.',
          '',
        ].join('\n'),
      );
      await withStored(cwd, async (db) => {
        expect(await rows(db, 'select item, fixed, comment from check_marks order by item')).toEqual([
          { item: '7202', fixed: true, comment: null },
          { item: '7204', fixed: false, comment: 'ждём отчёт' },
        ]);
      });
    });
  });

  it('refuses a workbook every filled row of which is rejected, and any file that is not a check workbook, changing nothing', async () => {
    await withTempDir(async (cwd) => {
      const w44 = await weekW44(cwd);
      await fill(w44, path.join(cwd, 'first.xlsx'), marked);
      expect((await okno(['check', 'load', 'first.xlsx'], { cwd })).code).toBe(0);
      const before = await withStored(cwd, snapshot);

      await fill(w44, path.join(cwd, 'all-bad.xlsx'), [
        { sheet: rule2, id: 7204, values: { 6: '+' } },
        { sheet: rule2, id: 7202, values: { 6: 'исправлено' } },
      ]);
      const allBad = await okno(['check', 'load', 'all-bad.xlsx'], { cwd });
      expect([allBad.code, allBad.stdout]).toEqual([1, '']);
      expect(allBad.stderr).toBe(
        'Ошибка: all-bad.xlsx: ни одна отметка не загружена: все заполненные строки (2) отклонены; первая — лист «2 Пятничное закрытие», строка 4: «Исправлено»: «+» — допустимо «да», «нет» или пусто.\n' +
          'Исправьте строки и загрузите книгу снова: «Исправлено» — да / нет (выпадающий список), ID сделки не меняйте.\n',
      );

      // A review sheet, an amoCRM export in XLSX, a CSV, a cut-off workbook, a workbook whose «Сводка» lost its week.
      expect((await okno(['review', 'sheet', '--out', 'оценки.xlsx', '--as-of', '2026-11-21'], { cwd })).code).toBe(0);
      await copyFile(amocrm('xlsx-real-dates.xlsx'), path.join(cwd, 'сделки.xlsx'));
      await copyFile(later, path.join(cwd, 'сделки.csv'));
      await writeFile(path.join(cwd, 'обрезана.xlsx'), (await readFile(path.join(cwd, 'first.xlsx'))).subarray(0, 4000));
      await fill(w44, path.join(cwd, 'без-недели.xlsx'), [{ sheet: 'Сводка', row: 1, values: { 1: 'Моя сводка' } }, { sheet: 'Сводка', row: 2, values: { 1: null } }]);
      const hint = 'Загружается книга, которую записала команда okno check --week <неделя> --out <файл.xlsx>, с заполненными столбцами «Исправлено» и «Комментарий».';
      const refusals: [string, string][] = [
        ['оценки.xlsx', 'это лист оценок эффективности (okno review sheet), а не книга проверки процедуры — его загружают командой okno review load.'],
        ['сделки.xlsx', 'это похоже на выгрузку сделок amoCRM, а не на книгу проверки процедуры — выгрузку загружают командой okno load consultations.'],
        ['сделки.csv', 'это не книга Excel (.xlsx).'],
        ['обрезана.xlsx', 'книга повреждена или не дописана — прочитать её нельзя.'],
        ['без-недели.xlsx', 'на листе «Сводка» нет недели проверки (ячейка A2 «Неделя: ГГГГ-Wнн») — это не книга okno check, или строку удалили.'],
      ];
      for (const [file, problem] of refusals) {
        const r = await okno(['check', 'load', file], { cwd });
        expect([file, r.code, r.stdout, r.stderr]).toEqual([file, 1, '', `Ошибка: ${file}: ${problem}\n${hint}\n`]);
        const json = await okno(['check', 'load', file, '--json'], { cwd });
        expect([file, json.code, JSON.parse(json.stdout)]).toEqual([file, 1, { error: { message: `${file}: ${problem}`, hint, exitCode: 1 } }]);
      }
      const stray = await okno(['check', 'load', 'first.xlsx', '--week', '2026-W45'], { cwd });
      expect([stray.code, stray.stderr]).toEqual([2, 'Ошибка: okno check load не принимает --week: неделя — та, что указана в книге.\nСправка: okno check load --help\n']);
      const missing = await okno(['check', 'load', 'нет-такого.xlsx'], { cwd });
      expect([missing.code, missing.stderr]).toEqual([1, 'Ошибка: Файл нет-такого.xlsx не найден.\n']);
      expect(await withStored(cwd, snapshot)).toEqual(before);
    });
  });
});
