import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { compressionFor, ensureAligned } from '../../src/ingest/consultations.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { cp1251ToUtf8, openSource } from '../../src/ingest/source.js';
import { amocrm, fixture, load, rows, scalar, withDb, withTempDir, testClock } from '../helpers.js';

const october = amocrm('cp1251-semicolon-crlf.csv'); // 1001–1006
const november = amocrm('reexport-changed.csv'); // 1003 closed, 1006 scheduled, 1007 new, 1004 omitted

describe('deal versions kept per load (schema 6)', () => {
  it('stores a text only where parsing changed the raw cell; the view gives the parsed value', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('untrimmed-cells.csv')])).files;
      expect(f).toMatchObject({ status: 'loaded', rowsRead: 2, rowsRejected: 0 });
      expect(await rows(db, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1")).toEqual([
        { table_name: 'load_1' },
        { table_name: 'parsed_1' },
      ]);
      expect(
        await rows(db, `select deal_id, name, responsible, stage, stage_code, city, topic, project, consultant, company, client,
                               client_key, comments, duration_min::double as minutes
                        from deal_versions order by deal_id`),
      ).toEqual([
        {
          deal_id: 2001,
          name: 'Консультация:  ООО «Ромашка»', // a plain text: trimmed, inner spaces kept
          responsible: 'Смирнова Анна',
          stage: 'Консультация проведена',
          stage_code: 'held',
          city: null, // spaces only
          topic: 'Правовые вопросы', // NBSP → space
          project: 'Школа НКО',
          consultant: 'Иванова Мария',
          company: 'ООО  «Ромашка»',
          client: 'ООО «Ромашка»',
          client_key: 'ооо "ромашка"',
          comments: 'Первая часть \n\nвторая часть',
          minutes: 45,
        },
        {
          deal_id: 2002,
          name: 'Консультация: АНО «Берег»',
          responsible: 'Смирнова Анна',
          stage: 'Консультация проведена',
          stage_code: 'held',
          city: 'Новосибирск',
          topic: 'Правовые вопросы',
          project: 'Школа НКО',
          consultant: 'Иванова Мария',
          company: 'АНО «Берег»',
          client: 'АНО «Берег»',
          client_key: 'ано "берег"',
          comments: 'Обсудили отчёт.',
          minutes: 30,
        },
      ]);
      // The raw cells stay as exported; the clean row stores no text at all.
      expect(await rows(db, 'select c30 as consultant, c25 as city from raw.load_1 order by rowid')).toEqual([
        { consultant: '  Иванова Мария ', city: '   ' },
        { consultant: 'Иванова Мария', city: 'Новосибирск' },
      ]);
      // Every stored text (unpivot drops the nulls), by row: none for line 3.
      const fixes = await rows<{ line_no: number; fixed: string[] }>(
        db,
        `select line_no, list(key order by key) as fixed
         from (unpivot (select line_no, columns('_fix$') from raw.parsed_1) on columns('_fix$') into name key value value)
         group by line_no order by line_no`,
      );
      expect(fixes).toEqual([
        {
          line_no: 2,
          fixed: ['city_fix', 'client_fix', 'comments_fix', 'company_fix', 'consultant_fix', 'project_fix', 'responsible_fix', 'stage_fix', 'topic_fix'],
        },
      ]);
    });
  });

  it('a load interrupted before it was published leaves tables nobody reads; the next load replaces them', async () => {
    await withDb(async (db) => {
      // What a killed process leaves: the raw table of load 1 and the half-made typed table.
      await db.exec("create table raw.load_1 as select 'x' as c1; create table raw.parsing as select 1 as line_no");
      const [f] = (await load(db, [october])).files;
      expect(f).toMatchObject({ status: 'loaded', loadId: 1, rowsRead: 6 });
      expect(await scalar(db, 'select count(*)::integer from deal_versions')).toBe(6);
      expect(await rows(db, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1")).toEqual([
        { table_name: 'load_1' },
        { table_name: 'parsed_1' },
      ]);
    });
  });

  it('a typed table out of line with its raw table is put back in order before anything reads it', async () => {
    await withDb(async (db) => {
      await db.exec(`create temp table okno_dry_raw as select * from (values ('a'), ('b'), ('c')) t(c1);
                     create temp table okno_dry_parsed (line_no integer, v varchar);
                     insert into okno_dry_parsed values (3, 'b'), (2, 'a'), (4, 'c')`);
      await ensureAligned(db, 'okno_dry_raw', 'okno_dry_parsed');
      expect(await rows(db, 'select r.c1, p.line_no, p.v from okno_dry_raw r positional join okno_dry_parsed p')).toEqual([
        { c1: 'a', line_no: 2, v: 'a' },
        { c1: 'b', line_no: 3, v: 'b' },
        { c1: 'c', line_no: 4, v: 'c' },
      ]);
    });
  });

  it('a database of schema 5 (versions in one table) upgrades and gives the same figures as a fresh load', async () => {
    // fixtures/db/schema-5.duckdb: okno at schema 5 loaded cp1251-semicolon-crlf, unknown-stage and empty-id-row.
    const files = [october, amocrm('unknown-stage.csv'), amocrm('empty-id-row.csv')];
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      await copyFile(fixture('db/schema-5.duckdb'), file);
      const fresh = await Db.open(':memory:', { clock: testClock, clock: testClock });
      const upgraded = await Db.open(file, { clock: testClock, clock: testClock });
      try {
        await load(fresh, files);
        expect(await scalar(upgraded, 'select max(version)::integer from schema_version')).toBe(7); // every migration since, 007_pr_kits included
        expect(await scalar(upgraded, 'select count(*)::integer from legacy_deal_versions')).toBe(11);
        const state = 'select * exclude (content_hash) from deals order by deal_id';
        expect(await rows(upgraded, state)).toEqual(await rows(fresh, state));

        // The same bytes are known; a re-export compares with the versions the old okno stored.
        expect((await load(upgraded, [october])).files[0]!.status).toBe('already_loaded');
        const [before, after] = [(await load(fresh, [november])).files[0]!, (await load(upgraded, [november])).files[0]!];
        expect(after.deals).toEqual({ new: 1, updated: 2, unchanged: 3, older: 0 });
        expect(after.deals).toEqual(before.deals);
        const versions = 'select deal_id, load_id, line_no, stage_code, edited_at from deal_versions order by all';
        expect(await rows(upgraded, versions)).toEqual(await rows(fresh, versions));
        expect(await rows(upgraded, state)).toEqual(await rows(fresh, state));
      } finally {
        fresh.close();
        upgraded.close();
      }
    });
  });
});

describe('Windows-1251', () => {
  it('transcodes a file of several 8 MB chunks whole and in order', async () => {
    await withTempDir(async (dir) => {
      // 20 MB: three chunks, so both read buffers and both write buffers are used and reused.
      const file = path.join(dir, 'big-cp1251.csv');
      const line = (n: number) => `${n};Консультация «Ёлка» — №${n};Смирнова Анна\r\n`;
      const text = 'ID;Название сделки;Ответственный\r\n' + Array.from({ length: 400_000 }, (_, i) => line(i + 1)).join('');
      const bytes = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = cp1251Of(text.charCodeAt(i));
      expect(bytes.length).toBeGreaterThan(2 * 8 * 1024 * 1024);
      await writeFile(file, bytes);
      const facts = await inspectFile(file);
      expect(facts.encoding).toBe('windows-1251');
      const source = await openSource(facts);
      try {
        expect((await readFile(source.csvPath)).equals(Buffer.from(text, 'utf8'))).toBe(true);
      } finally {
        await source.dispose();
      }
    });
  });

  it('turns every byte into the UTF-8 of the character TextDecoder gives it', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const out = new Uint8Array(256 * 3);
    const n = cp1251ToUtf8(all, out);
    expect(Buffer.from(out.subarray(0, n)).toString('utf8')).toBe(new TextDecoder('windows-1251').decode(all));
    expect(n).toBe(Buffer.byteLength(new TextDecoder('windows-1251').decode(all)));
  });
});

describe('raw column compression, chosen from the first rows', () => {
  it('estimates dictionary and FSST sizes and takes the smaller; an empty column gets dictionary', () => {
    // 100 cells of 20 bytes, 2 distinct: dictionary 2000·2/100 + 100·⌈log2 3⌉/8 = 65 bytes; FSST 0.45·2000 + 50 = 950.
    expect(compressionFor(100, 2, 2000)).toBe('dictionary');
    // All 100 distinct: dictionary 2000 + 100·⌈log2 101⌉/8 = 2087.5; FSST 950.
    expect(compressionFor(100, 100, 2000)).toBe('fsst');
    // 4 cells of 10 bytes, 1 distinct: dictionary 10 + 4·1/8 = 10.5; FSST 18 + 2 = 20.
    expect(compressionFor(4, 1, 40)).toBe('dictionary');
    // 10 cells, 5 distinct, 100 bytes: dictionary 50 + 10·3/8 = 53.75; FSST 45 + 5 = 50.
    expect(compressionFor(10, 5, 100)).toBe('fsst');
    expect(compressionFor(0, 0, 0)).toBe('dictionary');
  });

  it('stores each column of a load with the method chosen for it', async () => {
    await withTempDir(async (dir) => {
      const db = await Db.open(path.join(dir, 'okno.duckdb'), { clock: testClock, clock: testClock });
      try {
        await load(db, [october]);
        await db.exec('checkpoint');
        const methods = Object.fromEntries(
          (await rows(db, `select column_name, string_agg(distinct compression, ',') as m from pragma_storage_info('raw.load_1')
                           where segment_type = 'VARCHAR' and column_name in ('c1', 'c4', 'c12') group by all`)).map(
            (r) => [r.column_name, r.m],
          ),
        );
        // c1 «ID»: 6 cells, 6 distinct, 24 bytes → dictionary 24 + 6·3/8 = 26.25, FSST 10.8 + 3 = 13.8.
        // c4 «Ответственный»: «Смирнова Анна» (25 bytes) 6 times → dictionary 25 + 0.75, FSST 67.5 + 3.
        // c12 «Примечание 2»: empty → dictionary.
        expect(methods).toEqual({ c1: 'FSST', c4: 'Dictionary', c12: 'Dictionary' });
      } finally {
        db.close();
      }
    });
  });
});

/** The Windows-1251 byte of a character of the test's text (ASCII, Cyrillic, Ёё, «», —, №). */
function cp1251Of(code: number): number {
  if (code < 0x80) return code;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  const special: Record<number, number> = { 0x401: 0xa8, 0x451: 0xb8, 0xab: 0xab, 0xbb: 0xbb, 0x2014: 0x97, 0x2116: 0xb9 };
  if (special[code] === undefined) throw new Error(`no Windows-1251 byte for U+${code.toString(16)}`);
  return special[code]!;
}
