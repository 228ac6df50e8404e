// The PR manager's kit for a month (seed 001 §5): the monthly note's own figures, the texts to paste and the plan
// of the images. Plain data; rendering and files are src/render/pr-*.ts and src/pr/write.ts.
import type { PrSettings } from '../config.js';
import { lastDay, shownTime, type Month, type Period } from '../time/period.js';
import type { MonthlyReport } from '../monthly/report.js';
import {
  capitalise, countOf, formatNumber, formatPercent, monthName, monthTitle, nouns, periodPhrases, plural, pluralForm,
  type PeriodPhrases, type PluralForms,
} from '../text/russian.js';

/** «5 тем», «2 темы», «21 тема». */
const topicNoun: PluralForms = ['тема', 'темы', 'тем'];
/** After «по»: «по 1 консультации», «по 2 консультации», «по 5 консультаций». */
const consultationEach: PluralForms = ['консультации', 'консультации', 'консультаций'];
/** After «из»: «из 1 оценки», «из 6 оценок». */
const ratingOutOf: PluralForms = ['оценки', 'оценок', 'оценок'];

/** Image sizes for the places the PR manager posts. */
export const presets = {
  /** a feed post (VK, Telegram, Instagram-like feeds) */
  square: { width: 1080, height: 1080 },
  /** the site, VK and Telegram link previews */
  wide: { width: 1200, height: 675 },
  /** stories */
  story: { width: 1080, height: 1920 },
} as const;
export type PresetName = keyof typeof presets;
export const presetNames = Object.keys(presets) as PresetName[];

export type ImageKind = 'headline' | 'topics' | 'trend' | 'satisfaction';

/** How many topics a chart names before «другие темы», per preset (a story has the height for more). */
export const topicsShown: Record<PresetName, number> = { square: 6, wide: 5, story: 8 };

/** The topic the note gives a consultation without one; not a topic a post names. */
export const unspecifiedTopic = 'не указана';

export interface PrFigures {
  month: Month;
  /** The month is not over yet: the figures cover its first days (`period`). */
  partial: boolean;
  period: Period;
  phrases: PeriodPhrases;
  consultations: number;
  /** Organisations helped: the note's clients. */
  organisations: number;
  minutes: number;
  hours: number;
  newClients: number;
  /** The note's topics in its order (consultations descending, then name), without «не указана». */
  topics: { name: string; consultations: number }[];
  /** Consultations whose card has no topic. */
  withoutTopic: number;
  /** Client feedback of the month; null when no response has a rating. */
  satisfaction: { rated: number; satisfied: number; partly: number; dissatisfied: number; satisfiedShare: number } | null;
  /** The first month with data (README «Тексты PR»); null when the database holds no held consultation. */
  dataFrom: Month | null;
  /** Consultations per month, of the 12 months ending with this one those from `dataFrom` on (before it: no data). */
  trend: { month: Month; consultations: number }[];
}

/** The figures of the kit: taken from the monthly note, never queried again; `dataFrom` is the first month with data. */
export function prFigures(report: MonthlyReport, dataFrom: Month | null): PrFigures {
  const t = report.totals;
  const f = report.feedback.totals;
  const rated = f.satisfied + f.partly + f.dissatisfied;
  return {
    month: report.month,
    partial: report.partial,
    period: { from: report.period.from, to: report.period.to, days: report.period.days },
    phrases: periodPhrases(report.period),
    consultations: t.consultations,
    organisations: t.clients,
    minutes: t.minutes,
    hours: t.hours,
    newClients: t.newClients,
    topics: report.byTopic.filter((r) => r.name !== unspecifiedTopic).map((r) => ({ name: r.name, consultations: r.consultations })),
    withoutTopic: report.byTopic.find((r) => r.name === unspecifiedTopic)?.consultations ?? 0,
    satisfaction:
      rated > 0 && f.satisfiedShare !== null
        ? { rated, satisfied: f.satisfied, partly: f.partly, dissatisfied: f.dissatisfied, satisfiedShare: f.satisfiedShare }
        : null,
    dataFrom,
    // The kit's own month counts the note's consultations: a month not over yet only up to today, as the card does.
    trend: report.trend
      .filter((m) => dataFrom !== null && m.month >= dataFrom)
      .map((m) => ({ month: m.month, consultations: m.month === report.month ? t.consultations : m.consultations })),
  };
}

/**
 * Why the month's data plainly cannot be complete (README «okno pr», «Incomplete data»), as the middle of a
 * sentence: the note's freshness, or a month before the first month with data. Null when nothing says so.
 */
export function incompleteReason(report: MonthlyReport, dataFrom: Month | null): string | null {
  const f = report.freshness;
  const load = `последняя выгрузка — ${f.latestLoadFile}, загружена ${shownTime(f.latestLoad)}`;
  switch (f.reason) {
    case 'no_load':
      return 'в базе нет ни одной выгрузки консультаций.';
    case 'edited_before_end':
      return `данные за месяц явно неполные — самая поздняя «Дата редактирования» в загруженных выгрузках ${shownTime(f.latestEdited)}, ` +
        `раньше ${report.partial ? 'сегодняшнего дня' : 'конца месяца'} (${load}).`;
    case 'none_held':
      return `за месяц нет проведённых консультаций, хотя в прошлые месяцы были (${load}; самая поздняя «Дата редактирования» ${shownTime(f.latestEdited)}).`;
    default:
      if (dataFrom === null) return 'в базе нет ни одной проведённой консультации.';
      if (report.month < dataFrom) {
        return `данных за месяц нет (первая проведённая консультация в базе — в ${monthName(dataFrom, 'prepositional')} ${dataFrom.slice(0, 4)} года).`;
      }
      return null;
  }
}

/** The site text's «самые частые темы» (README «Тексты PR»): whole groups of equal counts, at most three topics. */
export interface FrequentTopics {
  named: { name: string; consultations: number }[];
  /** The group not named because it would take the list past three topics (while fewer than three are named). */
  tied: { topics: number; consultations: number } | null;
  /** The topics tied for first place (the social text names them when they are at most three). */
  leaders: { name: string; consultations: number }[];
}

export function frequentTopics(topics: PrFigures['topics']): FrequentTopics {
  const groups: PrFigures['topics'][] = [];
  for (const t of topics) {
    const last = groups.at(-1);
    if (last && last[0]!.consultations === t.consultations) last.push(t);
    else groups.push([t]);
  }
  const named: PrFigures['topics'] = [];
  let tied: FrequentTopics['tied'] = null;
  for (const group of groups) {
    if (named.length + group.length > 3) {
      // Said only where the tie cut the list short; after three named topics the rest is just the rest.
      if (named.length < 3) tied = { topics: group.length, consultations: group[0]!.consultations };
      break;
    }
    named.push(...group);
  }
  return { named, tied, leaders: groups[0] ?? [] };
}

/** The bars of the satisfaction chart, «не удовлетворены» left out when the settings say so. */
export function satisfactionBars(figures: PrFigures, settings: PrSettings): { label: string; value: number }[] {
  const s = figures.satisfaction;
  if (!s) return [];
  const bars = [
    { label: 'удовлетворены', value: s.satisfied },
    { label: 'частично удовлетворены', value: s.partly },
  ];
  return settings.showDissatisfied ? [...bars, { label: 'не удовлетворены', value: s.dissatisfied }] : bars;
}

/** «„удовлетворен“ — 50 % оценок (3 из 6 оценок)»: a share of ratings, with what it is a share of. */
export function satisfiedShare(s: NonNullable<PrFigures['satisfaction']>): string {
  return `«удовлетворен» — ${formatPercent(s.satisfiedShare)} оценок (${formatNumber(s.satisfied)} из ${countOf(s.rated, ratingOutOf)})`;
}

/** The satisfaction chart's title tail: «„удовлетворен“ 50 % из 6 оценок». */
export function satisfiedShareShort(s: NonNullable<PrFigures['satisfaction']>): string {
  return `«удовлетворен» ${formatPercent(s.satisfiedShare)} из ${countOf(s.rated, ratingOutOf)}`;
}

/** The bars of the topics chart: the first `shown` named topics, the rest (and topic-less cards) as «другие темы». */
export function topicBars(figures: PrFigures, shown: number): { label: string; value: number }[] {
  const named = figures.topics.slice(0, shown).map((t) => ({ label: t.name, value: t.consultations }));
  const rest = figures.consultations - named.reduce((s, t) => s + t.value, 0);
  return rest > 0 ? [...named, { label: 'другие темы', value: rest }] : named;
}

/** What the headline card says, line by line. */
export interface HeadlineContent {
  organisation: string | null;
  /** «В октябре 2026 года» */
  period: string;
  /** «125» */
  number: string;
  /** «консультаций» */
  caption: string;
  /** «3 организации получили помощь», «4,8 часа консультаций», «1 новый клиент» */
  stats: string[];
}

export function headlineContent(figures: PrFigures, settings: PrSettings): HeadlineContent {
  return {
    organisation: settings.organisation,
    period: capitalise(figures.phrases.in),
    number: formatNumber(figures.consultations),
    caption: plural(figures.consultations, nouns.consultation),
    stats: headlineStats(figures),
  };
}

/** «4,8 часа»; under 3 minutes, where hours round to 0,0, the minutes: «2 минуты» (never «0 часов» of real work). */
function workTime(f: PrFigures): string {
  return formatNumber(f.hours, 1) !== '0' ? countOf(f.hours, nouns.hour, 1) : countOf(f.minutes, nouns.minute);
}

function headlineStats(f: PrFigures): string[] {
  const stats: string[] = [];
  if (f.organisations > 0) {
    // The verb agrees with the numeral: «1 организация получила», «21 организация получила», «3 организации получили».
    stats.push(`${countOf(f.organisations, nouns.organisation)} ${pluralForm(f.organisations) === 0 ? 'получила' : 'получили'} помощь`);
  }
  if (f.minutes > 0) stats.push(`${workTime(f)} консультаций`);
  if (f.newClients > 0) stats.push(countOf(f.newClients, nouns.newClient));
  return stats;
}

export interface PrTexts {
  /** The site version (Markdown). */
  site: string;
  /** The short social version (plain text). */
  social: string;
  /** The alt text of each kind of image (the same for every preset). */
  alt: Partial<Record<ImageKind, string>>;
}

const quoted = (text: string) => `«${text}»`;

export function prTexts(figures: PrFigures, settings: PrSettings): PrTexts {
  const f = figures;
  const p = f.phrases;
  const consultations = countOf(f.consultations, nouns.consultation);
  const hours = workTime(f);

  const site: string[] = [];
  let first = `${capitalise(p.in)} мы провели ${countOf(f.consultations, nouns.consultationAcc)}`;
  if (f.organisations > 0) first += ` для ${countOf(f.organisations, nouns.organisationGen)}`;
  if (f.minutes > 0) first += ` — всего ${hours} работы консультантов`;
  first += '.';
  // The verb agrees with the numeral: «1 организация обратилась», «14 организаций обратились».
  if (f.newClients > 0) first += ` ${capitalise(countOf(f.newClients, nouns.organisation))} ${pluralForm(f.newClients) === 0 ? 'обратилась' : 'обратились'} к нам впервые.`;
  site.push(first);
  const frequent = frequentTopics(f.topics);
  const top = frequent.named;
  const each = (t: { topics: number; consultations: number }) =>
    `${countOf(t.topics, topicNoun)}, по ${countOf(t.consultations, consultationEach)} на каждую.`;
  if (top.length > 0) {
    site.push(
      [
        `${top.length === 1 ? 'Самая частая тема' : 'Самые частые темы'} ${p.for}:`,
        ...top.map((t, i) => `- ${t.name} — ${countOf(t.consultations, nouns.consultation)}${i === top.length - 1 ? '.' : ';'}`),
      ].join('\n'),
    );
    if (frequent.tied) site.push(`Следом — ${each(frequent.tied)}`);
  } else if (frequent.tied) {
    // More topics tied for first place than a list of the most frequent could name: none is called most frequent.
    site.push(frequent.tied.topics === f.topics.length ? `${capitalise(p.for)} — ${each(frequent.tied)}` : `Чаще всего ${p.for} — ${each(frequent.tied)}`);
  }
  if (f.satisfaction) site.push(`Оценки клиентов ${p.for}: ${satisfiedShare(f.satisfaction)}.`);
  const year = trendSentence(f);
  if (year) site.push(year);

  let social = `${capitalise(p.in)} — ${consultations}`;
  if (f.organisations > 0) social += ` для ${countOf(f.organisations, nouns.organisationGen)}`;
  if (f.minutes > 0) social += `, ${hours} работы`;
  social += '.';
  // Topics tied for first place are named together (up to three; more say nothing rather than pick one).
  const leaders = frequent.leaders;
  if (leaders.length === 1) social += ` Самая частая тема — ${quoted(leaders[0]!.name)}.`;
  else if (leaders.length <= 3 && leaders.length > 1) {
    const names = leaders.map((t) => quoted(t.name));
    social += ` Самые частые темы — ${names.slice(0, -1).join(', ')} и ${names.at(-1)}.`;
  }
  if (f.satisfaction) social += ` Оценки клиентов: ${satisfiedShare(f.satisfaction)}.`;

  return { site: site.join('\n\n'), social, alt: altTexts(f, settings) };
}

/**
 * «С ноября 2025 года по октябрь 2026 года — 23 консультации.», from the first month with data when it is later; a
 * month not over yet ends with its last day covered: «… по 2 декабря 2026 года — 13 консультаций.»
 */
function trendSentence(f: PrFigures): string | null {
  if (f.trend.length < 2) return null;
  const total = f.trend.reduce((s, m) => s + m.consultations, 0);
  const from = f.trend[0]!.month;
  const to = f.trend.at(-1)!.month;
  const end = f.partial ? `${Number(lastDay(f.period.to).slice(8, 10))} ${monthName(to, 'genitive')}` : monthName(to, 'nominative');
  return `С ${monthName(from, 'genitive')} ${from.slice(0, 4)} года по ${end} ${to.slice(0, 4)} года — ${countOf(total, nouns.consultation)}.`;
}

function altTexts(f: PrFigures, settings: PrSettings): PrTexts['alt'] {
  const headline = headlineContent(f, settings);
  const alt: PrTexts['alt'] = {
    headline:
      `Карточка: ${headline.period.charAt(0).toLowerCase()}${headline.period.slice(1)} — ${countOf(f.consultations, nouns.consultation)}` +
      (headline.stats.length > 0 ? `; ${headline.stats.join('; ')}` : '') +
      (settings.organisation ? `. ${settings.organisation}.` : '.'),
  };
  if (f.trend.length >= 2) {
    alt.trend =
      `График: консультации по месяцам, ${monthTitle(f.trend[0]!.month)} — ${monthTitle(f.month)}: ` +
      f.trend.map((m) => `${monthTitle(m.month)} — ${formatNumber(m.consultations)}`).join('; ') + '.';
  }
  if (f.consultations > 0) {
    // The alt text names every topic, not only those a preset's chart has room for.
    alt.topics = `Диаграмма: темы консультаций ${f.phrases.for}: ` +
      topicBars(f, f.topics.length).map((b) => `${b.label} — ${formatNumber(b.value)}`).join('; ') + '.';
  }
  if (f.satisfaction) {
    alt.satisfaction = `Диаграмма: оценки клиентов ${f.phrases.for}: ` +
      satisfactionBars(f, settings).map((b) => `${b.label} — ${formatNumber(b.value)}`).join('; ') +
      `; ${satisfiedShare(f.satisfaction)}.`;
  }
  return alt;
}

/** The images of the kit: every kind there is something to show for, in every preset. */
export function imageKinds(figures: PrFigures): ImageKind[] {
  const kinds: ImageKind[] = ['headline'];
  if (figures.consultations > 0) kinds.push('topics');
  // One month is no trend; months before the first with data are not drawn.
  if (figures.trend.length >= 2) kinds.push('trend');
  if (figures.satisfaction) kinds.push('satisfaction');
  return kinds;
}

/** The Markdown file: the site version, the social version, the alt texts, for the PR manager to copy from. */
export function prMarkdown(
  figures: PrFigures,
  texts: PrTexts,
  images: { kind: ImageKind; preset: PresetName; file: string }[],
  settings: PrSettings,
  /** The reason the data cannot be complete, when the kit was made with --force. */
  forcedOver: string | null = null,
): string {
  const lines: string[] = [];
  const title = `консультации ${figures.phrases.for}`;
  lines.push(`# ${settings.organisation ? `${settings.organisation}: ${title}` : capitalise(title)}`, '');
  if (forcedOver) lines.push(`> Внимание: ${forcedOver} Материалы сделаны с --force: проверьте цифры перед публикацией.`, '');
  if (figures.partial) {
    lines.push(`> Месяц ещё не закончился: здесь цифры ${figures.phrases.for}, к концу месяца они изменятся.`, '');
  }
  lines.push('## Для сайта', '', texts.site, '', '## Для социальных сетей', '', texts.social, '', '## Изображения и альтернативный текст', '');
  for (const kind of imageKinds(figures)) {
    const files = images.filter((i) => i.kind === kind).map((i) => `\`${i.file}\``).join(', ');
    lines.push(`- ${files}`, `  ${texts.alt[kind]}`);
  }
  return lines.join('\n') + '\n';
}
