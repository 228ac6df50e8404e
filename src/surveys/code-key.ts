// The secret that turns a survey code into what the database stores of it. A code is ten digits: hashed with
// nothing secret (as okno did before, sha256 over the survey number and the digits), every unused code could be
// recovered from a copy of the database in minutes by trying all of them. Now the hash is an HMAC under a random key
// kept in a file beside the database (`okno.duckdb.codes-key`), never in it: without that file the stored hashes
// are useless. The database records the key's fingerprint, so a missing or wrong key file is told, not taken for
// «такого кода нет».
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { saveFile } from '../files/atomic.js';
import { codeHash } from './model.js';

const metaKey = 'survey_code_key';

/** The key of each open database, once read (for a database in memory, as tests use, the only copy of it). */
const keys = new WeakMap<Db, Buffer>();

/** Hashes codes as the database stores them: with its key, and the way okno did before it had one. */
export interface CodeHasher {
  /** What a new code is stored as. */
  stored(surveyId: number, digits: string): string;
  /** What an issued code may be stored as: under the key, or (issued before the key) the old way. */
  candidates(surveyId: number, digits: string): string[];
}

/** The key file of a database file. */
export function codeKeyFile(databaseFile: string): string {
  return `${databaseFile}.codes-key`;
}

/**
 * The hasher of `db`. `create` (when issuing codes, in a write transaction): makes the key file and records its
 * fingerprint if the database has none yet. Without it, a database with no key yet has only codes of the old way.
 */
export async function codeHasher(db: Db, options: { create?: boolean } = {}): Promise<CodeHasher> {
  const key = await databaseKey(db, options.create === true);
  return {
    stored: (surveyId, digits) => (key ? keyedHash(key, surveyId, digits) : codeHash(surveyId, digits)),
    candidates: (surveyId, digits) => (key ? [keyedHash(key, surveyId, digits), codeHash(surveyId, digits)] : [codeHash(surveyId, digits)]),
  };
}

function keyedHash(key: Buffer, surveyId: number, digits: string): string {
  return createHmac('sha256', key).update(`okno-survey:${surveyId}:${digits}`).digest('hex');
}

function fingerprint(key: Buffer): string {
  return createHash('sha256').update('okno-codes-key:').update(key).digest('hex').slice(0, 16);
}

async function databaseKey(db: Db, create: boolean): Promise<Buffer | null> {
  const known = keys.get(db);
  if (known) return known;
  const key = await findKey(db, create);
  if (key) keys.set(db, key);
  return key;
}

async function findKey(db: Db, create: boolean): Promise<Buffer | null> {
  const recorded = (await db.one<{ value: string }>('meta_get', { key: metaKey }))?.value ?? null;
  if (db.file === ':memory:') {
    if (!create) return null;
    const key = randomBytes(32);
    await db.run('meta_set', { key: metaKey, value: fingerprint(key) });
    return key;
  }
  const file = codeKeyFile(db.file);
  if (existsSync(file)) {
    const key = await readKey(file);
    if (recorded !== null && recorded !== fingerprint(key)) {
      throw new UserError(`Файл ключа кодов ${file} — не от этой базы: коды её опросов выпущены с другим ключом.`, {
        hint: 'Верните на место тот файл ключа, что лежал рядом с базой, когда выпускали коды.',
      });
    }
    if (recorded === null && create) await db.run('meta_set', { key: metaKey, value: fingerprint(key) });
    return recorded !== null || create ? key : null;
  }
  if (recorded !== null) {
    throw new UserError(`Нет файла ключа кодов ${file}: коды опросов этой базы выпущены с ним, без него их не проверить.`, {
      hint: 'Верните файл на место, рядом с базой (из копии, с которой переносили базу).',
    });
  }
  if (!create) return null;
  const key = randomBytes(32);
  // Only its owner may read it (on systems that have such rights).
  await saveFile(file, (partial) => writeFile(partial, `${key.toString('hex')}\n`, { mode: 0o600 }));
  await db.run('meta_set', { key: metaKey, value: fingerprint(key) });
  return key;
}

async function readKey(file: string): Promise<Buffer> {
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new UserError(`Файл ключа кодов ${file} повреждён: в нём должно быть 64 шестнадцатеричных знака.`, {
      hint: 'Верните файл из копии; без него коды опросов этой базы не проверить.',
    });
  }
  return Buffer.from(text, 'hex');
}
