import path from 'node:path';
import type { Workbook, Worksheet } from 'exceljs';
import { lastDay, monthShortLabel, shownTime } from '../time/period.js';
import type { Figures, MonthlyReport, Row } from '../monthly/report.js';
import { barChartConfig, lineChartConfig, loadChartLibraries, renderCharts, type ChartJob } from './charts.js';
import { issueChangesText, periodUnit, previousHeading, ratingLabels, yearAgoIsPrevious } from './monthly-text.js';
import type { FeedbackCounts } from '../feedback/month.js';
import { loadWorkbookClass, newWorkbook, workbookBytes } from './workbook-file.js';
import { saveFile } from '../files/atomic.js';
import { writeFile } from 'node:fs/promises';
import { plural, roundTo, ruDate } from '../text/russian.js';
import { definitions } from './note-content.js';

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } } as const;
const intFormat = '#,##0';
const oneDecimal = '#,##0.0';
// As on the terminal: «+44 %», «−9 %» (a space before the sign, a true minus); «83 %» for a share.
const percentFormat = '+0\\ %;"−"0\\ %;0\\ %';
const shareFormat = '0\\ %';
/** «+225», «−4», «0»: a change, signed as on the terminal. */
const signed = (format: string) => `+${format};"−"${format};0`;

/** The workbook's title line: «Аналитическая справка о консультациях за III квартал 2026 года». */
export function workbookTitle(report: MonthlyReport): string {
  if (report.project === null) return `Аналитическая справка о консультациях ${report.title}`;
  if (report.project === 'не распределено') return `Консультации без проекта («не распределено») ${report.title} — распределить`;
  return `Консультации проекта «${report.project}» ${report.title}`;
}

/** `справка-2026-10.xlsx`, `справка-2026-Q3.xlsx`; a project's: `проект-Президентский-грант-2026-10.xlsx`. */
export function workbookName(report: MonthlyReport): string {
  if (report.project === null) return `справка-${report.periodKey}.xlsx`;
  const slug = report.project.replace(/[\\/:*?"<>|«»“”„]+/g, '').trim().replace(/\s+/g, '-');
  return `проект-${slug}-${report.periodKey}.xlsx`;
}

/**
 * exceljs, loaded ahead of writeMonthlyWorkbook (synchronously), so a caller can overlap it with database work;
 * loadChartLibraries does the same for chart.js and the canvas.
 */
export function loadWorkbookLibrary(): void {
  loadWorkbookClass();
}
export { loadChartLibraries };

/**
 * Writes the note (the centre's or one project's) in dir; returns the file path. `charts` are chartJobs(report)
 * rendered, when the caller has them already (the DOCX and PDF show the same images).
 */
export async function writeMonthlyWorkbook(report: MonthlyReport, dir: string, charts?: Buffer[]): Promise<string> {
  const file = path.join(dir, workbookName(report));
  await saveFile(file, async (partial) => writeFile(partial, await monthlyWorkbookBytes(report, charts)));
  return file;
}

/** The note's workbook as .xlsx bytes (see writeMonthlyWorkbook). */
export async function monthlyWorkbookBytes(report: MonthlyReport, charts?: Buffer[]): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = 'okno';
  wb.created = new Date(0); // a fixed stamp: the same data gives the same workbook
  const jobs = chartJobs(report);
  summarySheet(wb, report, jobs, charts ?? (await renderCharts(jobs)));
  if (report.project === null) dimensionSheet(wb, 'Проекты', [['Проект', report.byProject]], report);
  dimensionSheet(wb, 'Консультанты', [['Консультант', report.byConsultant], ['Консультанты', report.byKind]], report);
  dimensionSheet(wb, 'Темы', [['Тема', report.byTopic]], report);
  dimensionSheet(wb, 'Форматы и каналы', [['Формат', report.byFormat], ['Канал обращения', report.byChannel]], report);
  feedbackSheet(wb, report);
  qualitySheet(wb, report);
  consultationsSheet(wb, report);
  // Printed (setUpPrinting, on save), every sheet fits the page width; the note's sheets are landscape.
  for (const ws of wb.worksheets) ws.pageSetup = { orientation: 'landscape' };
  return workbookBytes(wb);
}

/** The three charts of the summary sheet, as data (tests check them without rendering). */
export function chartJobs(report: MonthlyReport): (ChartJob & { title: string })[] {
  const bars = (rows: Row[]) => rows.slice(0, 12).map((r) => ({ label: r.name, value: r.consultations }));
  const second = report.project === null ? ['проектам', report.byProject] as const : ['консультантам', report.byConsultant] as const;
  const topics = `Консультации по темам — ${report.period.label}`;
  const byWho = `Консультации по ${second[0]} — ${report.period.label}`;
  const trend = report.trend.length === 12 ? 'Консультации за 12 месяцев' : `Консультации по месяцам — ${report.monthLabel}`;
  return [
    { title: topics, config: barChartConfig(bars(report.byTopic), { title: topics, valueLabel: 'Консультаций' }), width: 900, height: 560 },
    { title: byWho, config: barChartConfig(bars(second[1]), { title: byWho, valueLabel: 'Консультаций' }), width: 900, height: 420 },
    {
      title: trend,
      config: lineChartConfig(report.trend.map((t) => ({ label: monthShortLabel(t.month), value: t.consultations })), { title: trend, valueLabel: 'Консультаций' }),
      width: 900,
      height: 420,
    },
  ];
}

function summarySheet(wb: Workbook, report: MonthlyReport, jobs: ChartJob[], charts: Buffer[]): void {
  const ws = wb.addWorksheet('Сводка', { views: [{ state: 'frozen', ySplit: 0, showGridLines: false }] });
  ws.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 14 }, { width: 12 }, { width: 16 }, { width: 14 }, { width: 12 }];
  ws.getCell('A1').value = workbookTitle(report);
  ws.getCell('A1').font = { bold: true, size: 16 };
  const f = report.freshness;
  const unit = periodUnit(report);
  const info = [
    `Период: ${ruDate(report.period.from)} – ${ruDate(lastDay(report.period.to))}${report.partial ? ` (${unit} не закончился — цифры по сегодняшний день)` : ''}; часовой пояс ${report.timeZone}.`,
    `Данные: последняя загрузка ${shownTime(f.latestLoad)}${f.latestLoadFile ? ` (${f.latestLoadFile})` : ''}; последняя «Дата редактирования» ${shownTime(f.latestEdited)}.`,
    f.warning && !f.incomplete ? `Внимание: ${f.warning}` : null,
    report.project === null ? (issueChangesText(report, Infinity) ?? `Справка ${report.title} ещё не отмечена как выпущенная.`) : null,
  ].filter((x): x is string => x !== null);
  let at = 2;
  if (f.incomplete) {
    // The first thing under the title, across the table's width, in red on yellow: nobody forwards the figures unaware.
    ws.mergeCells(at, 1, at, 8);
    const cell = ws.getCell(at, 1);
    cell.value = `ДАННЫЕ НЕПОЛНЫЕ — цифры нельзя передавать дальше как есть. ${f.warning}`;
    cell.font = { color: { argb: 'FFB00020' }, bold: true, size: 12 };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.border = { top: { style: 'medium', color: { argb: 'FFB00020' } }, bottom: { style: 'medium', color: { argb: 'FFB00020' } } };
    ws.getRow(at).height = 16 * Math.ceil(cell.value.length / 110) + 6;
    at++;
  }
  info.forEach((text, i) => {
    const cell = ws.getCell(at + i, 1);
    cell.value = text;
    if (text.startsWith('Внимание') || text.startsWith('После выпуска')) cell.font = { color: { argb: 'FFB00020' }, bold: true };
  });

  const top = at + 1 + info.length;
  const once = yearAgoIsPrevious(report);
  const head = ['Показатель', report.period.label, report.previousPeriod.label, 'Изменение', 'Изменение, %', ...(once ? [] : [report.yearAgoPeriod.label, 'Изменение', 'Изменение, %'])];
  const headRow = ws.getRow(top);
  head.forEach((h, i) => (headRow.getCell(i + 1).value = h));
  styleHeader(headRow, head.length);
  const t = report.totals;
  const lines: [string, (x: Figures) => number | null, string][] = [
    ['Консультаций', (x) => x.consultations, intFormat],
    ['Часов', (x) => x.hours, oneDecimal],
    ['Минут', (x) => x.minutes, intFormat],
    ['Клиентов (организаций)', (x) => x.clients, intFormat],
    ['Новых клиентов', (x) => x.newClients, intFormat],
    ['Средняя продолжительность, мин', (x) => x.avgMinutes, oneDecimal],
  ];
  lines.forEach(([label, pick, format], i) => {
    const row = ws.getRow(top + 1 + i);
    row.getCell(1).value = label;
    const cur = pick(t);
    setNumber(row.getCell(2), cur, format);
    comparisonCells(row, 3, cur, t.change.previousMonth ? pick(t.change.previousMonth) : null, format);
    if (!once) comparisonCells(row, 6, cur, t.change.yearAgo ? pick(t.change.yearAgo) : null, format);
  });

  // Charts under the table, one below another, each about 800 px wide in the sheet.
  let anchorRow = top + lines.length + 2;
  charts.forEach((png, i) => {
    // Each chart starts a printed page: a page break never cuts one.
    ws.getRow(anchorRow).addPageBreak();
    const id = wb.addImage({ buffer: png as unknown as ArrayBuffer, extension: 'png' });
    const job = jobs[i]!;
    const width = 800;
    const height = Math.round((job.height / job.width) * width);
    ws.addImage(id, { tl: { col: 0, row: anchorRow }, ext: { width, height }, editAs: 'oneCell' });
    anchorRow += Math.ceil(height / 20) + 1;
  });

  let r = anchorRow + 1;
  ws.getRow(r - 1).addPageBreak();
  ws.getCell(r, 1).value = 'Определения';
  ws.getCell(r, 1).font = { bold: true, size: 13 };
  for (const [term, text] of definitions) {
    r++;
    ws.getCell(r, 1).value = term;
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 1).alignment = { vertical: 'top', wrapText: true };
    ws.mergeCells(r, 2, r, 8);
    ws.getCell(r, 2).value = text;
    ws.getCell(r, 2).alignment = { vertical: 'top', wrapText: true };
    ws.getRow(r).height = 15 * Math.ceil(text.length / 95);
  }
}

function comparisonCells(row: ReturnType<Worksheet['getRow']>, col: number, cur: number | null, prev: number | null, format: string): void {
  if (prev === null || cur === null) {
    for (let c = col; c < col + 3; c++) setNumber(row.getCell(c), null, format);
    return;
  }
  setNumber(row.getCell(col), prev, format);
  // As on the terminal (formatChange, README «Rounding»): the change is the difference of the two figures as shown,
  // so a reader subtracting the cells gets it (2,3 h against 0,3 h: «+2,0», not the exact 1,92 as «+1,9»).
  const digits = format === oneDecimal ? 1 : 0;
  const delta = roundTo(roundTo(cur, digits) - roundTo(prev, digits), digits);
  setNumber(row.getCell(col + 1), delta, signed(format));
  // A change from 0 has no percentage: «—», as everywhere a figure does not exist. The percentage is of the exact
  // figures; one that rounds to 0 while the shown change does not reads «<1 %» (the cell keeps the fraction).
  const cell = row.getCell(col + 2);
  setNumber(cell, prev !== 0 ? (delta === 0 ? 0 : (cur - prev) / prev) : null, percentFormat);
  if (prev !== 0 && delta !== 0 && roundTo(Math.abs(((cur - prev) / prev) * 100), 0) === 0) cell.numFmt = '"<1 %"';
}

const dimensionColumns = [
  { header: 'Консультаций', width: 14, format: intFormat },
  { header: 'Минут', width: 10, format: intFormat },
  { header: 'Часов', width: 10, format: oneDecimal },
  { header: 'Клиентов', width: 11, format: intFormat },
  { header: 'Новых клиентов', width: 10, format: intFormat },
  { header: 'Средняя, мин', width: 11, format: oneDecimal },
  { header: 'В прошлом месяце', width: 13, format: intFormat },
  { header: 'Изменение', width: 11, format: signed(intFormat) },
  { header: 'Год назад', width: 11, format: intFormat },
  { header: 'Изменение к году', width: 12, format: signed(intFormat) },
];

function dimensionSheet(wb: Workbook, name: string, tables: [string, Row[]][], report: MonthlyReport): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // A year's (or 12 months') year before is its previous period: its columns are not repeated.
  const columns = yearAgoIsPrevious(report) ? dimensionColumns.slice(0, 8) : dimensionColumns;
  const nameWidth = Math.min(60, Math.max(18, ...tables.flatMap(([title, rows]) => [title.length, ...rows.map((r) => r.name.length)])) + 2);
  ws.columns = [{ width: nameWidth }, ...columns.map((c) => ({ width: c.width }))];
  let top = 1;
  for (const [title, rows] of tables) {
    const head = ws.getRow(top);
    const headers = columns.map((c) => c.header);
    headers[6] = previousHeading(report, 'value');
    [title, ...headers].forEach((h, i) => (head.getCell(i + 1).value = h));
    styleHeader(head, columns.length + 1);
    rows.forEach((r, i) => {
      const row = ws.getRow(top + 1 + i);
      row.getCell(1).value = r.name;
      const prev = r.change.previousMonth;
      const year = r.change.yearAgo;
      const values = [
        r.consultations, r.minutes, r.hours, r.clients, r.newClients, r.avgMinutes,
        prev?.consultations ?? null, prev ? r.consultations - prev.consultations : null,
        year?.consultations ?? null, year ? r.consultations - year.consultations : null,
      ].slice(0, columns.length);
      values.forEach((v, j) => setNumber(row.getCell(j + 2), v, columns[j]!.format));
    });
    // Totals: sums, except clients — an organisation counted in two rows is one client (the note's total).
    const total = ws.getRow(top + 1 + rows.length);
    total.getCell(1).value = 'Итого';
    const t = report.totals;
    const sums = [t.consultations, t.minutes, t.hours, t.clients, t.newClients, t.avgMinutes];
    sums.forEach((v, j) => setNumber(total.getCell(j + 2), v, dimensionColumns[j]!.format));
    // The totals' own comparisons (the period's consultations against the compared periods'), as in «Сводка».
    const [tp, ty] = [t.change.previousMonth, t.change.yearAgo];
    const compared = [tp?.consultations ?? null, tp ? t.consultations - tp.consultations : null, ty?.consultations ?? null, ty ? t.consultations - ty.consultations : null];
    compared.slice(0, columns.length - sums.length).forEach((v, j) => setNumber(total.getCell(sums.length + j + 2), v, columns[sums.length + j]!.format));
    total.font = { bold: true };
    total.border = { top: { style: 'thin' } };
    if (tables.length === 1) ws.autoFilter = { from: { row: top, column: 1 }, to: { row: top + rows.length, column: columns.length + 1 } };
    top += rows.length + 3;
  }
}

/**
 * The feedback section, one table per sheet (a table's columns are its own): «Отзывы» (the figures per consultant),
 * «Отзывы: не запрошены» (who was not asked), «Неудовлетворённые» (and their further consultation), «Все отзывы».
 */
function feedbackSheet(wb: Workbook, report: MonthlyReport): void {
  const f = report.feedback;
  const unit = periodUnit(report);
  const t = f.totals;
  const counts = table(wb, 'Отзывы', [
    ['Консультант', 30], ['Отзывов', 10], ['Ответ получен, доля', 12], ['Удовлетворен', 13], ['Частично удовлетворен', 13],
    ['Не удовлетворен', 13], ['Без оценки', 11], ['Удовлетворены, доля', 13],
  ], [
    `Отзывы клиентов: ${report.period.label}`,
    `Ответ связывается с консультацией по ID сделки, иначе по организации и консультанту в пределах ${f.linkDays} ${plural(f.linkDays, ['дня', 'дней', 'дней'])} от даты консультации.`,
  ], () => true);
  const countRow = (name: string, c: FeedbackCounts) => {
    const row = counts.add([name, c.responses, null, c.satisfied, c.partly, c.dissatisfied, c.unrated, null]);
    setNumber(row.getCell(3), c.answeredShare, shareFormat);
    setNumber(row.getCell(8), c.satisfiedShare, shareFormat);
    return row;
  };
  for (const c of f.byConsultant) countRow(c.name, c);
  const total = countRow('Итого', t);
  total.font = { bold: true };
  total.border = { top: { style: 'thin' } };

  const notAsked = table(wb, 'Отзывы не запрошены', [['Кто', 40], ['Консультаций', 13], ['ID сделок', 40], ['Консультанты', 34]],
    [`Обратная связь за ${unit} не запрошена`], (col) => col === 2);
  for (const c of f.coverage.consultantsNotAsked) notAsked.add([`Консультант: ${c.name}`, c.consultations, c.dealIds.join(', '), '']);
  for (const c of f.coverage.newClientsNotAsked) notAsked.add([`Новый клиент: ${c.client}`, c.consultations, c.dealIds.join(', '), c.consultants.join(', ')]);
  if (f.coverage.consultantsNotAsked.length + f.coverage.newClientsNotAsked.length === 0) notAsked.note('У всех консультантов и новых клиентов обратная связь запрошена.');

  const unhappy = table(wb, 'Неудовлетворённые', [
    ['Организация', 30], ['ID сделки', 11], ['Консультация', 17], ['Консультант', 22], ['Отзыв', 17], ['Повторная консультация', 24], ['Причины', 40], ['Пожелания', 40],
  ], ['Неудовлетворённые клиенты: повторная консультация в течение 3 дней (шаг 7)'], (col) => col === 2);
  for (const d of f.dissatisfied) {
    const follow = d.followedUp === null ? 'неизвестно (отзыв не связан)' : d.followUp ? `ID ${d.followUp.dealId}, ${shownTime(d.followUp.consulted)}` : 'нет';
    unhappy.add([d.organisation, d.dealId, d.consulted && shownTime(d.consulted), d.consultant, shownTime(d.submitted), follow, d.reasons, d.suggestions]);
  }
  if (f.dissatisfied.length === 0) unhappy.note('Неудовлетворённых нет.');

  const all = table(wb, 'Все отзывы', [
    ['Организация', 30], ['ID сделки', 11], ['Консультация', 17], ['Консультант', 22], ['Отзыв', 17], ['Ответ получен', 10], ['Оценка', 22], ['Причины', 40], ['Пожелания', 40],
  ], [`Все отзывы за ${unit}`], (col) => col === 2);
  for (const r of f.responses) {
    const answered = r.answered === null ? '' : r.answered ? 'да' : 'нет';
    all.add([r.organisation, r.dealId ?? 'не связан', r.consulted && shownTime(r.consulted), r.consultant, shownTime(r.submitted), answered, r.rating ? ratingLabels[r.rating] : '', r.reasons, r.suggestions]);
  }
  if (f.responses.length === 0) all.note(`Отзывов за ${unit} нет.`);
}

/**
 * A sheet holding one table: its title lines, the header (frozen, with a filter), then rows added with `add` (long
 * text wrapped, the row as high as its text: fitWrappedRows on save) or a single `note` when there are none.
 */
function table(wb: Workbook, name: string, columns: [string, number][], titles: string[], numbers: (col: number) => boolean) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: titles.length + 1 }] });
  ws.columns = columns.map(([, width]) => ({ width }));
  titles.forEach((text, i) => {
    ws.getCell(i + 1, 1).value = text;
    if (i === 0) ws.getCell(1, 1).font = { bold: true, size: 12 };
  });
  const headAt = titles.length + 1;
  const head = ws.getRow(headAt);
  columns.forEach(([h], i) => (head.getCell(i + 1).value = h));
  styleHeader(head, columns.length, numbers);
  let at = headAt;
  return {
    add(cells: (string | number | null)[]) {
      const row = ws.getRow(++at);
      cells.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.alignment = { wrapText: true, vertical: 'top', horizontal: numbers(i + 1) ? 'right' : 'left' };
      });
      ws.autoFilter = { from: { row: headAt, column: 1 }, to: { row: at, column: columns.length } };
      return row;
    },
    note(text: string) {
      ws.getCell(++at, 1).value = text;
    },
  };
}

function qualitySheet(wb: Workbook, report: MonthlyReport): void {
  const ws = wb.addWorksheet('Качество данных', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 48 }, { width: 14 }, { width: 70 }];
  const head = ws.getRow(1);
  ['Проблема', 'ID сделки', 'Подробности'].forEach((h, i) => (head.getCell(i + 1).value = h));
  styleHeader(head, 3);
  const q = report.quality;
  const rows: [string, number | string | null, string][] = [];
  for (const d of q.heldWithoutDate) rows.push(['Проведена, но нет даты консультации (не учтена)', d.dealId, [d.name, d.client, d.consultant].filter(Boolean).join('; ')]);
  const labels = { project: 'Нет проекта (учтена как «не распределено»)', topic: 'Нет темы (учтена)', consultant: 'Нет консультанта (учтена)', duration: 'Нет продолжительности (учтена без минут)', client: 'Нет организации клиента (не входит в число клиентов)' };
  for (const m of q.missing) for (const id of m.dealIds) rows.push([labels[m.field], id, '']);
  for (const s of q.unknownStages) for (const id of s.dealIds) rows.push([`Неизвестный этап «${s.stage}» (не учтена)`, id, 'Добавьте этап в okno.config.json → stages']);
  for (const r of q.rejects) {
    rows.push(['Строка отклонена при загрузке', r.dealId === null ? null : Number(r.dealId) || r.dealId, `${r.file}, строка ${r.line}: ${r.reason}${r.column ? ` в «${r.column}»` : ''}${r.value ? ` (${r.value})` : ''}`]);
  }
  rows.forEach((r, i) => ws.getRow(i + 2).values = r);
  if (rows.length === 0) ws.getCell('A2').value = 'Проблем нет.';
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: 3 } };
}

function consultationsSheet(wb: Workbook, report: MonthlyReport): void {
  const ws = wb.addWorksheet('Консультации', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns: [string, number][] = [
    ['ID сделки', 11], ['Дата консультации', 17], ['Клиент', 34], ['Проект', 26], ['Тема', 34], ['Консультант', 22],
    ['Сотрудник / внешний', 18], ['Формат', 13], ['Канал обращения', 22], ['Минут', 8], ['Новый клиент', 8], ['Этап', 24], ['Содержание', 60],
  ];
  ws.columns = columns.map(([, width]) => ({ width }));
  const head = ws.getRow(1);
  columns.forEach(([h], i) => (head.getCell(i + 1).value = h));
  styleHeader(head, columns.length);
  report.consultations.forEach((c, i) => {
    const row = ws.getRow(i + 2);
    row.values = [
      c.dealId, wallClock(c.consulted), c.client ?? '', c.project, c.topic, c.consultant, c.kind, c.format, c.channel,
      c.durationMin, c.newClient ? 'да' : 'нет', c.stage, c.comments ?? '',
    ];
    row.getCell(2).numFmt = 'dd.mm.yyyy hh:mm';
  });
  const total = ws.getRow(report.consultations.length + 2);
  total.getCell(1).value = 'Итого';
  total.getCell(2).value = report.totals.consultations;
  setNumber(total.getCell(10), report.totals.minutes, intFormat);
  total.font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: report.consultations.length + 1, column: columns.length } };
}

/** A table's header row: bold on a tint, wrapped; the heads of number columns (`numbers`, 1-based) aligned right, like their figures. */
function styleHeader(row: ReturnType<Worksheet['getRow']>, columns: number, numbers: (col: number) => boolean = (col) => col > 1): void {
  row.font = { bold: true };
  for (let i = 1; i <= columns; i++) {
    row.getCell(i).fill = headerFill;
    row.getCell(i).alignment = { vertical: 'middle', wrapText: true, horizontal: numbers(i) ? 'right' : 'left' };
  }
  row.height = 32;
}

/** A figure in its format, or «—» (right-aligned, like the figures) where it does not exist. */
function setNumber(cell: ReturnType<Worksheet['getCell']>, value: number | null, format: string): void {
  if (value === null) {
    cell.value = '—';
    cell.alignment = { horizontal: 'right' };
    return;
  }
  cell.value = value;
  cell.numFmt = format;
}

/** 'YYYY-MM-DD HH:MM:SS' local → a Date whose UTC fields are that wall clock (Excel has no time zones). */
function wallClock(iso: string): Date {
  // The local date and time an ISO moment with its offset starts with: the cell shows them as the account saw them.
  const [d, t] = iso.slice(0, 19).split('T') as [string, string];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = t.split(':').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day, h, mi, s));
}
