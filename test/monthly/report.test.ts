import { describe, expect, it } from 'vitest';
import { buildMonthlyReport, issueMonthlyNote, type MonthlyReport } from '../../src/monthly/report.js';
import { fixture, load, withLoadedDb } from '../helpers.js';
import type { Db } from '../../src/db/database.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const tz = 'Europe/Moscow';

async function october(db: Db, today = '2026-11-21'): Promise<MonthlyReport> {
  return buildMonthlyReport(db, { month: '2026-10', today, timeZone: tz });
}

/** name → [consultations, minutes, clients, newClients], in report order. */
const brief = (rows: MonthlyReport['byProject']) => rows.map((r) => [r.name, r.consultations, r.minutes, r.clients, r.newClients]);

describe('the «не распределено» row (fixtures/monthly/project-unassigned-in-any-case.csv)', () => {
  it('takes every card whose project is empty or says so in any case; «Школа НКО» is a project', async () => {
    await withLoadedDb([fixture('monthly/project-unassigned-in-any-case.csv')], async (db) => {
      // 401 (empty), 402 «не распределено», 403 «Не распределено», 404 «НЕ  РАСПРЕДЕЛЕНО » (spaces made one): 4 × 90 min.
      expect(brief((await october(db)).byProject)).toEqual([
        ['не распределено', 4, 360, 4, 4],
        ['Школа НКО', 1, 90, 1, 1],
      ]);
    });
  });
});

describe('monthly note: figures worked out by hand (fixtures/monthly/scenario-2025-10_2026-11.csv)', () => {
  it('totals: held in the month by local date, clients normalised, new clients', async () => {
    await withLoadedDb([scenario], async (db) => {
      const r = await october(db);
      expect(r.partial).toBe(false);
      expect(r.period).toEqual({ from: '2026-10-01', to: '2026-11-01', days: 31, label: 'октябрь 2026' });
      // 301 (01.10 00:00), 302, 303, 304, 305 (31.10 23:30), 310; not 202 (30.09 23:59), 307 (01.11 00:10),
      // 306 (no date), 308 (scheduled), 309 (lost).
      expect(r.totals).toMatchObject({ consultations: 6, minutes: 285, hours: 4.75, clients: 3, newClients: 1, avgMinutes: 57 });
      expect(r.totals.change.previousMonth).toEqual({ consultations: 2, minutes: 105, hours: 1.75, clients: 2, newClients: 1, avgMinutes: 52.5 });
      expect(r.totals.change.yearAgo).toEqual({ consultations: 2, minutes: 90, hours: 1.5, clients: 2, newClients: 2, avgMinutes: 45 });
      expect(r.consultations.map((c) => c.dealId)).toEqual([301, 302, 303, 304, 310, 305]);
      // 301 at 01.10.2026 00:00 Moscow time, 302 at 05.10 10:00: ISO 8601 with the offset in JSON.
      expect(r.consultations.slice(0, 2).map((c) => c.consulted)).toEqual(['2026-10-01T00:00:00+03:00', '2026-10-05T10:00:00+03:00']);
    });
  });

  it('rows by project, consultant, topic, format, channel and kind, sorted by consultations then name', async () => {
    await withLoadedDb([scenario], async (db) => {
      const r = await october(db);
      expect(brief(r.byProject)).toEqual([
        ['Президентский грант', 2, 105, 2, 1],
        ['Развитие НКО', 2, 30, 1, 0],
        ['не распределено', 2, 150, 1, 0], // 302 (empty) and 305 (written «не распределено»)
      ]);
      expect(brief(r.byConsultant)).toEqual([
        ['Иванова Мария', 2, 105, 2, 1],
        ['Никитина Ирина', 1, 60, 1, 0],
        ['Петров Олег', 1, 90, 1, 0],
        ['Сидоров Андрей', 1, 30, 1, 0],
        ['не указан', 1, 0, 0, 0],
      ]);
      expect(brief(r.byTopic)).toEqual([
        ['Правовые вопросы', 2, 90, 1, 0],
        ['PR и продвижение', 1, 45, 1, 1],
        ['Бухгалтерские и финансовые вопросы', 1, 90, 1, 0],
        ['Социальное проектирование', 1, 0, 0, 0],
        ['не указана', 1, 60, 1, 0],
      ]);
      expect(brief(r.byFormat)).toEqual([
        ['очно', 3, 90, 1, 0],
        ['zoom/skype', 2, 150, 1, 0],
        ['по телефону', 1, 45, 1, 1],
      ]);
      expect(brief(r.byChannel)).toEqual([
        ['E-mail', 2, 135, 2, 1],
        ['Форма на сайте', 2, 60, 1, 0],
        ['Телефон сотруднику', 1, 30, 1, 0],
        ['не указан', 1, 60, 1, 0],
      ]);
      expect(brief(r.byKind)).toEqual([
        ['сотрудники центра', 3, 135, 2, 1],
        ['внешние эксперты', 2, 150, 1, 0],
        ['не указано', 1, 0, 0, 0],
      ]);
    });
  });

  it('each row is compared with the previous month and the same month a year before', async () => {
    await withLoadedDb([scenario], async (db) => {
      const r = await october(db);
      const change = (name: string) => {
        const row = r.byProject.find((p) => p.name === name)!;
        return [row.change.previousMonth?.consultations, row.change.previousMonth?.minutes, row.change.yearAgo?.consultations, row.change.yearAgo?.minutes];
      };
      expect(change('Президентский грант')).toEqual([1, 60, 1, 60]);
      expect(change('Развитие НКО')).toEqual([1, 45, 0, 0]);
      expect(change('не распределено')).toEqual([0, 0, 1, 30]);
    });
  });

  it('a month not over yet is partial and compared with the same first days', async () => {
    await withLoadedDb([scenario], async (db) => {
      const r = await buildMonthlyReport(db, { month: '2026-11', today: '2026-11-21', timeZone: tz });
      expect(r.partial).toBe(true);
      expect(r.period).toEqual({ from: '2026-11-01', to: '2026-11-22', days: 21, label: '1–21 ноября 2026' });
      expect(r.previousPeriod).toEqual({ from: '2026-10-01', to: '2026-10-22', days: 21, label: '1–21 октября 2026' });
      // 307 (01.11 00:10) and 401 (20.11); not 402 (25.11, after today).
      expect(r.totals).toMatchObject({ consultations: 2, minutes: 90, clients: 2, newClients: 0 });
      // 1–21 October: 301, 302, 303, 304 — not 310 (28.10) or 305 (31.10), which the whole month would add.
      expect(r.totals.change.previousMonth).toMatchObject({ consultations: 4, minutes: 225 });
      // Nothing at all was held in November 2025: no comparison rather than a comparison with zero.
      expect(r.totals.change.yearAgo).toBeNull();
      // The latest «Дата редактирования» (20.11.2026 12:00) is before the start of today: the data cannot be complete.
      expect(r.freshness).toMatchObject({ incomplete: true, reason: 'edited_before_end' });
      expect(r.freshness.warning).toBe(
        'Данные за 1–21 ноября 2026 не могут быть полными: самая поздняя «Дата редактирования» в загруженных выгрузках — 20.11.2026 12:00, ' +
          'раньше начала сегодняшнего дня (21.11.2026 00:00). Последняя выгрузка — scenario-2025-10_2026-11.csv, загружена 21.11.2026 12:00. ' +
          'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.',
      );
    });
  });

  it('lists data problems with deal IDs', async () => {
    await withLoadedDb([scenario], async (db) => {
      const q = (await october(db)).quality;
      // Times in the note's JSON are ISO 8601 with the offset (README «Times and dates»): 306 was edited 01.11.2026 09:00 Moscow time.
      expect(q.heldWithoutDate.map((d) => [d.dealId, d.edited])).toEqual([[306, '2026-11-01T09:00:00+03:00']]);
      expect(q.missing).toEqual([
        { field: 'client', dealIds: [310] },
        { field: 'consultant', dealIds: [310] },
        { field: 'duration', dealIds: [310] },
        { field: 'project', dealIds: [302] },
        { field: 'topic', dealIds: [305] },
      ]);
      expect(q.unknownStages).toEqual([{ stage: 'Клиент думает', dealIds: [311] }]);
      expect(q.rejects).toMatchObject([{ file: 'scenario-2025-10_2026-11.csv', loaded: '2026-11-21T12:00:00+03:00', line: 19, dealId: null, reason: 'пустой ID сделки' }]);
      expect(q.problems).toBe(8);
    });
  });

  it('the 12-month trend ends with the month and fills empty months with zeros', async () => {
    await withLoadedDb([scenario], async (db) => {
      const trend = (await october(db)).trend;
      expect(trend).toHaveLength(12);
      expect(trend[0]).toEqual({ month: '2025-11', consultations: 0, minutes: 0 });
      expect(trend.slice(-2)).toEqual([
        { month: '2026-09', consultations: 2, minutes: 105 },
        { month: '2026-10', consultations: 6, minutes: 285 },
      ]);
      expect(trend.reduce((n, t) => n + t.consultations, 0)).toBe(8);
    });
  });

  it('warns when no export was loaded after the month ended (its latest edit is then before the end too)', async () => {
    await withLoadedDb([scenario], async (db) => {
      // loaded now, i.e. after October 2026 ended
      expect((await october(db)).freshness).toEqual({
        latestLoad: '2026-11-21T12:00:00+03:00',
        latestLoadFile: 'scenario-2025-10_2026-11.csv',
        latestEdited: '2026-11-20T12:00:00+03:00',
        loadedAfterEnd: true,
        incomplete: false,
        reason: null,
        warning: null,
      });
      // Read as of 10 December: nothing was loaded after November ended, so November may be incomplete.
      const nov = await buildMonthlyReport(db, { month: '2026-11', today: '2026-12-10', timeZone: tz });
      expect(nov.partial).toBe(false);
      expect(nov.freshness).toMatchObject({ loadedAfterEnd: false, incomplete: true, reason: 'edited_before_end' });
      expect(nov.freshness.warning).toBe(
        'Данные за ноябрь 2026 не могут быть полными: самая поздняя «Дата редактирования» в загруженных выгрузках — 20.11.2026 12:00, ' +
          'раньше, чем закончился период (01.12.2026 00:00). Последняя выгрузка — scenario-2025-10_2026-11.csv, загружена 21.11.2026 12:00. ' +
          'Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и постройте справку заново.',
      );
    });
  });

  it('an issued note: later runs say what changed since, with deal IDs', async () => {
    await withLoadedDb([scenario], async (db) => {
      const issued = await issueMonthlyNote(db, await october(db));
      // Issued at withDb's clock, 21.11.2026 12:00 Moscow: ISO with the offset in the data, as people read it in the text.
      expect(issued).toEqual({ issueId: 1, issuedAt: '2026-11-21T12:00:00+03:00' });
      expect((await october(db)).issue).toEqual({ issued: { issueId: 1, issuedAt: issued.issuedAt }, changes: [] });
      const { writeFile } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const path = await import('node:path');
      const { readFile } = await import('node:fs/promises');
      // A later export: 303 moved to another project, 304 moved to November, a new consultation 320 on 29.10.
      const text = (await readFile(scenario, 'utf8')).split('\n');
      const later = text
        .map((line) => (line.startsWith('303;') ? line.replace('Президентский грант', 'Развитие НКО').replace('01.11.2026 09:00:00', '05.11.2026 09:00:00') : line))
        .map((line) => (line.startsWith('304;') ? line.replace('20.10.2026 09:30:00', '02.11.2026 09:30:00').replace('01.11.2026 09:00:00', '05.11.2026 09:00:00') : line));
      const added = text.find((l) => l.startsWith('301;'))!.replace(/^301;Консультация 301/, '320;Консультация 320').replace('01.10.2026 00:00:00', '29.10.2026 12:00:00');
      const file = path.join(tmpdir(), `okno-later-${process.pid}.csv`);
      await writeFile(file, [...later.slice(0, -1), added, ''].join('\n'));
      await load(db, [file]);
      const r = await october(db);
      expect(r.issue.changes).toEqual([
        { change: 'added', dealIds: [320] },
        { change: 'removed', dealIds: [304] },
        { change: 'project', dealIds: [303] },
      ]);
      const { issueChangesText } = await import('../../src/render/monthly-text.js');
      expect(issueChangesText(r)).toBe(
        `После выпуска справки (21.11.2026 12:00) добавлена 1 консультация (ID 320), убрана 1 консультация (ID 304), у 1 изменился проект (ID 303).`,
      );
    });
  });
});
