import { formatNumber as n, ruDate } from '../text/russian.js';
import { table } from '../text/table.js';
import type { EffectivenessReport, EffectivenessRow } from '../reviews/effectiveness.js';
import { kindLabels } from '../model/reviews.js';
import { stateText } from './review-text.js';

/** Definitions shown in the workbook (the README's «Оценка эффективности», in Russian). */
export const effectivenessDefinitions: [string, string][] = [
  ['Отслеживаемая консультация', 'Проведённая консультация с «Датой консультации» (не раньше reviews.from из файла настроек, если он задан). Дата консультации — по часовому поясу центра.'],
  ['Оценка за месяц (шаги 8–9)', 'Открыта со дня консультации; срок — тот же день следующего месяца (31.01 → 28.02); со следующего дня — просрочена.'],
  ['Оценка через 3–4 месяца (шаг 10)', 'Открыта с даты консультации + 3 месяца; срок — + 4 месяца; после срока допустима до + 6 месяцев; позже — просрочена.'],
  ['Проведена', 'Оценка записана (последняя запись по сделке и виду оценки).'],
  ['Оценок к сроку (за месяц)', 'Отслеживаемые консультации периода с датой не позже сегодняшней.'],
  ['Доля эффективных', 'Эффективные / проведённые оценки за месяц.'],
  ['Ресурсы на одну эффективную консультацию', 'Сумма минут в проведённых оценках за месяц (по карточке, если оценщик не исправил) / число эффективных, в минутах.'],
  ['Через 3–4 месяца: к сроку', 'Отслеживаемые консультации периода, для которых уже наступила дата консультации + 3 месяца. Доли ответов — от проведённых.'],
  ['Просроченные', 'На сегодня, по всем отслеживаемым консультациям (не только периода), обоих видов.'],
  ['Темы по группам клиентов (шаг 11)', 'Проведённые консультации периода. Группа — «Тип организации», если он есть в выгрузке хотя бы у одной консультации периода («тип не указан» — у остальных); иначе новые / повторные клиенты (как в справке). Пять тем с наибольшим числом консультаций.'],
];

export const pct = (share: number | null) => (share === null ? '—' : `${n(share * 100, 0)} %`);
export const perEffective = (m: number | null) => (m === null ? '—' : n(m, 1, { fixed: true }));

function rowCells(r: EffectivenessRow): (string | number)[] {
  return [r.due, r.done, pct(r.doneShare), r.effective, pct(r.effectiveShare), n(r.minutes), perEffective(r.minutesPerEffective)];
}
const rowHeader = ['Оценок к сроку', 'Проведено', 'Доля', 'Эффективных', 'Доля эффективных', 'Минут', 'Минут на эффективную'];

export function renderEffectiveness(r: EffectivenessReport, workbook: string): string {
  const f = r.followup;
  const out = [
    `Эффективность консультаций: ${r.label} (на ${ruDate(r.today)})`,
    '',
    'Оценка за месяц (шаги 8–9):',
    table([['Всего', ...rowCells(r.month)]], ['', ...rowHeader]),
    '',
    'По темам:',
    r.byTopic.length > 0 ? table(r.byTopic.map((x) => [x.name!, ...rowCells(x)]), ['Тема', ...rowHeader]) : '  нет консультаций',
    '',
    'По консультантам:',
    r.byConsultant.length > 0 ? table(r.byConsultant.map((x) => [x.name!, ...rowCells(x)]), ['Консультант', ...rowHeader]) : '  нет консультаций',
    '',
    `Через 3–4 месяца (шаг 10): к сроку ${n(f.due)}, проведено ${n(f.done)} (${pct(f.doneShare)})`,
    `  применили рекомендации: полностью ${n(f.applied.full)} (${pct(f.appliedShare.full)}), частично ${n(f.applied.partial)} (${pct(f.appliedShare.partial)}), не применили ${n(f.applied.none)} (${pct(f.appliedShare.none)})`,
    `  проблема решена: да ${n(f.solved.yes)} (${pct(f.solvedShare.yes)}), частично ${n(f.solved.partial)} (${pct(f.solvedShare.partial)}), нет ${n(f.solved.no)} (${pct(f.solvedShare.no)})`,
    '',
  ];
  const factors = r.notes.filter((x) => x.successFactors);
  const causes = r.notes.filter((x) => x.causes || x.improvements);
  out.push(`Факторы успеха (9а):${factors.length === 0 ? ' нет' : ''}`);
  for (const x of factors) out.push(`  ${x.dealId} (${x.consultant}, ${x.topic}): ${x.successFactors}`);
  out.push(`Причины неэффективности и шаги по улучшению (9б):${causes.length === 0 ? ' нет' : ''}`);
  for (const x of causes) out.push(`  ${x.dealId} (${x.consultant}, ${x.topic}): ${x.causes ?? '—'}; шаги: ${x.improvements ?? '—'}`);
  out.push('', `Просроченные оценки на ${ruDate(r.today)}: ${r.overdue.length === 0 ? 'нет' : n(r.overdue.length)}`);
  if (r.overdue.length > 0) {
    out.push(table(r.overdue.map((x) => [ruDate(x.deadline), kindLabels[x.kind], String(x.dealId), ruDate(x.consultedOn), x.consultant, x.topic, stateText(x.state, x.daysLeft, x.allowedUntil, x.daysOverdue)]),
      ['Срок', 'Оценка', 'ID сделки', 'Консультация', 'Консультант', 'Тема', 'Состояние']));
  }
  out.push('', `Самые частые темы по группам клиентов (шаг 11; ${r.grouping === 'client_type' ? 'по «Типу организации»' : 'новые и повторные клиенты'}):`);
  if (r.groups.length === 0) out.push('  нет консультаций');
  for (const g of r.groups) out.push(`  ${g.group} (${n(g.consultations)}): ${g.topics.map((t) => `${t.topic} — ${n(t.consultations)}`).join('; ')}`);
  out.push('', `Книга: ${workbook}`);
  return out.join('\n');
}
