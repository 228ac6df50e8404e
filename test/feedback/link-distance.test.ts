import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { fixture, load, loadFeedbackFiles, rows, withDb } from '../helpers.js';

// README «Отзыв и консультация»: «within linkDays days» counts calendar dates in the centre's time zone, not hours.
// The centre is in Novosibirsk (UTC+7): 7901 was held on 01.10.2026 at 10:00, 7902 on 02.10.2026 at 02:00 local
// time (01.10 19:00 UTC, so a reading in UTC dates would put it a day earlier).
const tz = 'Asia/Novosibirsk';
const config = { timeZone: tz };

async function links(db: Db, linkDays: number) {
  await db.run('feedback/links', { link_days: linkDays });
  return rows<{ submitted: string; given: string | null; deal: number | null }>(
    db,
    `select strftime(submitted_at, '%d.%m.%Y %H:%M') as submitted, strftime(consulted_on, '%d.%m.%Y') as given,
            linked_deal_id::integer as deal
     from feedback_links order by submitted_at`,
  );
}

describe('a response links to a consultation within linkDays calendar dates', () => {
  it('14 days later at 23:59 links (14 days 13:59 hours after), 15 days later at 00:01 does not; the same for the date the client gave', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('feedback/link-days-calendar-dates-consultations.csv')], { config });
      const report = await loadFeedbackFiles(db, [fixture('feedback/link-days-calendar-dates.csv')], { config });
      expect(report.files[0]).toMatchObject({ rowsRead: 6, rowsRejected: 0, links: { byId: 0, byOrganisation: 3, unlinked: 3 } });
      expect(await links(db, 14)).toEqual([
        { submitted: '15.10.2026 23:59', given: null, deal: 7901 },
        { submitted: '16.10.2026 00:01', given: null, deal: null },
        { submitted: '16.10.2026 23:59', given: null, deal: 7902 },
        { submitted: '17.10.2026 00:01', given: null, deal: null },
        { submitted: '20.10.2026 12:00', given: '15.10.2026', deal: 7901 },
        { submitted: '20.10.2026 12:05', given: '16.10.2026', deal: null },
      ]);
      // One more day of linkDays takes in the next date, whatever the hour.
      expect((await links(db, 15)).map((l) => l.deal)).toEqual([7901, 7901, 7902, 7902, 7901, 7901]);
      // linkDays 0: the same date only — none of these.
      expect((await links(db, 0)).map((l) => l.deal)).toEqual([null, null, null, null, null, null]);
    }, tz);
  });
});

describe('a dissatisfied client\'s further consultation «не позднее, чем через 3 дня» (seed 000 step 7) counts calendar dates', () => {
  it('01.10 10:00 → 04.10 23:30 (3 dates, 85½ hours) is within 3 days; 01.10 10:00 → 05.10 00:30 (4 dates, 86½ hours) is not', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('feedback/further-consultation-3-calendar-dates-consultations.csv')]);
      await loadFeedbackFiles(db, [fixture('feedback/further-consultation-3-calendar-dates.csv')]);
      const report = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow' });
      expect(report.feedback.dissatisfied.map((d) => [d.dealId, d.followedUp, d.followUp])).toEqual([
        [7951, true, { dealId: 7952, consulted: '2026-10-04T23:30:00+03:00' }],
        [7953, false, null],
      ]);
    });
  });
});
