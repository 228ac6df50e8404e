// A person answering `okno survey serve` through HTTP, as a browser without JavaScript would: GET the form, POST
// each page with the token it carries. Shared by the serve tests.
import { Db } from '../../src/db/database.js';
import { run } from '../../src/cli/main.js';
import type { Deps } from '../../src/cli/deps.js';
import { testClock } from '../helpers.js';
import { bin } from './cli.js';

export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

export function tokenOf(html: string): string {
  const m = /name="token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no token on the page:\n${html}`);
  return m[1]!;
}

/** The visible text of the page's alert, the heading and the progress line, for exact assertions. */
export function said(html: string): string[] {
  return [...html.matchAll(/<(h1|h2[^>]*|p class="problem"[^>]*|p class="progress"|legend|label for="answer")>([^<]*)</g)].map((m) => m[2]!);
}

export async function get(url: string, path = '/'): Promise<Page> {
  const r = await fetch(new URL(path, url));
  return { status: r.status, html: await r.text(), headers: r.headers };
}

export async function post(url: string, path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Page> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const r = await fetch(new URL(path, url), { method: 'POST', body, headers, redirect: 'manual' });
  return { status: r.status, html: await r.text(), headers: r.headers };
}

/** Answers to the survey in fixtures/surveys/custom-legal-department.json, as a person would click them. */
export interface Person {
  code: string;
  department: string;
  overall: string;
  contact: string;
  topics: string[];
  speed?: string;
  improve?: string;
}

/** Goes through every page up to the review; returns the review page and the sheet's token. */
export async function fillIn(url: string, p: Person): Promise<{ token: string; review: Page }> {
  const start = await get(url);
  let page = await post(url, '/start', { token: tokenOf(start.html), code: p.code, department: p.department });
  if (page.status !== 200) throw new Error(`start refused: ${said(page.html).join(' | ')}`);
  const token = tokenOf(page.html);
  const answers: [string, string | string[]][] = [
    ['overall', p.overall],
    ['contact', p.contact],
    ['topics', p.topics],
    ['speed', p.speed ?? ''],
    ['improve', p.improve ?? ''],
  ];
  for (const [question, answer] of answers) {
    page = await post(url, '/step', { token, question, answer, go: 'next' });
    if (page.status !== 200) throw new Error(`step ${question} refused: ${said(page.html).join(' | ')}`);
  }
  return { token, review: page };
}

export async function answer(url: string, p: Person): Promise<Page> {
  const { token } = await fillIn(url, p);
  return post(url, '/submit', { token });
}

export interface Serving {
  url: string;
  out: string[];
  err: string[];
  /** Ctrl+C: the command's exit code once it has finished. */
  stop: () => Promise<number>;
  /** The command's exit code when it ends by itself. */
  ended: Promise<number>;
}

/** `okno survey serve <id>` in this process on a free loopback port, stopped by its `stop` signal. */
export async function serve(cwd: string, id: number, clock = testClock, extra: string[] = []): Promise<Serving> {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  const deps: Deps = {
    output: { print: (t) => out.push(t), json: (v) => out.push(JSON.stringify(v)), error: (t) => err.push(t), progress: () => ({ update() {}, done() {} }) },
    clock,
    cwd,
    env: {},
    interactive: false,
    signal: stop.signal,
  };
  const exitCode = process.exitCode;
  const ended = run([process.execPath, bin, 'survey', 'serve', String(id), '--host', '127.0.0.1', '--port', '0', ...extra], deps).finally(() => {
    process.exitCode = exitCode;
  });
  for (let i = 0; i < 200 && !/https?:\/\//.test(out.join('\n')); i++) await new Promise((r) => setTimeout(r, 25));
  const m = /https?:\/\/127\.0\.0\.1:(\d+)\//.exec(out.join('\n'));
  if (!m) throw new Error(`serve did not start: ${out.join('\n')} ${err.join('\n')} ${await Promise.race([ended, Promise.resolve('running')])}`);
  return { url: m[0], out, err, ended, stop: () => (stop.abort(), ended) };
}

/** What the database file holds of the survey's answers, read as an administrator would. */
export async function stored(file: string): Promise<{ respondents: string[]; answers: string[]; used: number }> {
  const db = await Db.open(file, { clock: testClock, readOnly: true });
  try {
    const respondents = await db.query<{ d: string }>('select department as d from survey_respondents');
    const answers = await db.query<{ a: string }>("select department || ' ' || question_id || ' ' || array_to_string(answer, '+') as a from survey_answers");
    const used = await db.query<{ n: number }>('select count(*)::integer as n from survey_codes where used');
    return { respondents: respondents.map((r) => r.d), answers: answers.map((r) => r.a), used: used[0]!.n };
  } finally {
    db.close();
  }
}
