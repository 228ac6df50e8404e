import { formatNumber as n, plural, ruDate } from '../text/russian.js';
import { shownTime } from '../time/period.js';
import { incompleteBanner } from './monthly-text.js';
import type { Deadline, StatusReport } from '../monthly/status.js';
import type { PrChange } from '../pr/record.js';

function dueText(d: Deadline): string {
  const date = ruDate(d.due);
  if (d.daysLeft > 0) return `срок ${date}, осталось ${n(d.daysLeft)} ${plural(d.daysLeft, ['день', 'дня', 'дней'])}`;
  if (d.daysLeft === 0) return `срок ${date} — сегодня`;
  const late = -d.daysLeft;
  return `срок был ${date}, просрочено на ${n(late)} ${plural(late, ['день', 'дня', 'дней'])}`;
}

const prFigureNames: Record<PrChange['figure'], string> = {
  consultations: 'консультаций', organisations: 'организаций', minutes: 'минут', newClients: 'новых клиентов',
  rated: 'оценок', satisfied: 'оценок «удовлетворен»', topics: 'темы',
};

/** «готовы 03.11.2026», with --force and data changed since when so (README «okno status»). */
function prText(s: StatusReport): string {
  const pr = s.pr;
  if (pr.state !== 'ready') return `не готовы — ${dueText(pr)}`;
  let text = `готовы ${shownTime(pr.madeAt).slice(0, 10)}`;
  if (pr.forced) text += ', сделаны с --force по неполным данным';
  if (pr.changed.length > 0) {
    const what = pr.changed.map((c) => (c.figure === 'topics' ? 'темы' : `${prFigureNames[c.figure]}: было ${n(c.was!)}, стало ${n(c.now!)}`));
    text += `; с тех пор данные изменились (${what.join('; ')}) — пересоберите: okno pr --month ${s.month}`;
  }
  return text;
}

export function renderStatus(s: StatusReport): string {
  const note =
    s.note.state === 'issued'
      ? `выпущена ${shownTime(s.note.issuedAt)}`
      : `не выпущена — ${dueText(s.note)}`;
  const lines = [
    `Сегодня ${ruDate(s.today)}`,
    `Аналитическая справка за ${s.monthLabel}: ${note}`,
    `PR-цифры за ${s.monthLabel}: ${prText(s)}`,
    `Консультаций за ${s.monthLabel}: ${n(s.consultations)}; проблем в данных: ${n(s.problems)}` +
      (s.problems > 0 ? ' (подробно — okno report monthly)' : ''),
    `Данные: последняя загрузка ${shownTime(s.freshness.latestLoad)}; последняя «Дата редактирования» ${shownTime(s.freshness.latestEdited)}`,
  ];
  const r = s.reviews;
  lines.push(
    `Оценки эффективности: к сроку на этой неделе (до ${ruDate(r.weekEnd)}) — за месяц ${n(r.monthThisWeek)}, через 3–4 месяца ${n(r.followupThisWeek)}; ` +
      `просрочено — за месяц ${n(r.monthOverdue)}, через 3–4 месяца ${n(r.followupOverdue)}; ` +
      `через 3–4 месяца после срока, ещё допустимо — ${n(r.followupLate)}` +
      (r.monthThisWeek + r.followupThisWeek + r.monthOverdue + r.followupOverdue + r.followupLate > 0 ? ' (список — okno review due)' : ''),
  );
  const p = s.procedure;
  lines.push(
    `Процедура за неделю ${p.week}: нарушений ${n(p.problems)}` +
      (p.notDue > 0 ? `; ещё ${n(p.notDue)} ${plural(p.notDue, ['правило проверяется', 'правила проверяются', 'правил проверяются'])} с пятницы 18:00` : '') +
      (p.problems > 0 ? ' (список — okno check)' : ''),
  );
  if (s.freshness.incomplete) lines.unshift(...incompleteBanner(s.freshness.warning!), '');
  else if (s.freshness.warning) lines.push(`Внимание: ${s.freshness.warning}`);
  return lines.join('\n');
}
