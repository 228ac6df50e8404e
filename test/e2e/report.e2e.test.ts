import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExcelJS } from '../../src/ingest/exceljs.js';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from './cli.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');

/** Column A label → column B value of the summary's figures table; every sheet's rows as arrays. */
async function readWorkbook(file: string) {
  const ExcelJS = await loadExcelJS();
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
  it('the same figures in JSON, on the terminal and in the workbook', async () => {
    await withTempDir(async (cwd) => {
      expect((await okno(['load', 'consultations', scenario], { cwd })).code).toBe(0);
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

      const text = await okno(['report', 'monthly', '--month', '2026-10'], { cwd });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('Аналитическая справка за октябрь 2026 года\n');
      expect(text.stdout).toMatch(/^Консультаций\s+6\s+\+4 \(\+200 %\)\s+\+4 \(\+200 %\)$/m);
      expect(text.stdout).toMatch(/^Часов\s+4,8\s+/m);
      expect(text.stdout).toMatch(/^Клиентов \(организаций\)\s+3\s+/m);
      expect(text.stdout).toMatch(/^Новых клиентов\s+1\s+/m);
      expect(text.stdout).toMatch(/^не распределено\s+2\s+2,5\s+1\s+0\s+\+2$/m);
      expect(text.stdout).toContain('Качество данных — 8 проблем:');

      const { wb, sheet } = await readWorkbook(path.join(cwd, 'out/справка-2026-10.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'Проекты', 'Консультанты', 'Темы', 'Форматы и каналы', 'Отзывы', 'Качество данных', 'Консультации']);
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
  });

  it('--issue records the note; a later run shows the changes', async () => {
    await withTempDir(async (cwd) => {
      await okno(['load', 'consultations', scenario], { cwd });
      const issued = await okno(['report', 'monthly', '--month', '2026-10', '--issue'], { cwd });
      expect(issued.code).toBe(0);
      expect(issued.stdout).toMatch(/Справка выпущена \d\d\.\d\d\.\d{4} \d\d:\d\d; с тех пор в цифрах ничего не изменилось\./);
      expect(issued.stdout).toMatch(/Справка за октябрь 2026 года отмечена как выпущенная \(\d\d\.\d\d\.\d{4} \d\d:\d\d\)\./);
      const status = JSON.parse((await okno(['status', '--today', '2026-11-03', '--json'], { cwd })).stdout);
      expect(status.note).toMatchObject({ due: '2026-11-05', daysLeft: 2, state: 'issued' });
    });
  });

  it('okno status counts the days to the 5th, or past it', async () => {
    await withTempDir(async (cwd) => {
      await okno(['load', 'consultations', scenario], { cwd });
      const due = await okno(['status', '--today', '2026-11-03'], { cwd });
      expect(due.stdout).toContain('Аналитическая справка за октябрь 2026: не выпущена — срок 05.11.2026, осталось 2 дня\n');
      expect(due.stdout).toContain('Консультаций за октябрь 2026: 6; проблем в данных: 8 (подробно — okno report monthly)\n');
      const late = JSON.parse((await okno(['status', '--today', '2026-11-21', '--json'], { cwd })).stdout);
      expect(late).toMatchObject({ month: '2026-10', note: { state: 'overdue', daysLeft: -16 }, pr: { due: '2026-11-05' }, problems: 8 });
    });
  });

  it('okno report projects writes one workbook per project, «не распределено» included', async () => {
    await withTempDir(async (cwd) => {
      await okno(['load', 'consultations', scenario], { cwd });
      const r = await okno(['report', 'projects', '--month', '2026-10', '--json'], { cwd });
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

  it('a report without a database says so, exit 1', async () => {
    await withTempDir(async (cwd) => {
      const r = await okno(['report', 'monthly'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Ошибка: База .*okno\.duckdb не найдена\.\nСначала загрузите выгрузку/);
      const bad = await okno(['report', 'monthly', '--month', '2026-13'], { cwd });
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
      expect((await okno(['load', 'consultations', scenario], { cwd })).code).toBe(0);
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
      const taken = await okno(['report', 'monthly', '--month', '2026-10', '--issue'], { cwd });
      expect([taken.code, taken.stderr.split('\n')[0]]).toEqual([1, 'Ошибка: Не удалось записать out/справка-2026-10.xlsx: на этом месте папка, а не файл.']);
      const status = JSON.parse((await okno(['report', 'monthly', '--month', '2026-10', '--json', '--out', 'другая'], { cwd })).stdout);
      expect(status.issue.issued).toBeNull();
      // A workbook's place taken by a folder: refused, the folder untouched, no temporary file left beside it.
      await mkdir(path.join(cwd, 'лист.xlsx'));
      const sheet = await okno(['review', 'sheet', '--out', 'лист.xlsx', '--as-of', '2026-11-20'], { cwd });
      expect([sheet.code, sheet.stderr]).toEqual([1, 'Ошибка: Не удалось записать лист.xlsx: на этом месте папка, а не файл.\nЗакройте файл, если он открыт, или укажите другую папку (--out) и повторите.\n']);
      expect(await readdir(path.join(cwd, 'лист.xlsx'))).toEqual([]);
      expect((await readdir(cwd)).filter((f) => f.endsWith('.part'))).toEqual([]);
    });
  });
});
