import { describe, expect, it } from 'vitest';
import type { CheckFacts } from '../../src/checks/procedure.js';
import { checkDetail } from '../../src/render/check-detail.js';
import { nouns, plural } from '../../src/text/russian.js';

// The words of every kind of finding, from facts as the queries return them (Moscow moments). The texts are the ones
// the queries used to build themselves; test/check/*.test.ts checks them on fixtures.
describe('okno check: «Что не так» from the facts', () => {
  it.each<[CheckFacts, string]>([
    [{ rule: 'closed_incomplete', missing: ['consultant', 'format', 'comments'] }, 'закрыта, не заполнено: консультант, формат, содержание (примечание)'],
    [
      { rule: 'friday_closing', stage: 'Консультация проведена', enteredAt: '2026-10-30T14:00:00+03:00', undated: true },
      'дата консультации не указана; в пятницу в 18:00 ещё в этапе «Консультация проведена» (с 30.10.2026 14:00)',
    ],
    [
      { rule: 'requests_waiting', finding: 'lost_reason', stage: 'Закрыто и не реализовано', createdAt: '2026-10-20T09:00:00+03:00', seenAt: null, enteredAt: null, lossReason: 'дорого' },
      'закрыта как неуспешная после «Не дозвонились», причина «дорого» (нужна «не дозвонились»)',
    ],
    [
      { rule: 'external_late', dueOn: '2026-10-28', completedAt: null, scheduled: false, stage: 'Консультация проведена', missing: ['topic', 'duration_min'] },
      'срок — конец 28.10.2026; карточка не заполнена: тема, продолжительность',
    ],
    // 1, 21 день; 2–4, 22 дня; 11–14, 25, 111 дней (plain space, as before).
    [{ rule: 'moved', movedFrom: '2026-10-01T10:00:00+03:00', movedTo: '2026-10-22T10:00:00+03:00', days: 21 }, 'перенесена с 01.10.2026 10:00 на 22.10.2026 10:00 — на 21 день'],
    [{ rule: 'moved', movedFrom: '2026-10-01T10:00:00+03:00', movedTo: '2026-10-23T10:00:00+03:00', days: 22 }, 'перенесена с 01.10.2026 10:00 на 23.10.2026 10:00 — на 22 дня'],
    [{ rule: 'moved', movedFrom: '2026-10-23T10:00:00+03:00', movedTo: '2026-10-12T10:00:00+03:00', days: 11 }, 'перенесена с 23.10.2026 10:00 на 12.10.2026 10:00 — на 11 дней'],
    [{ rule: 'staff_load', consultations: 0 }, 'консультаций за неделю: 0'],
    // Counts as digits, no thousands space: the column is read and filtered as it always was.
    [
      { rule: 'feedback_asked', finding: 'never_asked', askedFrom: '2026-10-02T15:00:00+03:00', askedTo: '2026-10-30T15:00:00+03:00', consultations: 1204 },
      'консультаций с 02.10.2026 15:00 по 30.10.2026 15:00: 1204, обратная связь не запрошена ни по одной',
    ],
    [{ rule: 'calendar_slots', weekFrom: '2026-11-09', free: 1, booked: 1 }, 'неделя с 09.11.2026: слотов 2 (свободных 1, занятых 1)'],
  ])('%j', (facts, words) => {
    expect(checkDetail(facts)).toBe(words);
  });
});

describe('days in a move (the SQL macro okno_days had these; the one plural rule is text/russian.ts now)', () => {
  it('1 день, 2–4 дня, 5–20 дней, 11–14 дней, 21 день, 112 дней', () => {
    expect([1, 3, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 122].map((n) => `${n} ${plural(n, nouns.day)}`)).toEqual([
      '1 день', '3 дня', '5 дней', '11 дней', '12 дней', '14 дней', '21 день', '22 дня', '25 дней', '101 день', '111 дней', '112 дней', '122 дня',
    ]);
  });
});
