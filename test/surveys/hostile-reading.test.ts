// Issue 19, «a hostile reading»: what someone who can copy the database file learns. (1) Copies taken after every
// single submission to `okno survey serve`: a copy either equals the one before, byte for byte, or differs by a
// whole batch of min-group sheets, never by one person's; a waiting sheet is nowhere in the file's bytes. A sheet
// typed in alone (`take --answers`) is the contrast: its copy shows that one person's answers. (2) A Google Forms
// export with e-mails, full names and times loaded: none of them in the file's raw bytes (or its write-ahead log);
// the one answer time okno keeps while the survey is open (the import's watermark, README «Anonymity»), stored as
// a number, is read through DuckDB: closing erases it. A single copy opened through DuckDB's previous header is
// test/surveys/file-copies.test.ts.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from '../e2e/cli.js';
import { answer, serve, stored, type Person } from '../e2e/survey-serve-client.js';

/** The file and its write-ahead log, if any, copied as a hostile administrator would. */
async function copyDatabase(file: string, to: string): Promise<Buffer> {
  await copyFile(file, to);
  if (existsSync(`${file}.wal`)) await copyFile(`${file}.wal`, `${to}.wal`);
  return Buffer.concat([await readFile(to), existsSync(`${to}.wal`) ? await readFile(`${to}.wal`) : Buffer.alloc(0)]);
}

/** The import's watermark as a copy of the file holds it. */
async function watermarkOf(file: string): Promise<string | null> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll('select watermark::varchar as w from survey_imports')).getRowObjectsJS();
    return (rows[0]?.w as string | null) ?? null;
  } finally {
    // The connection first: one left to the garbage collector after its instance is closed crashes the process.
    connection.closeSync();
    instance.closeSync();
  }
}

/** How often the bytes of `needle` occur in `bytes`. */
function occurrences(bytes: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++;
  return n;
}

/** What b has that a has not, counting repeats. */
function added(a: string[], b: string[]): string[] {
  const left = [...a];
  return b.filter((x) => {
    const i = left.indexOf(x);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

const people: Person[] = [
  { code: '', department: 'Отдел А', overall: '5', contact: 'СЭД', topics: ['Договоры'], improve: 'комментарий-первого' },
  { code: '', department: 'Отдел Б', overall: '1', contact: 'Телефон', topics: ['Кадровые вопросы'], improve: 'комментарий-второго' },
  { code: '', department: 'Отдел А', overall: '3', contact: 'Лично', topics: ['Договоры', 'Проверки, надзор'], speed: '2', improve: 'комментарий-третьего' },
  { code: '', department: 'Отдел Б', overall: '4', contact: 'СЭД', topics: ['Обращения граждан'], improve: 'комментарий-четвёртого' },
  { code: '', department: 'Отдел А', overall: '2', contact: 'Электронная почта', topics: ['Договоры'], improve: 'комментарий-пятого' },
  { code: '', department: 'Отдел Б', overall: '5', contact: 'СЭД', topics: ['Договоры'], speed: '5', improve: 'комментарий-шестого' },
];

describe('a hostile reading of the database file', () => {
  it('copied after every submission to okno survey serve: unchanged, or changed by a whole batch of min-group; a single write (take --answers) shows its one person', { timeout: 90_000 }, async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'okno.duckdb');
      await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б', '--min-group', '3'], { cwd });
      const codes = JSON.parse((await okno(['survey', 'codes', '1', '--count', '7', '--out', 'codes.txt', '--json'], { cwd })).stdout).codes as string[];
      const s = await serve(cwd, 1);
      const copies = [{ bytes: await copyDatabase(file, path.join(cwd, 'copy-0.duckdb')), tables: await stored(path.join(cwd, 'copy-0.duckdb')) }];
      for (const [i, p] of people.entries()) {
        expect((await answer(s.url, { ...p, code: codes[i]! })).status).toBe(200);
        const copy = path.join(cwd, `copy-${i + 1}.duckdb`);
        copies.push({ bytes: await copyDatabase(file, copy), tables: await stored(copy) });
      }
      const comments = people.map((p) => Buffer.from(p.improve!));
      const seen = copies.map((c, k) => ({
        // After k submissions: the new respondents, and which comments the raw bytes hold.
        respondents: added(copies[Math.max(0, k - 1)]!.tables.respondents, c.tables.respondents).length,
        sameBytes: k > 0 && c.bytes.equals(copies[k - 1]!.bytes),
        comments: comments.map((needle) => occurrences(c.bytes, needle)).join(''),
      }));
      // Batches of 3: the third and the sixth submission write one each. Between them the file does not change
      // at all (the server only reads it), and the sheets waiting in memory are nowhere in its bytes.
      expect(seen).toEqual([
        { respondents: 0, sameBytes: false, comments: '000000' },
        { respondents: 0, sameBytes: true, comments: '000000' },
        { respondents: 0, sameBytes: true, comments: '000000' },
        { respondents: 3, sameBytes: false, comments: '111000' },
        { respondents: 0, sameBytes: true, comments: '111000' },
        { respondents: 0, sameBytes: true, comments: '111000' },
        { respondents: 3, sameBytes: false, comments: '111111' },
      ]);
      // What a batch adds is three sheets' answers in content order: the same tables whichever of them came first.
      const batch = added(copies[2]!.tables.answers, copies[3]!.tables.answers);
      expect(batch).toEqual([...batch].sort(byContent));
      expect(copies[3]!.tables.answers).toEqual(copies[3]!.tables.answers.slice().sort(byContent));

      // The contrast: one sheet typed in alone (`take --answers`, a paper form) — the copy after it shows exactly
      // that person's department and answers. This is what the batches prevent.
      await writeFile(path.join(cwd, 'sheet.json'), JSON.stringify({ department: 'Отдел Б', answers: { overall: 2, contact: 'Лично', topics: ['Договоры'], improve: 'комментарий-одиночки' } }));
      expect((await okno(['survey', 'take', '1', '--code', codes[6]!, '--answers', 'sheet.json'], { cwd })).code).toBe(0);
      await copyDatabase(file, path.join(cwd, 'copy-alone.duckdb'));
      const alone = await stored(path.join(cwd, 'copy-alone.duckdb'));
      expect([added(copies[6]!.tables.respondents, alone.respondents), added(copies[6]!.tables.answers, alone.answers).sort()]).toEqual([
        ['Отдел Б'],
        ['Отдел Б contact Лично', 'Отдел Б improve комментарий-одиночки', 'Отдел Б overall 2', 'Отдел Б topics Договоры'],
      ]);
      expect(await s.stop()).toBe(0);
    });
  });

  it('holds no e-mail, name or time of a loaded form export in its bytes (the watermark only until closing)', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'okno.duckdb');
      await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел надзора,Отдел тарифов,Общий отдел'], { cwd });
      const load = await okno(['survey', 'load', '1', fixture('surveys/google-forms-with-emails.csv'), '--json'], { cwd });
      expect(JSON.parse(load.stdout)).toMatchObject({ stored: 6, dropped: ['Отметка времени', 'Адрес электронной почты', 'ФИО'] });
      const csv = (await readFile(fixture('surveys/google-forms-with-emails.csv'), 'utf8')).split(/\r?\n(?=\d\d\.)/).slice(1);
      const rows = csv.map((line) => {
        const [time, email, name] = line.split(',');
        const [, d, m, y, h, mi, sec] = /^(\d\d)\.(\d\d)\.(\d{4}) (\d{1,2}):(\d\d):(\d\d)$/.exec(time!)!;
        const iso = `${y}-${m}-${d} ${h!.padStart(2, '0')}:${mi}:${sec}`;
        return { email: email!, name: name!, surname: name!.split(' ')[0]!, time: time!, iso };
      });
      expect(rows).toHaveLength(6);
      const found = async () => {
        const copy = path.join(cwd, 'copy.duckdb');
        const bytes = await copyDatabase(file, copy);
        const has = (needle: string) => occurrences(bytes, Buffer.from(needle)) > 0;
        return {
          // The control: answers from the export are in the bytes, so a search that finds nothing means something.
          comments: [has('Отвечать быстрее'), has('Нет обратной связи по запросам')],
          identity: rows.filter((r) => has(r.email) || has(r.email.split('@')[0]!) || has(r.name) || has(r.surname)).map((r) => r.email),
          textTimes: rows.filter((r) => has(r.time) || has(r.iso) || has(r.iso.replace(' ', 'T'))).map((r) => r.time),
          // A TIMESTAMP is stored as a compressed number, which no search of the bytes finds: read through DuckDB.
          watermark: await watermarkOf(copy),
        };
      };
      // Open: the latest answer's time is kept as the import's watermark (to skip those answers next time).
      expect(await found()).toEqual({ comments: [true, true], identity: [], textTimes: [], watermark: '2026-11-05 17:02:09' });
      expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
      expect(await found()).toEqual({ comments: [true, true], identity: [], textTimes: [], watermark: null });
      expect(existsSync(`${file}.wal`)).toBe(false);
    });
  });
});

/** The order survey_answers is kept in (reorder.sql): question, department, answer; DuckDB compares strings by bytes. */
function byContent(a: string, b: string): number {
  const key = (row: string) => {
    const [, department, question, answer] = /^(Отдел \S+) (\S+) (.*)$/s.exec(row)!;
    return [question!, department!, answer!];
  };
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return Buffer.compare(Buffer.from(ka[i]!), Buffer.from(kb[i]!));
  return 0;
}
