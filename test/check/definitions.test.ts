import { describe, expect, it } from 'vitest';
import type { WordedReport as CheckReport } from '../../src/render/check-detail.js';
import { fixture, load, rows, withDb } from '../helpers.js';
import { checksOf } from './run-checks.js';
import { buildChecks } from '../../src/checks/procedure.js';
import { wordChecks } from '../../src/render/check-detail.js';

// The edges of README «Проверки процедуры» settled in issue 16 §7, on the week 2026-W45 (02.11–08.11.2026,
// Friday 06.11, cutoff Monday 09.11 00:00 Moscow time). withDb's clock is 21.11.2026 12:00 unless a test pins another.

const at = (iso: string) => () => new Date(iso);

const check = checksOf({ week: '2026-W45', today: '2026-11-21' });

const rule = (r: CheckReport, code: string) => r.rules.find((x) => x.code === code)!;
const items = (r: CheckReport, code: string) => rule(r, code).items.map((i) => [i.dealId, i.at, i.detail]);

describe('stage names: «Принято в работу» (seed 001) is the known stage `accepted`', () => {
  it('«Принято в работу», «принято в работу», extra spaces and «Взято в работу» are `accepted`; «Принято» alone is unknown', async () => {
    await withDb(async (db) => {
      const report = await load(db, [fixture('check/stage-accepted-spellings.csv')]);
      expect(report.files[0]!.unknownStages).toEqual([{ stage: 'Принято', count: 1, dealIds: ['7835'] }]);
      expect(await rows(db, 'select deal_id::integer as id, stage_code from deal_versions order by deal_id')).toEqual([
        { id: 7831, stage_code: 'accepted' },
        { id: 7832, stage_code: 'accepted' },
        { id: 7833, stage_code: 'accepted' },
        { id: 7834, stage_code: 'accepted' },
        { id: 7835, stage_code: null },
      ]);
    });
  });
});

describe('rule 2: a held card without «Дата консультации» is judged by the time it entered «Консультация проведена»', () => {
  it('entered at 14:00 Friday is listed; entered at 16:00 is not (it is the next closing\'s); moved by 17:30 is in time', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('check/held-without-consultation-date.csv')]);
      expect(items(await check(db), 'friday_closing')).toEqual([
        [7801, '2026-11-06T14:00:00+03:00', 'дата консультации не указана; в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 06.11.2026 14:00)'],
      ]);
      // The next Friday both undated cards still held are listed; 7803 was closed.
      expect(items(await check(db, { week: '2026-W46' }), 'friday_closing').map((i) => i[0])).toEqual([7801, 7802]);
    });
  });

  it('not judged before Friday 18:00 by the clock, even as of Friday: 17:59 not due, 18:00 judged', async () => {
    await withDb(
      async (db) => {
        await load(db, [fixture('check/held-without-consultation-date.csv')]);
        const r = await check(db, { asOf: '2026-11-06', today: '2026-11-06' });
        expect(rule(r, 'friday_closing')).toMatchObject({ state: 'not_due', ok: true, count: 0 });
        expect(r.rules.filter((x) => x.state === 'not_due').map((x) => x.id)).toEqual([2, 3, 7, 8]);
      },
      'Europe/Moscow',
      at('2026-11-06T17:59:00+03:00'),
    );
    await withDb(
      async (db) => {
        await load(db, [fixture('check/held-without-consultation-date.csv')]);
        const r = await check(db, { asOf: '2026-11-06', today: '2026-11-06' });
        expect(rule(r, 'friday_closing')).toMatchObject({ state: 'checked', ok: false, count: 1 });
      },
      'Europe/Moscow',
      at('2026-11-06T18:00:00+03:00'),
    );
  });
});

describe('rule 5: the deadline is 00:00 of the second day after the consultation; one at the cutoff is the week\'s', () => {
  it('completed 23:59:59 of the next day is in time, 00:00:00 of the day after is late; a Saturday consultation is judged in its own week', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('check/external-deadline-at-cutoff.csv')]);
      // 7811 (Saturday, complete 08.11 23:59:59) and 7814 (Thursday, complete 06.11 23:59:59) are in time. 7812's
      // deadline is 09.11 00:00, the cutoff itself: its completion stamped 09.11 00:00:00 is late, and not even known
      // at the cutoff. 7813 was completed at 07.11 00:00:00, the first moment after its deadline.
      expect(items(await check(db), 'external_late')).toEqual([
        [7813, '2026-11-05T10:00:00+03:00', 'срок — конец 06.11.2026; карточка заполнена 07.11.2026 00:00'],
        [7812, '2026-11-07T10:00:00+03:00', 'срок — конец 08.11.2026; карточка не заполнена: продолжительность'],
      ]);
      // Each deadline belongs to one week: the next week does not judge 7812 again.
      expect(rule(await check(db, { week: '2026-W46' }), 'external_late').count).toBe(0);
    });
  });

  it('a deadline still to come by the clock is not late: as of Sunday 08.11 12:00, 7812 has until midnight', async () => {
    await withDb(
      async (db) => {
        await load(db, [fixture('check/external-deadline-at-cutoff.csv')]);
        const r = await check(db, { today: '2026-11-08' });
        expect(r.cutoff).toBe('2026-11-09T00:00:00+03:00');
        expect(items(r, 'external_late').map((i) => i[0])).toEqual([7813]);
      },
      'Europe/Moscow',
      at('2026-11-08T12:00:00+03:00'),
    );
  });
});

describe('rule 6: setting a consultation date where there was none is no move; a date set again is compared with the last one', () => {
  it('first date (7821) and a cleared date (7823) are not moves; cleared and set 6 days later (7822) is', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('check/consultation-date-set-where-none.csv')]);
      const r = await check(db);
      expect(rule(r, 'moved').items.map((i) => [i.dealId, i.at])).toEqual([[7822, '2026-11-10T10:00:00+03:00']]);
      expect(rule(r, 'moved').items[0]!.detail).toMatch(/^перенесена с 04\.11\.2026 10:00 на 10\.11\.2026 10:00 — на 6 /);
    });
  });
});

describe('rule 1: a card is listed in the week it was closed only (check/closed-after-the-week.csv)', () => {
  it('«Дата закрытия» 02.11.2026 00:00, the next Monday: not in 2026-W44, in 2026-W45', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('check/closed-after-the-week.csv')]);
      expect(rule(await check(db, { week: '2026-W44' }), 'closed_incomplete').items.map((i) => i.dealId)).toEqual([]);
      expect(rule(await check(db, { week: '2026-W45' }), 'closed_incomplete').items.map((i) => i.dealId)).toEqual([7861]);
    });
  });
});

describe('rule 4: 24 hours are 24 hours across a change of clocks (check/request-24-hours-across-clock-change.csv)', () => {
  it('Berlin, 25.10.2026 (03:00 CEST → 02:00 CET): a request of Saturday 10:00 CEST is late from Sunday 09:00 CET, not 10:00', async () => {
    // 24.10 10:00 CEST is 08:00 UTC; 24 hours later is 25.10 08:00 UTC = 09:00 CET (the wall clock says 23 hours).
    for (const [clock, listed] of [['2026-10-25T08:59:00+01:00', []], ['2026-10-25T09:01:00+01:00', [7851]]] as const) {
      await withDb(
        async (db) => {
          await load(db, [fixture('check/request-24-hours-across-clock-change.csv')], { config: { timeZone: 'Europe/Berlin' } });
          const r = wordChecks(await buildChecks(db, { asOf: '2026-10-25', today: '2026-10-25', timeZone: 'Europe/Berlin', linkDays: 14, initials: {} }));
          expect([clock, rule(r, 'requests_waiting').items.map((i) => i.dealId)]).toEqual([clock, listed]);
        },
        'Europe/Berlin',
        at(clock),
      );
    }
  });
});

describe('rule 4: «more than 24 hours» must have passed by the clock, not only by the end of the as-of day', () => {
  it('a request of Saturday 10:00 still new: as of Sunday 09:59 not late (23:59 hours), at 10:01 late; a past week as of its end late', async () => {
    for (const [clock, listed] of [['2026-11-08T09:59:00+03:00', []], ['2026-11-08T10:01:00+03:00', [7841]]] as const) {
      await withDb(
        async (db) => {
          await load(db, [fixture('check/request-24-hours-by-the-clock.csv')]);
          expect(rule(await check(db, { today: '2026-11-08' }), 'requests_waiting').items.map((i) => i.dealId)).toEqual(listed);
        },
        'Europe/Moscow',
        at(clock),
      );
    }
    await withDb(async (db) => {
      await load(db, [fixture('check/request-24-hours-by-the-clock.csv')]);
      expect(items(await check(db), 'requests_waiting')).toEqual([[7841, '2026-11-07T10:00:00+03:00', 'заявка от 07.11.2026 10:00 всё ещё в этапе «Новая заявка»']]);
    });
  });
});
