// PR texts that cannot mislead (README «Тексты PR»): ties in «самые частые темы», months before the data, shares of
// ratings. Each fixture has one quirk; every text below is worked out by hand from it.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type PrSettings } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { UserError } from '../../src/errors.js';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { frequentTopics, imageKinds, prFigures, prTexts, type PrFigures } from '../../src/render/pr-kit.js';
import { firstDataMonth, writePrKit } from '../../src/pr/write.js';
import { renderPrKit } from '../../src/render/pr-text.js';
import { prChartConfig } from '../../src/render/pr-images.js';
import { fixture, load, withDb, withLoadedDb, withTempDir } from '../helpers.js';

const settings: PrSettings = defaultConfig().pr;
const nb = '\u00a0';

async function kitFigures(db: Db, month = '2026-10', today = '2026-11-21'): Promise<PrFigures> {
  const report = await buildMonthlyReport(db, { month, today, timeZone: 'Europe/Moscow', linkDays: 14 });
  return prFigures(report, await firstDataMonth(db));
}

describe('most frequent topics', () => {
  it('a five-way tie at 2 is not cut alphabetically (pr/topics-five-tied-at-2.csv: 3; 2 × 5; 1)', async () => {
    await withDb(async (db) => {
      await load(db, [fixture('pr/topics-five-tied-at-2.csv')]);
      const f = await kitFigures(db);
      expect(f.topics.map((t) => t.consultations)).toEqual([3, 2, 2, 2, 2, 2, 1]);
      const texts = prTexts(f, settings);
      // Naming three would take two of the five tied at 2, by the alphabet: only the leader is named.
      expect(texts.site).toBe([
        `В октябре 2026 года мы провели 14${nb}консультаций для 14${nb}организаций — всего 14${nb}часов работы консультантов. 14${nb}организаций обратились к нам впервые.`,
        '',
        'Самая частая тема за октябрь 2026 года:',
        `- Правовые вопросы — 3${nb}консультации.`,
        '',
        `Следом — 5${nb}тем, по 2${nb}консультации на каждую.`,
      ].join('\n'));
      expect(texts.social).toBe(`В октябре 2026 года — 14${nb}консультаций для 14${nb}организаций, 14${nb}часов работы. Самая частая тема — «Правовые вопросы».`);
      await withTempDir(async (dir) => {
        const kit = await writePrKit(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', config: defaultConfig() }, dir);
        expect(renderPrKit(kit, dir)).toContain(`  Частые темы           Правовые вопросы (3), следом 5${nb}тем по 2\n`);
        // Hours with one decimal always, as in the note: 14 consultations of 60 minutes.
        expect(renderPrKit(kit, dir)).toContain(`  Часов                 14,0\n`);
        expect(renderPrKit({ ...kit, figures: { ...kit.figures, hours: 0 } }, dir)).toContain(`  Часов                 0,0\n`);
      });
    });
  });

  it('11 topics at 1 each: none is called most frequent (pr/eleven-topics-one-each.csv)', async () => {
    await withLoadedDb([fixture('pr/eleven-topics-one-each.csv')], async (db) => {
      const f = await kitFigures(db);
      expect(f.topics).toHaveLength(11);
      const texts = prTexts(f, settings);
      expect(texts.site).toBe([
        `В октябре 2026 года мы провели 11${nb}консультаций для 11${nb}организаций — всего 11${nb}часов работы консультантов. 11${nb}организаций обратились к нам впервые.`,
        '',
        `За октябрь 2026 года — 11${nb}тем, по 1${nb}консультации на каждую.`,
      ].join('\n'));
      expect(texts.site).not.toContain('Самые частые');
      // The social text names a first place only when at most three topics share it.
      expect(texts.social).toBe(`В октябре 2026 года — 11${nb}консультаций для 11${nb}организаций, 11${nb}часов работы.`);
    });
  });

  it('whole groups of equal counts, at most three topics', () => {
    const topics = (...counts: number[]) => counts.map((consultations, i) => ({ name: `Тема ${i + 1}`, consultations }));
    const names = (r: ReturnType<typeof frequentTopics>) => [r.named.map((t) => t.name), r.tied, r.leaders.length];
    expect(names(frequentTopics(topics(5, 3, 2)))).toEqual([['Тема 1', 'Тема 2', 'Тема 3'], null, 1]);
    expect(names(frequentTopics(topics(5, 3, 2, 1)))).toEqual([['Тема 1', 'Тема 2', 'Тема 3'], null, 1]);
    expect(names(frequentTopics(topics(3, 3, 2, 2)))).toEqual([['Тема 1', 'Тема 2'], { topics: 2, consultations: 2 }, 2]);
    expect(names(frequentTopics(topics(2, 2, 2)))).toEqual([['Тема 1', 'Тема 2', 'Тема 3'], null, 3]);
    expect(names(frequentTopics(topics(2, 2, 2, 2, 1)))).toEqual([[], { topics: 4, consultations: 2 }, 4]);
    expect(names(frequentTopics([]))).toEqual([[], null, 0]);
  });

  it('four tied for first place with fewer below: «Чаще всего»', async () => {
    await withLoadedDb([fixture('pr/eleven-topics-one-each.csv')], async (db) => {
      const base = await kitFigures(db);
      const f = { ...base, topics: [...base.topics.slice(0, 4).map((t) => ({ ...t, consultations: 2 })), ...base.topics.slice(4)] };
      expect(prTexts(f, settings).site.split('\n\n')[1]).toBe(`Чаще всего за октябрь 2026 года — 4${nb}темы, по 2${nb}консультации на каждую.`);
    });
  });
});

describe('months before the first data are no data, not 0 (pr/data-begin-in-march-2026.csv: 1, 0, 2, 0, 0, 0, 1, 3)', () => {
  it('the trend and the total start in March 2026', async () => {
    await withLoadedDb([fixture('pr/data-begin-in-march-2026.csv')], async (db) => {
      const f = await kitFigures(db);
      expect(f.dataFrom).toBe('2026-03');
      expect(f.trend.map((m) => [m.month, m.consultations])).toEqual([
        ['2026-03', 1], ['2026-04', 0], ['2026-05', 2], ['2026-06', 0], ['2026-07', 0], ['2026-08', 0], ['2026-09', 1], ['2026-10', 3],
      ]);
      const texts = prTexts(f, settings);
      expect(texts.site.split('\n\n').at(-1)).toBe(`С марта 2026 года по октябрь 2026 года — 7${nb}консультаций.`);
      expect(texts.alt.trend).toBe(
        'График: консультации по месяцам, март 2026 — октябрь 2026: март 2026 — 1; апрель 2026 — 0; май 2026 — 2; июнь 2026 — 0; ' +
          'июль 2026 — 0; август 2026 — 0; сентябрь 2026 — 1; октябрь 2026 — 3.',
      );
      for (const preset of ['square', 'wide', 'story'] as const) {
        const trend = prChartConfig('trend', f, preset, settings);
        expect(trend.data.labels).toEqual([['мар', '2026'], ['апр', ''], ['май', ''], ['июн', ''], ['июл', ''], ['авг', ''], ['сен', ''], ['окт', '']]);
        expect(trend.data.datasets[0]!.data).toEqual([1, 0, 2, 0, 0, 0, 1, 3]);
      }
    });
  });

  it('the first month with data has no trend; a month before it is refused as having no data', async () => {
    await withLoadedDb([fixture('pr/data-begin-in-march-2026.csv')], async (db) => {
      const march = await kitFigures(db, '2026-03');
      expect(march.trend).toEqual([{ month: '2026-03', consultations: 1 }]);
      expect(imageKinds(march)).toEqual(['headline', 'topics']);
      expect(prTexts(march, settings).site).not.toContain('С марта');
      await withTempDir(async (dir) => {
        const error = await writePrKit(db, { month: '2026-02', today: '2026-11-21', timeZone: 'Europe/Moscow', config: defaultConfig() }, dir)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toBe('PR-материалы за февраль 2026 года не сделаны: данных за месяц нет (первая проведённая консультация в базе — в марте 2026 года).');
      });
    });
  });
});
