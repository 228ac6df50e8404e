// The survey part of `okno demo`: a department head's two waves of the built-in survey, end to end.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { checkAnswers, internalTemplate } from '../surveys/model.js';
import { closeSurvey, createSurvey, getSurvey, issueCodes, submitAnswers, DEFAULT_MIN_COMMENTS, DEFAULT_MIN_GROUP } from '../surveys/store.js';
import type { Output } from './output.js';

interface SampleWave {
  title: string;
  departments: string[];
  createdOn: string;
  closedOn: string;
  sheets: { department: string; answers: Record<string, unknown> }[];
}

/**
 * June's wave (answers by code, closed), then November's: codes and their printable sheet, answers by code, a
 * Google Forms export for the staff who answered online, the status while open, closing, the results and workbook.
 */
export async function runSampleSurveys(db: Db, fixturesDir: string, out: string, cwd: string, output: Output, clock: () => Date): Promise<void> {
  const dir = path.join(fixturesDir, 'surveys');
  const read = async (name: string) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as SampleWave;
  const june = await read('wave-2026-06.json');
  await answerByCodes(db, june, june.createdOn, true);

  const november = await read('wave-2026-11.json');
  const { id, codes } = await answerByCodes(db, november, november.createdOn, false);
  const { renderCodeSheet } = await import('../render/survey-codes.js');
  const codeSheet = path.join(out, `survey-${id}-codes.html`);
  await writeFile(codeSheet, renderCodeSheet(await getSurvey(db, id), codes));
  output.print(`Опрос № ${id} «${november.title}»: выпущено ${codes.length} кодов, лист для разрезания: ${path.relative(cwd, codeSheet)}`);

  await serveBriefly(db, id, output, clock);

  const { importAnswers } = await import('../surveys/import.js');
  const { renderImport, renderSurveyStatus, renderResults } = await import('../render/survey-text.js');
  output.print(renderImport(await importAnswers(db, await getSurvey(db, id), path.join(dir, 'google-forms-2026-11-18.csv'), 'google-forms-2026-11-18.csv')));
  output.print('');
  output.print(renderSurveyStatus(await getSurvey(db, id)).split('\n').slice(0, 5).join('\n'));
  await closeSurvey(db, await getSurvey(db, id), november.closedOn);
  const { surveyResults } = await import('../surveys/results.js');
  const { writeSurveyWorkbook } = await import('../render/survey-workbook.js');
  const results = await surveyResults(db, await getSurvey(db, id));
  const workbook = path.relative(cwd, await writeSurveyWorkbook(results, out));
  output.print('');
  output.print(renderResults(results, workbook));
}

/**
 * `okno survey serve`, started and stopped as a department head would: on this computer only (127.0.0.1, a free
 * port), the first page fetched once to show it opens, then stopped. The sample's answers are already in by code.
 */
async function serveBriefly(db: Db, id: number, output: Output, clock: () => Date): Promise<void> {
  const [{ SurveyWeb }, { startServing, servingBanner, finishServing }] = await Promise.all([import('../surveys/web.js'), import('./survey-serve.js')]);
  const survey = await getSurvey(db, id);
  const web = new SurveyWeb({ survey, useDb: (_write, fn) => fn(db), clock, onProblem: (m) => output.error(m) });
  const serving = await startServing({ output }, web, { host: '127.0.0.1', port: 0 });
  try {
    output.print('');
    output.print(servingBanner(survey, '127.0.0.1', serving.port, null));
    const page = await fetch(`http://127.0.0.1:${serving.port}/`);
    const opened = page.ok && (await page.text()).includes(survey.title);
    output.print(`(Демо: страница опроса ${opened ? 'открылась' : 'не открылась'}; приём сразу останавливается — ответы примера уже введены по кодам.)`);
  } finally {
    await serving.close();
  }
  await finishServing({ output }, web);
  output.print('');
}

/**
 * Creates the wave, issues a code per sheet, answers each sheet with its code (as `survey take` does). One
 * transaction for the whole wave: each sheet committed on its own, as people hand them in, took a second a wave.
 */
async function answerByCodes(db: Db, wave: SampleWave, today: string, close: boolean): Promise<{ id: number; codes: string[] }> {
  return db.transaction(() => answerWave(db, wave, today, close));
}

async function answerWave(db: Db, wave: SampleWave, today: string, close: boolean): Promise<{ id: number; codes: string[] }> {
  const id = await createSurvey(db, {
    title: wave.title,
    departments: wave.departments,
    minGroup: DEFAULT_MIN_GROUP,
    minComments: DEFAULT_MIN_COMMENTS,
    questions: internalTemplate.questions,
    template: 'internal',
    previousId: null,
    today,
  });
  const survey = await getSurvey(db, id);
  // Some slips are never handed in, as in life.
  const codes = await issueCodes(db, survey, wave.sheets.length + 4);
  for (const [i, sheet] of wave.sheets.entries()) {
    const checked = checkAnswers(survey.questions, sheet.answers);
    if ('problems' in checked) throw new Error(`sample survey sheet ${i + 1}: ${checked.problems.join(' ')}`);
    await submitAnswers(db, survey, [{ department: sheet.department, answers: checked.answers }], codes[i]);
  }
  if (close) await closeSurvey(db, await getSurvey(db, id), wave.closedOn);
  return { id, codes };
}
