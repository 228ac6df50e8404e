import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type Config } from '../src/config.js';
import { Db } from '../src/db/database.js';
import { loadConsultations, type LoadReport } from '../src/ingest/consultations.js';
import { loadFeedback, type FeedbackLoadReport } from '../src/ingest/feedback.js';
import type { Codec } from '../src/ingest/original.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const fixture = (name: string) => path.join(root, 'fixtures', name);
export const amocrm = (name: string) => fixture(`amocrm/${name}`);

/**
 * The instant tests run at: every database a test opens is stamped by this clock, never the machine's
 * (21.11.2026 12:00 Moscow: October 2026, the scenario's main month, is over; November is not).
 */
export const testNow = '2026-11-21T12:00:00+03:00';
export const testClock = (): Date => new Date(testNow);

/** A fresh in-memory database, always closed. */
export async function withDb<T>(fn: (db: Db) => Promise<T>, timeZone = 'Europe/Moscow', clock = testClock): Promise<T> {
  const db = await Db.open(':memory:', { timeZone, clock });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * Databases built once per test process, by key (see `loadedDbFile`): a folder removed when the process exits.
 * With isolate: false (vitest.config.ts) a worker's files share this module, hence its templates.
 */
const templates = new Map<string, Promise<string>>();
let templateDir: Promise<string> | undefined;
function templateFolder(): Promise<string> {
  templateDir ??= mkdtemp(path.join(tmpdir(), 'okno-templates-')).then((dir) => {
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });
  return templateDir;
}

/**
 * A database file with `files` loaded (as `load(db, files)` in a fresh database at `timeZone`, stamped by `clock`),
 * made the first time it is asked for and kept for the process: its path, to copy, never to open.
 */
export function loadedDbFile(files: string[], timeZone = 'Europe/Moscow', clock = testClock): Promise<string> {
  const key = JSON.stringify([files, timeZone, clock().toISOString()]);
  let made = templates.get(key);
  if (!made) {
    const name = `${templates.size}.duckdb`;
    made = (async () => {
      const file = path.join(await templateFolder(), name);
      const db = await Db.open(file, { timeZone, clock });
      try {
        await load(db, files);
      } finally {
        db.close();
      }
      return file;
    })();
    templates.set(key, made);
  }
  return made;
}

/**
 * `withDb` with `load(db, files)` done first, for tests that do not look at that load's report: the same database,
 * a copy of one loaded once per process (a load costs more CPU than most tests' own work). The copy is a file in a
 * temporary folder, removed after fn.
 */
export async function withLoadedDb<T>(files: string[], fn: (db: Db) => Promise<T>, timeZone = 'Europe/Moscow', clock = testClock): Promise<T> {
  const template = await loadedDbFile(files, timeZone, clock);
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'okno.duckdb');
    await copyFile(template, file);
    const db = await Db.open(file, { timeZone, clock });
    try {
      return await fn(db);
    } finally {
      db.close();
    }
  });
}

/** A temporary directory, always removed. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function load(
  db: Db,
  files: string[],
  options: { config?: Partial<Config>; dryRun?: boolean; rejectsFile?: string } = {},
): Promise<LoadReport> {
  return loadConsultations(db, {
    files,
    config: { ...defaultConfig(), ...options.config },
    dryRun: options.dryRun ?? false,
    // Fixtures stay clean: rejects go to a temp file unless a test asks for the default place.
    rejectsFile: options.rejectsFile ?? path.join(tmpdir(), `okno-rejects-${process.pid}.csv`),
  });
}

/** Loads feedback form exports (paths), rejects to a temp file, as `load` does for consultations. */
export async function loadFeedbackFiles(
  db: Db,
  files: string[],
  options: { config?: Partial<Config>; dryRun?: boolean } = {},
): Promise<FeedbackLoadReport> {
  return loadFeedback(db, {
    files,
    config: { ...defaultConfig(), ...options.config },
    dryRun: options.dryRun ?? false,
    rejectsFile: path.join(tmpdir(), `okno-feedback-rejects-${process.pid}.csv`),
  });
}

/** Copies fixtures into dir (for tests that write beside the input). */
export async function copyFixture(name: string, dir: string, as = path.basename(name)): Promise<string> {
  const target = path.join(dir, as);
  await copyFile(fixture(name), target);
  return target;
}

/** Test-only SQL for assertions. */
export async function rows<T = Record<string, unknown>>(db: Db, sql: string): Promise<T[]> {
  return db.query<T>(sql);
}

export async function scalar<T = unknown>(db: Db, sql: string): Promise<T> {
  const [row] = await db.query<Record<string, T>>(sql);
  return Object.values(row!)[0]!;
}

/** Everything a load can change, to prove a failed load changed nothing. */
export async function snapshot(db: Db): Promise<unknown> {
  return {
    loads: await rows(db, 'select load_id, file_name, sha256, rows_read from loads order by load_id'),
    versions: await rows(db, 'select * from deal_versions order by load_id, line_no'),
    files: await rows(db, 'select load_id, part, octet_length(bytes) as size, md5(bytes::varchar) as md5 from load_files order by all'),
    rejects: await rows(db, 'select * from load_rejects order by all'),
    columns: await scalar(db, 'select count(*)::integer from load_columns'),
    rawTables: await rows(db, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1"),
    meta: await rows(db, 'select * from meta order by key'),
    checkMarks: await rows(db, 'select * from check_marks order by all'),
    checkMarkFiles: await rows(db, 'select * from check_mark_files order by all'),
  };
}

/** The original file a load kept (README «How a load is stored»): its parts decompressed by their codec and joined. */
export async function keptFile(db: Db, loadId: number): Promise<Buffer> {
  const { restoreOriginal } = await import('../src/ingest/original.js');
  return restoreOriginal(await rows<{ bytes: Uint8Array; codec: Codec }>(db, `select bytes, codec from load_files where load_id = ${Math.trunc(loadId)} order by part`));
}
