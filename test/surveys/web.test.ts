// The web form's rules that need many clients or a moving clock: attempt limits for codes, the Host check, and a
// batch whose code was spent elsewhere meanwhile. SurveyWeb is driven directly (no sockets), on an in-memory base.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { UserError } from '../../src/errors.js';
import { generateCodes, internalTemplate } from '../../src/surveys/model.js';
import { createSurvey, getSurvey, issueCodes, storeCodedSheets, submitAnswers } from '../../src/surveys/store.js';
import { CODE_ATTEMPTS, SurveyWeb, type WebRequest } from '../../src/surveys/web.js';
import { rows, testNow, withDb } from '../helpers.js';

async function setUp(db: Db): Promise<string[]> {
  const id = await createSurvey(db, {
    title: 'Опрос',
    departments: ['Отдел А', 'Отдел Б'],
    minGroup: 3,
    minComments: 3,
    questions: internalTemplate.questions,
    template: 'internal',
    previousId: null,
    today: '2026-11-21',
  });
  return issueCodes(db, await getSurvey(db, id), 5);
}

function web(db: Db, survey: Awaited<ReturnType<typeof getSurvey>>, clock: () => Date, hostNames: string[] = []) {
  return new SurveyWeb({ survey, useDb: (_write, fn) => fn(db), clock, hostNames });
}

const request = (over: Partial<WebRequest>): WebRequest => ({
  method: 'GET',
  path: '/',
  headers: { host: '127.0.0.1:8080' },
  body: '',
  client: '10.0.0.1',
  ...over,
});

async function tryCode(app: SurveyWeb, client: string, code: string): Promise<[number, string]> {
  const start = await app.handle(request({ client }));
  const token = /name="token" value="([^"]+)"/.exec(start.body)![1]!;
  const body = new URLSearchParams({ token, code, department: 'Отдел А' }).toString();
  const r = await app.handle(request({ method: 'POST', path: '/start', client, body, headers: { host: '127.0.0.1:8080', 'content-type': 'application/x-www-form-urlencoded' } }));
  const said = /<p class="problem"[^>]*>([^<]*)|<h1>([^<]*)<\/h1>\n<p>([^<]*)/.exec(r.body);
  return [r.status, said ? said.slice(1).filter(Boolean).join(' ') : ''];
}

describe('survey web form', () => {
  it('limits wrong codes per client address and in total, for a window of minutes, in memory', async () => {
    await withDb(async (db) => {
      const codes = await setUp(db);
      let now = new Date(testNow).getTime();
      const app = web(db, await getSurvey(db, 1), () => new Date(now));
      const wrong = generateCodes(CODE_ATTEMPTS.total + 5).filter((c) => !codes.includes(c));
      for (let i = 0; i < CODE_ATTEMPTS.perClient; i++) expect(await tryCode(app, '10.0.0.1', wrong[i]!)).toEqual([400, 'Код не подошёл: такого кода у этого опроса нет.']);
      const blocked: [number, string] = [
        429,
        'Слишком много неверных кодов С этого устройства введено слишком много неверных кодов. Попробуйте снова через 15 минут или обратитесь к тому, кто проводит опрос.',
      ];
      // The 11th try from that address is not checked at all, even with a good code; another address goes on.
      expect(await tryCode(app, '10.0.0.1', codes[0]!)).toEqual(blocked);
      expect((await tryCode(app, '10.0.0.2', codes[0]!))[0]).toBe(200);
      now += (CODE_ATTEMPTS.windowMinutes - 1) * 60_000;
      expect(await tryCode(app, '10.0.0.1', codes[0]!)).toEqual(blocked);
      now += 2 * 60_000;
      expect((await tryCode(app, '10.0.0.1', codes[0]!))[0]).toBe(200);

      // In total: the window's wrong codes from many addresses stop the checking for everyone.
      for (let i = 0; i < CODE_ATTEMPTS.total; i++) expect((await tryCode(app, `10.1.0.${i}`, wrong[i]!))[0]).toBe(400);
      expect(await tryCode(app, '10.2.0.1', codes[1]!)).toEqual([
        429,
        'Слишком много неверных кодов За последние минуты введено слишком много неверных кодов, и проверка кодов приостановлена. Попробуйте снова через 15 минут.',
      ]);
      now += (CODE_ATTEMPTS.windowMinutes + 1) * 60_000;
      expect((await tryCode(app, '10.2.0.1', codes[1]!))[0]).toBe(200);
      // A mistyped code (the check digit) costs no attempt: a person's typo never locks anyone out.
      for (let i = 0; i < 3 * CODE_ATTEMPTS.perClient; i++) expect((await tryCode(app, '10.3.0.1', '12345-67890'))[0]).toBe(400);
      expect((await tryCode(app, '10.3.0.1', codes[2]!))[0]).toBe(200);
    });
  });

  it('answers only to its own addresses and names (no DNS rebinding), and only GET and POST', async () => {
    await withDb(async (db) => {
      await setUp(db);
      const app = web(db, await getSurvey(db, 1), () => new Date(testNow), ['kabinet-12']);
      const status = async (host: string | undefined) => (await app.handle(request({ headers: { host } }))).status;
      expect(await status('192.168.1.20:8080')).toBe(200);
      expect(await status('localhost:8080')).toBe(200);
      expect(await status('[::1]:8080')).toBe(200);
      expect(await status('KABINET-12:8080')).toBe(200);
      expect(await status('evil.example:8080')).toBe(421);
      expect(await status(undefined)).toBe(421);
      expect((await app.handle(request({ method: 'DELETE' }))).status).toBe(405);
    });
  });

  it('stores a batch in one transaction, leaving out a sheet whose code was spent elsewhere meanwhile', async () => {
    await withDb(async (db) => {
      const codes = await setUp(db);
      const survey = await getSurvey(db, 1);
      const sheet = (department: string, overall: string) => ({ department, answers: new Map([['overall', [overall]]]) });
      await submitAnswers(db, survey, [sheet('Отдел Б', '1')], codes[1]);
      const result = await storeCodedSheets(db, survey, [
        { ...sheet('Отдел А', '5'), code: codes[0]! },
        { ...sheet('Отдел А', '4'), code: codes[1]! },
        { ...sheet('Отдел Б', '3'), code: codes[2]! },
        { ...sheet('Отдел В', '2'), code: codes[3]! },
      ]);
      expect(result).toEqual({ stored: 2, refused: 2 });
      expect(await rows(db, "select department, answer[1] as a from survey_answers where question_id = 'overall'")).toEqual([
        { department: 'Отдел А', a: '5' },
        { department: 'Отдел Б', a: '1' },
        { department: 'Отдел Б', a: '3' },
      ]);
      // The code of the sheet left out for its department is not spent.
      expect(await rows(db, 'select count(*)::integer as n from survey_codes where used')).toEqual([{ n: 3 }]);
    });
  });

  it('keeps a batch that cannot be written waiting, says so without any answer, and writes it at the next try', async () => {
    await withDb(async (db) => {
      const id = await createSurvey(db, {
        title: 'Опрос',
        departments: ['Отдел А'],
        minGroup: 3,
        minComments: 3,
        questions: [{ id: 'q1', kind: 'scale', text: 'Оценка', required: true }],
        template: null,
        previousId: null,
        today: '2026-11-21',
      });
      const codes = await issueCodes(db, await getSurvey(db, id), 4);
      let full = true;
      const problems: string[] = [];
      const app = new SurveyWeb({
        survey: await getSurvey(db, id),
        useDb: (write, fn) => (write && full ? Promise.reject(new UserError('Не хватило места на диске.')) : fn(db)),
        clock: () => new Date(testNow),
        onProblem: (m) => problems.push(m),
      });
      const form = { host: '127.0.0.1:8080', 'content-type': 'application/x-www-form-urlencoded' };
      const send = async (path: string, fields: Record<string, string>) =>
        app.handle(request({ method: 'POST', path, headers: form, body: new URLSearchParams(fields).toString() }));
      const answer = async (code: string, value: string) => {
        const start = await app.handle(request({}));
        const page = await send('/start', { token: /name="token" value="([^"]+)"/.exec(start.body)![1]!, code, department: 'Отдел А' });
        const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
        await send('/step', { token, question: 'q1', answer: value, go: 'next' });
        return (await send('/submit', { token })).status;
      };
      expect([await answer(codes[0]!, '5'), await answer(codes[1]!, '4'), await answer(codes[2]!, '3')]).toEqual([200, 200, 200]);
      expect(problems).toEqual(['Не удалось записать ответы в базу (Не хватило места на диске). Они ждут в памяти; следующая попытка — со следующим ответом или при остановке.']);
      expect([app.pending, await rows(db, 'select count(*)::integer as n from survey_respondents')]).toEqual([3, [{ n: 0 }]]);
      full = false;
      expect(await answer(codes[3]!, '2')).toBe(200);
      expect([app.pending, app.stored, await rows(db, "select answer[1] as a from survey_answers")]).toEqual([0, 4, [{ a: '2' }, { a: '3' }, { a: '4' }, { a: '5' }]]);
    });
  });
});
