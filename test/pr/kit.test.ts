import { describe, expect, it } from 'vitest';
import { defaultConfig, type PrSettings } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { buildMonthlyReport } from '../../src/monthly/report.js';
import { headlineContent, imageKinds, prFigures, prTexts, topicBars } from '../../src/render/pr-kit.js';
import { firstDataMonth } from '../../src/pr/write.js';
import { prChartConfig } from '../../src/render/pr-images.js';
import { fixture, loadFeedbackFiles, withLoadedDb } from '../helpers.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');
const settings: PrSettings = { ...defaultConfig().pr, organisation: 'Ресурсный центр «Окно»' };
const nb = '\u00a0';

const note = (db: Db, month = '2026-10', today = '2026-11-21') =>
  buildMonthlyReport(db, { month, today, timeZone: 'Europe/Moscow', linkDays: 14 });
/** The kit's figures as okno pr takes them: the note's, and the first month with data. */
const kitFigures = async (db: Db, month = '2026-10', today = '2026-11-21') => prFigures(await note(db, month, today), await firstDataMonth(db));

describe('PR kit figures (scenario, October 2026)', () => {
  it('are the monthly note’s figures, worked out by hand in test/monthly/report.test.ts', async () => {
    await withLoadedDb([scenario], async (db) => {
      const report = await note(db);
      const f = prFigures(report, await firstDataMonth(db));
      expect(f).toMatchObject({
        month: '2026-10', partial: false, period: { from: '2026-10-01', to: '2026-11-01', days: 31 },
        consultations: 6, organisations: 3, minutes: 285, hours: 4.75, newClients: 1, withoutTopic: 1, satisfaction: null,
        // Deal 101, 10.10.2025: the scenario's data begin a year before, so the 12 months all have data (0 is 0).
        dataFrom: '2025-10',
      });
      // The note's topic rows in its order, «не указана» left out.
      expect(f.topics).toEqual([
        { name: 'Правовые вопросы', consultations: 2 },
        { name: 'PR и продвижение', consultations: 1 },
        { name: 'Бухгалтерские и финансовые вопросы', consultations: 1 },
        { name: 'Социальное проектирование', consultations: 1 },
      ]);
      expect(f.trend.map((m) => [m.month, m.consultations])).toEqual([
        ['2025-11', 0], ['2025-12', 0], ['2026-01', 0], ['2026-02', 0], ['2026-03', 0], ['2026-04', 0],
        ['2026-05', 0], ['2026-06', 0], ['2026-07', 0], ['2026-08', 0], ['2026-09', 2], ['2026-10', 6],
      ]);
      // Equal to the note, field by field: no second set of queries.
      expect([f.consultations, f.organisations, f.minutes, f.hours, f.newClients])
        .toEqual([report.totals.consultations, report.totals.clients, report.totals.minutes, report.totals.hours, report.totals.newClients]);
      expect(f.topics).toEqual(report.byTopic.filter((t) => t.name !== 'не указана').map((t) => ({ name: t.name, consultations: t.consultations })));
      expect(f.trend).toEqual(report.trend.map((t) => ({ month: t.month, consultations: t.consultations })));
      expect(imageKinds(f)).toEqual(['headline', 'topics', 'trend']);
    });
  });

  it('texts: plural forms, month cases, Russian numbers', async () => {
    await withLoadedDb([scenario], async (db) => {
      const texts = prTexts(await kitFigures(db), settings);
      // Topics 2, 1, 1, 1: the three at 1 are tied, so only the first is named and the tie is said as it is.
      expect(texts.site).toBe([
        `В октябре 2026 года мы провели 6${nb}консультаций для 3${nb}организаций — всего 4,8${nb}часа работы консультантов. 1${nb}организация обратилась к нам впервые.`,
        '',
        'Самая частая тема за октябрь 2026 года:',
        `- Правовые вопросы — 2${nb}консультации.`,
        '',
        `Следом — 3${nb}темы, по 1${nb}консультации на каждую.`,
        '',
        `С ноября 2025 года по октябрь 2026 года — 8${nb}консультаций.`,
      ].join('\n'));
      expect(texts.social).toBe(`В октябре 2026 года — 6${nb}консультаций для 3${nb}организаций, 4,8${nb}часа работы. Самая частая тема — «Правовые вопросы».`);
      expect(texts.alt).toEqual({
        headline: `Карточка: в октябре 2026 года — 6${nb}консультаций; 3${nb}организации получили помощь; 4,8${nb}часа консультаций; 1${nb}новый клиент. Ресурсный центр «Окно».`,
        topics: 'Диаграмма: темы консультаций за октябрь 2026 года: Правовые вопросы — 2; PR и продвижение — 1; Бухгалтерские и финансовые вопросы — 1; Социальное проектирование — 1; другие темы — 1.',
        trend: 'График: консультации по месяцам, ноябрь 2025 — октябрь 2026: ноябрь 2025 — 0; декабрь 2025 — 0; январь 2026 — 0; февраль 2026 — 0; март 2026 — 0; апрель 2026 — 0; май 2026 — 0; июнь 2026 — 0; июль 2026 — 0; август 2026 — 0; сентябрь 2026 — 2; октябрь 2026 — 6.',
      });
    });
  });

  it('a month not over yet is named by its days', async () => {
    await withLoadedDb([scenario], async (db) => {
      const report = await note(db, '2026-11', '2026-11-21');
      const f = prFigures(report, await firstDataMonth(db));
      expect(f.partial).toBe(true);
      expect(f.phrases).toEqual({ in: 'с 1 по 21 ноября 2026 года', for: 'за 1–21 ноября 2026 года', title: '1–21 ноября 2026' });
      expect(f.consultations).toBe(report.totals.consultations);
      expect(headlineContent(f, settings).period).toBe('С 1 по 21 ноября 2026 года');
      expect(prTexts(f, settings).social.startsWith(`С 1 по 21 ноября 2026 года — ${f.consultations}${nb}`)).toBe(true);
      // The 12 months' total ends with the day covered: September 2026 2, October 6, 1–21 November 2 (307, 401;
      // not 402, dated 25.11).
      expect(f.trend.at(-1)).toEqual({ month: '2026-11', consultations: 2 });
      expect(prTexts(f, settings).site.split('\n\n').at(-1)).toBe(`С декабря 2025 года по 21 ноября 2026 года — 10${nb}консультаций.`);
    });
  });

  it('headline card content', async () => {
    await withLoadedDb([scenario], async (db) => {
      expect(headlineContent(await kitFigures(db), settings)).toEqual({
        organisation: 'Ресурсный центр «Окно»',
        period: 'В октябре 2026 года',
        number: '6',
        caption: 'консультаций',
        stats: [`3${nb}организации получили помощь`, `4,8${nb}часа консультаций`, `1${nb}новый клиент`],
      });
    });
  });
});

describe('PR chart configs as data', () => {
  it('topics: the top named topics per preset, the rest as «другие темы»; trend: 12 months', async () => {
    await withLoadedDb([scenario], async (db) => {
      const f = await kitFigures(db);
      const topics = prChartConfig('topics', f, 'square', settings);
      expect(topics.type).toBe('bar');
      expect(topics.data.labels).toEqual([['Правовые вопросы'], ['PR и продвижение'], ['Бухгалтерские и', 'финансовые вопросы'], ['Социальное', 'проектирование'], ['другие темы']]);
      expect(topics.data.datasets[0]!.data).toEqual([2, 1, 1, 1, 1]);
      expect(topics.data.datasets[0]!.backgroundColor).toBe('#4C78A8');
      expect(topics.options!.plugins!.title!.text).toEqual(['Темы консультаций: октябрь 2026']);
      // Fewer named bars where there is less room: the sum stays the month's consultations.
      expect(topicBars(f, 2)).toEqual([{ label: 'Правовые вопросы', value: 2 }, { label: 'PR и продвижение', value: 1 }, { label: 'другие темы', value: 3 }]);
      const trend = prChartConfig('trend', f, 'wide', settings);
      expect(trend.type).toBe('line');
      expect(trend.data.labels).toEqual([['ноя', '2025'], ['дек', ''], ['янв', '2026'], ['фев', ''], ['мар', ''], ['апр', ''], ['май', ''], ['июн', ''], ['июл', ''], ['авг', ''], ['сен', ''], ['окт', '']]);
      expect(trend.data.datasets[0]!.data).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 6]);
    });
  });

  it('satisfaction when feedback is loaded (fixtures/feedback: 3 satisfied, 1 partly, 2 dissatisfied)', async () => {
    await withLoadedDb([fixture('feedback/consultations-2026-10.csv')], async (db) => {
      await loadFeedbackFiles(db, [fixture('feedback/google-forms-reexport.csv')]);
      const report = await note(db);
      const f = prFigures(report, await firstDataMonth(db));
      expect(f.consultations).toBe(6);
      expect(f.satisfaction).toEqual({ rated: 6, satisfied: 3, partly: 1, dissatisfied: 2, satisfiedShare: 0.5 });
      expect(f.satisfaction!.satisfiedShare).toBe(report.feedback.totals.satisfiedShare);
      expect(f.dataFrom).toBe('2025-03');
      expect(imageKinds(f)).toEqual(['headline', 'topics', 'trend', 'satisfaction']);
      const config = prChartConfig('satisfaction', f, 'story', { ...settings, colors: { ...settings.colors, primary: '#1F6FB2' } });
      expect(config.data.labels).toEqual([['удовлетворены'], ['частично удовлетворены'], ['не удовлетворены']]);
      expect(config.data.datasets[0]!.data).toEqual([3, 1, 2]);
      expect(config.data.datasets[0]!.backgroundColor).toBe('#1F6FB2');
      // A share of ratings, with what it is a share of: 3 of the 6 ratings, not «50 % клиентов».
      expect(config.options!.plugins!.title!.text).toEqual(['Оценки клиентов: октябрь 2026 —', `«удовлетворен» 50${nb}% из 6${nb}оценок`]);
      const texts = prTexts(f, settings);
      expect(texts.site.split('\n\n').at(-2)).toBe(`Оценки клиентов за октябрь 2026 года: «удовлетворен» — 50${nb}% оценок (3 из 6${nb}оценок).`);
      expect(texts.social.endsWith(` Оценки клиентов: «удовлетворен» — 50${nb}% оценок (3 из 6${nb}оценок).`)).toBe(true);
      expect(texts.site + texts.social).not.toContain('клиентов полностью');
      expect(texts.alt.satisfaction).toBe(`Диаграмма: оценки клиентов за октябрь 2026 года: удовлетворены — 3; частично удовлетворены — 1; не удовлетворены — 2; «удовлетворен» — 50${nb}% оценок (3 из 6${nb}оценок).`);

      // pr.showDissatisfied false: the public image has no «не удовлетворены» bar; its title still counts all 6.
      const hidden = { ...settings, showDissatisfied: false };
      const without = prChartConfig('satisfaction', f, 'square', hidden);
      expect(without.data.labels).toEqual([['удовлетворены'], ['частично удовлетворены']]);
      expect(without.data.datasets[0]!.data).toEqual([3, 1]);
      expect(without.options!.plugins!.title!.text).toEqual(config.options!.plugins!.title!.text);
      expect(prTexts(f, hidden).alt.satisfaction).toBe(`Диаграмма: оценки клиентов за октябрь 2026 года: удовлетворены — 3; частично удовлетворены — 1; «удовлетворен» — 50${nb}% оценок (3 из 6${nb}оценок).`);
      expect(prTexts(f, hidden).site).toBe(texts.site);
    });
  });

  it('2 minutes of consultations are «2 минуты», not «0 часов»', async () => {
    await withLoadedDb([scenario], async (db) => {
      const f = { ...(await kitFigures(db)), minutes: 2, hours: 2 / 60 };
      expect(headlineContent(f, settings).stats[1]).toBe(`2${nb}минуты консультаций`);
      const texts = prTexts(f, settings);
      expect(texts.site).toContain(`— всего 2${nb}минуты работы консультантов.`);
      expect(texts.social).toContain(`, 2${nb}минуты работы.`);
      // 3 minutes are 0,05 hours, shown as «0,1 часа».
      expect(headlineContent({ ...f, minutes: 3, hours: 3 / 60 }, settings).stats[1]).toBe(`0,1${nb}часа консультаций`);
    });
  });
});
