import { countOf, firstItems, formatNumber as n, nouns, plural, roundTo, shownListItems, type PluralForms } from '../text/russian.js';
import { table } from '../text/table.js';
import { shownTime, type PeriodKind } from '../time/period.js';
import type { ChangeKind, Figures, Freshness, MonthlyReport, QualityReport, Row } from '../monthly/report.js';
import type { FeedbackCounts, FeedbackResponse, FeedbackSection } from '../feedback/month.js';

/**
 * «+4 (+200 %)», «−1 (−25 %)», «0», «—» when there is nothing to compare with (README «Rounding»). The change is the
 * difference of the two figures as shown (each rounded to `digits`), so a reader subtracting them gets it; the
 * percentage is of the exact figures, «<1 %» when it rounds to 0 but the shown change does not.
 */
export function formatChange(current: number, previous: number | undefined | null, digits = 0): string {
  if (previous === undefined || previous === null) return '—';
  const delta = roundTo(roundTo(current, digits) - roundTo(previous, digits), digits);
  if (delta === 0) return '0';
  const sign = delta > 0 ? '+' : '−';
  const abs = n(Math.abs(delta), digits, { fixed: true });
  if (previous === 0) return `${sign}${abs}`;
  const percent = n(Math.abs(((current - previous) / previous) * 100));
  return `${sign}${abs} (${percent === '0' ? '<1' : `${sign}${percent}`} %)`;
}

const missingLabels: Record<QualityReport['missing'][number]['field'], string> = {
  project: 'без проекта',
  topic: 'без темы',
  consultant: 'без консультанта',
  duration: 'без продолжительности',
  client: 'без организации клиента',
};

const changeLabels: Record<ChangeKind, PluralForms> = {
  added: ['добавлена %n консультация', 'добавлено %n консультации', 'добавлено %n консультаций'],
  removed: ['убрана %n консультация', 'убрано %n консультации', 'убрано %n консультаций'],
  project: ['у %n изменился проект', 'у %n изменился проект', 'у %n изменился проект'],
  topic: ['у %n изменилась тема', 'у %n изменилась тема', 'у %n изменилась тема'],
  consultant: ['у %n изменился консультант', 'у %n изменился консультант', 'у %n изменился консультант'],
  duration: ['у %n изменилась продолжительность', 'у %n изменилась продолжительность', 'у %n изменилась продолжительность'],
  format: ['у %n изменился формат', 'у %n изменился формат', 'у %n изменился формат'],
  channel: ['у %n изменился канал', 'у %n изменился канал', 'у %n изменился канал'],
  external: ['у %n изменился признак внешнего консультанта', 'у %n изменился признак внешнего консультанта', 'у %n изменился признак внешнего консультанта'],
  date: ['у %n изменилась дата', 'у %n изменилась дата', 'у %n изменилась дата'],
  client: ['у %n изменилась организация', 'у %n изменилась организация', 'у %n изменилась организация'],
};

/** «после выпуска справки (21.11.2026 10:00) добавлено 3 консультации (ID …), у 2 изменился проект (ID …)». */
export function issueChangesText(report: MonthlyReport, limit = shownListItems): string | null {
  const { issued, changes } = report.issue;
  if (!issued) return null;
  if (changes.length === 0) return `Справка выпущена ${shownTime(issued.issuedAt)}; с тех пор в цифрах ничего не изменилось.`;
  const parts = changes.map((c) => {
    const k = c.dealIds.length;
    const text = plural(k, changeLabels[c.change]).replace('%n', String(k));
    return `${text} (ID ${firstItems(c.dealIds, limit)})`;
  });
  return `После выпуска справки (${shownTime(issued.issuedAt)}) ${parts.join(', ')}.`;
}

export function qualityLines(q: QualityReport, limit = shownListItems): string[] {
  const lines: string[] = [];
  if (q.heldWithoutDate.length > 0) {
    lines.push(`проведены, но без даты консультации (не учтены ни в одном месяце): ID ${firstItems(q.heldWithoutDate.map((d) => d.dealId), limit)}`);
  }
  for (const m of q.missing) lines.push(`${missingLabels[m.field]} (учтены): ID ${firstItems(m.dealIds, limit)}`);
  for (const s of q.unknownStages) lines.push(`неизвестный этап «${s.stage}» (не учтены): ID ${firstItems(s.dealIds, limit)}`);
  if (q.rejects.length > 0) {
    const shown = q.rejects.slice(0, 10).map((r) => `${r.file}, строка ${r.line}${r.dealId ? ` (ID ${r.dealId})` : ''}: ${r.reason}${r.column ? ` в «${r.column}»` : ''}`);
    lines.push(`строки, отклонённые при загрузке: ${n(q.rejects.length)}`, ...shown.map((s) => `  ${s}`));
    if (q.rejects.length > 10) lines.push(`  … и ещё ${n(q.rejects.length - 10)}`);
  }
  return lines;
}

function hours(f: Figures): string {
  return n(f.hours, 1, { fixed: true });
}

const previousNames: Record<PeriodKind, [heading: string, inPrevious: string]> = {
  month: ['К прошлому месяцу', 'В прошлом месяце'],
  quarter: ['К прошлому кварталу', 'В прошлом квартале'],
  half: ['К прошлому полугодию', 'В прошлом полугодии'],
  year: ['К прошлому году', 'В прошлом году'],
  range: ['К предыдущему периоду', 'В предыдущем периоде'],
};

/** «К прошлому кварталу» (a change column), «В прошлом квартале» (a value column). */
export function previousHeading(report: MonthlyReport, form: 'change' | 'value' = 'change'): string {
  return previousNames[report.periodKind][form === 'change' ? 0 : 1];
}

/** The year before is the previous period itself (a year, a range of 12 months): one comparison, not two. */
export function yearAgoIsPrevious(report: MonthlyReport): boolean {
  return report.yearAgoPeriod.from === report.previousPeriod.from;
}

/** «месяц» for a month's note, «период» for any other. */
export function periodUnit(report: MonthlyReport): 'месяц' | 'период' {
  return report.periodKind === 'month' ? 'месяц' : 'период';
}

/** «Аналитическая справка за III квартал 2026 года — период не закончился: цифры за 1 июля – 21 августа 2026». */
export function noteTitle(report: MonthlyReport): string {
  const unit = periodUnit(report);
  return `Аналитическая справка ${report.title}${report.partial ? ` — ${unit} не закончился: цифры за ${report.period.label}` : ''}`;
}

function rowsTable(title: string, rows: Row[], hasPrevious: boolean, report: MonthlyReport): string {
  const header = [title, 'Консультаций', 'Часов', 'Клиентов', 'Новых'];
  if (hasPrevious) header.push(previousHeading(report));
  const body = rows.map((r) => {
    const cells: (string | number)[] = [r.name, r.consultations, hours(r), r.clients, r.newClients];
    if (hasPrevious) cells.push(formatChange(r.consultations, r.change.previousMonth?.consultations));
    return cells;
  });
  return table(body, header);
}

/** The warning that the data cannot be complete, framed so that nobody reads the figures without it. */
export function incompleteBanner(warning: string): string[] {
  const rule = '!'.repeat(72);
  return [rule, `!!! ДАННЫЕ НЕПОЛНЫЕ — цифры ниже нельзя передавать дальше как есть`, `!!! ${warning}`, rule];
}

/** The note's freshness warning, for the head of an output: framed when the data cannot be complete. */
export function freshnessBanner(f: Freshness): string[] {
  if (f.incomplete) return [...incompleteBanner(f.warning!), ''];
  return f.warning ? [`Внимание: ${f.warning}`, ''] : [];
}

/** The terminal summary of the monthly note. */
export function renderMonthlyReport(report: MonthlyReport, files?: Partial<Record<'xlsx' | 'docx' | 'pdf', string | null>>): string {
  const t = report.totals;
  const prev = t.change.previousMonth;
  const year = t.change.yearAgo;
  const out: string[] = [];
  const f = report.freshness;
  if (f.incomplete) out.push(...incompleteBanner(f.warning!), '');
  out.push(noteTitle(report));
  out.push(`Часовой пояс: ${report.timeZone}. Последняя загрузка: ${shownTime(f.latestLoad)}; последняя «Дата редактирования»: ${shownTime(f.latestEdited)}.`);
  if (f.warning && !f.incomplete) out.push(`Внимание: ${f.warning}`);
  out.push('');
  const once = yearAgoIsPrevious(report);
  const head = ['', report.period.label, `к: ${report.previousPeriod.label}`, ...(once ? [] : [`к: ${report.yearAgoPeriod.label}`])];
  const line = (label: string, cur: number, pick: (f: Figures) => number | null, digits = 0): (string | number)[] => [
    label,
    n(cur, digits, { fixed: true }),
    formatChange(cur, prev ? pick(prev) : null, digits),
    ...(once ? [] : [formatChange(cur, year ? pick(year) : null, digits)]),
  ];
  out.push(
    table(
      [
        line('Консультаций', t.consultations, (f) => f.consultations),
        line('Часов', t.hours, (f) => f.hours, 1),
        line('Клиентов (организаций)', t.clients, (f) => f.clients),
        line('Новых клиентов', t.newClients, (f) => f.newClients),
        t.avgMinutes === null
          ? ['Средняя продолжительность, мин', '—', '—', ...(once ? [] : ['—'])]
          : line('Средняя продолжительность, мин', t.avgMinutes, (f) => f.avgMinutes, 1),
      ],
      head,
    ),
  );
  const hasPrevious = prev !== null;
  for (const [title, rows] of [
    ['Проект', report.byProject],
    ['Консультант', report.byConsultant],
    ['Тема', report.byTopic],
    ['Формат', report.byFormat],
    ['Канал обращения', report.byChannel],
    ['Консультанты', report.byKind],
  ] as const) {
    if (rows.length === 0) continue;
    out.push('', rowsTable(title, rows, hasPrevious, report));
  }
  out.push('', ...feedbackLines(report.feedback, periodUnit(report), files?.xlsx !== null));
  const q = qualityLines(report.quality);
  out.push('', q.length === 0 ? 'Качество данных: проблем нет.' : `Качество данных — ${n(report.quality.problems)} ${plural(report.quality.problems, ['проблема', 'проблемы', 'проблем'])}:`);
  for (const l of q) out.push(`  ${l}`);
  const changes = issueChangesText(report);
  out.push('', changes ?? `Справка ${report.title} ещё не выпущена (okno report monthly ${periodOption(report)} --issue).`);
  const written = [
    files?.xlsx ? `Книга Excel: ${files.xlsx}` : null,
    files?.docx ? `Документ Word: ${files.docx}` : null,
    files?.pdf ? `PDF: ${files.pdf}` : null,
  ].filter((x): x is string => x !== null);
  if (written.length > 0) out.push('', ...written);
  return out.join('\n');
}

/** The option that names the note's period again: «--month 2026-10», «--quarter 2026-Q3», «--from 2026-01 --to 2026-06». */
export function periodOption(report: MonthlyReport): string {
  if (report.periodKind === 'range') {
    const [from, to] = report.periodKey.split('_') as [string, string];
    return `--from ${from} --to ${to}`;
  }
  const name = { month: 'month', quarter: 'quarter', half: 'half', year: 'year' }[report.periodKind];
  return `--${name} ${report.periodKey}`;
}

/** «83 %», or «—» when there is nothing to divide by. */
export function share(value: number | null): string {
  return value === null ? '—' : `${n(value * 100)} %`;
}

export const ratingLabels = { satisfied: 'удовлетворен', partly: 'частично удовлетворен', dissatisfied: 'не удовлетворен' } as const;

function responseLabel(r: FeedbackResponse): string {
  const who = [r.organisation ?? 'организация не указана', r.consultant].join(', ');
  const deal = r.dealId === null ? 'не связан с консультацией' : `ID ${r.dealId}, консультация ${shownTime(r.consulted)}`;
  return `${who} (${deal}; отзыв ${shownTime(r.submitted)})`;
}

/**
 * The feedback section of the note (README «Отзывы за месяц»); a long list says where all of it is: the workbook's
 * sheet when one is written (`workbook`), else --json.
 */
export function feedbackLines(f: FeedbackSection, unit: 'месяц' | 'период' = 'месяц', workbook = true): string[] {
  if (f.totals.responses === 0 && f.coverage.consultantsNotAsked.length === 0 && f.coverage.newClientsNotAsked.length === 0) {
    return [`Отзывы клиентов: за ${unit} нет (загрузите ответы формы: okno load feedback <файл>).`];
  }
  const out: string[] = [];
  const t = f.totals;
  out.push(
    `Отзывы клиентов: ${n(t.responses)} ${plural(t.responses, ['ответ', 'ответа', 'ответов'])}; ` +
      `ответ на вопрос получили ${share(t.answeredShare)}; удовлетворены ${share(t.satisfiedShare)}.`,
  );
  if (t.responses > 0) {
    const row = (name: string, c: FeedbackCounts) => [name, c.responses, share(c.answeredShare), c.satisfied, c.partly, c.dissatisfied, c.unrated];
    out.push(
      table([...f.byConsultant.map((c) => row(c.name, c)), row('Итого', t)], [
        'Консультант', 'Отзывов', 'Ответ получен', 'Удовлетворен', 'Частично', 'Не удовлетворен', 'Без оценки',
      ]),
    );
  }
  const { consultantsNotAsked, newClientsNotAsked } = f.coverage;
  if (consultantsNotAsked.length > 0) {
    out.push(`Консультанты, у которых за ${unit} не запрошена обратная связь:`);
    for (const c of consultantsNotAsked) out.push(`  ${c.name} — ${n(c.consultations)} ${plural(c.consultations, ['консультация', 'консультации', 'консультаций'])}: ID ${firstItems(c.dealIds)}`);
  }
  if (newClientsNotAsked.length > 0) {
    out.push('Новые клиенты, у которых не запрошена обратная связь:');
    for (const c of newClientsNotAsked.slice(0, shownListItems)) out.push(`  ${c.client} (${c.consultants.join(', ')}): ID ${firstItems(c.dealIds)}`);
    if (newClientsNotAsked.length > shownListItems) {
      const where = workbook ? 'в книге Excel, лист «Отзывы не запрошены»' : 'в выводе с --json';
      out.push(`  … и ещё ${countOf(newClientsNotAsked.length - shownListItems, nouns.newClient)} (все — ${where})`);
    }
  }
  if (f.dissatisfied.length > 0) {
    out.push('Неудовлетворённые клиенты и повторная консультация в течение 3 дней:');
    for (const d of f.dissatisfied) {
      const follow =
        d.followedUp === null ? 'неизвестно — отзыв не связан с консультацией'
        : d.followUp ? `да, ID ${d.followUp.dealId} (${shownTime(d.followUp.consulted)})`
        : 'нет';
      out.push(`  ${responseLabel(d)} — повторная консультация: ${follow}`);
    }
  }
  if (f.comments.length > 0) {
    out.push('Причины неудовлетворённости и пожелания (дословно):');
    for (const c of f.comments) {
      if (c.reasons) out.push(`  ${responseLabel(c)} — причины: «${oneLine(c.reasons)}»`);
      if (c.suggestions) out.push(`  ${responseLabel(c)} — пожелания: «${oneLine(c.suggestions)}»`);
    }
  }
  if (f.unlinked.length > 0) {
    out.push(`Не связаны с консультациями: ${n(f.unlinked.length)} ${plural(f.unlinked.length, ['ответ', 'ответа', 'ответов'])} (учтены в итогах, список — в книге Excel).`);
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ');
}
