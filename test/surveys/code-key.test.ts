// Issue 19: the stored code hashes are useless to someone who has the database file. Codes are hashed under a
// random key in a file beside the database (src/surveys/code-key.ts), never in it.
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { codeHash } from '../../src/surveys/model.js';
import { withTempDir } from '../helpers.js';
import { okno } from '../e2e/cli.js';

const sheet = JSON.stringify({
  department: 'Отдел А',
  answers: { channels: ['СЭД'], channel_sed: 4, written_on_time: 'Всегда в срок', oral_on_time: 'Чаще в срок', listened: 4, courtesy: 5, overall: 4 },
});

async function surveyWithCodes(cwd: string, count = 3): Promise<string[]> {
  expect((await okno(['survey', 'create', '--departments', 'Отдел А,Отдел Б'], { cwd })).code).toBe(0);
  const issued = await okno(['survey', 'codes', '1', '--count', String(count), '--out', 'codes.txt', '--json'], { cwd });
  expect(issued.code).toBe(0);
  await writeFile(path.join(cwd, 'sheet.json'), sheet);
  return JSON.parse(issued.stdout).codes as string[];
}

const take = (cwd: string, code: string) => okno(['survey', 'take', '1', '--code', code, '--answers', 'sheet.json'], { cwd });

async function sql(file: string, query: string): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(query)).getRowObjectsJS();
  } finally {
    // The connection first: one left to the garbage collector after its instance is closed crashes the process.
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the key the survey codes are stored under', () => {
  it('is made beside the database at the first codes, 64 hexadecimal digits only its owner may read; the database keeps its fingerprint', async () => {
    await withTempDir(async (cwd) => {
      const codes = await surveyWithCodes(cwd);
      const keyFile = path.join(cwd, 'okno.duckdb.codes-key');
      expect(await readFile(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      // No stored hash is the one anyone could compute from the digits alone.
      const stored = (await sql(path.join(cwd, 'okno.duckdb'), 'select code_hash from survey_codes')).map((r) => (r as { code_hash: string }).code_hash);
      expect(stored).toHaveLength(3);
      for (const code of codes) expect(stored).not.toContain(codeHash(1, code));
      expect(await sql(path.join(cwd, 'okno.duckdb'), "select length(value)::integer as n from meta where key = 'survey_code_key'")).toEqual([{ n: 16 }]);
      expect((await take(cwd, codes[0]!)).code).toBe(0);
      // More codes later use the same key.
      const more = JSON.parse((await okno(['survey', 'codes', '1', '--count', '1', '--out', 'more.txt', '--json'], { cwd })).stdout).codes as string[];
      expect((await take(cwd, more[0]!)).code).toBe(0);
    });
  });

  it('missing, it is named, and nothing is taken for «такого кода нет»; put back, the codes work', async () => {
    await withTempDir(async (cwd) => {
      const codes = await surveyWithCodes(cwd);
      const keyFile = path.join(cwd, 'okno.duckdb.codes-key');
      await copyFile(keyFile, path.join(cwd, 'key.copy'));
      await rm(keyFile);
      const refused = await take(cwd, codes[0]!);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `Ошибка: Нет файла ключа кодов ${keyFile}: коды опросов этой базы выпущены с ним, без него их не проверить.\nВерните файл на место, рядом с базой (из копии, с которой переносили базу).\n`,
      );
      // Issuing codes does not make a new key over the lost one (the issued codes would stop working).
      expect((await okno(['survey', 'codes', '1', '--count', '1', '--out', 'more.txt'], { cwd })).code).toBe(1);
      await copyFile(path.join(cwd, 'key.copy'), keyFile);
      expect((await take(cwd, codes[0]!)).code).toBe(0);
    });
  });

  it('from another database, it is refused as such', async () => {
    await withTempDir(async (cwd) => {
      const codes = await surveyWithCodes(cwd);
      await writeFile(path.join(cwd, 'okno.duckdb.codes-key'), `${'ab'.repeat(32)}\n`);
      const refused = await take(cwd, codes[0]!);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('— не от этой базы: коды её опросов выпущены с другим ключом.');
    });
  });

  it('codes issued by okno before it had keys (stored the old way) are still taken', async () => {
    await withTempDir(async (cwd) => {
      await surveyWithCodes(cwd, 1);
      // An old okno stored sha256 over the survey number and the digits: 79927-39875 is a valid code (Luhn).
      await sql(path.join(cwd, 'okno.duckdb'), `insert into survey_codes values (1, '${codeHash(1, '79927-39875')}', false)`);
      expect((await take(cwd, '79927-39875')).code).toBe(0);
      expect((await take(cwd, '79927-39875')).stderr).toContain('этот код уже использован');
    });
  });
});
