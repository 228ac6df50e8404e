// The analytic note as a document (README «Справка: DOCX и PDF»): what it says, in which order, as plain blocks.
// note-docx.ts and note-pdf.ts lay the same blocks out; neither decides a word or a figure.
import type { Figures, MonthlyReport, Row } from '../monthly/report.js';
import type { FeedbackSection } from '../feedback/month.js';
import { capitalise, countOf, firstItems, formatNumber as n, monthName, nouns, plural, ruDate, shownListItems, type PluralForms } from '../text/russian.js';
import { lastDay, shownTime, type LabelledPeriod } from '../time/period.js';
import { formatChange, issueChangesText, previousHeading, qualityLines, share, yearAgoIsPrevious } from './monthly-text.js';

export interface NoteColumn {
  title: string;
  align: 'left' | 'right';
  /** The column's share of the table's width, relative to the others. */
  weight: number;
}

export interface NoteTable {
  columns: NoteColumn[];
  rows: string[][];
  /** The last row is a total (bold, a rule above it). */
  total: boolean;
}

export type NoteBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'alarm' | 'small' }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: NoteTable }
  /** A chart as PNG (the DOCX) and JPEG (the PDF), drawn once (charts.ts renderChartsForPrint). */
  | { kind: 'chart'; png: Buffer; jpeg: Buffer; width: number; height: number; title: string }
  /** The signer's position, a line to sign on, their name (or a line for it), the day the note was made. */
  | { kind: 'signature' };

/** Who signs the note (okno.config.json «note»); the name line is left blank to fill in by hand when not set. */
export interface Signer {
  organisation: string | null;
  position: string;
  name: string | null;
}

export interface NoteDocument {
  /** The document's title: «Аналитическая справка о консультациях за октябрь 2026 года». */
  title: string;
  /** Under the title: the dates covered, the time zone, where the data comes from. */
  subtitle: string[];
  blocks: NoteBlock[];
  signer: Signer;
  /** The day the note was made (the command's clock), 'YYYY-MM-DD'. */
  made: string;
  /** Running footer: the title, short. */
  footer: string;
}

export const defaultSigner: Signer = { organisation: null, position: 'Исполнительный директор', name: null };

/** Definitions printed with the note (the README's, in Russian): the workbook's sheet and the document's last section. */
export const definitions: [string, string][] = [
  ['Консультация, проведённая в месяце', 'Сделка воронки «Консультация» на этапе «Консультация проведена», «Запрошена обратная связь» или «Успешно завершённые» (по последней загруженной версии), у которой «Дата консультации» приходится на этот месяц по часовому поясу центра. Проведённая сделка без даты консультации не относится ни к одному месяцу и показана в «Качестве данных».'],
  ['Минуты и часы', 'Сумма поля «Продолжительность (мин)» проведённых консультаций; часы = минуты / 60. Консультации без продолжительности учтены в числе консультаций, но не в минутах.'],
  ['Средняя продолжительность', 'Минуты, делённые на число консультаций, у которых продолжительность указана.'],
  ['Клиент', 'Организация клиента: «Компания», а если её нет — «Компания контакта». Названия сравниваются без учёта регистра, лишних пробелов, букв ё/е и вида кавычек. Консультации без организации не входят в число клиентов.'],
  ['Новый клиент', 'Клиент, у которого в базе нет проведённой консультации раньше начала периода (или в карточке отмечено «Новый клиент» = да).'],
  ['Проект «не распределено»', 'Консультации, у которых проект не указан или указан как «не распределено». Это отдельная строка, она не теряется.'],
  ['Сравнение', 'С предыдущим периодом той же длины целиком (месяц — с прошлым месяцем, квартал — с прошлым кварталом, полугодие — с прошлым полугодием, год — с прошлым годом, диапазон месяцев — с таким же числом месяцев перед ним) и с тем же периодом год назад целиком. Если период ещё не закончился, он считается с первого дня по сегодняшний, а периоды сравнения — за те же прошедшие месяцы и те же первые дни текущего месяца. «—» — в базе нет консультаций за период сравнения.'],
  ['Версии сделок', 'Если сделка выгружена несколько раз, действует версия с самой поздней «Датой редактирования»; загрузка старой выгрузки ничего не откатывает.'],
];

const held: PluralForms = ['проведена', 'проведено', 'проведено'];
const problemForms: PluralForms = ['проблема', 'проблемы', 'проблем'];

/** «12 %», «менее 1 %»: how much larger or smaller, rounded to a whole percent (half away from zero). */
function percentOf(delta: number, base: number): string {
  const p = (Math.abs(delta) / base) * 100;
  return n(p) === '0' ? 'менее чем на 1\u00a0%' : `на ${n(p)}\u00a0%`;
}

/** «в октябре 2026 года», «в III квартале 2026 года», «в 2026 году», «с 1 по 21 ноября 2026 года» — the period in a sentence. */
export function periodIn(report: MonthlyReport, period: LabelledPeriod = report.period, whole = !report.partial): string {
  const from = period.from;
  const last = lastDay(period.to);
  const [fy, fm] = [Number(from.slice(0, 4)), from.slice(0, 7)];
  const ly = Number(last.slice(0, 4));
  if (!whole) {
    const day = (iso: string) => `${Number(iso.slice(8, 10))} ${monthName(iso.slice(0, 7), 'genitive')}`;
    if (from === last) return `${day(from)} ${fy} года`;
    if (fm === last.slice(0, 7)) return `с ${Number(from.slice(8, 10))} по ${day(last)} ${fy} года`;
    return fy === ly ? `с ${day(from)} по ${day(last)} ${fy} года` : `с ${day(from)} ${fy} года по ${day(last)} ${ly} года`;
  }
  const months = (Number(last.slice(0, 4)) - fy) * 12 + Number(last.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  if (months === 1) return `в ${monthName(fm, 'prepositional')} ${fy} года`;
  const q = ['I', 'II', 'III', 'IV'];
  const m = Number(from.slice(5, 7));
  if (months === 3 && (m - 1) % 3 === 0) return `в ${q[(m - 1) / 3]} квартале ${fy} года`;
  if (months === 6 && (m - 1) % 6 === 0) return `в ${q[(m - 1) / 6]} полугодии ${fy} года`;
  if (months === 12 && m === 1) return `в ${fy} году`;
  const first = monthName(fm, 'prepositional');
  const lastMonth = monthName(last.slice(0, 7), 'prepositional');
  return fy === ly ? `в ${first}–${lastMonth} ${fy} года` : `в ${first} ${fy} года – ${lastMonth} ${ly} года`;
}

/**
 * The note's opening text (README «Справка: DOCX и PDF», «Текст справки»): sentences a director signs, each figure
 * the note's own.
 */
export function summaryText(report: MonthlyReport): string[] {
  const t = report.totals;
  const when = capitalise(periodIn(report));
  if (t.consultations === 0) return [`${when} проведённых консультаций нет.`];
  const out: string[] = [];
  const length = t.avgMinutes === null ? ' (продолжительность в карточках не указана)' : ` общей продолжительностью ${countOf(t.hours, nouns.hour, 1)}`;
  let first = `${when} ${plural(t.consultations, held)} ${countOf(t.consultations, nouns.consultation)}${length}`;
  const prev = t.change.previousMonth;
  if (prev) first += ` — ${comparison(t.consultations, prev.consultations, `чем ${previousIn(report)}`, `сколько ${previousIn(report)}`)}`;
  out.push(`${first}.`);
  const year = t.change.yearAgo;
  if (year && !yearAgoIsPrevious(report)) {
    const then = periodIn(report, report.yearAgoPeriod);
    out.push(`Годом раньше, ${then}, — ${countOf(year.consultations, nouns.consultation)}: сейчас ${comparison(t.consultations, year.consultations, 'чем тогда', 'сколько тогда', false)}.`);
  }
  if (t.clients > 0) out.push(`Клиентов (организаций) — ${n(t.clients)}, из них новых — ${n(t.newClients)}.`);
  else out.push('Ни в одной карточке консультаций периода не указана организация клиента.');
  const leaders = [
    leaderPhrase(report.byTopic, 'не указана', 'по теме', 'по темам', true),
    report.project === null ? leaderPhrase(report.byProject, 'не распределено', 'в проекте', 'в проектах', true) : null,
  ].filter((x): x is string => x !== null);
  if (leaders.length > 0) out.push(`Больше всего консультаций — ${leaders.join(', ')}.`);
  if (report.project !== null) {
    // A name stays as written (nominative): the sentence is built so that it may.
    const who = leaderPhrase(report.byConsultant, 'не указан', 'Консультант с наибольшим числом консультаций —', 'Консультанты с наибольшим числом консультаций —', false);
    if (who) out.push(`${who}.`);
  }
  const f = report.feedback.totals;
  if (f.responses > 0) {
    out.push(`Отзывов клиентов — ${n(f.responses)}${f.satisfiedShare === null ? '' : `, удовлетворены ${shareNb(f.satisfiedShare)}`}.`);
  } else out.push('Отзывов клиентов за этот период нет.');
  const problems = report.quality.problems;
  out.push(problems === 0 ? 'Проблем в данных нет.' : `В данных ${countOf(problems, problemForms)} — см. раздел «Качество данных».`);
  return out;
}

/** «83 %» with a no-break space, so a line never ends between the figure and its sign. */
const shareNb = (value: number | null) => share(value).replace(' %', '\u00a0%');

/** «на 12 % больше, чем в сентябре (191)», «на 3 % меньше, …», «столько же, сколько в сентябре». */
function comparison(current: number, before: number, than: string, asMuch: string, showBefore = true): string {
  if (current === before) return `столько же, ${asMuch}`;
  const more = current > before ? 'больше' : 'меньше';
  return `${percentOf(current - before, before)} ${more}, ${than}${showBefore ? ` (${n(before)})` : ''}`;
}

/** «в сентябре», «в декабре 2025 года», «в прошлом квартале», «за 1–21 октября 2026». */
function previousIn(report: MonthlyReport): string {
  const p = report.previousPeriod;
  if (report.partial) return `за ${p.label}`;
  if (report.periodKind === 'month') {
    const sameYear = p.from.slice(0, 4) === report.period.from.slice(0, 4);
    return sameYear ? `в ${monthName(p.from.slice(0, 7), 'prepositional')}` : periodIn(report, p);
  }
  return previousHeading(report, 'value').toLowerCase();
}

/**
 * «по теме «Бухгалтерия» (45)»; first places tied all named: «по темам «А» и «Б» (по 12)». Null when no row is named,
 * when more than three tie, or when every named row ties (then no one leads).
 */
function leaderPhrase(rows: Row[], unnamed: string, one: string, several: string, quoted: boolean): string | null {
  const named = rows.filter((r) => r.name !== unnamed && r.consultations > 0);
  if (named.length === 0) return null;
  const top = named.filter((r) => r.consultations === named[0]!.consultations);
  if (top.length > 3 || (top.length > 1 && top.length === named.length)) return null;
  const names = top.map((r) => (quoted ? `«${r.name}»` : r.name));
  const joined = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} и ${names.at(-1)!}`;
  return top.length === 1 ? `${one} ${joined} (${n(top[0]!.consultations)})` : `${several} ${joined} (по ${n(top[0]!.consultations)})`;
}

const right = (title: string, weight = 1): NoteColumn => ({ title, align: 'right', weight });
const left = (title: string, weight = 3): NoteColumn => ({ title, align: 'left', weight });

/** The headline table: the period, the previous one and the year before, with the change. */
export function headlineTable(report: MonthlyReport): NoteTable {
  const t = report.totals;
  const prev = t.change.previousMonth;
  const year = t.change.yearAgo;
  const once = yearAgoIsPrevious(report);
  const columns = [
    left('Показатель', 3.2), right(report.period.label, 1.3), right(report.previousPeriod.label, 1.3), right('Изменение', 1.5),
    ...(once ? [] : [right(report.yearAgoPeriod.label, 1.3), right('Изменение', 1.5)]),
  ];
  const line = (label: string, pick: (f: Figures) => number | null, digits = 0): string[] => {
    const cur = pick(t);
    const value = (f: Figures | null) => {
      const v = f ? pick(f) : null;
      return v === null ? '—' : n(v, digits, { fixed: digits > 0 });
    };
    const change = (f: Figures | null) => {
      const v = f ? pick(f) : null;
      return cur === null || v === null ? '—' : formatChange(cur, v, digits);
    };
    return [label, value(t), value(prev), change(prev), ...(once ? [] : [value(year), change(year)])];
  };
  return {
    columns,
    rows: [
      line('Консультаций', (f) => f.consultations),
      line('Часов', (f) => f.hours, 1),
      line('Клиентов (организаций)', (f) => f.clients),
      line('Новых клиентов', (f) => f.newClients),
      line('Средняя продолжительность, мин', (f) => f.avgMinutes, 1),
    ],
    total: false,
  };
}

/** A table by project, consultant or topic, with «Итого» (clients counted once over the rows, as in the note). */
export function dimensionTable(report: MonthlyReport, title: string, rows: Row[]): NoteTable {
  const hasPrevious = report.totals.change.previousMonth !== null;
  const t = report.totals;
  const cells = (name: string, f: Figures, change: string | null) => [
    name, n(f.consultations), n(f.hours, 1, { fixed: true }), n(f.clients), n(f.newClients), ...(change === null ? [] : [change]),
  ];
  return {
    columns: [left(title, 3.4), right('Консультаций', 1.5), right('Часов', 0.9), right('Клиентов', 1.1), right('Новых', 0.9), ...(hasPrevious ? [right(previousHeading(report), 1.6)] : [])],
    rows: [
      ...rows.map((r) => cells(r.name, r, hasPrevious ? formatChange(r.consultations, r.change.previousMonth?.consultations) : null)),
      cells('Итого', t, hasPrevious ? formatChange(t.consultations, t.change.previousMonth?.consultations) : null),
    ],
    total: true,
  };
}

/** The feedback section: the counts, the table by consultant, then the lists a director acts on. */
export function feedbackBlocks(f: FeedbackSection, unit: 'месяц' | 'период', limit = shownListItems): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  const t = f.totals;
  if (t.responses === 0) {
    blocks.push({ kind: 'paragraph', text: `Отзывов клиентов за ${unit} нет.` });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `${countOf(t.responses, nouns.response)}; ответ на вопрос получили ${shareNb(t.answeredShare)}; удовлетворены ${shareNb(t.satisfiedShare)}.`,
    });
    const row = (name: string, c: FeedbackSection['totals']) => [name, n(c.responses), shareNb(c.answeredShare), n(c.satisfied), n(c.partly), n(c.dissatisfied), n(c.unrated)];
    blocks.push({
      kind: 'table',
      table: {
        columns: [left('Консультант', 2.6), right('Отзывов'), right('Ответ получен', 1.2), right('Удовлетворен', 1.3), right('Частично', 1.1), right('Не удовлетворен', 1.3), right('Без оценки', 1.1)],
        rows: [...f.byConsultant.map((c) => row(c.name, c)), row('Итого', t)],
        total: true,
      },
    });
  }
  const { consultantsNotAsked, newClientsNotAsked } = f.coverage;
  if (consultantsNotAsked.length > 0) {
    blocks.push({ kind: 'paragraph', text: `Консультанты, у которых за ${unit} не запрошена обратная связь:` });
    blocks.push({ kind: 'list', items: consultantsNotAsked.map((c) => `${c.name} — ${countOf(c.consultations, nouns.consultation)} (ID ${firstItems(c.dealIds, limit)})`) });
  }
  if (newClientsNotAsked.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Новые клиенты, у которых не запрошена обратная связь:' });
    const clients = newClientsNotAsked.slice(0, limit).map((c) => `${c.client} (${c.consultants.join(', ')}; ID ${firstItems(c.dealIds, limit)})`);
    const rest = newClientsNotAsked.length - clients.length;
    if (rest > 0) clients.push(`… и ещё ${countOf(rest, nouns.newClient)} — все в книге Excel, лист «Отзывы не запрошены»`);
    blocks.push({ kind: 'list', items: clients });
  }
  if (f.dissatisfied.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Неудовлетворённые клиенты и повторная консультация в течение 3 дней:' });
    blocks.push({
      kind: 'list',
      items: f.dissatisfied.map((d) => {
        const follow =
          d.followedUp === null ? 'неизвестно — отзыв не связан с консультацией'
          : d.followUp ? `да, ID ${d.followUp.dealId} (${shownTime(d.followUp.consulted)})`
          : 'нет';
        return `${d.organisation ?? 'организация не указана'}, ${d.consultant} — повторная консультация: ${follow}`;
      }),
    });
  }
  if (f.comments.length > 0) {
    blocks.push({ kind: 'paragraph', text: 'Причины неудовлетворённости и пожелания клиентов (дословно):' });
    const items: string[] = [];
    for (const c of f.comments) {
      const who = `${c.organisation ?? 'организация не указана'}, ${c.consultant}`;
      if (c.reasons) items.push(`${who} — причины: «${oneLine(c.reasons)}»`);
      if (c.suggestions) items.push(`${who} — пожелания: «${oneLine(c.suggestions)}»`);
    }
    blocks.push({ kind: 'list', items });
  }
  if (f.unlinked.length > 0) {
    blocks.push({ kind: 'paragraph', text: `Не связаны с консультациями: ${countOf(f.unlinked.length, nouns.response)} (учтены в итогах, список — в книге Excel).`, tone: 'small' });
  }
  return blocks;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ');
}

/**
 * The note's title: the centre's, or a project's; a period not over yet says so, as on the terminal («— период не
 * закончился: цифры за 1–21 ноября 2026»), so that no page handed on alone passes for the whole period.
 */
export function documentTitle(report: MonthlyReport): string {
  const partial = report.partial ? ` — ${report.periodKind === 'month' ? 'месяц' : 'период'} не закончился: цифры за ${report.period.label}` : '';
  if (report.project === null) return `Аналитическая справка о консультациях ${report.title}${partial}`;
  if (report.project === 'не распределено') return `Консультации без проекта («не распределено») ${report.title}${partial}`;
  return `Консультации проекта «${report.project}» ${report.title}${partial}`;
}

function subtitle(report: MonthlyReport): string[] {
  const f = report.freshness;
  const unit = report.periodKind === 'month' ? 'месяц' : 'период';
  return [
    `Период: ${ruDate(report.period.from)} – ${ruDate(lastDay(report.period.to))}${report.partial ? ` (${unit} не закончился — цифры по сегодняшний день)` : ''}; часовой пояс ${report.timeZone}.`,
    `Данные: выгрузка из amoCRM${f.latestLoadFile ? ` ${f.latestLoadFile}` : ''}, загружена ${shownTime(f.latestLoad)}; последняя «Дата редактирования» ${shownTime(f.latestEdited)}.`,
  ];
}

/**
 * The centre's note as a document: text, tables, charts, feedback, data problems, definitions. `withWorkbook`: the
 * note's workbook is written beside it, so a long list shows its first items and says the rest are there (README
 * «Long lists»); without one, the document lists everything.
 */
export function noteDocument(
  report: MonthlyReport,
  charts: { png: Buffer; jpeg: Buffer; width: number; height: number; title: string }[],
  made: string,
  signer: Signer,
  withWorkbook = true,
): NoteDocument {
  const limit = withWorkbook ? shownListItems : Infinity;
  const blocks: NoteBlock[] = [];
  const f = report.freshness;
  if (f.incomplete) blocks.push({ kind: 'paragraph', text: `ДАННЫЕ НЕПОЛНЫЕ — цифры нельзя передавать дальше как есть. ${f.warning}`, tone: 'alarm' });
  else if (f.warning) blocks.push({ kind: 'paragraph', text: `Внимание: ${f.warning}`, tone: 'alarm' });
  const changes = report.issue.changes.length > 0 ? issueChangesText(report, limit) : null;
  if (changes) blocks.push({ kind: 'paragraph', text: changes, tone: 'alarm' });
  for (const text of summaryText(report)) blocks.push({ kind: 'paragraph', text });
  blocks.push({ kind: 'heading', text: 'Основные показатели' }, { kind: 'table', table: headlineTable(report) });
  const sections: [string, string, Row[]][] = [
    ...(report.project === null ? [['По проектам', 'Проект', report.byProject] as [string, string, Row[]]] : []),
    ['По консультантам', 'Консультант', report.byConsultant],
    ['По темам', 'Тема', report.byTopic],
  ];
  for (const [heading, column, rows] of sections) {
    if (rows.length === 0) continue;
    blocks.push({ kind: 'heading', text: heading }, { kind: 'table', table: dimensionTable(report, column, rows) });
  }
  if (charts.length > 0) {
    blocks.push({ kind: 'heading', text: 'Графики' });
    for (const c of charts) blocks.push({ kind: 'chart', ...c });
  }
  blocks.push({ kind: 'heading', text: 'Отзывы клиентов' }, ...feedbackBlocks(report.feedback, report.periodKind === 'month' ? 'месяц' : 'период', limit));
  const q = qualityLines(report.quality, limit);
  blocks.push({ kind: 'heading', text: 'Качество данных' });
  if (q.length === 0) blocks.push({ kind: 'paragraph', text: 'Проблем нет.' });
  else {
    blocks.push({ kind: 'paragraph', text: `${capitalise(countOf(report.quality.problems, problemForms))}${withWorkbook ? '; полный список — в книге Excel, лист «Качество данных»' : ''}.` });
    blocks.push({ kind: 'list', items: problemItems(q) });
  }
  blocks.push({ kind: 'signature' }, { kind: 'heading', text: 'Определения' });
  for (const [term, text] of definitions) blocks.push({ kind: 'paragraph', text: `${term}. ${text}`, tone: 'small' });
  return { title: documentTitle(report), subtitle: subtitle(report), blocks, signer, made, footer: documentTitle(report) };
}

/** The quality lines as list items: the indented lines under one (rejected rows) join it after a dash, «; » between. */
function problemItems(lines: string[]): string[] {
  const items: { head: string; under: string[] }[] = [];
  for (const line of lines) {
    if (line.startsWith('  ') && items.length > 0) items.at(-1)!.under.push(line.trim());
    else items.push({ head: line, under: [] });
  }
  return items.map((i) => (i.under.length === 0 ? i.head : `${i.head} — ${i.under.join('; ')}`));
}

/**
 * A project manager's letter (`okno report projects`): the project's figures and the cards to fix, on about one
 * page. For «не распределено» the cards are those to give a project.
 */
export function projectLetter(report: MonthlyReport, made: string, signer: Signer): NoteDocument {
  const blocks: NoteBlock[] = [];
  const f = report.freshness;
  const unassigned = report.project === 'не распределено';
  if (f.incomplete) blocks.push({ kind: 'paragraph', text: `ДАННЫЕ НЕПОЛНЫЕ — цифры нельзя передавать дальше как есть. ${f.warning}`, tone: 'alarm' });
  blocks.push({
    kind: 'paragraph',
    text: unassigned
      ? `Ниже — консультации ${report.title}, в карточках которых не указан проект. Пожалуйста, укажите проект в amoCRM, чтобы они вошли в цифры своего проекта.`
      : `Ниже — цифры проекта «${report.project}» ${report.title} по данным amoCRM и карточки, которые нужно поправить.`,
  });
  for (const text of summaryText(report).filter((s) => !s.startsWith('В данных') && !s.startsWith('Проблем в данных'))) blocks.push({ kind: 'paragraph', text });
  blocks.push({ kind: 'heading', text: 'Цифры' }, { kind: 'table', table: headlineTable(report) });
  const topics = report.byTopic.slice(0, 8);
  if (topics.length > 0) blocks.push({ kind: 'heading', text: 'Темы' }, { kind: 'table', table: dimensionTable(report, 'Тема', topics.length < report.byTopic.length ? [...topics, restRow(report.byTopic.slice(8))] : topics) });
  blocks.push({ kind: 'heading', text: unassigned ? 'Карточки без проекта' : 'Карточки, которые нужно поправить' });
  const fixes = cardsToFix(report);
  if (fixes.rows.length === 0) blocks.push({ kind: 'paragraph', text: 'Все карточки заполнены — поправлять нечего.' });
  else blocks.push({ kind: 'table', table: fixes });
  blocks.push({ kind: 'signature' });
  return { title: documentTitle(report), subtitle: subtitle(report), blocks, signer, made, footer: documentTitle(report) };
}

/** The rows after the eighth, as one «остальные» row (their sums; clients as in the rows, may repeat). */
function restRow(rows: Row[]): Row {
  const sum = (pick: (r: Row) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const minutes = sum((r) => r.minutes);
  return {
    name: `остальные темы (${rows.length})`,
    consultations: sum((r) => r.consultations),
    minutes,
    hours: minutes / 60,
    clients: sum((r) => r.clients),
    newClients: sum((r) => r.newClients),
    avgMinutes: null,
    change: { previousMonth: null, yearAgo: null },
  };
}

const missingShort: Record<MonthlyReport['quality']['missing'][number]['field'], string> = {
  project: 'нет проекта',
  topic: 'нет темы',
  consultant: 'нет консультанта',
  duration: 'нет продолжительности',
  client: 'нет организации клиента',
};

/**
 * The project's cards missing a field: one row per card, what is missing joined. In the «не распределено» letter
 * every card lacks a project — left empty or written «не распределено» — and says so first.
 */
export function cardsToFix(report: MonthlyReport): NoteTable {
  const byDeal = new Map<number, string[]>();
  if (report.project === 'не распределено') for (const c of report.consultations) byDeal.set(c.dealId, [missingShort.project]);
  for (const m of report.quality.missing) {
    for (const id of m.dealIds) {
      const what = byDeal.get(id) ?? [];
      if (!what.includes(missingShort[m.field])) byDeal.set(id, [...what, missingShort[m.field]]);
    }
  }
  const held = new Map(report.consultations.map((c) => [c.dealId, c]));
  const rows = [...byDeal.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, what]) => {
      const c = held.get(id);
      return [String(id), c ? shownTime(c.consulted).slice(0, 10) : '', c?.client ?? '—', c?.consultant ?? '—', what.join(', ')];
    });
  return {
    columns: [right('ID сделки', 1.1), left('Дата', 1.1), left('Клиент', 2.6), left('Консультант', 2), left('Что поправить', 2.4)],
    rows,
    total: false,
  };
}
