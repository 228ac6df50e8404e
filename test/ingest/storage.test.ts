import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { migrations } from '../../src/db/sql.js';
import { keepOriginal, partBytes, restoreOriginal } from '../../src/ingest/original.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { openSource } from '../../src/ingest/source.js';
import { cp1251ToUtf8 } from './text-cp1251-table.js';
import { amocrm, fixture, keptFile, load, rows, scalar, withDb, withLoadedDb, withTempDir, testClock } from '../helpers.js';

const october = amocrm('cp1251-semicolon-crlf.csv'); // 1001–1006
const november = amocrm('reexport-changed.csv'); // 1003 closed, 1006 scheduled, 1007 new, 1004 omitted

describe('one versions table, the original file kept (schema 8)', () => {
  it('stores each version as parsed in deal_versions, keyed by load and row; no per-load tables', async () => {
    await withDb(async (db) => {
      const [f] = (await load(db, [amocrm('untrimmed-cells.csv')])).files;
      expect(f).toMatchObject({ status: 'loaded', rowsRead: 2, rowsRejected: 0 });
      expect(await rows(db, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1")).toEqual([]);
      expect(
        await rows(db, `select load_id, line_no, deal_id, name, responsible, stage, stage_code, city, topic, project, consultant, company, client,
                               client_key, comments, duration_min::double as minutes
                        from deal_versions order by deal_id`),
      ).toEqual([
        {
          load_id: 1,
          line_no: 2,
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
          load_id: 1,
          line_no: 3,
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
    });
  });

  it('keeps the original file byte for byte: its brotli parts, each decompressed and joined, are the file', async () => {
    await withLoadedDb([october], async (db) => {
      const parts = await rows<{ part: number; bytes: Uint8Array; codec: string }>(db, 'select part, bytes, codec from load_files where load_id = 1 order by part');
      expect(parts.map((p) => [p.part, p.codec])).toEqual([[0, 'brotli']]);
      const original = brotliDecompressSync(parts[0]!.bytes);
      expect(original.equals(await readFile(october))).toBe(true);
      expect(parts[0]!.bytes.length).toBeLessThan(original.length);
    });
  });

  it('a file of several parts comes back whole and in order', async () => {
    await withTempDir(async (dir) => {
      // 23 MB of an export: three parts of at most 8 MiB.
      const file = path.join(dir, 'big.csv');
      const head = (await readFile(october, 'latin1')).split('\r\n')[0]!;
      const body = Array.from({ length: 360_000 }, (_, i) => `${100000 + i};Консультация №${i};;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;`).join('\r\n');
      await writeFile(file, Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), Buffer.from(body + '\r\n', 'latin1')]));
      const parts: Buffer[] = [];
      // Stored one at a time and in order, though compressed two at a time.
      const count = await keepOriginal(file, async (part, bytes) => {
        expect(part).toBe(parts.length);
        parts.push(bytes);
      });
      expect(count).toBe(Math.ceil((await readFile(file)).length / partBytes));
      expect(count).toBe(3);
      expect(parts.length).toBe(count);
      expect(restoreOriginal(parts.map((bytes) => ({ bytes, codec: 'brotli' as const }))).equals(await readFile(file))).toBe(true);
    });
  });

  it('a load leaves DuckDB\'s own checkpoint threshold behind it (it raises it to 256 MB only while it loads)', async () => {
    await withDb(async (db) => {
      expect(await scalar(db, "select current_setting('checkpoint_threshold')")).toBe('16.0 MiB');
      await load(db, [october]);
      expect(await scalar(db, "select current_setting('checkpoint_threshold')")).toBe('16.0 MiB');
    });
  });

  it('keeps every cell of a rejected row for the rejects CSV', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('empty-id-row.csv')]);
      const [reject] = await rows<{ line_no: number; reason: string; cells: string[] }>(db, 'select line_no, reason, cells from load_rejects');
      const header = (await readFile(amocrm('empty-id-row.csv'), 'utf8')).split(/\r?\n/)[0]!;
      expect(reject).toMatchObject({ line_no: 3, reason: 'пустой ID сделки' });
      expect(reject!.cells.length).toBe(header.split(';').length);
    });
  });

  it('parts a killed load stored under its id are removed by the next load, and never read', async () => {
    await withDb(async (db) => {
      // What a load killed after storing a part of its original leaves: a part under an id no load has.
      await db.exec("insert into load_files values (1, 0, 'x'::blob, 'brotli')");
      const [f] = (await load(db, [october])).files;
      expect(f).toMatchObject({ status: 'loaded', loadId: 1 });
      expect((await keptFile(db, 1)).equals(await readFile(october))).toBe(true);
    });
  });

  it('parts no load names are removed before the next file stores its own under the next id (load_files has no key)', async () => {
    await withLoadedDb([october], async (db) => {
      // What a failed load whose clean-up failed too would leave: parts under the id the next load takes.
      await db.exec("insert into load_files values (2, 0, 'stale'::blob, 'brotli'), (2, 1, 'stale'::blob, 'brotli')");
      expect((await load(db, [november])).files[0]).toMatchObject({ status: 'loaded', loadId: 2 });
      expect((await keptFile(db, 2)).equals(await readFile(november))).toBe(true);
      expect(await scalar(db, 'select count(*)::integer from load_files where load_id = 2')).toBe(1);
    });
  });

  it('a load that fails after parsing leaves nothing: no load, no versions, no parts', async () => {
    await withLoadedDb([october], async (db) => {
      const before = await dump(db);
      const [f] = (await load(db, [amocrm('every-row-rejected-us-dates.csv')])).files;
      expect(f!.status).toBe('failed');
      expect(await dump(db)).toEqual(before);
    });
  });

  it('a database of schema 5 (versions in one table) upgrades and gives the same figures as a fresh load', async () => {
    // fixtures/db/schema-5.duckdb: okno at schema 5 loaded cp1251-semicolon-crlf, unknown-stage and empty-id-row.
    const files = [october, amocrm('unknown-stage.csv'), amocrm('empty-id-row.csv')];
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      await copyFile(fixture('db/schema-5.duckdb'), file);
      const fresh = await Db.open(':memory:', { clock: testClock });
      const upgraded = await Db.open(file, { clock: testClock });
      try {
        await load(fresh, files);
        expect(await scalar(upgraded, 'select max(version)::integer from schema_version')).toBe(migrations().at(-1)!.version); // every migration since, 008 included
        expect(await scalar(upgraded, 'select count(*)::integer from deal_versions')).toBe(11);
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

describe('a database of schema 6 (versions per load behind a view) upgrades in place', () => {
  // fixtures/db/schema-6.duckdb.gz: okno at schema 6 loaded these, in order (fixtures/db/README.md).
  const consultations = ['cp1251-semicolon-crlf.csv', 'reexport-changed.csv', 'unknown-stage.csv', 'empty-id-row.csv', 'xlsx-real-dates.xlsx', 'bad-cells.csv'].map(amocrm);
  const feedback = fixture('feedback/google-forms-en-gb-timestamps.csv');

  it('moves every version into the one table, keeps rejected cells and the raw cells, and gives the figures of a fresh load', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      await writeFile(file, gunzipSync(await readFile(fixture('db/schema-6.duckdb.gz'))));
      // What a schema-6 load killed before it was published left: its raw table and the half-made typed one.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const old = await DuckDBInstance.create(file);
      const connection = await old.connect();
      await connection.run("create table raw.load_8 as select 'x' as c1; create table raw.parsing as select 1 as line_no");
      connection.closeSync();
      old.closeSync();
      const upgraded = await Db.open(file, { clock: testClock });
      const fresh = await Db.open(':memory:', { clock: testClock });
      try {
        for (const f of consultations) await load(fresh, [f]);
        const { loadFeedback } = await import('../../src/ingest/feedback.js');
        const { defaultConfig } = await import('../../src/config.js');
        await loadFeedback(fresh, { files: [feedback], config: defaultConfig(), dryRun: false });

        expect(await scalar(upgraded, 'select max(version)::integer from schema_version')).toBe(migrations().at(-1)!.version);
        expect(await rows(upgraded, "select table_type from information_schema.tables where table_name = 'deal_versions'")).toEqual([{ table_type: 'BASE TABLE' }]);
        // The typed halves are gone; the raw cells of the old loads stay (nothing less is kept than before).
        expect(await rows(upgraded, "select table_name from duckdb_tables() where schema_name = 'raw' order by 1")).toEqual(
          [1, 2, 3, 4, 5, 6, 7].map((n) => ({ table_name: `load_${n}` })),
        );
        const versions = 'select * from deal_versions order by load_id, line_no';
        expect(await rows(upgraded, versions)).toEqual(await rows(fresh, versions));
        // 6 + 3 (1 new, 2 updated; 3 unchanged add none) + 3 + 2 (one row rejected) + 3 + 1 (four rejected).
        expect(await scalar(upgraded, 'select count(*)::integer from deal_versions')).toBe(18);
        const state = 'select * from deals order by deal_id';
        expect(await rows(upgraded, state)).toEqual(await rows(fresh, state));
        const rejects = 'select load_id, line_no, deal_id, reason, field, value, cells from load_rejects order by all';
        expect(await rows(upgraded, rejects)).toEqual(await rows(fresh, rejects));
        const responses = 'select * exclude (load_id) from feedback_responses order by all';
        expect(await rows(upgraded, responses)).toEqual(await rows(fresh, responses));
        expect(await scalar(upgraded, 'select count(*)::integer from issued_notes')).toBe(1);

        // A re-export after the upgrade is compared with the migrated versions, as with a fresh database.
        const again = amocrm('reexport-changed.csv');
        expect((await load(upgraded, [again])).files[0]!.status).toBe('already_loaded');
        const month = fixture('monthly/quarters-2025-Q3_2026-Q4.csv');
        const [a, b] = [(await load(upgraded, [month])).files[0]!, (await load(fresh, [month])).files[0]!];
        expect(a.deals).toEqual(b.deals);
        expect(await rows(upgraded, state)).toEqual(await rows(fresh, state));
      } finally {
        upgraded.close();
        fresh.close();
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

/** The Windows-1251 byte of a character of the test's text (ASCII, Cyrillic, Ёё, «», —, №). */
function cp1251Of(code: number): number {
  if (code < 0x80) return code;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  const special: Record<number, number> = { 0x401: 0xa8, 0x451: 0xb8, 0xab: 0xab, 0xbb: 0xbb, 0x2014: 0x97, 0x2116: 0xb9 };
  if (special[code] === undefined) throw new Error(`no Windows-1251 byte for U+${code.toString(16)}`);
  return special[code]!;
}

/** What a load can change: loads, their columns and rejects, the versions, the kept files. */
export async function dump(db: Db) {
  return {
    loads: await rows(db, 'select * exclude (loaded_at) from loads order by load_id'),
    columns: await rows(db, 'select * from load_columns order by all'),
    rejects: await rows(db, 'select * from load_rejects order by all'),
    versions: await rows(db, 'select * from deal_versions order by load_id, line_no'),
    files: await rows(db, 'select load_id, part, md5(bytes) as md5 from load_files order by all'),
  };
}
