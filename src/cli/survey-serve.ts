// `okno survey serve`: the survey as a web form on the office network. The form and the batching are
// src/surveys/web.ts; this file listens (node:http), reads bodies within the limit, prints the addresses and stops
// cleanly on Ctrl+C / SIGTERM or when the survey is closed. It prints nothing about any request.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/database.js';
import { ExitCode, UserError } from '../errors.js';
import type { SurveyWeb, WebResponse } from '../surveys/web.js';
import { surveyIdArgument, withDb } from './common.js';
import type { Deps, GlobalOptions } from './deps.js';

const portOption = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError('порт — целое число от 0 до 65535.');
  return n;
};

/** How often the survey is read again, to notice it was closed (`okno survey close`) or its departments changed. */
const REFRESH_MS = 60_000;

/**
 * While a survey is served, a file beside the database names the serving process (its pid, nothing else), so
 * that `okno survey close` and a second `serve` of the same survey refuse instead of losing the waiting batch.
 */
function servingMark(dbFile: string, id: number): string {
  return `${dbFile}.serving-${id}`;
}

/** The pid of a live `okno survey serve` of this survey, or null (a mark left by a killed one is removed). */
export function servingProcess(dbFile: string, id: number): number | null {
  const mark = servingMark(dbFile, id);
  let pid: number;
  try {
    pid = Number(readFileSync(mark, 'utf8').trim());
  } catch {
    return null;
  }
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return pid;
    } catch (error) {
      // EPERM: alive, another user's.
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return pid;
    }
  }
  rmSync(mark, { force: true });
  return null;
}

export function makeServe(deps: Deps): Command {
  return new Command('serve')
    .description('принимать ответы в сети организации: сотрудники отвечают в браузере с компьютера или телефона (до Ctrl+C)')
    .argument('<id>', 'номер опроса', surveyIdArgument)
    .option('--host <addr>', 'адрес, на котором ждать ответов (по умолчанию — все адреса этого компьютера)', '0.0.0.0')
    .option('--port <n>', 'порт', portOption, 8080)
    .option('--cert <file.pem>', 'сертификат для HTTPS (PEM; вместе с --key)')
    .option('--key <file.pem>', 'закрытый ключ сертификата (PEM)')
    .action(async (id: number, opts: { host: string; port: number; cert?: string; key?: string }, cmd: Command) => {
      if ((opts.cert === undefined) !== (opts.key === undefined)) {
        throw new UserError('--cert и --key указываются вместе.', { exitCode: ExitCode.usage });
      }
      const tls = opts.cert !== undefined ? await readTls(deps, opts.cert, opts.key!) : undefined;
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const [{ loadConfig }, { Db, databaseExists }, { getSurvey, requireOpen }, { SurveyWeb }] = await Promise.all([
        import('../config.js'),
        import('../db/database.js'),
        import('../surveys/store.js'),
        import('../surveys/web.js'),
      ]);
      const config = await loadConfig(undefined, deps.cwd);
      const file = path.resolve(deps.cwd, global.db);
      if (!databaseExists(file)) {
        throw new UserError(`База ${file} не найдена.`, { hint: 'Опрос создаётся командой okno survey create; или укажите базу через --db.' });
      }
      // Opened for each operation and closed at once, so other okno commands (status, a kiosk) can use the file;
      // not tied to the stop signal, so the answers waiting at Ctrl+C are still written.
      const useDb = <T>(write: boolean, fn: (db: Db) => Promise<T>): Promise<T> =>
        withDb(Db.open(file, { readOnly: !write, timeZone: config.timeZone, clock: deps.clock, waitIfBusy: {} }), fn);
      const survey = await useDb(false, (db) => getSurvey(db, id));
      requireOpen(survey, 'принимать ответы');
      const other = servingProcess(file, id);
      if (other !== null) {
        throw new UserError(`Опрос № ${id} уже принимает ответы в сети: okno survey serve, процесс ${other}.`, {
          hint: 'Второй приём того же опроса не нужен: дайте коллегам адрес первого.',
        });
      }

      const web = new SurveyWeb({
        survey,
        useDb,
        clock: deps.clock,
        hostNames: [hostname(), `${hostname()}.local`],
        onProblem: (message) => deps.output.error(message),
      });
      const serving = await startServing(deps, web, { host: opts.host, port: opts.port, tls, cert: opts.cert, key: opts.key });
      const mark = servingMark(file, id);
      writeFileSync(mark, `${process.pid}\n`);
      deps.output.print(servingBanner(survey, opts.host, serving.port, tls ? opts.cert! : null));

      const refresh = setInterval(() => void web.refresh().catch(() => undefined), REFRESH_MS);
      try {
        await new Promise<void>((resolve) => {
          if (deps.signal?.aborted) return resolve();
          deps.signal?.addEventListener('abort', () => resolve(), { once: true });
          web.onClosed(resolve);
        });
      } finally {
        clearInterval(refresh);
        await serving.close();
      }
      try {
        await finishServing(deps, web);
      } finally {
        rmSync(mark, { force: true });
      }
    });
}

/** The certificate and key files for HTTPS; a missing or unreadable file is the user's error. */
async function readTls(deps: Deps, cert: string, key: string): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (file: string) => {
    try {
      return await readFile(path.resolve(deps.cwd, file));
    } catch (error) {
      throw new UserError(`Файл ${file} не удаётся прочитать.`, { cause: error });
    }
  };
  return { cert: await read(cert), key: await read(key) };
}

/**
 * Listens for the survey's pages (HTTPS with tls): header, body and time limits set, nothing printed per request.
 * `close` finishes responses under way (the page that says the survey closed) and drops idle connections at once.
 */
export async function startServing(
  deps: Pick<Deps, 'output'>,
  web: SurveyWeb,
  opts: { host: string; port: number; tls?: { cert: Buffer; key: Buffer }; cert?: string; key?: string },
): Promise<{ port: number; close: () => Promise<void> }> {
  const { BODY_LIMIT } = await import('../surveys/web.js');
  const handler = (req: IncomingMessage, res: ServerResponse) => void respond(web, req, res, BODY_LIMIT, deps);
  let server: Server;
  try {
    server = opts.tls ? createTlsServer({ ...opts.tls, maxHeaderSize: 8 * 1024 }, handler) : createServer({ maxHeaderSize: 8 * 1024 }, handler);
  } catch (error) {
    throw new UserError(`Сертификат ${opts.cert} и ключ ${opts.key} не подходят для HTTPS: ${(error as Error).message}.`, { cause: error });
  }
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.maxHeadersCount = 60;
  const address = await listen(server, opts.host, opts.port);
  const close = () =>
    new Promise<void>((resolve) => {
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const late = setTimeout(() => server.closeAllConnections(), 2_000);
      server.close(() => (clearInterval(idle), clearTimeout(late), resolve()));
    });
  return { port: address.port, close };
}

/** What `okno survey serve` says once it listens: where, how safe the connection is, the batching, how to stop. */
export function servingBanner(survey: { id: number; title: string; minGroup: number }, host: string, port: number, cert: string | null): string {
  return (
    `Опрос № ${survey.id} «${survey.title}» принимает ответы в сети.\n` +
    `${addressLines(host, port, cert !== null ? 'https' : 'http')}\n` +
    (cert !== null
      ? `Соединение шифруется (HTTPS, сертификат ${cert}).\n`
      : 'Соединение не шифруется (HTTP): давайте адрес только во внутренней сети организации.\n') +
    `Ответы ждут в памяти и записываются в базу пачками не меньше чем по ${survey.minGroup} (порог группы опроса) в случайном порядке; ` +
    'журнал посещений не ведётся, адреса и время не сохраняются.\n' +
    'Остановить приём — Ctrl+C: ждущие ответы будут записаны. Закрыть опрос — после остановки: okno survey close ' + survey.id
  );
}

/** The end: the remainder written (or why not), and totals only. */
export async function finishServing(deps: Pick<Deps, 'output'>, web: SurveyWeb): Promise<void> {
  const closedMeanwhile = web.closed;
  let failure: unknown;
  if (!closedMeanwhile) await web.flush({ final: true }).catch((error: unknown) => (failure = error));
  const lines = [`Приём ответов остановлен. Записано в базу через сеть: ${web.stored}.`];
  if (web.refused > 0) {
    lines.push(`Не записано: ${web.refused} — их коды за это время использовали другим способом (терминал, файл ответов).`);
  }
  deps.output.print(lines.join('\n'));
  if (web.pending > 0 && closedMeanwhile) {
    throw new UserError(
      `Опрос закрыли раньше, чем записались ответы, ждавшие своей пачки (${web.pending}): они не записаны, их коды не израсходованы.`,
      { hint: 'В следующий раз остановите приём (Ctrl+C) до okno survey close: ждущие ответы запишутся.' },
    );
  }
  if (failure !== undefined) {
    throw new UserError(`Не удалось записать ответы, ждавшие своей пачки (${web.pending}): их коды не израсходованы, по ним можно ответить ещё раз.`, {
      cause: failure,
      hint: failure instanceof UserError ? failure.message : undefined,
    });
  }
  if (closedMeanwhile) deps.output.print('Опрос закрыт.');
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserError(`Порт ${port} занят другой программой.`, { hint: `Укажите другой: --port ${port === 8080 ? 8081 : 8080}.`, cause: error }));
      else if (error.code === 'EACCES') reject(new UserError(`Порт ${port} этой учётной записи недоступен.`, { hint: 'Укажите порт от 1024: --port 8080.', cause: error }));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new UserError(`У этого компьютера нет адреса ${host}.`, { hint: 'Без --host okno ждёт ответов на всех адресах компьютера.', exitCode: ExitCode.usage, cause: error }));
      } else reject(error);
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** What to give colleagues: every address of this computer on a network, or the one asked for. */
function addressLines(host: string, port: number, scheme: 'http' | 'https'): string {
  const everywhere = host === '0.0.0.0' || host === '::';
  const addresses = everywhere
    ? Object.values(networkInterfaces())
        .flat()
        .flatMap((a) => (a && a.family === 'IPv4' && !a.internal ? [a.address] : []))
    : [host];
  if (addresses.length === 0) {
    return `Адрес: ${scheme}://127.0.0.1:${port}/ — у компьютера сейчас нет сети, опрос открывается только на нём самом.`;
  }
  const url = (a: string) => `  ${scheme}://${a.includes(':') ? `[${a}]` : a}:${port}/`;
  const local = !everywhere && /^(127\.|localhost$|::1$)/.test(host);
  return local
    ? `Адрес (только с этого компьютера):\n${url(host)}`
    : `Адрес для сотрудников — с любого компьютера или телефона в сети организации:\n${addresses.map(url).join('\n')}`;
}

/** One request: the body read within the limit, the answer written; nothing printed, nothing kept about it. */
async function respond(web: SurveyWeb, req: IncomingMessage, res: ServerResponse, limit: number, deps: Pick<Deps, 'output'>): Promise<void> {
  const send = (response: WebResponse, close = false) => {
    if (res.headersSent) return;
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(response.body)), ...(close && { Connection: 'close' }) });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  };
  const tooLarge = async () => {
    const { messagePage, securityHeaders } = await pageParts();
    send({ status: 413, headers: { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8' }, body: messagePage('Опрос', 'Слишком длинный ответ', 'Сократите ответ и отправьте снова.') }, true);
    // The rest of the body is not read: the connection goes once the answer is out.
    res.once('finish', () => req.socket.destroy());
  };
  try {
    if (Number(req.headers['content-length'] ?? 0) > limit) return await tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) return await tooLarge();
      chunks.push(chunk);
    }
    const url = new URL(req.url ?? '/', 'http://okno.invalid');
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const response = await web.handle({
      method: req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'),
      path: url.pathname,
      headers: { host: header('host'), origin: header('origin'), 'content-type': header('content-type'), 'sec-fetch-site': header('sec-fetch-site') },
      body: Buffer.concat(chunks).toString('utf8'),
      client: req.socket.remoteAddress ?? '',
    });
    send(response);
  } catch {
    // Nothing of the request is printed: its answers or code must not reach a terminal or a log.
    deps.output.error('Непредвиденная ошибка при обработке ответа; ответ не принят (подробности не выводятся, чтобы не раскрыть ответ).');
    const { messagePage, securityHeaders } = await pageParts();
    send({ status: 500, headers: { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8' }, body: messagePage('Опрос', 'Ошибка', 'Ответ не принят, код не израсходован. Попробуйте ещё раз чуть позже.', true) }, true);
  }
}

async function pageParts() {
  const [{ messagePage }, { securityHeaders }] = await Promise.all([import('../render/survey-form.js'), import('../surveys/web.js')]);
  return { messagePage, securityHeaders };
}
