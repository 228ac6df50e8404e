// `okno survey serve` through HTTP, as staff would answer from their browsers: the command runs in this process on a
// loopback port (stopped by its signal, as Ctrl+C would), and the database file is read directly afterwards.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, testNow, withTempDir } from '../helpers.js';
import { bin, okno } from './cli.js';
import { formJs } from '../../src/render/survey-form.js';
import { answer, fillIn, get, post, said, serve, stored, tokenOf, type Person } from './survey-serve-client.js';

const custom = fixture('surveys/custom-legal-department.json');

async function createIn(cwd: string, options: { departments?: string; from?: string; count?: number }): Promise<string[]> {
  const created = await okno(['survey', 'create', '--from', options.from ?? custom, '--departments', options.departments ?? 'Отдел А,Отдел Б', '--min-group', '3', '--min-comments', '3', '--json'], { cwd });
  expect([created.code, created.stderr]).toEqual([0, '']);
  const issued = await okno(['survey', 'codes', '1', '--count', String(options.count ?? 8), '--json'], { cwd });
  expect(issued.code).toBe(0);
  return (JSON.parse(issued.stdout) as { codes: string[] }).codes;
}

const createdOnce = new Map<string, Promise<{ dir: string; codes: string[] }>>();

/**
 * Survey 1 and its codes, as `okno survey create` and `okno survey codes` leave them in cwd (okno.duckdb, the codes'
 * sheet). With the bundled definition they are made once per options in a folder of their own and copied: each
 * test has its own database, the same as those two commands would have made it.
 */
async function create(cwd: string, options: { departments?: string; from?: string; count?: number } = {}): Promise<string[]> {
  if (options.from !== undefined) return createIn(cwd, options);
  const key = JSON.stringify(options);
  let made = createdOnce.get(key);
  if (!made) {
    made = (async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'okno-survey-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return { dir, codes: await createIn(dir, options) };
    })();
    createdOnce.set(key, made);
  }
  const { dir, codes } = await made;
  await cp(dir, cwd, { recursive: true });
  return codes;
}

const people = (codes: string[]): Person[] => [
  { code: codes[0]!, department: 'Отдел А', overall: '5', contact: 'СЭД', topics: ['Договоры'], speed: '4', improve: 'Больше шаблонов\r\nи примеров' },
  { code: codes[1]!, department: 'Отдел Б', overall: '2', contact: 'Телефон', topics: ['Кадровые вопросы', 'Договоры'] },
  { code: codes[2]!, department: 'Отдел А', overall: '4', contact: 'Лично', topics: ['Проверки, надзор'], speed: '3' },
  { code: codes[3]!, department: 'Отдел Б', overall: '3', contact: 'СЭД', topics: ['Договоры'], improve: 'Отвечать быстрее' },
];

/** What the first three people leave in survey_answers, in content order (department, question, answer). */
const firstThree = [
  'Отдел А contact Лично',
  'Отдел А contact СЭД',
  'Отдел Б contact Телефон',
  'Отдел А improve Больше шаблонов\nи примеров',
  'Отдел А overall 4',
  'Отдел А overall 5',
  'Отдел Б overall 2',
  'Отдел А speed 3',
  'Отдел А speed 4',
  'Отдел А topics Договоры',
  'Отдел А topics Проверки, надзор',
  'Отдел Б topics Договоры+Кадровые вопросы',
];

describe('okno survey serve', () => {
  it('takes answers page by page and stores them only in batches of min-group, the remainder at Ctrl+C', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      const file = path.join(cwd, 'okno.duckdb');
      const s = await serve(cwd, 1);
      expect(s.out[0]!.split('\n')).toEqual([
        'Опрос № 1 «Работа правового отдела глазами коллег» принимает ответы в сети.',
        'Адрес (только с этого компьютера):',
        `  ${s.url}`,
        'Соединение не шифруется (HTTP): давайте адрес только во внутренней сети организации.',
        'Ответы ждут в памяти и записываются в базу пачками не меньше чем по 3 (порог группы опроса) в случайном порядке; журнал посещений не ведётся, адреса и время не сохраняются.',
        'Остановить приём — Ctrl+C: ждущие ответы будут записаны. Закрыть опрос — после остановки: okno survey close 1',
      ]);
      const [a, b, c, d] = people(codes);

      // The pages one by one: the progress line counts the questions asked; the review lists every answer.
      const start = await get(s.url);
      expect(said(start.html)).toEqual(['Работа правового отдела глазами коллег']);
      let page = await post(s.url, '/start', { token: tokenOf(start.html), code: a!.code, department: 'Отдел А' });
      expect([page.status, ...said(page.html)]).toEqual([200, 'Работа правового отдела глазами коллег', 'Вопрос 1 из 5', 'Насколько вы удовлетворены работой правового отдела в целом?']);
      const token = tokenOf(page.html);
      page = await post(s.url, '/step', { token, question: 'overall', go: 'next' });
      expect([page.status, ...said(page.html).slice(1)]).toEqual([400, 'Вопрос 1 из 5', 'Выберите ответ, чтобы продолжить.', 'Насколько вы удовлетворены работой правового отдела в целом?']);
      page = await post(s.url, '/step', { token, question: 'overall', answer: '9', go: 'next' });
      expect(said(page.html)[2]).toBe('Такого варианта в вопросе нет.');
      page = await post(s.url, '/step', { token, question: 'overall', answer: '5', go: 'next' });
      expect(said(page.html).slice(1)).toEqual(['Вопрос 2 из 5', 'Как вы чаще всего обращаетесь в отдел?']);
      page = await post(s.url, '/step', { token, question: 'contact', answer: 'СЭД', go: 'back' });
      expect(said(page.html).slice(1)).toEqual(['Вопрос 1 из 5', 'Насколько вы удовлетворены работой правового отдела в целом?']);
      expect(page.html).toContain('value="5" checked');
      const filled = await fillIn(s.url, a!);
      expect(said(filled.review.html)).toEqual(['Работа правового отдела глазами коллег', 'Проверьте ответы']);
      expect(filled.review.html).toContain('<span class="answer">Больше шаблонов\nи примеров</span>');
      // A way back from the review: the answer is changed, and «Далее» returns to the review.
      page = await post(s.url, '/edit', { token: filled.token, question: 'contact' });
      expect(said(page.html).slice(1)).toEqual(['Вопрос 2 из 5', 'Как вы чаще всего обращаетесь в отдел?']);
      page = await post(s.url, '/step', { token: filled.token, question: 'contact', answer: 'СЭД', go: 'next' });
      expect(said(page.html)[1]).toBe('Проверьте ответы');
      page = await post(s.url, '/submit', { token: filled.token });
      expect([page.status, said(page.html)[1]]).toEqual([200, 'Спасибо! Ответ принят.']);

      expect((await answer(s.url, b!)).status).toBe(200);
      // Two sheets wait: the database file has none of them, and their codes are not spent.
      expect(await stored(file)).toEqual({ respondents: [], answers: [], used: 0 });
      expect((await answer(s.url, c!)).status).toBe(200);
      // The third makes a batch of min-group: all three at once, in content order, whatever order they came in.
      expect(await stored(file)).toEqual({ respondents: ['Отдел А', 'Отдел А', 'Отдел Б'], answers: firstThree, used: 3 });

      expect((await answer(s.url, d!)).status).toBe(200);
      expect((await stored(file)).respondents).toHaveLength(3);
      expect(await s.stop()).toBe(0);
      // The remainder is written at the stop, and nothing printed says anything about any request.
      expect((await stored(file)).respondents).toEqual(['Отдел А', 'Отдел А', 'Отдел Б', 'Отдел Б']);
      expect(s.out.slice(1)).toEqual(['Приём ответов остановлен. Записано в базу через сеть: 4.']);
      expect(s.err).toEqual([]);
    });
  });

  it('goes back from the first question to the department, and changes the department from the review', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      const s = await serve(cwd, 1);
      const start = await get(s.url);
      let page = await post(s.url, '/start', { token: tokenOf(start.html), code: codes[0]!, department: 'Отдел А' });
      const token = tokenOf(page.html);
      page = await post(s.url, '/step', { token, question: 'overall', answer: '4', go: 'back' });
      expect(said(page.html).slice(1)).toEqual(['Ваш отдел']);
      expect(page.html).toContain('value="Отдел А" checked');
      expect(page.html).toContain('<button type="submit">Далее</button>');
      page = await post(s.url, '/department', { token, department: 'Нет такого' });
      expect([page.status, said(page.html)[1]]).toEqual([400, 'Выберите свой отдел из списка.']);
      page = await post(s.url, '/department', { token, department: 'Отдел А' });
      expect(said(page.html).slice(1)).toEqual(['Вопрос 1 из 5', 'Насколько вы удовлетворены работой правового отдела в целом?']);
      expect(page.html).toContain('value="4" checked');
      const filled = await fillIn(s.url, { code: codes[1]!, department: 'Отдел А', overall: '3', contact: 'Лично', topics: ['Договоры'] });
      page = await post(s.url, '/edit', { token: filled.token, question: '' });
      expect(page.html).toContain('<button type="submit">К проверке ответов</button>');
      page = await post(s.url, '/department', { token: filled.token, department: 'Отдел Б' });
      expect(said(page.html)[1]).toBe('Проверьте ответы');
      expect(page.html).toContain('<span class="answer">Отдел Б</span>');
      expect((await post(s.url, '/submit', { token: filled.token })).status).toBe(200);
      expect(await s.stop()).toBe(0);
      expect((await stored(path.join(cwd, 'okno.duckdb'))).respondents).toEqual(['Отдел Б']);
    });
  });

  it('refuses a wrong, a mistyped, a used and a waiting code with a clear message; a code admits one sheet', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      await writeFile(path.join(cwd, 'a.json'), JSON.stringify({ department: 'Отдел А', answers: { overall: 4, contact: 'СЭД', topics: ['Договоры'] } }));
      expect((await okno(['survey', 'take', '1', '--code', codes[7]!, '--answers', 'a.json'], { cwd })).code).toBe(0);
      const s = await serve(cwd, 1);
      const tryCode = async (code: string) => {
        const start = await get(s.url);
        const page = await post(s.url, '/start', { token: tokenOf(start.html), code, department: 'Отдел Б' });
        return [page.status, said(page.html)[1]];
      };
      expect(await tryCode('12345-67890')).toEqual([400, 'Код не подошёл: в коде опечатка: проверьте цифры.']);
      expect(await tryCode('12345-67897')).toEqual([400, 'Код не подошёл: такого кода у этого опроса нет.']);
      expect(await tryCode(codes[7]!)).toEqual([400, 'Код не подошёл: этот код уже использован: по одному коду отвечают один раз.']);
      // The department chosen stays chosen on the page that says so.
      const start = await get(s.url);
      const again = await post(s.url, '/start', { token: tokenOf(start.html), code: '12345-67897', department: 'Отдел Б' });
      expect(again.html).toContain('<option value="Отдел Б" selected>');

      // Two people with one code: the first to send is taken, the other told; a waiting code does not start again.
      const person: Person = { code: codes[0]!, department: 'Отдел А', overall: '3', contact: 'СЭД', topics: ['Договоры'] };
      const first = await fillIn(s.url, person);
      const second = await fillIn(s.url, { ...person, overall: '1' });
      expect((await post(s.url, '/submit', { token: first.token })).status).toBe(200);
      const late = await post(s.url, '/submit', { token: second.token });
      expect([late.status, said(late.html)]).toEqual([409, ['Ответ не принят']]);
      expect(late.html).toContain('Ответ не принят: этот код уже использован: по одному коду отвечают один раз.');
      expect(await tryCode(codes[0]!)).toEqual([400, 'Код не подошёл: этот код уже использован: по одному коду отвечают один раз.']);
      expect(await s.stop()).toBe(0);
      expect(s.out.slice(1)).toEqual(['Приём ответов остановлен. Записано в базу через сеть: 1.']);
      expect(s.err).toEqual([]);
      expect((await stored(path.join(cwd, 'okno.duckdb'))).used).toBe(2);
    });
  });

  it('refuses posts without the form token or from another site, and bodies over the limit; sends its security headers', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      const s = await serve(cwd, 1);
      const fields = { code: codes[0]!, department: 'Отдел А' };
      const noToken = await post(s.url, '/start', fields);
      expect([noToken.status, said(noToken.html)]).toEqual([400, ['Страница устарела']]);
      const forged = await post(s.url, '/start', { ...fields, token: 'x'.repeat(32) });
      expect(forged.status).toBe(400);
      const token = tokenOf((await get(s.url)).html);
      const crossSite = await post(s.url, '/start', { ...fields, token }, { Origin: 'http://evil.example' });
      expect([crossSite.status, said(crossSite.html)]).toEqual([403, ['Запрос отклонён']]);
      const fetchSite = await post(s.url, '/start', { ...fields, token }, { 'Sec-Fetch-Site': 'cross-site' });
      expect(fetchSite.status).toBe(403);
      const json = await fetch(new URL('/start', s.url), { method: 'POST', body: JSON.stringify({ ...fields, token }), headers: { 'Content-Type': 'application/json' } });
      expect(json.status).toBe(415);
      const huge = await post(s.url, '/start', { ...fields, token, pad: 'я'.repeat(40_000) });
      expect([huge.status, said(huge.html)]).toEqual([413, ['Слишком длинный ответ']]);
      // The token survived all of these (none reached the form): it still starts the sheet.
      const ok = await post(s.url, '/start', { ...fields, token });
      expect(ok.status).toBe(200);
      // A sheet's token is needed on every later page.
      expect((await post(s.url, '/step', { token: 'nope', question: 'overall', answer: '5', go: 'next' })).status).toBe(400);
      expect((await get(s.url, '/admin')).status).toBe(404);
      expect((await fetch(new URL('/', s.url), { method: 'PUT' })).status).toBe(405);

      for (const [pathname, type] of [
        ['/', 'text/html; charset=utf-8'],
        ['/okno.css', 'text/css; charset=utf-8'],
        ['/okno.js', 'text/javascript; charset=utf-8'],
        ['/nothing', 'text/html; charset=utf-8'],
      ] as const) {
        const r = await get(s.url, pathname);
        expect({
          type: r.headers.get('content-type'),
          csp: r.headers.get('content-security-policy'),
          nosniff: r.headers.get('x-content-type-options'),
          referrer: r.headers.get('referrer-policy'),
          frame: r.headers.get('x-frame-options'),
          cache: r.headers.get('cache-control'),
          cookie: r.headers.get('set-cookie'),
        }).toEqual({
          type,
          csp: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
          nosniff: 'nosniff',
          referrer: 'no-referrer',
          frame: 'DENY',
          cache: 'no-store',
          cookie: null,
        });
      }
      // No inline script or style anywhere: the policy above would block them.
      const html = (await get(s.url)).html;
      expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/okno.js" defer>']);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
      expect(await s.stop()).toBe(0);
      expect(s.err).toEqual([]);
    });
  });

  it('escapes every title, department, question and option on its pages', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const hostile = '<script>alert(1)</script>"\'&';
      await writeFile(
        path.join(cwd, 'q.json'),
        JSON.stringify({
          title: `Опрос ${hostile}`,
          questions: [
            { id: 'q1', kind: 'single', text: `Вопрос ${hostile}`, options: [`Да ${hostile}`, 'Нет'] },
            { id: 'q2', kind: 'text', text: `Комментарий <img src=x onerror=alert(2)>` },
          ],
        }),
      );
      const codes = await create(cwd, { from: 'q.json', departments: `Отдел ${hostile},Отдел Б` });
      const s = await serve(cwd, 1);
      const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;';
      const start = await get(s.url);
      expect(start.html).toContain(`<h1>Опрос ${escaped}</h1>`);
      expect(start.html).toContain(`<option value="Отдел ${escaped}">Отдел ${escaped}</option>`);
      let page = await post(s.url, '/start', { token: tokenOf(start.html), code: codes[0]!, department: `Отдел ${hostile}` });
      expect(page.html).toContain(`<legend>Вопрос ${escaped}</legend>`);
      expect(page.html).toContain(`value="Да ${escaped}"`);
      const token = tokenOf(page.html);
      page = await post(s.url, '/step', { token, question: 'q1', answer: `Да ${hostile}`, go: 'next' });
      expect(page.html).toContain('<label for="answer">Комментарий &lt;img src=x onerror=alert(2)&gt;</label>');
      page = await post(s.url, '/step', { token, question: 'q2', answer: '</textarea><script>alert(3)</script>', go: 'back' });
      page = await post(s.url, '/step', { token, question: 'q1', answer: `Да ${hostile}`, go: 'next' });
      expect(page.html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;</textarea>');
      page = await post(s.url, '/step', { token, question: 'q2', answer: '</textarea><script>alert(3)</script>', go: 'next' });
      for (const p of [start, page]) expect(p.html.match(/<script[^>]*>/g)).toEqual(['<script src="/okno.js" defer>']);
      expect(page.html).toContain(`<span class="answer">Отдел ${escaped}</span>`);
      expect(await s.stop()).toBe(0);
    });
  });

  it('keeps okno survey close and a second serve from losing the waiting answers', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      const s = await serve(cwd, 1);
      expect((await answer(s.url, people(codes)[0]!)).status).toBe(200);
      const close = await okno(['survey', 'close', '1'], { cwd });
      expect([close.code, close.stderr.split('\n')]).toEqual([
        1,
        [
          `Ошибка: Опрос № 1 сейчас принимает ответы в сети (okno survey serve, процесс ${process.pid}): в памяти могут ждать ответы, которые ещё не записаны.`,
          'Сначала остановите приём — Ctrl+C в его окне, ждущие ответы запишутся, — потом закройте опрос.',
          '',
        ],
      ]);
      const second = await okno(['survey', 'serve', '1', '--host', '127.0.0.1', '--port', '0'], { cwd });
      expect([second.code, second.stderr.split('\n')[0]]).toEqual([1, `Ошибка: Опрос № 1 уже принимает ответы в сети: okno survey serve, процесс ${process.pid}.`]);
      expect(await s.stop()).toBe(0);
      expect((await stored(path.join(cwd, 'okno.duckdb'))).respondents).toEqual(['Отдел А']);
      expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
    });
  });

  it('stops when the survey is closed elsewhere all the same, and says the waiting answers were not stored', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      const s = await serve(cwd, 1);
      expect((await answer(s.url, people(codes)[0]!)).status).toBe(200);
      // As an okno without the serving mark would close it (or someone who removed the mark).
      await rm(path.join(cwd, 'okno.duckdb.serving-1'));
      expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
      const start = await get(s.url);
      const page = await post(s.url, '/start', { token: tokenOf(start.html), code: codes[1]!, department: 'Отдел А' });
      expect([page.status, said(page.html)]).toEqual([410, ['Опрос закрыт']]);
      expect(await s.ended).toBe(1);
      expect(s.out.slice(1)).toEqual(['Приём ответов остановлен. Записано в базу через сеть: 0.']);
      expect(s.err).toEqual([
        'Ошибка: Опрос закрыли раньше, чем записались ответы, ждавшие своей пачки (1): они не записаны, их коды не израсходованы.',
        'В следующий раз остановите приём (Ctrl+C) до okno survey close: ждущие ответы запишутся.',
      ]);
    });
  });

  it('many people at once: every sheet stored once, each code admits one sheet even when sent twice at the same moment', { timeout: 120_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd, { count: 30 });
      const s = await serve(cwd, 1);
      const person = (code: string, i: number): Person => ({ code, department: i % 2 ? 'Отдел Б' : 'Отдел А', overall: String((i % 5) + 1), contact: 'СЭД', topics: ['Договоры'] });
      // 30 people fill in their sheets at once; 10 of them have a twin with the same slip, and both press «Отправить» together.
      const sheets = await Promise.all(codes.map((code, i) => fillIn(s.url, person(code, i))));
      const twins = await Promise.all(codes.slice(0, 10).map((code, i) => fillIn(s.url, person(code, i + 1))));
      const sent = await Promise.all([...sheets, ...twins].map((f) => post(s.url, '/submit', { token: f.token })));
      const statuses = sent.map((r) => r.status);
      expect(statuses.filter((x) => x === 200)).toHaveLength(30);
      expect(statuses.filter((x) => x === 409)).toHaveLength(10);
      // Batches of 3: all 30 are in the base before the stop, none twice.
      const file = path.join(cwd, 'okno.duckdb');
      expect((await stored(file)).respondents).toHaveLength(30);
      expect(await s.stop()).toBe(0);
      const after = await stored(file);
      expect([after.respondents.length, after.used, after.answers.length]).toEqual([30, 30, 90]);
      expect(s.out.slice(1)).toEqual(['Приём ответов остановлен. Записано в базу через сеть: 30.']);
      expect(s.err).toEqual([]);
    });
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)('serves over HTTPS with a given certificate', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      await create(cwd);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '30', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { cwd, stdio: 'ignore' });
      const s = await serve(cwd, 1, undefined, ['--cert', 'cert.pem', '--key', 'key.pem']);
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      expect(s.out[0]!.split('\n')[3]).toBe('Соединение шифруется (HTTPS, сертификат cert.pem).');
      const ca = await readFile(path.join(cwd, 'cert.pem'));
      const { request } = await import('node:https');
      const page = await new Promise<{ status: number; body: string; csp: unknown }>((resolve, reject) => {
        request(s.url, { ca }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body, csp: res.headers['content-security-policy'] }));
        }).on('error', reject).end();
      });
      expect([page.status, said(page.body)[0], typeof page.csp]).toEqual([200, 'Работа правового отдела глазами коллег', 'string']);
      expect(await s.stop()).toBe(0);
      const halves = await okno(['survey', 'serve', '1', '--cert', 'cert.pem'], { cwd });
      expect([halves.code, halves.stderr.split('\n')[0]]).toEqual([2, 'Ошибка: --cert и --key указываются вместе.']);
      const swapped = await okno(['survey', 'serve', '1', '--cert', 'key.pem', '--key', 'cert.pem', '--host', '127.0.0.1', '--port', '0'], { cwd });
      expect([swapped.code, swapped.stderr.split('\n')[0]!.startsWith('Ошибка: Сертификат key.pem и ключ cert.pem не подходят для HTTPS:')]).toEqual([1, true]);
    });
  });

  // The built CLI, as a department head runs it: what a crash costs, and what a clean stop keeps.
  for (const [signal, code] of [['SIGKILL', null], ['SIGTERM', 0]] as const) {
    it(`${signal} with answers waiting: ${signal === 'SIGKILL' ? 'the database has none of them and their codes still work' : 'they are written before it exits'}`, { timeout: 60_000 }, async () => {
      await withTempDir(async (cwd) => {
        const codes = await create(cwd);
        const env: NodeJS.ProcessEnv = { ...process.env, OKNO_NOW: testNow };
        delete env.OKNO_DB;
        const child = spawn(process.execPath, [bin, 'survey', 'serve', '1', '--host', '127.0.0.1', '--port', '0'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        for (let i = 0; i < 400 && !/http:\/\/127\.0\.0\.1:\d+\//.test(stdout); i++) await new Promise((r) => setTimeout(r, 25));
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
        const [a, b] = people(codes);
        expect((await answer(url, a!)).status).toBe(200);
        expect((await answer(url, b!)).status).toBe(200);
        child.kill(signal);
        expect(await exited).toBe(code);
        const file = path.join(cwd, 'okno.duckdb');
        if (signal === 'SIGKILL') {
          expect(await stored(file)).toEqual({ respondents: [], answers: [], used: 0 });
          // The two codes that waited in the killed server were never spent: their holders can answer again.
          await writeFile(path.join(cwd, 'a.json'), JSON.stringify({ department: 'Отдел А', answers: { overall: 5, contact: 'СЭД', topics: ['Договоры'] } }));
          for (const c of [a!.code, b!.code]) expect((await okno(['survey', 'take', '1', '--code', c, '--answers', 'a.json'], { cwd })).code).toBe(0);
          expect((await stored(file)).used).toBe(2);
          // The killed server's mark names a process that is gone: closing the survey is not held up by it.
          expect(existsSync(`${file}.serving-1`)).toBe(true);
          expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
          expect(existsSync(`${file}.serving-1`)).toBe(false);
        } else {
          expect((await stored(file)).respondents).toEqual(['Отдел А', 'Отдел Б']);
          expect(stdout.trim().split('\n').at(-1)).toBe('Приём ответов остановлен. Записано в базу через сеть: 2.');
          expect(stderr).toBe('');
        }
      });
    });
  }

  const zbar = (() => {
    try {
      execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it('prints a QR code of the serve address on each slip, the code in the fragment', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      await create(cwd, { count: 1 });
      const r = await okno(['survey', 'codes', '1', '--count', '3', '--out', 'qr.html', '--address', 'http://10.20.30.40:8081', '--json'], { cwd });
      const { codes, address } = JSON.parse(r.stdout) as { codes: string[]; address: string };
      expect(address).toBe('http://10.20.30.40:8081/');
      const sheet = await readFile(path.join(cwd, 'qr.html'), 'utf8');
      const svgs = [...sheet.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
      expect(svgs).toHaveLength(3);
      expect(sheet.split('<b>http://10.20.30.40:8081/</b>')).toHaveLength(4);
      if (zbar) {
        // Decoded as a phone's camera would: drawn to a PNG, read by zbar.
        const { createCanvas, loadImage } = await import('@napi-rs/canvas');
        for (const [i, svg] of svgs.entries()) {
          const canvas = createCanvas(400, 400);
          canvas.getContext('2d').drawImage(await loadImage(Buffer.from(svg.replace('<svg ', '<svg width="400" height="400" '))), 0, 0, 400, 400);
          await writeFile(path.join(cwd, `qr${i}.png`), canvas.toBuffer('image/png'));
          const read = execFileSync('zbarimg', ['-q', '--raw', path.join(cwd, `qr${i}.png`)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
          expect(read).toBe(`http://10.20.30.40:8081/#code=${codes[i]!.replace('-', '')}`);
        }
      }
      const plain = await okno(['survey', 'codes', '1', '--count', '1', '--out', 'plain.html', '--no-qr', '--json'], { cwd });
      expect((JSON.parse(plain.stdout) as { address: null }).address).toBe(null);
      expect(await readFile(path.join(cwd, 'plain.html'), 'utf8')).not.toContain('<svg');
      const bad = await okno(['survey', 'codes', '1', '--count', '1', '--address', 'http://x/#y'], { cwd });
      expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, "Ошибка: у параметра '--address <url>' недопустимое значение 'http://x/#y': нужен адрес вида http://192.168.10.24:8080/ — без ?, # и имени пользователя."]);
    });
  });

  it("the page's script fills the code from the address's fragment and takes it out of the address bar", () => {
    const field = { value: '' };
    let focused = false;
    const replaced: unknown[][] = [];
    runInNewContext(formJs, {
      location: { hash: '#code=0196994313', pathname: '/' },
      history: { replaceState: (...args: unknown[]) => replaced.push(args) },
      document: { getElementById: (id: string) => (id === 'code' ? field : { focus: () => (focused = true) }) },
    });
    expect([field.value, focused, replaced]).toEqual(['0196994313', true, [[null, '', '/']]]);
  });
});
