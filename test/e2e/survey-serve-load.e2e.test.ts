// Issue 19, «tested as people use it»: 200 people answering `okno survey serve` at the same moment over loopback,
// through the plain HTTP client (survey-serve-client.ts), each page as a browser without JavaScript sends it. Bounded
// in count (200 people, 40 of them with a twin holding the same slip) and in time (120 s on this loaded machine).
// Asserted exactly: every sheet stored once, none lost; every code spent once; a second use of a code refused,
// both at the same moment (the twins) and afterwards. The request times are printed, never asserted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from './cli.js';
import { get, post, said, serve, stored, tokenOf, type Page } from './survey-serve-client.js';

const PEOPLE = 200;
const TWINS = 40;
const MIN_GROUP = 5;
const LIMIT_MS = 120_000;

describe('okno survey serve under load', () => {
  it(`${PEOPLE} people at once: every sheet stored once, every code spent once, a second use refused`, { timeout: LIMIT_MS + 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const created = await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б', '--min-group', String(MIN_GROUP)], { cwd });
      expect(created.code).toBe(0);
      const issued = await okno(['survey', 'codes', '1', '--count', String(PEOPLE), '--out', 'codes.txt', '--json'], { cwd });
      const codes = (JSON.parse(issued.stdout) as { codes: string[] }).codes;
      const s = await serve(cwd, 1);

      const times: number[] = [];
      const timed = async (request: () => Promise<Page>): Promise<Page> => {
        const t = performance.now();
        const page = await request();
        times.push(performance.now() - t);
        return page;
      };
      /** Up to the review: the code page, then the five questions; the comment says whose sheet it is. */
      const fillIn = async (code: string, i: number, comment: string): Promise<string> => {
        const start = await timed(() => get(s.url));
        let page = await timed(() => post(s.url, '/start', { token: tokenOf(start.html), code, department: i % 3 ? 'Отдел А' : 'Отдел Б' }));
        if (page.status !== 200) throw new Error(`person ${i}: ${said(page.html).join(' | ')}`);
        const token = tokenOf(page.html);
        const steps: [string, string | string[]][] = [['overall', String((i % 5) + 1)], ['contact', 'СЭД'], ['topics', ['Договоры']], ['speed', ''], ['improve', comment]];
        for (const [question, answer] of steps) {
          page = await timed(() => post(s.url, '/step', { token, question, answer, go: 'next' }));
          if (page.status !== 200) throw new Error(`person ${i}, ${question}: ${said(page.html).join(' | ')}`);
        }
        return token;
      };
      const send = async (token: string) => (await timed(() => post(s.url, '/submit', { token }))).status;
      const person = async (code: string, i: number): Promise<number[]> => {
        if (i >= TWINS) return [await send(await fillIn(code, i, `ответ-${i}`))];
        // Two people with the same slip fill in together and press «Отправить» at the same moment.
        const tokens = await Promise.all([fillIn(code, i, `ответ-${i}`), fillIn(code, i, `близнец-${i}`)]);
        return Promise.all(tokens.map(send));
      };

      const began = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const statuses = (
        await Promise.race([
          Promise.all(codes.map(person)),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${PEOPLE} people took over ${LIMIT_MS / 1000} s`)), LIMIT_MS))),
        ]).finally(() => clearTimeout(timer))
      ).flat();
      const wall = performance.now() - began;

      expect(statuses).toHaveLength(PEOPLE + TWINS);
      expect(statuses.filter((x) => x === 200)).toHaveLength(PEOPLE);
      expect(statuses.filter((x) => x === 409)).toHaveLength(TWINS);
      // 200 sheets make 40 whole batches of 5: all in the file before the stop.
      const file = path.join(cwd, 'okno.duckdb');
      const before = await stored(file);
      expect([before.respondents.length, before.used]).toEqual([PEOPLE, PEOPLE]);
      // Later, the same slips again: refused (9 of them; the 10th wrong code from one address would pause checking).
      for (const code of codes.slice(0, 9)) {
        const start = await get(s.url);
        const again = await post(s.url, '/start', { token: tokenOf(start.html), code, department: 'Отдел А' });
        expect([again.status, said(again.html)[1]]).toEqual([400, 'Код не подошёл: этот код уже использован: по одному коду отвечают один раз.']);
      }
      expect(await s.stop()).toBe(0);
      expect(s.out.slice(1)).toEqual([`Приём ответов остановлен. Записано в базу через сеть: ${PEOPLE}.`]);
      expect(s.err).toEqual([]);

      const after = await stored(file);
      expect([after.respondents.length, after.used]).toEqual([PEOPLE, PEOPLE]);
      // Each person's comment once; of each pair of twins exactly one.
      const comments = after.answers.filter((a) => / improve /.test(a)).map((a) => a.split(' improve ')[1]!);
      expect(comments).toHaveLength(PEOPLE);
      for (let i = 0; i < PEOPLE; i++) {
        const found = comments.filter((c) => c === `ответ-${i}` || c === `близнец-${i}`);
        expect(found, `person ${i}`).toHaveLength(1);
        if (i >= TWINS) expect(found).toEqual([`ответ-${i}`]);
      }
      // 4 answers a sheet (speed skipped): overall, contact, topics, improve.
      expect(after.answers).toHaveLength(PEOPLE * 4);

      const sorted = [...times].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      console.log(
        `survey serve load: ${PEOPLE} people (+${TWINS} twins), ${times.length} requests in ${(wall / 1000).toFixed(1)} s; ` +
          `median ${at(0.5).toFixed(0)} ms, 95th percentile ${at(0.95).toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms`,
      );
      expect(wall).toBeLessThan(LIMIT_MS);
    });
  });
});
