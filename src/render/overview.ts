import { formatNumber as n } from '../text/russian.js';
import { table } from '../text/table.js';
import type { StoreOverview } from '../store/overview.js';
import { monthLabel } from '../time/period.js';

/** «Что в базе»: loads, deals, held consultations by month. */
export function renderOverview(o: StoreOverview): string {
  const lines = [
    'Что в базе',
    `  Загрузок: ${n(o.loads)}; сделок: ${n(o.deals)} (версий: ${n(o.versions)})`,
    `  Последняя загрузка: ${o.latestLoad ?? '—'}; последняя «Дата редактирования»: ${o.latestEdited ?? '—'}`,
    `  Проведённых консультаций: ${n(o.held)}` +
      (o.heldUndated > 0 ? `, из них без даты консультации (не попадают ни в один месяц): ${n(o.heldUndated)}` : ''),
  ];
  if (o.heldByMonth.length > 0) {
    lines.push('', '  Проведённые консультации по месяцам:');
    const rows = o.heldByMonth.map((m) => [monthLabel(m.month), m.consultations, n(m.minutes / 60, 1, { fixed: true })]);
    lines.push(table(rows, ['Месяц', 'Консультаций', 'Часов']).replace(/^/gm, '    '));
  }
  if (o.byStage.length > 0) {
    lines.push('', '  Сделки по этапам:');
    const rows = o.byStage.map((s) => [s.stage + (s.stageCode ? '' : ' (неизвестный этап)'), s.deals]);
    lines.push(table(rows, ['Этап', 'Сделок']).replace(/^/gm, '    '));
  }
  return lines.join('\n');
}
