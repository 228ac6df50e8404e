import { describe, expect, it } from 'vitest';
import { withDb } from '../../src/cli/common.js';
import { Db } from '../../src/db/database.js';
import { testClock } from '../helpers.js';

// The CLI's one open/try/close: the database is closed however the command ends.
describe('withDb', () => {
  const opened = () => {
    const state = { closed: 0 };
    const db = { close: () => (state.closed += 1) } as unknown as Db;
    return { state, opening: Promise.resolve({ db, today: '2026-11-21' }) };
  };

  it('hands over what was opened, returns what the command returns, and closes once', async () => {
    const { state, opening } = opened();
    expect(await withDb(opening, async ({ today }) => `сегодня ${today}`)).toBe('сегодня 2026-11-21');
    expect(state.closed).toBe(1);
  });

  it('closes when the command throws, and the error goes on', async () => {
    const { state, opening } = opened();
    await expect(withDb(opening, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(state.closed).toBe(1);
  });

  it('takes a Db itself, too', async () => {
    const db = await Db.open(':memory:', { clock: testClock });
    expect(await withDb(Promise.resolve(db), async (d) => (await d.all<{ x: number }>('meta_get', { key: 'none' })).length)).toBe(0);
    await expect(db.all('meta_get', { key: 'none' })).rejects.toThrow();
  });
});
