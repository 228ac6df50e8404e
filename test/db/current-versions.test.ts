import { describe, expect, it } from 'vitest';
import { amocrm, fixture, load, rows, withDb } from '../helpers.js';
import type { Db } from '../../src/db/database.js';

/** The current state as README «Версии сделок» defines it, ranked from every version: what `deals` must equal. */
const ranked = `
  select deal_id, load_id, line_no from (
    select deal_id, load_id, line_no,
      row_number() over (partition by deal_id order by edited_at desc nulls last, load_id desc, line_no desc) as rn
    from deal_versions)
  where rn = 1 order by deal_id`;

async function same(db: Db): Promise<void> {
  const kept = await rows(db, 'select deal_id, load_id, line_no from deals order by deal_id');
  expect(kept).toEqual(await rows(db, ranked));
  // One current version per deal that has versions.
  expect(await rows(db, 'select count(*)::integer as n from deal_current')).toEqual(await rows(db, 'select count(distinct deal_id)::integer as n from deal_versions'));
}

// Schema 10: each deal's current version is kept in deal_current by the load that publishes versions, not ranked
// again by every query. It must be, after any sequence of loads, the version the definition picks.
describe('deal_current: the current version of each deal', () => {
  // cp1251-semicolon-crlf.csv is the first export of deals 1001–1007; reexport-changed.csv a later export of the
  // same deals, some of them edited since.
  it('a first export, then a later one that changes deals: the later versions are current', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('cp1251-semicolon-crlf.csv')]);
      await same(db);
      await load(db, [amocrm('reexport-changed.csv')]);
      await same(db);
      expect(await rows(db, 'select count(distinct load_id)::integer as n from deals')).toEqual([{ n: 2 }]);
    });
  });

  it('the later export first, then the older one: nothing rolls back', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('reexport-changed.csv')]);
      const before = await rows(db, 'select deal_id, load_id, line_no from deal_current order by deal_id');
      await load(db, [amocrm('cp1251-semicolon-crlf.csv')]);
      await same(db);
      // Deals the older export has in an older version keep the later one; none of the 7 moves to the older load.
      expect(await rows(db, 'select deal_id, load_id, line_no from deal_current where deal_id in (select deal_id from deal_versions where load_id = 1) order by deal_id')).toEqual(before);
    });
  });

  it('several files in one command, and the same file again', async () => {
    await withDb(async (db) => {
      const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
      await load(db, [amocrm('repeated-headers.csv'), amocrm('multiline-notes.csv'), scenario]);
      await same(db);
      await load(db, [scenario]); // already loaded: nothing changes
      await same(db);
    });
  });
});
