import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, buildNoteHeadline, headlineOf, issueMonthlyNote } from '../../src/monthly/report.js';
import { fixture, withLoadedDb } from '../helpers.js';
import type { Db } from '../../src/db/database.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const tz = 'Europe/Moscow';

/** What `okno status` reads of the note, from the whole note. */
async function fromNote(db: Db, month: string, today: string) {
  return headlineOf(await buildMonthlyReport(db, { month, today, timeZone: tz }));
}

describe('the note headline okno status shows (buildNoteHeadline) is the whole note’s (fixtures/monthly/scenario-2025-10_2026-11.csv)', () => {
  it('in every month of the scenario, over and not over, with and without data', async () => {
    await withLoadedDb([scenario], async (db) => {
      const cases: [string, string][] = [
        ['2026-10', '2026-11-21'], // 6 held, a card without a date, missing fields
        ['2026-11', '2026-11-21'], // not over: up to today
        ['2026-09', '2026-11-21'],
        ['2025-10', '2026-11-21'], // a year before
        ['2026-07', '2026-11-21'], // none held, months before had none either
        ['2026-10', '2026-12-03'],
      ];
      for (const [month, today] of cases) {
        expect(await buildNoteHeadline(db, { month, today, timeZone: tz }), `${month} on ${today}`).toEqual(await fromNote(db, month, today));
      }
      // Worked out by hand for October: 301, 302, 303, 304, 305, 310; problems as «lists data problems with deal IDs» counts them.
      expect(await buildNoteHeadline(db, { month: '2026-10', today: '2026-11-21', timeZone: tz })).toMatchObject({ consultations: 6, problems: 8, issuedAt: null });
    });
  });

  it('says when the note was issued', async () => {
    await withLoadedDb([scenario], async (db) => {
      await issueMonthlyNote(db, await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: tz }));
      const headline = await buildNoteHeadline(db, { month: '2026-10', today: '2026-11-21', timeZone: tz });
      expect(headline.issuedAt).not.toBeNull();
      expect(headline).toEqual(await fromNote(db, '2026-10', '2026-11-21'));
    });
  });
});
