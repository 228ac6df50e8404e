import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeOverview } from '../../src/store/overview.js';
import type { Db } from '../../src/db/database.js';
import { amocrm, load, rows, scalar, withDb, withLoadedDb, withTempDir } from '../helpers.js';

const october = amocrm('cp1251-semicolon-crlf.csv'); // 1001–1006, exported 02.11
const november = amocrm('reexport-changed.csv'); // 1003 closed, 1006 scheduled, 1007 new, 1004 omitted

/** The current state of every deal, without where it came from. */
async function currentState(db: Db) {
  return rows(db, 'select * exclude (load_id, line_no) from deals order by deal_id');
}

describe('deal versions', () => {
  it('A, then B, then A again at one «Дата редактирования»: the last load wins, its version stored again', async () => {
    await withTempDir(async (dir) => {
      // Deal 1001 of the October export alone, its duration 60 (A) or 45 (B), the edit stamp unchanged; the third
      // file carries 1002 besides, so it is not the first file again (same bytes: «уже загружен»).
      const lines = (await readFile(october, 'latin1')).split('\r\n');
      const row = (id: string) => lines.find((l) => l.startsWith(`${id};`))!;
      const withDuration = (minutes: string) => row('1001').split(';').map((cell, i) => (i === 33 ? minutes : cell)).join(';');
      const file = async (name: string, rows: string[]) => {
        const target = path.join(dir, name);
        await writeFile(target, Buffer.from([lines[0], ...rows, ''].join('\r\n'), 'latin1'));
        return target;
      };
      const a = await file('a.csv', [withDuration('60')]);
      const b = await file('b.csv', [withDuration('45')]);
      const again = await file('a-again.csv', [withDuration('60'), row('1002')]);
      await withDb(async (db) => {
        await load(db, [a, b]);
        expect(await rows(db, 'select duration_min::double as m from deals where deal_id = 1001')).toEqual([{ m: 45 }]);
        const [f] = (await load(db, [again])).files;
        expect(f!.deals).toEqual({ new: 1, updated: 1, unchanged: 0, older: 0 });
        expect(await rows(db, 'select load_id, duration_min::double as m from deals where deal_id = 1001')).toEqual([{ load_id: 3, m: 60 }]);
        expect(await rows(db, 'select load_id, duration_min::double as m from deal_versions where deal_id = 1001 order by load_id')).toEqual([
          { load_id: 1, m: 60 },
          { load_id: 2, m: 45 },
          { load_id: 3, m: 60 },
        ]);
        // The same states once more (in another order: another file) add nothing: they are the current versions now.
        const [same] = (await load(db, [await file('a-third.csv', [row('1002'), withDuration('60')])])).files;
        expect(same!.deals).toEqual({ new: 0, updated: 0, unchanged: 2, older: 0 });
        expect(await scalar(db, 'select count(*)::integer from deal_versions where deal_id = 1001')).toBe(3);
      });
    });
  });

  it('a re-export updates changed deals, adds new ones and keeps omitted ones', async () => {
    await withLoadedDb([october], async (db) => {
      const [f] = (await load(db, [november])).files;
      expect(f!.deals).toEqual({ new: 1, updated: 2, unchanged: 3, older: 0 });
      expect(await rows(db, 'select deal_id, stage_code from deals order by deal_id')).toEqual([
        { deal_id: 1001, stage_code: 'held' },
        { deal_id: 1002, stage_code: 'success' },
        { deal_id: 1003, stage_code: 'success' },
        { deal_id: 1004, stage_code: 'scheduled' }, // absent from the re-export: stays
        { deal_id: 1005, stage_code: 'lost' },
        { deal_id: 1006, stage_code: 'scheduled' },
        { deal_id: 1007, stage_code: 'held' },
      ]);
      // 6 first versions + new versions of 1003 and 1006 + 1007; the 3 unchanged rows add none.
      expect(await scalar(db, 'select count(*)::integer from deal_versions')).toBe(9);
      expect(await rows(db, 'select load_id, stage from deal_versions where deal_id = 1003 order by load_id')).toEqual([
        { load_id: 1, stage: 'Запрошена обратная связь' },
        { load_id: 2, stage: 'Успешно завершённые' },
      ]);
      const o = await storeOverview(db);
      expect(o).toMatchObject({ loads: 2, versions: 9, deals: 7, held: 4, heldUndated: 0 });
      expect(o.heldByMonth).toEqual([
        { month: '2026-10', consultations: 3, minutes: 195 },
        { month: '2026-11', consultations: 1, minutes: 60 },
      ]);
    });
  });

  it('an older export loaded after a newer one rolls nothing back', async () => {
    await withLoadedDb([november], async (db) => {
      const [f] = (await load(db, [october])).files;
      expect(f!.deals).toEqual({ new: 1, updated: 0, unchanged: 3, older: 2 });
      expect(await rows(db, 'select deal_id, stage_code, project from deals where deal_id in (1003, 1006) order by 1')).toEqual([
        { deal_id: 1003, stage_code: 'success', project: 'Президентский грант' },
        { deal_id: 1006, stage_code: 'scheduled', project: 'Развитие НКО' },
      ]);
    });
  });

  it('the figures are the same whatever order the exports were loaded in', async () => {
    const inOrder = await withDb(async (db) => {
      await load(db, [october, november]);
      return { state: await currentState(db), overview: await storeOverview(db) };
    });
    const reversed = await withDb(async (db) => {
      await load(db, [november, october]);
      return { state: await currentState(db), overview: await storeOverview(db) };
    });
    expect(reversed.state).toEqual(inOrder.state);
    expect(reversed.overview).toEqual({ ...inOrder.overview, latestLoad: reversed.overview.latestLoad });
    expect(inOrder.state).toHaveLength(7);
  });

  it('loading the same file twice changes nothing and says so — also under another name', async () => {
    await withTempDir(async (dir) => {
      const copy = path.join(dir, 'октябрь-копия.csv');
      await writeFile(copy, await readFile(october));
      await withLoadedDb([october], async (db) => {
        const before = await rows(db, 'select count(*)::integer as versions from deal_versions');
        const report = await load(db, [october, copy]);
        expect(report.files.map((f) => f.status)).toEqual(['already_loaded', 'already_loaded']);
        expect(report.files[1]!.earlierLoad).toMatchObject({ loadId: 1, fileName: 'cp1251-semicolon-crlf.csv' });
        expect(await scalar(db, 'select count(*)::integer from loads')).toBe(1);
        expect(await rows(db, 'select count(*)::integer as versions from deal_versions')).toEqual(before);
      });
    });
  });

  it('the same deals in other bytes (another encoding) load as unchanged and add no versions', async () => {
    await withTempDir(async (dir) => {
      const utf8 = path.join(dir, 'october-utf8.csv');
      const text = new TextDecoder('windows-1251').decode(await readFile(october));
      await writeFile(utf8, text.replace(/\r\n/g, '\n'));
      await withLoadedDb([october], async (db) => {
        const [f] = (await load(db, [utf8])).files;
        expect(f).toMatchObject({ status: 'loaded', encoding: 'utf-8', deals: { new: 0, updated: 0, unchanged: 6, older: 0 } });
        expect(await scalar(db, 'select count(*)::integer from deal_versions')).toBe(6);
        expect(await scalar(db, 'select count(*)::integer from loads')).toBe(2);
      });
    });
  });

  it('with equal «Дата редактирования», the later load wins', async () => {
    await withTempDir(async (dir) => {
      const text = await readFile(november, 'utf8');
      const edited = path.join(dir, 'same-time-other-project.csv');
      // Same edit time as in the re-export, another project: only the load order can decide.
      await writeFile(edited, text.replace('Развитие НКО', 'Ресурсный центр'));
      await withLoadedDb([november], async (db) => {
        const [f] = (await load(db, [edited])).files;
        expect(f!.deals).toEqual({ new: 0, updated: 1, unchanged: 5, older: 0 });
        expect(await scalar(db, 'select project from deals where deal_id = 1006')).toBe('Ресурсный центр');
      });
    });
  });
});
