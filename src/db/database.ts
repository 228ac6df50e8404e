import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { ExitCode, UserError, errorMessage } from '../errors.js';
import { migrations, sqlText, type Migration } from './sql.js';

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
}

/**
 * One okno database: a DuckDB instance with one connection, the schema at the current version.
 * Every statement run through `run`/`all` comes from a file in queries/ (see STYLE: SQL lives there).
 */
export class Db {
  private inTransaction = false;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly clock: () => Date,
  ) {}

  static async open(file: string, options: OpenOptions): Promise<Db> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, config);
    } catch (error) {
      throw translateOpenError(file, error);
    }
    const db = new Db(file, instance, await instance.connect(), options.clock);
    try {
      await db.setTimeZone(options.timeZone ?? 'Europe/Moscow');
      if (!(await db.migrate(options.migrations ?? migrations(), options.readOnly === true))) {
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

  /** SQL built in code from identifiers only (never values); keep such places few. */
  async exec(sql: string, params?: Params, label = 'sql'): Promise<void> {
    try {
      await this.connection.run(sql, params);
    } catch (error) {
      throw queryError(label, error);
    }
  }

  async query<T = Row>(sql: string, params?: Params, label = 'sql'): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map(plainRow) as T[];
    } catch (error) {
      throw queryError(label, error);
    }
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
      await this.exec('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Applies pending migrations; false when there are some and the database is open read-only. */
  private async migrate(all: Migration[], readOnly: boolean): Promise<boolean> {
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
    for (const m of pending) {
      await this.transaction(async () => {
        await this.exec(m.sql, undefined, `migrations/${m.version}_${m.name}`);
        await this.exec('insert into schema_version (version, name, applied_at) values ($v, $n, $now::timestamptz)', {
          v: m.version,
          n: m.name,
          now: this.now(),
        });
      });
    }
    return true;
  }
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
  if (/No such file or directory|Cannot open file/i.test(message)) {
    return new UserError(`Не удаётся открыть базу ${file}: нет такой папки или нет доступа.`, { cause: error });
  }
  return new Error(`Не удалось открыть базу ${file}: ${message}`, { cause: error });
}

function queryError(label: string, error: unknown): Error {
  return new Error(`${label}.sql: ${errorMessage(error)}`, { cause: error });
}
