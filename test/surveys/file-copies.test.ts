// Issue 19: a single copy of the database file, taken after any write of answers, must hold the answers only as they
// are after it. DuckDB keeps two headers and a checkpoint leaves the one before it in place, with the blocks of the
// tables a write replaced among the free ones: opening a copy through its previous header gave back the state before
// the last person answered. Checked here as a hostile administrator would: with the file's bytes and DuckDB itself.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from '../e2e/cli.js';

/** The file with its newer database header replaced by the older one: DuckDB then opens the previous checkpoint. */
async function throughPreviousHeader(file: string, out: string): Promise<void> {
  const bytes = await readFile(file);
  // DuckDB's storage: two database headers, at 4 KiB and 8 KiB, each a checksum then the checkpoint's iteration.
  const [first, second] = [4096, 8192];
  const newer = bytes.readBigUInt64LE(first + 8) > bytes.readBigUInt64LE(second + 8) ? first : second;
  const older = newer === first ? second : first;
  bytes.copy(bytes, newer, older, older + 4096);
  await writeFile(out, bytes);
}

/** The comments and the departments of the survey's answers as a copy gives them (undefined: it does not open). */
async function answersIn(file: string): Promise<{ comments: string[]; departments: string[] } | undefined> {
  let instance: DuckDBInstance | undefined;
  let connection: Awaited<ReturnType<DuckDBInstance['connect']>> | undefined;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    connection = await instance.connect();
    const c = connection;
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS().map((r) => String(Object.values(r)[0]));
    return {
      comments: await rows("select answer[1] from survey_answers where question_id = 'improve' order by 1"),
      departments: await rows('select department from survey_respondents order by 1'),
    };
  } catch {
    return undefined;
  } finally {
    // The connection first: one left to the garbage collector after its instance is closed crashes the process.
    connection?.closeSync();
    instance?.closeSync();
  }
}

const people = [
  { department: 'Отдел А', answers: { overall: 5, contact: 'СЭД', topics: ['Договоры'], improve: 'комментарий-первого' } },
  { department: 'Отдел Б', answers: { overall: 1, contact: 'Телефон', topics: ['Кадровые вопросы'], improve: 'комментарий-второго' } },
  { department: 'Отдел Б', answers: { overall: 3, contact: 'Лично', topics: ['Договоры'], improve: 'комментарий-третьего' } },
];

describe('a single copy of the database file', () => {
  it('taken after any answer, holds the answers only as they are now: through its previous header too, and not in its free blocks', async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'okno.duckdb');
      await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б', '--min-group', '3'], { cwd });
      const codes = JSON.parse((await okno(['survey', 'codes', '1', '--count', '3', '--out', 'codes.txt', '--json'], { cwd })).stdout).codes as string[];
      for (const [i, person] of people.entries()) {
        await writeFile(path.join(cwd, `sheet-${i}.json`), JSON.stringify(person));
        expect((await okno(['survey', 'take', '1', '--code', codes[i]!, '--answers', `sheet-${i}.json`], { cwd })).code).toBe(0);
        const copy = path.join(cwd, `copy-${i}.duckdb`);
        await copyFile(file, copy);
        const now = { comments: people.slice(0, i + 1).map((p) => p.answers.improve).sort(), departments: people.slice(0, i + 1).map((p) => p.department).sort() };
        expect(await answersIn(copy)).toEqual(now);
        // The previous checkpoint, as DuckDB kept it: the same answers, never those before this person's.
        const previous = path.join(cwd, `previous-${i}.duckdb`);
        await throughPreviousHeader(copy, previous);
        expect(await answersIn(previous)).toEqual(now);
        // And each comment is in the file's bytes once: no earlier table left in a free block.
        const bytes = await readFile(copy);
        for (const comment of now.comments) expect(bytes.toString('latin1').split(Buffer.from(comment).toString('latin1')).length - 1, comment).toBe(1);
      }
    });
  });
});
