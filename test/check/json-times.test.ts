// README «Times and dates»: a check's moments in JSON are ISO 8601 with the zone's offset at that moment.
import { describe, expect, it } from 'vitest';
import { buildChecks } from '../../src/checks/procedure.js';
import { withDb } from '../helpers.js';

const check = (asOf: string, timeZone: string) =>
  withDb((db) => buildChecks(db, { asOf, today: '2026-11-21', timeZone, linkDays: 14, initials: {} }), timeZone);

describe('check: the cutoff as ISO 8601 with the offset of that moment', () => {
  it('Moscow (no change of offset): the end of the as-of day', async () => {
    expect((await check('2026-11-01', 'Europe/Moscow')).cutoff).toBe('2026-11-02T00:00:00+03:00');
  });

  it('Berlin across the end of summer time (25.10.2026 03:00 CEST → 02:00 CET)', async () => {
    expect((await check('2026-10-24', 'Europe/Berlin')).cutoff).toBe('2026-10-25T00:00:00+02:00');
    expect((await check('2026-10-25', 'Europe/Berlin')).cutoff).toBe('2026-10-26T00:00:00+01:00');
  });

  it('New York across the end of daylight time (01.11.2026 02:00 EDT → 01:00 EST)', async () => {
    expect((await check('2026-10-31', 'America/New_York')).cutoff).toBe('2026-11-01T00:00:00-04:00');
    expect((await check('2026-11-01', 'America/New_York')).cutoff).toBe('2026-11-02T00:00:00-05:00');
  });
});
