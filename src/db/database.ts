import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { Aborted, ExitCode, UserError, abortedBy, errorMessage, throwIfAborted } from '../errors.js';
import { duckdb } from './duckdb.js';
import { migrate008 } from './migrate-008.js';
import { migrations, sqlText, type Migration } from './sql.js';
import { storageError } from './storage-error.js';

/** Migrations whose data step needs code (table names read from the database), run after their SQL. */
const dataSteps: Record<number, (db: Db) => Promise<void>> = { 8: migrate008 };

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  /** Open without taking the write lock; temp tables still work. */
  readOnly?: boolean;
  /** Session time zone (IANA name) for date arithmetic in SQL. */
  timeZone?: string;
  /** The schema migrations to apply (tests pass their own list). */
  migrations?: Migration[];
  /**
   * The command's clock: every time okno stores (loads, issues, reviews, calendars, migrations) comes from it,
   * never from DuckDB's `now()`, so tests pin it and no figure depends on the machine's clock.
   */
  clock: () => Date;
  /**
   * Ctrl+C or SIGTERM (src/cli/main.ts): when it fires, the running statement is interrupted and every later
   * one, but `drop …` (cleanup in `finally` blocks), throws Aborted; a transaction under way rolls back.
   */
  signal?: AbortSignal;
  /**
   * Another okno holding the file (a second survey kiosk) is waited for, up to `seconds` (default 30) of real time,
   * instead of failing at once with «База … занята»; `onWait` is called once when the wait begins, so the CLI can
   * say so. A stop request (signal) ends the wait.
   */
  waitIfBusy?: { onWait?: () => void; seconds?: number };
}

/**
 * One okno database: a DuckDB instance with one connection, the schema at the current version.
 * Every statement run through `run`/`all` comes from a file in queries/ (see STYLE: SQL lives there).
 */
export class Db {
  private inTransaction = false;
  /** Inside `finishing`: a stop request waits (no interrupt, no Aborted) until the work it shields is done. */
  private finishingDepth = 0;
  private readonly stopListener = () => this.interrupt();

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly clock: () => Date,
    readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.stopListener, { once: true });
  }

  static async open(file: string, options: OpenOptions): Promise<Db> {
    const { DuckDBInstance } = duckdb();
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    const instance = await createInstance(() => DuckDBInstance.create(file, config), file, options);
    const db = new Db(file, instance, await instance.connect(), options.clock, options.signal);
    try {
      await db.setTimeZone(options.timeZone ?? 'Europe/Moscow');
      if (!(await db.migrate(options.migrations ?? migrations(), options.readOnly === true, options.migrations === undefined))) {
        // A read-only open of a database made by an older okno: upgrade it once (a schema change, not data),
        // then open it read-only as asked.
        db.close();
        (await Db.open(file, { ...options, readOnly: false })).close();
        return Db.open(file, options);
      }
      await db.connection.run(sqlText('macros'));
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /** The session time zone: local times are read, and months cut, in it. The name is checked by the config. */
  async setTimeZone(timeZone: string): Promise<void> {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) throw new Error(`not a time zone name: ${timeZone}`);
    await this.exec(`SET TimeZone = '${timeZone}'`);
  }

  /** Now, by the command's clock, as ISO 8601 text for a `$now::timestamptz` parameter. */
  now(): string {
    return this.clock().toISOString();
  }

  /** Runs a named query (queries/<name>.sql) with $name parameters. */
  async run(name: string, params?: Params): Promise<void> {
    await this.exec(sqlText(name), params, name);
  }

  /** Runs a named query and returns its rows as plain JS objects. */
  async all<T = Row>(name: string, params?: Params): Promise<T[]> {
    return this.query<T>(sqlText(name), params, name);
  }

  async one<T = Row>(name: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(name, params))[0];
  }

  /**
   * Writes the rows of a named query (queries/<name>.sql, one `select`) to `file` with DuckDB's COPY: Parquet, or
   * CSV with a header row (UTF-8, no BOM, «,», fields quoted with «"» when needed, LF line ends on every system).
   * Returns the number of rows. COPY takes no parameter for its target, so the path (one okno chose) is quoted as a
   * string literal.
   */
  /** The number of rows a named query (queries/<name>.sql, one `select`) returns, counted by DuckDB. */
  async count(name: string, params?: Params): Promise<number> {
    const [row] = await this.query<{ n: number }>(`select count(*)::integer as n from (\n${sqlText(name).replace(/;\s*$/, '')}\n)`, params, name);
    return row!.n;
  }

  async copyTo(name: string, file: string, format: 'parquet' | 'csv'): Promise<number> {
    const { quotedString } = duckdb();
    const options = format === 'parquet' ? 'format parquet' : "format csv, header true, delimiter ',', quote '\"', escape '\"', new_line '\\n'";
    const [row] = await this.query<{ Count: number }>(`copy (\n${sqlText(name).replace(/;\s*$/, '')}\n) to ${quotedString(file)} (${options})`, undefined, name);
    return Number(row?.Count ?? 0);
  }

  /** SQL built in code from identifiers only (never values); keep such places few. */
  async exec(sql: string, params?: Params, label = 'sql'): Promise<void> {
    const cleanup = isCleanup(sql);
    if (!cleanup && this.stopped()) throwIfAborted(this.signal);
    try {
      await this.connection.run(sql, params);
    } catch (error) {
      throw this.failure(error, label);
    }
    // A stop that came while the statement was being dispatched may have missed it: stop now, before the next.
    if (!cleanup && label !== commitLabel && this.stopped()) throwIfAborted(this.signal);
  }

  async query<T = Row>(sql: string, params?: Params, label = 'sql'): Promise<T[]> {
    if (this.stopped()) throwIfAborted(this.signal);
    let rows: T[];
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      rows = reader.getRowObjectsJS().map(plainRow) as T[];
    } catch (error) {
      throw this.failure(error, label);
    }
    if (this.stopped()) throwIfAborted(this.signal);
    return rows;
  }

  /**
   * Stops the statement running now (DuckDB's interrupt; it fails with an INTERRUPT error, which failure() turns
   * into Aborted). Called when `signal` fires; harmless when nothing runs.
   */
  interrupt(): void {
    if (this.finishingDepth === 0) this.connection.interrupt();
  }

  /**
   * Runs fn to its end whatever stop request comes: for the reading a command does after its work is committed (the
   * load's report), so a stop at that moment does not call stored work «Отменено». The caller then says it stopped.
   */
  async finishing<T>(fn: () => Promise<T>): Promise<T> {
    this.finishingDepth++;
    try {
      return await fn();
    } finally {
      this.finishingDepth--;
    }
  }

  /** A stop was requested and no `finishing` work shields from it. */
  private stopped(): boolean {
    return this.finishingDepth === 0 && this.signal?.aborted === true;
  }

  /**
   * What a DuckDB error means to the user, for code that runs statements on `connection` itself (the loader's
   * heavy reads): Aborted after a stop request, a UserError blaming the disk (full, read-only, not writable),
   * else undefined — the caller words it.
   */
  knownFailure(error: unknown): Aborted | UserError | undefined {
    if (error instanceof Aborted || error instanceof UserError) return error;
    if (this.stopped()) return abortedBy(this.signal!, error);
    return storageError(error, this.file);
  }

  private failure(error: unknown, label: string): Error {
    return this.knownFailure(error) ?? queryError(label, error);
  }

  /**
   * Runs fn in one transaction: everything it did is committed, or nothing is. Inside another transaction, fn joins
   * it (the outer one commits or rolls back).
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    await this.exec('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const result = await fn();
      // Not interrupted: a stop that came while COMMIT ran could fail it after DuckDB had stored the work, and the
      // command would say «Отменено» over stored data. A stop before COMMIT still rolls back (exec checks first).
      if (this.stopped()) throwIfAborted(this.signal);
      await this.finishing(() => this.exec('COMMIT', undefined, commitLabel));
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  /**
   * A second connection to the same database, for work that goes on while this one runs a long statement (the
   * loader stores the original file's parts while DuckDB parses it). The caller closes it.
   */
  async sideConnection(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  close(): void {
    this.signal?.removeEventListener('abort', this.stopListener);
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /**
   * Applies pending migrations; false when there are some and the database is open read-only. A new database with
   * the shipped migrations (`shipped`: no list of a test's own) gets queries/schema.sql instead.
   */
  private async migrate(all: Migration[], readOnly: boolean, shipped: boolean): Promise<boolean> {
    const latest = all.at(-1)?.version ?? 0;
    const [{ present }] = await this.query<{ present: boolean }>(
      "select count(*) > 0 as present from duckdb_tables() where database_name = current_database() and schema_name = 'main' and table_name = 'schema_version'",
    ) as [{ present: boolean }];
    const current = present
      ? Number((await this.query<{ v: number }>('select coalesce(max(version), 0)::integer as v from schema_version'))[0]?.v ?? 0)
      : 0;
    if (current > latest) {
      throw new UserError(
        `База ${this.file} создана более новой версией okno (схема ${current}, эта версия знает схемы до ${latest}).`,
        { hint: 'Обновите okno; базу менять не нужно.', exitCode: ExitCode.dbIncompatible },
      );
    }
    const pending = all.filter((m) => m.version > current);
    if (pending.length === 0) return true;
    if (readOnly) return false;
    // Only a database with no schema at all: one with a schema_version table, even an empty one, is upgraded.
    const fresh = !present && shipped ? freshSchema() : undefined;
    if (fresh && fresh.version === latest) {
      // A new database: the schema every migration would make, in one script (queries/schema.sql, checked against
      // them by test/db/fresh-schema.test.ts), each migration recorded as applied.
      await this.transaction(async () => {
        await this.exec(`${fresh.sql}\n;\n${schemaVersionRows(pending)}`, { now: this.now() }, 'schema');
      });
      return true;
    }
    // All pending migrations in one transaction: a database upgrades to the latest schema or stays as it was.
    // Migrations up to a data step (or the last) run as one string of statements, their schema_version rows last:
    // one call to DuckDB for each run, not two for each migration.
    await this.transaction(async () => {
      for (const run of runsOfMigrations(pending)) {
        const last = run.at(-1)!;
        const sql = `${run.map((m) => m.sql).join('\n;\n')}\n;\n${schemaVersionRows(run)}`;
        await this.exec(sql, { now: this.now() }, `migrations/{${run.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(',')}}`);
        await dataSteps[last.version]?.(this);
      }
    });
    return true;
  }
}

/** The schema_version rows of migrations, applied at `$now` (the last statement of a string: it gets the parameter). */
function schemaVersionRows(applied: Migration[]): string {
  const { quotedString } = duckdb();
  return `insert into schema_version (version, name, applied_at) values ${applied.map((m) => `(${m.version}, ${quotedString(m.name)}, $now::timestamptz)`).join(', ')}`;
}

/** queries/schema.sql and the version it is of (its `-- version: N` line). */
function freshSchema(): { version: number; sql: string } {
  const sql = sqlText('schema');
  return { version: Number(/^-- version: (\d+)$/m.exec(sql)?.[1] ?? 0), sql };
}

/** Pending migrations cut after each one with a data step: the SQL before a data step must run before it. */
function runsOfMigrations(pending: Migration[]): Migration[][] {
  const runs: Migration[][] = [[]];
  for (const m of pending) {
    runs.at(-1)!.push(m);
    if (dataSteps[m.version]) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/**
 * The DuckDB instance for `file`; while another process holds its lock and `waitIfBusy` asks for it, tried again
 * every 50–150 ms (jittered, so two waiting kiosks do not retry in step) until the time is up. The deadline is
 * real elapsed time, not the command's clock: tests pin that clock, and a pinned clock never runs out.
 */
async function createInstance(
  create: () => Promise<DuckDBInstance>,
  file: string,
  options: Pick<OpenOptions, 'waitIfBusy' | 'signal'>,
): Promise<DuckDBInstance> {
  const started = performance.now();
  let told = false;
  for (;;) {
    try {
      return await create();
    } catch (error) {
      const failure = translateOpenError(file, error);
      const wait = options.waitIfBusy;
      const busy = failure instanceof UserError && failure.exitCode === ExitCode.dbBusy;
      if (!busy || !wait || performance.now() - started > (wait.seconds ?? 30) * 1000) throw failure;
      throwIfAborted(options.signal);
      if (!told) wait.onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}

/** Once COMMIT has run the work is stored: a stop arriving during it must not report it as undone. */
const commitLabel = 'COMMIT';

/** Cleanup statements (`drop …` in a `finally`) still run after a stop request: they undo a stopped load's tables. */
function isCleanup(sql: string): boolean {
  return /^\s*drop\s/i.test(sql);
}

/** BIGINTs (deal IDs, row ids) come back as numbers: amoCRM IDs are far below 2^53. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) row[key] = plainValue(row[key]);
  return row;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

export function databaseExists(file: string): boolean {
  return file !== ':memory:' && existsSync(file);
}

function translateOpenError(file: string, error: unknown): Error {
  const message = errorMessage(error);
  if (/Could not set lock on file|Conflicting lock is held/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new UserError(`База ${file} занята другим процессом okno${pid ? ` (PID ${pid})` : ''}.`, {
      hint: 'Дождитесь, пока он закончит, и повторите команду.',
      exitCode: ExitCode.dbBusy,
      cause: error,
    });
  }
  if (/not a valid DuckDB database|Unable to open database|database file .* is not valid|The file is not a valid/i.test(message)) {
    return new UserError(`Файл ${file} — не база okno (или повреждён).`, {
      hint: 'Укажите другой файл через --db или переменную OKNO_DB.',
      exitCode: ExitCode.dbIncompatible,
      cause: error,
    });
  }
  const storage = storageError(error, file);
  if (storage) return storage;
  if (/No such file or directory|Cannot open file/i.test(message)) {
    return new UserError(`Не удаётся открыть базу ${file}: нет такой папки или нет доступа.`, { cause: error });
  }
  return new Error(`Не удалось открыть базу ${file}: ${message}`, { cause: error });
}

function queryError(label: string, error: unknown): Error {
  return new Error(`${label}.sql: ${errorMessage(error)}`, { cause: error });
}
