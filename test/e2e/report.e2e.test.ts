import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { loadedIn, okno, oknoBinary } from './cli.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');

/** Column A label → column B value of the summary's figures table; every sheet's rows as arrays. */
async function readWorkbook(file: string) {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { ws, rows };
  };
  return { wb, sheet };
}

describe('okno report monthly', () => {
  it('the workbook\'s changes are those of the terminal: shown minus shown, «<1 %» (monthly/hours-change-as-shown.csv, change-under-one-percent.csv)', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, fixture('monthly/hours-change-as-shown.csv'));
      const text = await okno(['report', 'monthly', '--month', '2026-10', '--format', 'xlsx'], { cwd });
      // 135 min = 2,25 h → «2,3»; September 20 min → «0,3»: «+2,0», though 2,25 − 0,33 = 1,92.
      expect(text.stdout).toMatch(/^Часов\s+2,3\s+\+2,0 \(\+575 %\)/m);
      const { sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-10.xlsx'));
      const hours = sheet('Сводка').ws.getRows(1, 40)!.find((r) => r.getCell(1).value === 'Часов')!;
      expect([hours.getCell(2).value, hours.getCell(3).value, hours.getCell(4).value]).toEqual([2.25, 20 / 60, 2]);
      expect(hours.getCell(4).numFmt).toBe('+#,##0.0;"−"#,##0.0;0');
      expect([hours.getCell(5).value, hours.getCell(5).numFmt === '"<1 %"']).toEqual([(2.25 - 20 / 60) / (20 / 60), false]);
    });
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, fixture('monthly/change-under-one-percent.csv'));
      const text = await okno(['report', 'monthly', '--month', '2026-10', '--format', 'xlsx'], { cwd });
      expect(text.stdout).toMatch(/^Часов\s+100,0\s+\+0,1 \(<1 %\)/m);
      const { sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-10.xlsx'));
      const rows = sheet('Сводка').ws.getRows(1, 40)!;
      for (const [label, change] of [['Минут', 6], ['Часов', 0.1]] as const) {
        const row = rows.find((r) => r.getCell(1).value === label)!;
        expect([label, row.getCell(4).value, row.getCell(5).numFmt]).toEqual([label, change, '"<1 %"']);
        expect(row.getCell(5).value).toBeCloseTo(6 / 5994, 12); // the exact fraction kept
      }
    });
  });

  // The note from the built CLI (the report, its charts, workbook, Word and PDF files as a user's process makes them,
  // the documents in its worker thread); its JSON and the rest in-process.
  it('the same figures in JSON, on the terminal and in the workbook', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const json = await okno(['report', 'monthly', '--month', '2026-10', '--json'], { cwd });
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({
        month: '2026-10',
        totals: { consultations: 6, minutes: 285, clients: 3, newClients: 1 },
        workbook: 'out/справка-2026-10.xlsx',
      });
      expect(report.byProject.map((p: { name: string; consultations: number; minutes: number }) => [p.name, p.consultations, p.minutes])).toEqual([
        ['Президентский грант', 2, 105],
        ['Развитие НКО', 2, 30],
        ['не распределено', 2, 150],
      ]);
      expect(report.byConsultant[0]).toMatchObject({ name: 'Иванова Мария', consultations: 2, minutes: 105 });
      expect(report.byTopic[0]).toMatchObject({ name: 'Правовые вопросы', consultations: 2, minutes: 90 });

      const text = await oknoBinary(['report', 'monthly', '--month', '2026-10'], { cwd });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('Аналитическая справка за октябрь 2026 года\n');
      expect(text.stdout).toMatch(/^Консультаций\s+6\s+\+4 \(\+200 %\)\s+\+4 \(\+200 %\)$/m);
      expect(text.stdout).toMatch(/^Часов\s+4,8\s+/m);
      expect(text.stdout).toMatch(/^Средняя продолжительность, мин\s+57,0\s+\+4,5 \(\+9 %\)\s+\+12,0 \(\+27 %\)$/m);
      expect(text.stdout).toMatch(/^Клиентов \(организаций\)\s+3\s+/m);
      expect(text.stdout).toMatch(/^Новых клиентов\s+1\s+/m);
      expect(text.stdout).toMatch(/^не распределено\s+2\s+2,5\s+1\s+0\s+\+2$/m);
      expect(text.stdout).toContain('Качество данных — 8 проблем:');

      const { wb, sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-10.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Проекты', 'Консультанты', 'Темы', 'Форматы и каналы', 'Отзывы', 'Отзывы не запрошены', 'Неудовлетворённые', 'Все отзывы', 'Качество данных', 'Консультации']);
      const summary = sheet('Сводка').rows;
      const figure = (label: string) => summary.find((r) => r[0] === label)?.slice(1, 3);
      expect(figure('Консультаций')).toEqual([6, 2]);
      expect(figure('Минут')).toEqual([285, 105]);
      expect(figure('Часов')).toEqual([4.75, 1.75]);
      expect(figure('Клиентов (организаций)')).toEqual([3, 2]);
      expect(figure('Новых клиентов')).toEqual([1, 1]);
      expect(figure('Средняя продолжительность, мин')).toEqual([57, 52.5]);
      const projects = sheet('Проекты');
      expect(projects.rows.map((r) => r.slice(0, 3))).toEqual([
        ['Проект', 'Консультаций', 'Минут'],
        ['Президентский грант', 2, 105],
        ['Развитие НКО', 2, 30],
        ['не распределено', 2, 150],
        ['Итого', 6, 285],
      ]);
      // The totals row compares too: 6 against September's 2 (+4) and October 2025's 2 (+4).
      expect(projects.rows.at(-1)!.slice(7)).toEqual([2, 4, 2, 4]);
      expect(projects.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(projects.ws.autoFilter).toBe('A1:K4'); // header and rows; the totals row stays out of the filter
      const list = sheet('Консультации').rows;
      expect(list).toHaveLength(8); // header, 6 consultations, total
      expect(list[1]!.slice(0, 2)).toEqual([301, new Date(Date.UTC(2026, 9, 1, 0, 0, 0))]);
      expect(list[6]!.slice(0, 2)).toEqual([305, new Date(Date.UTC(2026, 9, 31, 23, 30, 0))]);
      const quality = sheet('Качество данных').rows;
      expect(quality.slice(1).map((r) => r[1] ?? null)).toEqual([306, 310, 310, 310, 302, 305, 311, null]);
      const images = (wb as unknown as { media: unknown[] }).media;
      expect(images).toHaveLength(3);
    });
  }, 120_000);

  it('--issue records the note; a later run shows the changes', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const issued = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--issue'], { cwd });
      expect(issued.code).toBe(0);
      expect(issued.stdout).toMatch(/Справка выпущена \d\d\.\d\d\.\d{4} \d\d:\d\d; с тех пор в цифрах ничего не изменилось\./);
      expect(issued.stdout).toMatch(/Справка за октябрь 2026 года отмечена как выпущенная \(\d\d\.\d\d\.\d{4} \d\d:\d\d\)\./);
      const status = JSON.parse((await okno(['status', '--today', '2026-11-03', '--json'], { cwd })).stdout);
      expect(status.note).toMatchObject({ due: '2026-11-05', daysLeft: 2, state: 'issued' });
    });
  });

  it('okno status counts the days to the 5th, or past it', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const due = await okno(['status', '--today', '2026-11-03'], { cwd });
      expect(due.stdout).toContain('Аналитическая справка за октябрь 2026: не выпущена — срок 05.11.2026, осталось 2 дня\n');
      expect(due.stdout).toContain('Консультаций за октябрь 2026: 6; проблем в данных: 8 (подробно — okno report monthly)\n');
      const late = JSON.parse((await okno(['status', '--today', '2026-11-21', '--json'], { cwd })).stdout);
      expect(late).toMatchObject({ month: '2026-10', note: { state: 'overdue', daysLeft: -16 }, pr: { due: '2026-11-05' }, problems: 8 });
    });
  });

  it('okno report projects writes one workbook per project, «не распределено» included', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const r = await okno(['report', 'projects', '--format', 'xlsx', '--month', '2026-10', '--json'], { cwd });
      expect(r.code).toBe(0);
      const { projects } = JSON.parse(r.stdout);
      expect(projects.map((p: { name: string; consultations: number; workbook: string }) => [p.name, p.consultations, p.workbook])).toEqual([
        ['Президентский грант', 2, 'out/проект-Президентский-грант-2026-10.xlsx'],
        ['Развитие НКО', 2, 'out/проект-Развитие-НКО-2026-10.xlsx'],
        ['не распределено', 2, 'out/проект-не-распределено-2026-10.xlsx'],
      ]);
      const { sheet } = await readWorkbook(path.join(cwd, 'out/проект-не-распределено-2026-10.xlsx'));
      expect(sheet('Сводка').rows[0]![0]).toBe('Консультации без проекта («не распределено») за октябрь 2026 года — распределить');
      expect(sheet('Консультации').rows.slice(1, 3).map((row) => row[0])).toEqual([302, 305]);
      expect(sheet('Консультанты').rows.slice(0, 3).map((row) => row.slice(0, 2))).toEqual([
        ['Консультант', 'Консультаций'],
        ['Никитина Ирина', 1],
        ['Петров Олег', 1],
      ]);
    });
  });

  it('writes the note as XLSX, DOCX and PDF by default; --format chooses; a format okno does not write is refused (exit 2)', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const all = await okno(['report', 'monthly', '--month', '2026-10'], { cwd });
      expect(all.code).toBe(0);
      expect(all.stdout).toContain('\n\nКнига Excel: out/справка-2026-10.xlsx\nДокумент Word: out/справка-2026-10.docx\nPDF: out/справка-2026-10.pdf\n');
      expect((await readdir(path.join(cwd, 'out'))).sort()).toEqual(['справка-2026-10.docx', 'справка-2026-10.pdf', 'справка-2026-10.xlsx']);

      const pdf = await okno(['report', 'monthly', '--month', '2026-10', '--format', 'pdf', '--out', 'pdf', '--json'], { cwd });
      expect(pdf.code).toBe(0);
      expect(JSON.parse(pdf.stdout)).toMatchObject({ workbook: null, files: { xlsx: null, docx: null, pdf: 'pdf/справка-2026-10.pdf' } });
      expect(await readdir(path.join(cwd, 'pdf'))).toEqual(['справка-2026-10.pdf']);

      // Given twice, both lists count.
      const twice = await okno(['report', 'monthly', '--month', '2026-10', '--format', 'docx', '--format', 'PDF ', '--out', 'два', '--json'], { cwd });
      expect(JSON.parse(twice.stdout).files).toEqual({ xlsx: null, docx: 'два/справка-2026-10.docx', pdf: 'два/справка-2026-10.pdf' });

      const bad = await okno(['report', 'monthly', '--month', '2026-10', '--format', 'xlsx,odt'], { cwd });
      expect([bad.code, bad.stderr]).toEqual([
        2,
        "Ошибка: у параметра '--format <list>' недопустимое значение 'xlsx,odt': нужен список форматов через запятую из xlsx, docx, pdf; неизвестно: odt.\nСправка: okno report monthly --help\n",
      ]);
    });
  });

  it('okno report projects writes each project manager a letter (DOCX, PDF) beside the workbook', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const r = await okno(['report', 'projects', '--month', '2026-10', '--format', 'docx,pdf', '--json'], { cwd });
      expect(r.code).toBe(0);
      const { projects } = JSON.parse(r.stdout);
      expect(projects.map((p: { name: string; files: unknown }) => [p.name, p.files])).toEqual([
        ['Президентский грант', { xlsx: null, docx: 'out/проект-Президентский-грант-2026-10.docx', pdf: 'out/проект-Президентский-грант-2026-10.pdf' }],
        ['Развитие НКО', { xlsx: null, docx: 'out/проект-Развитие-НКО-2026-10.docx', pdf: 'out/проект-Развитие-НКО-2026-10.pdf' }],
        ['не распределено', { xlsx: null, docx: 'out/проект-не-распределено-2026-10.docx', pdf: 'out/проект-не-распределено-2026-10.pdf' }],
      ]);
      const letter = (await readFile(path.join(cwd, 'out/проект-не-распределено-2026-10.pdf'))).subarray(0, 5).toString();
      expect(letter).toBe('%PDF-');
    });
  });

  it('a report without a database says so, exit 1', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['report', 'monthly', '--format', 'xlsx'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Ошибка: База .*okno\.duckdb не найдена\.\nСначала загрузите выгрузку/);
      const bad = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-13'], { cwd });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe("Ошибка: у параметра '--month <YYYY-MM>' недопустимое значение '2026-13': нужен месяц в виде ГГГГ-ММ, например 2026-10.\nСправка: okno report monthly --help\n");
      // A month past 12 in a date is a usage error too, not an internal one.
      const day = await okno(['status', '--today', '2026-13-01'], { cwd });
      expect(day.code).toBe(2);
      expect(day.stderr).toBe("Ошибка: у параметра '--today <YYYY-MM-DD>' недопустимое значение '2026-13-01': нужна дата в виде ГГГГ-ММ-ДД, например 2026-11-21.\nСправка: okno status --help\n");
    });
  });

  it('a file or folder that cannot be written: exit 1, a Russian message naming it, nothing half-written', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      await writeFile(path.join(cwd, 'файл'), 'не папка');
      const inTheWay = 'в пути есть файл там, где должна быть папка.\nЗакройте файл, если он открыт, или укажите другую папку (--out) и повторите.\n';
      for (const args of [
        ['report', 'monthly', '--month', '2026-10', '--issue'],
        ['report', 'projects', '--month', '2026-10'],
        ['report', 'effectiveness', '--from', '2026-10', '--to', '2026-10'],
        ['pr', '--month', '2026-10'],
      ]) {
        const r = await okno([...args, '--out', 'файл/итоги'], { cwd });
        expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 1, `Ошибка: Не удалось записать файл/итоги: ${inTheWay}`]);
      }
      // --issue records the note only with its workbook in place: a folder where the workbook goes rolls it back.
      await mkdir(path.join(cwd, 'out', 'справка-2026-10.xlsx'), { recursive: true });
      const taken = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--issue'], { cwd });
      expect([taken.code, taken.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Не удалось записать out/справка-2026-10.xlsx: на этом месте папка, а не файл.']);
      const status = JSON.parse((await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--json', '--out', 'другая'], { cwd })).stdout);
      expect(status.issue.issued).toBeNull();
      // The note's files go in together: the PDF's place taken by a folder leaves the earlier workbook as it was and
      // writes no Word file either (they would say «выпущена» of a note that was not recorded).
      await mkdir(path.join(cwd, 'все', 'справка-2026-10.pdf'), { recursive: true });
      await writeFile(path.join(cwd, 'все', 'справка-2026-10.xlsx'), 'прежняя книга');
      const together = await okno(['report', 'monthly', '--month', '2026-10', '--issue', '--out', 'все'], { cwd });
      expect([together.code, together.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Не удалось записать все/справка-2026-10.pdf: на этом месте папка, а не файл.']);
      expect((await readdir(path.join(cwd, 'все'))).sort()).toEqual(['справка-2026-10.pdf', 'справка-2026-10.xlsx']);
      expect(await readFile(path.join(cwd, 'все', 'справка-2026-10.xlsx'), 'utf8')).toBe('прежняя книга');
      expect(JSON.parse((await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--json', '--out', 'другая'], { cwd })).stdout).issue.issued).toBeNull();
      // A workbook's place taken by a folder: refused, the folder untouched, no temporary file left beside it.
      await mkdir(path.join(cwd, 'лист.xlsx'));
      const sheet = await okno(['review', 'sheet', '--out', 'лист.xlsx', '--as-of', '2026-11-20'], { cwd });
      expect([sheet.code, sheet.stderr]).toEqual([1, 'Ошибка: Не удалось записать лист.xlsx: на этом месте папка, а не файл.\nЗакройте файл, если он открыт, или укажите другую папку (--out) и повторите.\n']);
      expect(await readdir(path.join(cwd, 'лист.xlsx'))).toEqual([]);
      expect((await readdir(cwd)).filter((f) => f.endsWith('.part'))).toEqual([]);
    });
  });
});

describe('okno report monthly for a quarter, a half-year, a year, a range (fixtures/monthly/quarters-2025-Q3_2026-Q4.csv)', () => {
  const quarters = fixture('monthly/quarters-2025-Q3_2026-Q4.csv');

  it('writes the note and workbook of each period, JSON with its kind and key', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, quarters);
      const q3 = JSON.parse((await okno(['report', 'monthly', '--format', 'xlsx', '--quarter', '2026-Q3', '--json'], { cwd })).stdout);
      expect(q3).toMatchObject({
        periodKind: 'quarter',
        periodKey: '2026-Q3',
        monthLabel: 'III квартал 2026',
        title: 'за III квартал 2026 года',
        period: { from: '2026-07-01', to: '2026-10-01', days: 92, label: 'III квартал 2026' },
        previousPeriod: { from: '2026-04-01', to: '2026-07-01', label: 'II квартал 2026' },
        totals: { consultations: 4, minutes: 200, change: { previousMonth: { consultations: 2, minutes: 90 }, yearAgo: { consultations: 1, minutes: 60 } } },
        freshness: { latestLoad: '2026-11-21T12:00:00+03:00', latestEdited: '2026-11-01T09:00:00+03:00', incomplete: false, warning: null },
        workbook: 'out/справка-2026-Q3.xlsx',
      });
      expect('month' in q3).toBe(false);

      const h1 = await okno(['report', 'monthly', '--format', 'xlsx', '--half', '2026-H1'], { cwd });
      expect(h1.code).toBe(0);
      expect(h1.stdout).toContain('Аналитическая справка за I полугодие 2026 года\n');
      expect(h1.stdout).toMatch(/^Консультаций\s+4\s+\+2 \(\+100 %\)\s+—$/m);
      expect(h1.stdout).toContain('Книга Excel: out/справка-2026-H1.xlsx');

      const year = await okno(['report', 'monthly', '--format', 'xlsx', '--year', '2026'], { cwd });
      expect(year.stdout).toContain('Аналитическая справка за 2026 год — период не закончился: цифры за 1 января – 21 ноября 2026\n');
      expect(year.stdout).toContain('Книга Excel: out/справка-2026.xlsx');
      // A year's year before is its previous period: one comparison in the workbook too.
      const { sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026.xlsx'));
      expect(sheet('Сводка').rows.find((r) => r[0] === 'Показатель')).toEqual([
        'Показатель', '1 января – 21 ноября 2026', '1 января – 21 ноября 2025', 'Изменение', 'Изменение, %',
      ]);
      expect(sheet('Сводка').rows.find((r) => r[0] === 'Консультаций')).toEqual(['Консультаций', 9, 1, 8, 8]);
      expect(sheet('Проекты').rows[0]).toEqual([
        'Проект', 'Консультаций', 'Минут', 'Часов', 'Клиентов', 'Новых клиентов', 'Средняя, мин', 'В прошлом году', 'Изменение',
      ]);
    });
  }, 120_000);

  it('a range: its workbook, --issue under its key; report projects for a quarter', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, quarters);
      const range = await okno(['report', 'monthly', '--format', 'xlsx', '--from', '2026-01', '--to', '2026-06', '--issue'], { cwd });
      expect(range.code).toBe(0);
      expect(range.stdout).toContain('Справка за январь–июнь 2026 года отмечена как выпущенная (21.11.2026 12:00).');
      const { sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-01_2026-06.xlsx'));
      const summary = sheet('Сводка').rows;
      expect(summary[0]![0]).toBe('Аналитическая справка о консультациях за январь–июнь 2026 года');
      expect(summary.find((r) => r[0] === 'Показатель')).toEqual([
        'Показатель', 'январь–июнь 2026', 'июль–декабрь 2025', 'Изменение', 'Изменение, %', 'январь–июнь 2025', 'Изменение', 'Изменение, %',
      ]);
      expect(summary.find((r) => r[0] === 'Консультаций')!.slice(1, 5)).toEqual([4, 2, 2, 1]);
      expect(sheet('Проекты').rows[0]![7]).toBe('В предыдущем периоде');
      // The same range again says it was issued; the months in it were not.
      const again = await okno(['report', 'monthly', '--format', 'xlsx', '--from', '2026-01', '--to', '2026-06'], { cwd });
      expect(again.stdout).toContain('Справка выпущена 21.11.2026 12:00; с тех пор в цифрах ничего не изменилось.');

      const projects = JSON.parse((await okno(['report', 'projects', '--format', 'xlsx', '--quarter', '2026-Q3', '--json'], { cwd })).stdout);
      expect(projects).toEqual({
        periodKind: 'quarter', periodKey: '2026-Q3', monthLabel: 'III квартал 2026', title: 'за III квартал 2026 года',
        // Loaded 21.11, last edited 01.11.2026, after the quarter's end: complete.
        freshness: expect.objectContaining({ loadedAfterEnd: true, incomplete: false, reason: null, warning: null }),
        projects: [expect.objectContaining({ name: 'Президентский грант', consultations: 4, minutes: 200, workbook: 'out/проект-Президентский-грант-2026-Q3.xlsx' })],
      });
    });
  }, 120_000);

  it('refuses options together (exit 2), bad values (exit 2), a period not begun (exit 1)', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, quarters);
      const both = await okno(['report', 'monthly', '--format', 'xlsx', '--month', '2026-10', '--quarter', '2026-Q3'], { cwd });
      expect([both.code, both.stderr]).toEqual([2, "Ошибка: параметр '--month <YYYY-MM>' нельзя указывать вместе с '--quarter <YYYY-Qn>'\nСправка: okno report monthly --help\n"]);
      const yearAndRange = await okno(['report', 'projects', '--format', 'xlsx', '--year', '2026', '--from', '2026-01'], { cwd });
      expect([yearAndRange.code, yearAndRange.stderr]).toEqual([2, "Ошибка: параметр '--year <YYYY>' нельзя указывать вместе с '--from <YYYY-MM>'\nСправка: okno report projects --help\n"]);
      const q5 = await okno(['report', 'monthly', '--format', 'xlsx', '--quarter', '2026-Q5'], { cwd });
      expect([q5.code, q5.stderr]).toEqual([
        2, "Ошибка: у параметра '--quarter <YYYY-Qn>' недопустимое значение '2026-Q5': нужен квартал в виде ГГГГ-Qn (n от 1 до 4), например 2026-Q3.\nСправка: okno report monthly --help\n",
      ]);
      const reversed = await okno(['report', 'monthly', '--format', 'xlsx', '--from', '2026-06', '--to', '2026-01'], { cwd });
      expect([reversed.code, reversed.stderr]).toEqual([2, 'Ошибка: Диапазон месяцев задан наоборот: --from 2026-06 позже --to 2026-01.\nУкажите первый месяц в --from, последний — в --to.\n']);
      const future = await okno(['report', 'monthly', '--format', 'xlsx', '--quarter', '2027-Q1'], { cwd });
      expect([future.code, future.stderr]).toEqual([
        1, 'Ошибка: I квартал 2027 ещё не начался (сегодня 21.11.2026).\nСправка строится за период, который уже начался; без параметров — за прошлый месяц.\n',
      ]);
      expect(await readdir(cwd)).not.toContain('out');
    });
  });
});

describe('data that cannot be complete', () => {
  it('the default November note on 02.12.2026 over an export made on 20.11: warned at the top, in the workbook, JSON and status', async () => {
    await withTempDir(async (cwd) => {
      const env = { OKNO_NOW: '2026-12-02T00:04:00+03:00' };
      await okno(['load', 'consultations', scenario], { cwd, env });
      const warning =
        'Данные за ноябрь 2026 не могут быть полными: самая поздняя «Дата редактирования» в загруженных выгрузках — 20.11.2026 12:00, ' +
        'раньше, чем закончился период (01.12.2026 00:00). Последняя выгрузка — scenario-2025-10_2026-11.csv, загружена 02.12.2026 00:04. ' +
        'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.';
      const text = await okno(['report', 'monthly', '--format', 'xlsx'], { cwd, env });
      expect(text.code).toBe(0);
      expect(text.stdout.split('\n').slice(0, 5)).toEqual([
        '!'.repeat(72), '!!! ДАННЫЕ НЕПОЛНЫЕ — цифры ниже нельзя передавать дальше как есть', `!!! ${warning}`, '!'.repeat(72), '',
      ]);
      expect(text.stdout).toContain('Последняя загрузка: 02.12.2026 00:04; последняя «Дата редактирования»: 20.11.2026 12:00.');
      const json = JSON.parse((await okno(['report', 'monthly', '--format', 'xlsx', '--json'], { cwd, env })).stdout);
      expect(json.freshness).toEqual({
        latestLoad: '2026-12-02T00:04:00+03:00',
        latestLoadFile: 'scenario-2025-10_2026-11.csv',
        latestEdited: '2026-11-20T12:00:00+03:00',
        loadedAfterEnd: true,
        incomplete: true,
        reason: 'edited_before_end',
        warning,
      });
      const { sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-11.xlsx'));
      const { ws } = sheet('Сводка');
      expect(ws.getCell('A2').value).toBe(`ДАННЫЕ НЕПОЛНЫЕ — цифры нельзя передавать дальше как есть. ${warning}`);
      expect(ws.getCell('A2').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF2CC' } });
      const status = await okno(['status'], { cwd, env });
      expect(status.stdout.split('\n').slice(0, 4)).toEqual(['!'.repeat(72), '!!! ДАННЫЕ НЕПОЛНЫЕ — цифры ниже нельзя передавать дальше как есть', `!!! ${warning}`, '!'.repeat(72)]);
      const statusJson = JSON.parse((await okno(['status', '--json'], { cwd, env })).stdout);
      expect(statusJson.freshness).toMatchObject({ incomplete: true, latestLoad: '2026-12-02T00:04:00+03:00' });
    });
  });
});

describe('period options and freshness (tester’s defects)', () => {
  it('a year outside 2000–2100 exits 2 with the form expected, for every period option', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, scenario);
      const month = 'нужен месяц в виде ГГГГ-ММ, например 2026-10.';
      const cases: [string[], string][] = [
        [['report', 'monthly', '--month', '0026-11'], `Ошибка: у параметра '--month <YYYY-MM>' недопустимое значение '0026-11': год 0026 вне диапазона 2000–2100: ${month}\nСправка: okno report monthly --help\n`],
        [['report', 'monthly', '--year', '0000'], "Ошибка: у параметра '--year <YYYY>' недопустимое значение '0000': год 0000 вне диапазона 2000–2100: нужен год из четырёх цифр, например 2026.\nСправка: okno report monthly --help\n"],
        [['report', 'projects', '--from', '1000-01'], `Ошибка: у параметра '--from <YYYY-MM>' недопустимое значение '1000-01': год 1000 вне диапазона 2000–2100: ${month}\nСправка: okno report projects --help\n`],
        [['report', 'monthly', '--quarter', '0001-Q1'], "Ошибка: у параметра '--quarter <YYYY-Qn>' недопустимое значение '0001-Q1': год 0001 вне диапазона 2000–2100: нужен квартал в виде ГГГГ-Qn (n от 1 до 4), например 2026-Q3.\nСправка: okno report monthly --help\n"],
        [['pr', '--month', '0001-01'], `Ошибка: у параметра '--month <YYYY-MM>' недопустимое значение '0001-01': год 0001 вне диапазона 2000–2100: ${month}\nСправка: okno pr --help\n`],
        [['report', 'effectiveness', '--from', '0001-01'], `Ошибка: у параметра '--from <YYYY-MM>' недопустимое значение '0001-01': год 0001 вне диапазона 2000–2100: ${month}\nСправка: okno report effectiveness --help\n`],
      ];
      for (const [args, stderr] of cases) {
        const r = await okno(args, { cwd });
        expect([r.code, r.stderr]).toEqual([2, stderr]);
      }
      expect(await readdir(cwd)).not.toContain('out');
    });
  }, 120_000);

  it('okno report projects warns of incomplete data as the note does, and gives freshness in JSON', async () => {
    await withTempDir(async (cwd) => {
      const env = { OKNO_NOW: '2026-12-02T09:00:00+03:00' };
      await okno(['load', 'consultations', fixture('monthly/november-empty-after-busy-autumn.csv')], { cwd, env });
      const warning =
        'За ноябрь 2026 нет ни одной проведённой консультации, хотя за три месяца до того их проведено 3: данные, видимо, неполные. ' +
        'Последняя выгрузка — november-empty-after-busy-autumn.csv, загружена 02.12.2026 09:00; самая поздняя «Дата редактирования» — 01.12.2026 18:00. ' +
        'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.';
      const text = await okno(['report', 'projects', '--format', 'xlsx', '--month', '2026-11'], { cwd, env });
      expect(text.code).toBe(0);
      expect(text.stdout).toBe(
        ['!'.repeat(72), '!!! ДАННЫЕ НЕПОЛНЫЕ — цифры ниже нельзя передавать дальше как есть', `!!! ${warning}`, '!'.repeat(72), '',
          'За ноябрь 2026 проведённых консультаций нет — файлы не созданы.', ''].join('\n'),
      );
      const json = JSON.parse((await okno(['report', 'projects', '--format', 'xlsx', '--month', '2026-11', '--json'], { cwd, env })).stdout);
      expect(json.freshness).toEqual({
        latestLoad: '2026-12-02T09:00:00+03:00',
        latestLoadFile: 'november-empty-after-busy-autumn.csv',
        latestEdited: '2026-12-01T18:00:00+03:00',
        loadedAfterEnd: true,
        incomplete: true,
        reason: 'none_held',
        warning,
      });
      expect(json.projects).toEqual([]);
    });
  }, 120_000);
});
