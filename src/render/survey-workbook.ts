// The results workbook of a closed survey: figures per question and department, charts, comments, the change
// against the previous wave. Rendered only from SurveyResults, which already obeys the thresholds.
import path from 'node:path';
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { Workbook, Worksheet } from 'exceljs';
import type { Cell, QuestionResult, SurveyResults } from '../surveys/results.js';
import { HIDDEN_TOGETHER } from '../model/surveys.js';
import { formatNumber, formatPercent, ruDate } from '../text/russian.js';
import { CHART_FONT, renderCharts, wrapLabel, type ChartJob } from './charts.js';
import { makeDir } from '../files/atomic.js';
import { HIDDEN } from './survey-text.js';
import { newWorkbook, saveWorkbook } from './workbook-file.js';
import { notCountedSentence } from './survey-text.js';

const headerFill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } } as const;
const shareFormat = '0%';
const meanFormat = '0.00';
/** Red to green: 1 is the worst answer on every okno scale. */
const scaleColors = ['#D64545', '#F0A04B', '#E4E7EB', '#8BC34A', '#3E8E41'];

export function surveyWorkbookName(r: Pick<SurveyResults, 'id'>): string {
  return `опрос-${r.id}-итоги.xlsx`;
}

export async function writeSurveyWorkbook(r: SurveyResults, dir: string): Promise<string> {
  const wb = newWorkbook();
  wb.creator = 'okno';
  wb.created = new Date(0);
  summary(wb, r);
  await charts(wb, r);
  comments(wb, r);
  if (r.previous) change(wb, r);
  for (const ws of wb.worksheets) ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  await makeDir(dir);
  const file = path.join(dir, surveyWorkbookName(r));
  await saveWorkbook(wb, file);
  return file;
}

function header(ws: Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'top' };
  row.eachCell((c) => (c.fill = headerFill));
}

function summary(wb: Workbook, r: SurveyResults): void {
  const ws = wb.addWorksheet('Итоги');
  ws.columns = [{ width: 34 }, { width: 11 }, { width: 10 }, ...Array.from({ length: 6 }, () => ({ width: 16 }))];
  ws.addRow([`Опрос № ${r.id} «${r.title}»`]).font = { bold: true, size: 14 };
  ws.addRow([`Проведён с ${ruDate(r.createdOn)} по ${ruDate(r.closedOn)}. Ответили: ${r.respondents ?? `меньше ${r.minGroup}`}.`]);
  ws.addRow([`Цифры показаны для групп от ${r.minGroup} ответивших, комментарии — от ${r.minComments}. Скрыты отделы, где ответили меньше ${r.minGroup}, и столько других, чтобы скрытое нельзя было вычислить вычитанием из общего итога.`]);
  if (r.notCounted) ws.addRow([notCountedSentence(r)]);
  ws.addRow([]);
  header(ws, ['Отдел', 'Ответили']);
  for (const d of r.departments) ws.addRow([d.name, d.shown ? d.respondents : HIDDEN]);
  if (r.others) ws.addRow([`${HIDDEN_TOGETHER} (${r.others.departments.length})`, r.others.respondents]);

  r.questions.forEach((q, i) => {
    if (q.kind === 'text') return;
    ws.addRow([]);
    ws.addRow([`${i + 1}. ${q.text}`]).font = { bold: true };
    const options = q.total?.distribution.map((d) => d.option) ?? [];
    header(ws, ['Группа', 'Ответили', q.kind === 'scale' ? 'Среднее' : '', ...options]);
    if (!q.total) {
      ws.addRow([`Ответивших на вопрос меньше ${r.minGroup}: не показываем.`]);
      return;
    }
    addCell(ws, 'Все', q.total, q);
    for (const d of q.departments) {
      if (d.shown) addCell(ws, d.name, d as Cell, q);
      else ws.addRow([d.name, HIDDEN]);
    }
    if (q.others) addCell(ws, HIDDEN_TOGETHER, q.others, q);
  });
}

function addCell(ws: Worksheet, name: string, c: Cell, q: QuestionResult): void {
  const row = ws.addRow([name, c.n, q.kind === 'scale' ? c.mean : null, ...c.distribution.map((d) => d.share)]);
  row.getCell(3).numFmt = meanFormat;
  for (let i = 0; i < c.distribution.length; i++) row.getCell(4 + i).numFmt = shareFormat;
}

/** A chart of the «Диаграммы» sheet: which question, and how to draw it. */
export interface SurveyChart extends ChartJob {
  questionId: string;
}

/**
 * The groups a question's chart shows: exactly the rows its table shows with figures — «Все», each shown
 * department, «Скрытые отделы вместе» — so a chart never shows what the table hides.
 */
function shownGroups(q: QuestionResult & { total: Cell }): [string, Cell][] {
  const groups: [string, Cell][] = [['Все', q.total], ...q.departments.filter((d) => d.shown).map((d): [string, Cell] => [d.name, d as Cell])];
  if (q.others) groups.push([HIDDEN_TOGETHER, q.others]);
  return groups;
}

/**
 * The charts of the results, in the order of the questions: a stacked bar of the shares of 1–5 per group for a
 * scale question, bars of each option's count and share per group for a single or multiple choice. A question
 * whose table shows no figures (fewer than min-group answered it) has no chart; text questions have none.
 */
export function surveyCharts(r: SurveyResults): SurveyChart[] {
  return r.questions.flatMap((q, i): SurveyChart[] => {
    if (q.kind === 'text' || q.total === null) return [];
    const groups = shownGroups(q as QuestionResult & { total: Cell });
    const title = `${i + 1}. ${q.text}`;
    if (q.kind === 'scale') return [{ questionId: q.id, width: 1000, height: 140 + 48 * groups.length, config: stackedConfig(title, groups) as ChartConfiguration }];
    const options = q.total.distribution.map((d) => d.option);
    const height = 170 + options.length * (groups.length * 26 + 18) + Math.ceil(groups.length / 3) * 26;
    return [{ questionId: q.id, width: 1000, height, config: choiceConfig(title, q.kind === 'multiple', options, groups) as ChartConfiguration }];
  });
}

/** The charts on their own sheet, one under another. */
async function charts(wb: Workbook, r: SurveyResults): Promise<void> {
  const jobs = surveyCharts(r);
  if (jobs.length === 0) return;
  const pngs = await renderCharts(jobs);
  const ws = wb.addWorksheet('Диаграммы');
  ws.getColumn(1).width = 140;
  let row = 0;
  pngs.forEach((png, i) => {
    const id = wb.addImage({ buffer: png as unknown as ArrayBuffer, extension: 'png' });
    const { width, height } = jobs[i]!;
    const shownWidth = 800;
    const shownHeight = Math.round((height / width) * shownWidth);
    ws.addImage(id, { tl: { col: 0, row }, ext: { width: shownWidth, height: shownHeight }, editAs: 'oneCell' });
    row += Math.ceil(shownHeight / 20) + 1;
  });
}

/** One colour per group: «Все» dark, the departments after it, «Скрытые отделы вместе» grey. */
const groupColors = ['#1F4E79', '#3E8E41', '#F0A04B', '#8E44AD', '#D64545', '#17A2B8', '#7B8794', '#B7950B', '#2E86C1', '#A04000'];
const othersColor = '#9AA5B1';

/** Percent of a share as the chart draws it: one decimal (a share is rounded to 3 decimals). */
const percentOf = (share: number) => Math.round(share * 1000) / 10;

/**
 * Horizontal bars: the options down the side, one bar per group for each, its length the share of the group's
 * people who answered the question and chose the option, labelled «count (share)» — «8 (50 %)».
 */
export function choiceConfig(title: string, multiple: boolean, options: string[], groups: [string, Cell][]): ChartConfiguration<'bar', number[], string[]> {
  const font = { family: CHART_FONT, size: 15 };
  const counts = groups.map(([, c]) => options.map((o) => c.distribution.find((d) => d.option === o)?.count ?? 0));
  const shares = groups.map(([, c]) => options.map((o) => c.distribution.find((d) => d.option === o)?.share ?? 0));
  const labels: Plugin<'bar'> = {
    id: 'oknoCountShare',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `13px ${CHART_FONT}`;
      ctx.fillStyle = '#1F2933';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach((_, g) => {
        chart.getDatasetMeta(g).data.forEach((bar, o) => {
          const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
          ctx.fillText(countShareLabel(counts[g]![o]!, shares[g]![o]!), x + 6, y);
        });
      });
      ctx.restore();
    },
  };
  return {
    type: 'bar',
    data: {
      labels: options.map((o) => wrapLabel(o, 28)),
      datasets: groups.map(([name, c], g) => ({
        label: `${name} (${formatNumber(c.n)})`,
        data: shares[g]!.map(percentOf),
        backgroundColor: name === HIDDEN_TOGETHER ? othersColor : groupColors[g % groupColors.length],
        barPercentage: 0.9,
        categoryPercentage: 0.85,
      })),
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      layout: { padding: { top: 16, bottom: 16, left: 16, right: 90 } },
      plugins: {
        title: { display: true, text: wrapLabel(title, 90), font: { ...font, size: 17, weight: 'bold' }, color: '#1F2933' },
        subtitle: {
          display: true,
          text: `Доля ответивших на вопрос в группе, у столбца — сколько человек выбрали вариант и их доля${multiple ? '; можно было выбрать несколько вариантов, поэтому доли в сумме больше 100\u00a0%' : ''}.`,
          font: { ...font, size: 13 },
          color: '#52606D',
          padding: { bottom: 10 },
        },
        legend: { position: 'bottom', labels: { font, color: '#1F2933' } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { min: 0, max: 100, ticks: { font, color: '#52606D', callback: (v) => `${v} %` }, grid: { color: '#E4E7EB' } },
        y: { ticks: { font, color: '#1F2933' }, grid: { display: false } },
      },
    },
    plugins: [labels],
  };
}

/** «8 (50 %)»: the people who chose the option and their share, in whole percents as on the terminal. */
export function countShareLabel(count: number, share: number): string {
  return `${formatNumber(count)} (${formatPercent(share)})`;
}

function stackedConfig(title: string, groups: [string, Cell][]): ChartConfiguration<'bar', number[], string[]> {
  const font = { family: CHART_FONT, size: 15 };
  return {
    type: 'bar',
    data: {
      labels: groups.map(([name, c]) => wrapLabel(`${name} (${c.n})`, 30)),
      datasets: ['1', '2', '3', '4', '5'].map((option, i) => ({
        label: option,
        data: groups.map(([, c]) => Math.round((c.distribution.find((d) => d.option === option)?.share ?? 0) * 1000) / 10),
        backgroundColor: scaleColors[i],
        barPercentage: 0.8,
      })),
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      layout: { padding: 16 },
      plugins: {
        title: { display: true, text: wrapLabel(title, 90), font: { ...font, size: 17, weight: 'bold' }, color: '#1F2933' },
        legend: { position: 'bottom', labels: { font, color: '#1F2933' } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { stacked: true, min: 0, max: 100, ticks: { font, color: '#52606D', callback: (v) => `${v} %` }, grid: { color: '#E4E7EB' } },
        y: { stacked: true, ticks: { font, color: '#1F2933' }, grid: { display: false } },
      },
    },
  };
}

function comments(wb: Workbook, r: SurveyResults): void {
  const ws = wb.addWorksheet('Комментарии', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 40 }, { width: 30 }, { width: 100 }];
  header(ws, ['Вопрос', 'Группа', 'Комментарий']);
  for (const g of r.comments) {
    const text = r.questions.find((q) => q.id === g.questionId)?.text ?? g.questionId;
    const group = g.group === g.departments[0] ? g.group : `${g.group}: ${g.departments.join(', ')}`;
    for (const c of g.comments) ws.addRow([text, group, c]).alignment = { wrapText: true, vertical: 'top' };
  }
  if (r.comments.length === 0) ws.addRow([`Комментариев к показу нет: они показываются для групп от ${r.minComments} ответивших.`]);
  if (r.commentsWithheld.length > 0) ws.addRow([`Не показаны комментарии отделов ${r.commentsWithheld.join(', ')}: вместе там меньше ${r.minComments} ответивших.`]);
}

function change(wb: Workbook, r: SurveyResults): void {
  const ws = wb.addWorksheet('Динамика', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [{ width: 70 }, { width: 30 }, { width: 14 }, { width: 16 }, { width: 12 }];
  ws.addRow([`Средние оценки против прошлой волны: опрос № ${r.previous!.id}, закрыт ${ruDate(r.previous!.closedOn)}. Изменение — только где обе волны показывают группу.`]);
  header(ws, ['Вопрос', 'Группа', 'Среднее', 'Прошлая волна', 'Изменение']);
  for (const q of r.questions) {
    if (q.kind !== 'scale' || !q.total) continue;
    const rows: [string, number | null | undefined, number | null | undefined, number | null | undefined][] = [
      ['Все', q.total.mean, q.total.previousMean, q.total.change],
      ...q.departments.filter((d) => d.shown).map((d): [string, number | null | undefined, number | null | undefined, number | null | undefined] => [d.name, d.mean, d.previousMean, d.change]),
    ];
    for (const [group, mean, before, delta] of rows) {
      const row = ws.addRow([q.text, group, mean ?? null, before ?? null, delta ?? null]);
      row.getCell(3).numFmt = meanFormat;
      row.getCell(4).numFmt = meanFormat;
      row.getCell(5).numFmt = '+0.00;−0.00;0.00';
    }
  }
}
