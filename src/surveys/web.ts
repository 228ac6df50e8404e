// The survey on the office network (`okno survey serve`): the web form as a function from a request to a response,
// and the batch of answers that waits in memory until it is large enough to reach the database.
//
// What it keeps, all in memory and none of it written or printed: form tokens and half-filled sheets (keyed by a
// random token in a hidden field, never a cookie), the sheets that wait for their batch with their codes (so a
// waiting code cannot be used again), and counts of wrong codes per client address and in total (for the attempt
// limits). No time, address or browser is stored with an answer or printed.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { SCALE_VALUES, TEXT_ANSWER_LIMIT, checkAnswers, isAsked, readCode, textAnswer, type AnswerSheet, type Question } from './model.js';
import { checkCode, codeMessage, getSurvey, settleAnswers, storeCodedSheets, type CodedSheet, type Survey } from './store.js';
import { departmentPage, formCss, formJs, messagePage, questionPage, reviewPage, startPage, thanksPage, type ReviewItem } from '../render/survey-form.js';

export interface WebRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  headers: { host?: string; origin?: string; 'content-type'?: string; 'sec-fetch-site'?: string };
  body: string;
  /** The client's address: used only to count its wrong codes, in memory, and never stored or printed. */
  client: string;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Attempt limits for codes: wrong (unknown or used) codes per client address and in total, per window. */
export const CODE_ATTEMPTS = { perClient: 10, total: 50, windowMinutes: 15 } as const;
/** The largest request body read, in bytes: a page with the longest free-text answer fits several times. */
export const BODY_LIMIT = 64 * 1024;
/** A form or a half-filled sheet untouched for this long is forgotten (its code was not spent). */
export const IDLE_HOURS = 3;
const MAX_FORMS = 10_000;
const MAX_DRAFTS = 5_000;

/**
 * Every response: no script or style but okno's own files, no framing, no referrer, nothing cached (a shared
 * computer's browser cache must not keep a person's answers).
 */
export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface SurveyWebOptions {
  survey: Survey;
  /** Runs fn on the database opened for this one operation (write: storing a batch). Called one at a time. */
  useDb: <T>(write: boolean, fn: (db: Db) => Promise<T>) => Promise<T>;
  clock: () => Date;
  /** Names the Host header may carry besides IP addresses and localhost (the computer's name). */
  hostNames?: string[];
  /** A batch could not be stored (it stays waiting): the reason, in Russian, with nothing of the answers. */
  onProblem?: (message: string) => void;
}

interface Draft {
  digits: string;
  department: string;
  sheet: AnswerSheet;
  /** The person has seen the review: «Далее» after a change goes back to it. */
  reviewed: boolean;
  touched: number;
}

interface Waiting extends CodedSheet {
  digits: string;
}

export class SurveyWeb {
  private survey: Survey;
  private readonly forms = new Map<string, number>();
  private readonly drafts = new Map<string, Draft>();
  private readonly waiting: Waiting[] = [];
  /** Codes of waiting sheets (and of a sheet being checked at sending): not usable again. */
  private readonly reserved = new Set<string>();
  private readonly failures = new Map<string, { count: number; since: number }>();
  private totalFailures = { count: 0, since: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  private readonly closedListeners: (() => void)[] = [];
  /** Sheets stored by this server, and sheets refused when their batch was stored (code spent elsewhere meanwhile). */
  stored = 0;
  refused = 0;

  constructor(private readonly options: SurveyWebOptions) {
    this.survey = options.survey;
  }

  /** Sheets waiting in memory for their batch. */
  get pending(): number {
    return this.waiting.length;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Calls fn once the survey is found closed (by `okno survey close` elsewhere). */
  onClosed(fn: () => void): void {
    if (this.isClosed) fn();
    else this.closedListeners.push(fn);
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const fn of this.closedListeners.splice(0)) fn();
  }

  /**
   * One database operation at a time: the process never opens the file twice at once. Reads that queue up while
   * the file is in use (many people checking codes at once) share the next opening, so a crowd waits for one
   * opening, not one each.
   */
  private db<T>(write: boolean, fn: (db: Db) => Promise<T>): Promise<T> {
    if (!write) {
      return new Promise<T>((resolve, reject) => {
        this.reads.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (this.readsScheduled) return;
        this.readsScheduled = true;
        this.queue = this.queue.then(() => this.runReads());
      });
    }
    const next = this.queue.then(() => this.options.useDb(true, fn));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private readonly reads: { fn: (db: Db) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  private readsScheduled = false;

  private async runReads(): Promise<void> {
    this.readsScheduled = false;
    const batch = this.reads.splice(0);
    try {
      await this.options.useDb(false, async (db) => {
        for (const r of batch) {
          try {
            r.resolve(await r.fn(db));
          } catch (error) {
            r.reject(error);
          }
        }
      });
    } catch (error) {
      // The opening failed (or the closing): whoever is still waiting hears why; a promise settled already ignores it.
      for (const r of batch) r.reject(error);
    }
  }

  /** Reads the survey again (its state, its department list); the CLI calls it now and then. */
  async refresh(): Promise<void> {
    const survey = await this.db(false, (db) => getSurvey(db, this.survey.id));
    this.survey = survey;
    if (survey.state !== 'open') this.markClosed();
  }

  /**
   * Stores every waiting sheet now, however few (`final`: at the stop). Returns how many were stored; sheets that cannot be
   * stored stay waiting (a closed survey: they are given up, their codes unspent).
   */
  async flush(options: { final?: boolean } = {}): Promise<number> {
    if (this.waiting.length === 0 || this.isClosed) return 0;
    const batch = this.waiting.splice(0);
    let result: { stored: number; refused: number } | null;
    try {
      result = await this.db(true, async (db) => {
        const current = await getSurvey(db, this.survey.id);
        if (current.state !== 'open') return null;
        const done = await storeCodedSheets(db, current, batch);
        await settleAnswers(db);
        return done;
      });
    } catch (error) {
      this.waiting.unshift(...batch);
      const reason = error instanceof UserError ? error.message.replace(/\.$/, '') : 'непредвиденная ошибка базы';
      // At the stop there is no next try: the caller says what is lost.
      if (!options.final) this.options.onProblem?.(`Не удалось записать ответы в базу (${reason}). Они ждут в памяти; следующая попытка — со следующим ответом или при остановке.`);
      throw error;
    }
    if (result === null) {
      // Closed by someone else meanwhile: these sheets can no longer be stored; their codes stay unspent.
      this.waiting.unshift(...batch);
      this.markClosed();
      return 0;
    }
    for (const w of batch) this.reserved.delete(w.digits);
    this.stored += result.stored;
    this.refused += result.refused;
    return result.stored;
  }

  async handle(request: WebRequest): Promise<WebResponse> {
    const now = this.options.clock().getTime();
    this.sweep(now);
    if (!this.hostAllowed(request.headers.host)) return this.message(421, 'Неверный адрес', 'Откройте адрес, который выдал организатор опроса.');
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /okno.css') return { status: 200, headers: { ...securityHeaders, 'Content-Type': 'text/css; charset=utf-8' }, body: formCss };
    if (route === 'GET /okno.js') return { status: 200, headers: { ...securityHeaders, 'Content-Type': 'text/javascript; charset=utf-8' }, body: formJs };
    if (request.method !== 'GET' && request.method !== 'POST') {
      return { ...this.message(405, 'Так нельзя', 'Страница принимает только обычные запросы формы.'), headers: { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8', Allow: 'GET, POST' } };
    }
    if (this.isClosed) return this.message(410, 'Опрос закрыт', 'Ответы больше не принимаются. Спасибо всем, кто ответил.');
    if (route === 'GET /') return this.html(200, startPage(this.survey, this.newForm(now)));
    if (request.method === 'GET' || !['/start', '/step', '/edit', '/department', '/submit'].includes(request.path)) {
      return this.message(404, 'Страница не найдена', 'Такой страницы нет.', true);
    }
    if (!this.sameOrigin(request)) return this.message(403, 'Запрос отклонён', 'Ответы принимаются только со страницы опроса.', true);
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      return this.message(415, 'Запрос отклонён', 'Ответы принимаются только со страницы опроса.', true);
    }
    if (Buffer.byteLength(request.body) > BODY_LIMIT) return this.message(413, 'Слишком длинный ответ', 'Сократите ответ и отправьте снова.', true);
    const form = new URLSearchParams(request.body);
    const token = form.get('token') ?? '';
    if (request.path === '/start') return this.start(form, token, request.client, now);
    const draft = this.drafts.get(token);
    if (!draft) return this.expired();
    draft.touched = now;
    switch (request.path) {
      case '/step':
        return this.step(form, token, draft);
      case '/edit':
        return this.edit(form, token, draft);
      case '/department':
        return this.department(form, token, draft);
      default:
        return this.submit(token, draft);
    }
  }

  // ---- pages ------------------------------------------------------------------------------------------------

  private async start(form: URLSearchParams, token: string, client: string, now: number): Promise<WebResponse> {
    if (!this.forms.delete(token)) return this.expired();
    const department = form.get('department') ?? '';
    const again = (status: number, problem: string) => this.html(status, startPage(this.survey, this.newForm(now), { problem, department }));
    const limited = this.limited(client);
    if (limited) return this.message(429, 'Слишком много неверных кодов', limited);
    const read = readCode(form.get('code') ?? '');
    if ('problem' in read) return again(400, `Код не подошёл: ${read.problem}`);
    if (!this.survey.departments.includes(department)) return again(400, 'Выберите свой отдел из списка.');
    let state: 'ok' | 'used' | 'unknown';
    if (this.reserved.has(read.digits)) state = 'used';
    else {
      const found = await this.db(false, async (db) => {
        this.survey = await getSurvey(db, this.survey.id);
        return this.survey.state === 'open' ? checkCode(db, this.survey.id, read.digits) : null;
      });
      if (found === null) {
        this.markClosed();
        return this.message(410, 'Опрос закрыт', 'Ответы больше не принимаются. Спасибо всем, кто ответил.');
      }
      state = typeof found === 'string' ? found : 'unknown';
    }
    if (state !== 'ok') {
      this.fail(client, now);
      return again(400, `Код не подошёл: ${codeMessage(state)}`);
    }
    if (!this.survey.departments.includes(department)) return again(400, 'Выберите свой отдел из списка.');
    const draftToken = newToken();
    this.drafts.set(draftToken, { digits: read.digits, department, sheet: {}, reviewed: false, touched: now });
    evictOldest(this.drafts, MAX_DRAFTS);
    const first = this.asked({})[0]!;
    return this.questionAt(draftToken, this.drafts.get(draftToken)!, first);
  }

  private step(form: URLSearchParams, token: string, draft: Draft): WebResponse {
    const asked = this.asked(draft.sheet);
    const question = asked.find((q) => q.id === form.get('question'));
    if (!question) return this.questionAt(token, draft, asked[0]!);
    const back = form.get('go') === 'back';
    const values = form.getAll('answer');
    const read = readAnswer(question, values);
    if ('problem' in read && !back) return this.questionAt(token, draft, question, read.problem, values);
    if ('problem' in read || read.value === null) delete draft.sheet[question.id];
    else draft.sheet[question.id] = read.value;
    if (!back && question.required && draft.sheet[question.id] === undefined) {
      return this.questionAt(token, draft, question, question.kind === 'text' ? 'Напишите ответ, чтобы продолжить.' : 'Выберите ответ, чтобы продолжить.');
    }
    const now = this.asked(draft.sheet);
    const at = now.findIndex((q) => q.id === question.id);
    if (back) return at > 0 ? this.questionAt(token, draft, now[at - 1]!) : this.html(200, departmentPage(this.survey, token, draft.department, { reviewed: draft.reviewed }));
    const rest = now.slice(at + 1);
    // After the review, «Далее» returns to it, unless a change brought in a question not yet answered.
    const next = draft.reviewed ? rest.find((q) => q.required && draft.sheet[q.id] === undefined) : rest[0];
    return next ? this.questionAt(token, draft, next) : this.review(token, draft);
  }

  private edit(form: URLSearchParams, token: string, draft: Draft): WebResponse {
    const id = form.get('question') ?? '';
    if (id === '') return this.html(200, departmentPage(this.survey, token, draft.department, { reviewed: draft.reviewed }));
    const question = this.asked(draft.sheet).find((q) => q.id === id);
    return question ? this.questionAt(token, draft, question) : this.review(token, draft);
  }

  private department(form: URLSearchParams, token: string, draft: Draft): WebResponse {
    const department = form.get('department') ?? '';
    if (!this.survey.departments.includes(department)) {
      return this.html(400, departmentPage(this.survey, token, draft.department, { problem: 'Выберите свой отдел из списка.', reviewed: draft.reviewed }));
    }
    draft.department = department;
    // From the first question's «Назад» before the review, on to the questions again.
    if (!draft.reviewed) return this.questionAt(token, draft, this.asked(draft.sheet)[0]!);
    return this.review(token, draft);
  }

  private async submit(token: string, draft: Draft): Promise<WebResponse> {
    const raw: Record<string, unknown> = {};
    const asked = this.asked(draft.sheet);
    for (const q of asked) if (draft.sheet[q.id] !== undefined) raw[q.id] = draft.sheet[q.id];
    const checked = checkAnswers(this.survey.questions, raw);
    if ('problems' in checked) {
      const missing = asked.flatMap((q, i) => (q.required && raw[q.id] === undefined ? [String(i + 1)] : []));
      const problem = missing.length > 0 ? `Нет ответа на обязательные вопросы: ${missing.join(', ')}.` : 'Некоторые ответы не подходят к вопросам: проверьте их.';
      return this.review(token, draft, problem);
    }
    if (this.reserved.has(draft.digits)) {
      this.drafts.delete(token);
      return this.message(409, 'Ответ не принят', `Ответ не принят: ${codeMessage('used')}`, true);
    }
    // Reserved before the database is asked, so the same code sent twice at once admits one sheet.
    this.reserved.add(draft.digits);
    let state: Awaited<ReturnType<typeof checkCode>> | null;
    try {
      state = await this.db(false, async (db) => ((await getSurvey(db, this.survey.id)).state === 'open' ? checkCode(db, this.survey.id, draft.digits) : null));
    } catch (error) {
      this.reserved.delete(draft.digits);
      throw error;
    }
    if (state !== 'ok') {
      this.reserved.delete(draft.digits);
      this.drafts.delete(token);
      if (state === null) {
        this.markClosed();
        return this.message(410, 'Опрос закрыт', 'Ответы больше не принимаются; ваш ответ не записан.');
      }
      return this.message(409, 'Ответ не принят', `Ответ не принят: ${typeof state === 'string' ? codeMessage(state) : state.problem}`, true);
    }
    this.drafts.delete(token);
    this.waiting.push({ code: draft.digits, digits: draft.digits, department: draft.department, answers: checked.answers });
    if (this.waiting.length >= this.survey.minGroup) {
      // A failure is reported through onProblem; the sheet waits for the next try, and the person's answer is taken.
      await this.flush().catch(() => undefined);
    }
    return this.html(200, thanksPage(this.survey));
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  /** The questions asked given the answers so far, in order. */
  private asked(sheet: AnswerSheet): Question[] {
    const given: AnswerSheet = {};
    const asked: Question[] = [];
    for (const q of this.survey.questions) {
      if (!isAsked(q, given)) continue;
      asked.push(q);
      if (sheet[q.id] !== undefined) given[q.id] = sheet[q.id]!;
    }
    return asked;
  }

  private questionAt(token: string, draft: Draft, question: Question, problem?: string, typed?: string[]): WebResponse {
    const asked = this.asked(draft.sheet);
    const given = draft.sheet[question.id];
    const answer = typed ?? (given === undefined ? [] : Array.isArray(given) ? given : [given]);
    const view = { question, number: asked.findIndex((q) => q.id === question.id) + 1, total: asked.length, answer };
    return this.html(problem ? 400 : 200, questionPage(this.survey, token, view, { problem, limit: TEXT_ANSWER_LIMIT }));
  }

  private review(token: string, draft: Draft, problem?: string): WebResponse {
    draft.reviewed = true;
    const items: ReviewItem[] = this.asked(draft.sheet).map((question, i) => {
      const given = draft.sheet[question.id];
      return { question, number: i + 1, answer: given === undefined ? [] : Array.isArray(given) ? given : [given] };
    });
    return this.html(problem ? 400 : 200, reviewPage(this.survey, token, draft.department, items, { problem }));
  }

  private html(status: number, body: string): WebResponse {
    return { status, headers: { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8' }, body };
  }

  private message(status: number, heading: string, text: string, again = false): WebResponse {
    return this.html(status, messagePage(this.survey.title, heading, text, again));
  }

  private expired(): WebResponse {
    return this.message(400, 'Страница устарела', 'Форма устарела или уже отправлена. Начните сначала: ответы с этой страницы не сохранены, код не израсходован.', true);
  }

  private newForm(now: number): string {
    const token = newToken();
    this.forms.set(token, now);
    evictOldest(this.forms, MAX_FORMS);
    return token;
  }

  /** Forgets forms and half-filled sheets left idle, and attempt counts of past windows. */
  private sweep(now: number): void {
    const idle = now - IDLE_HOURS * 3_600_000;
    for (const [token, issued] of this.forms) if (issued < idle) this.forms.delete(token);
    for (const [token, draft] of this.drafts) if (draft.touched < idle) this.drafts.delete(token);
    const window = now - CODE_ATTEMPTS.windowMinutes * 60_000;
    for (const [client, f] of this.failures) if (f.since < window) this.failures.delete(client);
    if (this.totalFailures.since < window) this.totalFailures = { count: 0, since: now };
  }

  /** Why codes are not checked now (too many wrong ones), or null. */
  private limited(client: string): string | null {
    const minutes = CODE_ATTEMPTS.windowMinutes;
    if ((this.failures.get(client)?.count ?? 0) >= CODE_ATTEMPTS.perClient) {
      return `С этого устройства введено слишком много неверных кодов. Попробуйте снова через ${minutes} минут или обратитесь к тому, кто проводит опрос.`;
    }
    if (this.totalFailures.count >= CODE_ATTEMPTS.total) {
      return `За последние минуты введено слишком много неверных кодов, и проверка кодов приостановлена. Попробуйте снова через ${minutes} минут.`;
    }
    return null;
  }

  private fail(client: string, now: number): void {
    const f = this.failures.get(client);
    if (f) f.count++;
    else this.failures.set(client, { count: 1, since: now });
    if (this.totalFailures.count === 0) this.totalFailures.since = now;
    this.totalFailures.count++;
  }

  /** The Host header names this server: an IP address, localhost, or the computer's name (not a stranger's domain). */
  private hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const name = host.replace(/:\d+$/, '').toLowerCase();
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name) || name === 'localhost') return true;
    return (this.options.hostNames ?? []).some((n) => n.toLowerCase() === name);
  }

  /** A form sent from this server's own page: no other site's page may post to it (with the token, the CSRF defence). */
  private sameOrigin(request: WebRequest): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return false;
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    // Under this site's Referrer-Policy: no-referrer, browsers send a form's post with `Origin: null` (the Fetch
    // standard); taken only when Sec-Fetch-Site, which a page cannot forge, says the post is this site's own (or a
    // browser too old to send it: the form token remains the defence).
    if (origin === 'null') return request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin';
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
}

/** An answer as a form sent it: the value as the sheet keeps it (null for none), or what is wrong, in Russian. */
function readAnswer(question: Question, values: string[]): { value: string | string[] | null } | { problem: string } {
  const given = values.filter((v) => (question.kind === 'text' ? v.trim() !== '' : v !== ''));
  if (given.length === 0) return { value: null };
  if (question.kind === 'text') {
    if (given.length > 1) return { problem: 'Нужен один ответ.' };
    const text = textAnswer(given[0]!);
    if (text.length > TEXT_ANSWER_LIMIT) return { problem: `Не длиннее ${TEXT_ANSWER_LIMIT} знаков, а здесь ${text.length}: сократите ответ.` };
    return { value: text };
  }
  if (question.kind !== 'multiple' && given.length > 1) return { problem: 'Выберите один вариант.' };
  const allowed: readonly string[] = question.kind === 'scale' ? SCALE_VALUES : question.options!;
  if (given.some((v) => !allowed.includes(v))) return { problem: 'Такого варианта в вопросе нет.' };
  return { value: question.kind === 'multiple' ? question.options!.filter((o) => given.includes(o)) : given[0]! };
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as K);
}

