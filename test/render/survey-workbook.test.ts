// The results' charts and the words for hidden groups, from the scripted waves (test/surveys/scripted-wave.ts):
// «Отдел А» 7 answers, «Отдел Б» 3, «Отдел В» 6, k = 5. Б is under k, so В (the next smallest) is hidden with it;
// the charts show «Все» (16), «Отдел А» (7) and «Скрытые отделы вместе» (9) — the table's rows, nothing else.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { renderCharts } from '../../src/render/charts.js';
import { HIDDEN, hiddenDepartments, renderResults } from '../../src/render/survey-text.js';
import { countShareLabel, surveyCharts, writeSurveyWorkbook } from '../../src/render/survey-workbook.js';
import { checkAnswers, parseDefinition } from '../../src/surveys/model.js';
import { surveyResults } from '../../src/surveys/results.js';
import { closeSurvey, createSurvey, getSurvey, submitAnswers } from '../../src/surveys/store.js';
import { waveAB, waveV, type Sheet } from '../surveys/scripted-wave.js';
import { fixture, withDb, withTempDir } from '../helpers.js';

const definition = parseDefinition(JSON.parse(readFileSync(fixture('surveys/custom-legal-department.json'), 'utf8')));

async function closed(db: Db, departments: string[], sheets: Sheet[]) {
  const id = await createSurvey(db, {
    title: definition.title!, departments, minGroup: 5, minComments: 10,
    questions: definition.questions, template: null, previousId: null, today: '2026-11-02',
  });
  const survey = await getSurvey(db, id);
  await submitAnswers(db, survey, sheets.map(([department, overall, contact, topics, speed, improve]) => {
    const checked = checkAnswers(survey.questions, { overall, contact, topics, speed, improve });
    if ('problems' in checked) throw new Error(checked.problems.join(' '));
    return { department, answers: checked.answers };
  }));
  await closeSurvey(db, await getSurvey(db, id), '2026-11-20');
  return surveyResults(db, await getSurvey(db, id));
}

type Bars = { labels: string[][]; datasets: { label: string; data: number[] }[] };
const bars = (config: unknown) => (config as { data: Bars }).data;

describe('the results workbook: charts of every choice question', () => {
  it('charts scale, single and multiple choice questions with the groups the table shows, and no other', async () => {
    await withDb(async (db) => {
      const r = await closed(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV]);
      const charts = surveyCharts(r);
      // The text question has no chart.
      expect(charts.map((c) => c.questionId)).toEqual(['overall', 'contact', 'topics', 'speed']);
      for (const chart of charts) {
        const json = JSON.stringify(chart.config);
        expect(json).not.toContain('Отдел Б');
        expect(json).not.toContain('Отдел В');
      }

      // «Как вы чаще всего обращаетесь в отдел?» (single): by hand from the waves —
      // Все 16: СЭД 4+1+3 = 8, почта 1+0+1 = 2, телефон 1+1+1 = 3, лично 1+1+1 = 3;
      // Отдел А 7: 4, 1, 1, 1; Б and В together 9: 1+3 = 4, 0+1 = 1, 1+1 = 2, 1+1 = 2.
      // Shares to 3 decimals (3/16 = 0.1875 → 0.188), drawn as percents to one decimal.
      const contact = bars(charts[1]!.config);
      expect(contact.labels).toEqual([['СЭД'], ['Электронная почта'], ['Телефон'], ['Лично']]);
      expect(contact.datasets.map((d) => [d.label, d.data])).toEqual([
        ['Все (16)', [50, 12.5, 18.8, 18.8]],
        ['Отдел А (7)', [57.1, 14.3, 14.3, 14.3]],
        ['Скрытые отделы вместе (9)', [44.4, 11.1, 22.2, 22.2]],
      ]);

      // «По каким вопросам…» (multiple): people who ticked each, of those who answered; shares add up past 100 %.
      // Все 16: договоры 4+2+3 = 9, проверки 3+0+1 = 4, обращения 1+0+1 = 2, кадровые 1+1+1 = 3 (9/16 = 0.5625 → 0.563).
      const topics = bars(charts[2]!.config);
      expect(topics.datasets.map((d) => [d.label, d.data])).toEqual([
        ['Все (16)', [56.3, 25, 12.5, 18.8]],
        ['Отдел А (7)', [57.1, 42.9, 14.3, 14.3]],
        ['Скрытые отделы вместе (9)', [55.6, 11.1, 11.1, 22.2]],
      ]);
      expect((charts[2]!.config.options as { plugins: { subtitle: { text: string } } }).plugins.subtitle.text).toContain('доли в сумме больше 100\u00a0%');

      // The scale keeps its stacked chart of 1–5, the same three groups.
      expect(bars(charts[0]!.config).labels).toEqual([['Все (16)'], ['Отдел А (7)'], ['Скрытые отделы вместе (9)']]);
    });
  });

  it('with no department shown, the charts show «Все» only; a label is the count and its share', async () => {
    await withDb(async (db) => {
      const r = await closed(db, ['Отдел А', 'Отдел Б'], waveAB);
      for (const chart of surveyCharts(r)) expect(bars(chart.config).datasets.every((d) => d.label.startsWith('Все (') || /^[1-5]$/.test(d.label))).toBe(true);
      // «СЭД»: 5 of 10.
      expect(bars(surveyCharts(r)[1]!.config).datasets.map((d) => [d.label, d.data])).toEqual([['Все (10)', [50, 10, 20, 20]]]);
      expect(countShareLabel(5, 0.5)).toBe('5 (50\u00a0%)');
      expect(countShareLabel(3, 0.188)).toBe('3 (19\u00a0%)');
    });
  });

  it('draws each chart to a PNG of its size, and puts one image per chart on «Диаграммы»', async () => {
    await withDb(async (db) => {
      const r = await closed(db, ['Отдел А', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV]);
      const charts = surveyCharts(r);
      const [png] = await renderCharts([charts[1]!]);
      const image = await loadImage(png!);
      expect([image.width, image.height]).toEqual([charts[1]!.width, charts[1]!.height]);
      await withTempDir(async (dir) => {
        const file = await writeSurveyWorkbook(r, dir);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        expect(wb.getWorksheet('Диаграммы')!.getImages()).toHaveLength(4);
        expect(path.basename(file)).toBe(`опрос-${r.id}-итоги.xlsx`);
        // The hidden departments' cells say «скрыто», whatever the name's gender.
        const summary = wb.getWorksheet('Итоги')!;
        const rows: unknown[][] = [];
        summary.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
        expect(rows.filter((row) => row[0] === 'Отдел Б' || row[0] === 'Отдел В').every((row) => row[1] === HIDDEN)).toBe(true);
      });
    });
  }, 60_000);
});

describe('hidden groups in words: agreement with «отдел», never with the department\'s name', () => {
  it('one hidden department, several, and the question lines', async () => {
    expect(hiddenDepartments(['Бухгалтерия'])).toBe('Скрыт отдел: Бухгалтерия');
    expect(hiddenDepartments(['Бухгалтерия', 'Управление делами', 'Кадры'])).toBe('Скрыты отделы: Бухгалтерия, Управление делами, Кадры');
    await withDb(async (db) => {
      const r = await closed(db, ['Бухгалтерия', 'Отдел Б', 'Отдел В'], [...waveAB, ...waveV].map(([d, ...rest]) => [d === 'Отдел А' ? 'Бухгалтерия' : d, ...rest] as Sheet));
      const text = renderResults(r);
      expect(text).toContain('Отделы: Бухгалтерия — 7.\nСкрыты отделы: Отдел Б, Отдел В. Скрываются отделы, где ответили меньше 5\u00a0человек,');
      expect(text).toContain('\n   Отдел Б: скрыто\n   Отдел В: скрыто\n');
      expect(text).not.toMatch(/скрыт[аы]?\b(?!о)/u);
    });
  });
});
