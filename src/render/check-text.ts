import { formatNumber as n, plural, ruDate } from '../text/russian.js';
import { table } from '../text/table.js';
import type { CheckReport, CheckRule } from '../checks/procedure.js';
import type { MarksSummary, CheckLoadReport } from '../checks/marks.js';
import type { CalendarLoadReport } from '../ingest/calendar.js';
import { checkDetail, markOutcome } from './check-detail.js';
import { shownTime } from '../time/period.js';

/** «нарушений нет», «3 нарушения», «не проверялось: …», as in the workbook's summary. */
export function ruleResult(r: CheckRule): string {
  if (r.state === 'no_data') return 'нет данных';
  if (r.state === 'not_due') return 'ещё не проверяется';
  return r.count === 0 ? 'нарушений нет' : `${n(r.count)} ${plural(r.count, ['нарушение', 'нарушения', 'нарушений'])}`;
}

/** «исправлено 1, отмечено исправленным, но всё ещё не так 1, ещё открыто 1». */
export function marksCount(m: { fixed: number; fixedButFlagged: number; open: number }): string {
  return `исправлено ${n(m.fixed)}, отмечено исправленным, но всё ещё не так ${n(m.fixedButFlagged)}, ещё открыто ${n(m.open)}`;
}

/** The line about the earlier week's marks: which week, from which file, and the counts. */
export function marksLine(m: MarksSummary): string {
  const files = m.files.map((f) => `${f.file}, загружен ${shownTime(f.loadedAt)}`).join('; ');
  return `Отметки офис-менеджера за неделю ${m.week} (${files}): ${marksCount(m)}`;
}

/** `okno check` on the terminal. */
export function renderChecks(c: CheckReport, workbook?: string): string {
  const lines = [
    `Проверка процедуры: неделя ${c.week} (${ruDate(c.monday)}–${ruDate(c.sunday)}), по данным на ${shownTime(c.cutoff)}; часовой пояс ${c.timeZone}`,
    `Нарушений: ${n(c.problems)}`,
  ];
  if (c.marks) lines.push(marksLine(c.marks));
  for (const w of c.warnings) lines.push(`Внимание: ${w}`);
  for (const r of c.rules) {
    lines.push('', `${r.id}. ${r.title} — ${ruleResult(r)}`, `   Источник: ${r.source}`);
    if (r.items.length > 0) {
      const rows = r.items.map((i) => [i.dealId === null ? '' : String(i.dealId), i.client ?? '', i.consultant ?? '', i.at === null ? '' : shownTime(i.at), checkDetail(i.facts)]);
      lines.push(table(rows, ['ID сделки', 'Организация', 'Консультант', 'Когда', 'Что не так']).replace(/^/gm, '   '));
    }
    if (r.marks && r.marks.items.length > 0) {
      lines.push(`   Отметки недели ${r.marks.week}: ${marksCount(r.marks)}`);
      const rows = r.marks.items.map((m) => [m.dealId === null ? '' : String(m.dealId), m.consultant ?? '', m.when ?? '', m.mark ?? '', markOutcome(m), m.comment ?? '']);
      lines.push(table(rows, ['ID сделки', 'Консультант', 'Когда', 'Исправлено', 'Итог', 'Комментарий']).replace(/^/gm, '   '));
    }
    lines.push(`   Как считается: ${r.note}`);
  }
  if (c.calendar && c.rules.some((r) => r.code === 'calendar_slots' && r.state === 'no_data')) {
    lines.push('', `Загрузка слотов за неделю: неделя вне календаря ${c.calendar.file} (недели с ${ruDate(c.calendar.window.from)} по ${ruDate(c.calendar.window.to)}).`);
  } else if (c.calendar) {
    lines.push('', `Загрузка слотов за неделю (календарь ${c.calendar.file}, загружен ${shownTime(c.calendar.loadedAt)}):`);
    lines.push(
      table(
        c.calendar.use.map((u) => [u.consultant, u.offered, u.booked, u.share === null ? '—' : `${n(u.share * 100)} %`]),
        ['Консультант', 'Слотов', 'Занято', 'Доля занятых'],
      ).replace(/^/gm, '   '),
    );
  }
  if (workbook) lines.push('', `Книга для офис-менеджера: ${workbook}`);
  return lines.join('\n');
}

/** `okno load calendar` on the terminal. */
export function renderCalendarLoad(r: CalendarLoadReport): string {
  const head =
    r.status === 'already_loaded'
      ? `${r.file}: уже загружен ${shownTime(r.alreadyLoaded!.loadedAt)} (${r.alreadyLoaded!.fileName}) — ничего не изменилось`
      : r.dryRun
        ? `${r.file}: проверен (--dry-run), ничего не записано` +
          (r.alreadyLoaded
            ? `; этот файл уже загружен ${shownTime(r.alreadyLoaded.loadedAt)} — загрузка ничего не изменит`
            : r.replaced
              ? `; загрузка заменит календарь из ${r.replaced.fileName} (загружен ${shownTime(r.replaced.loadedAt)})`
              : '')
        : `${r.file}: загружен${r.replaced ? `; заменил календарь из ${r.replaced.fileName} (загружен ${shownTime(r.replaced.loadedAt)})` : ''}`;
  const s = r.skipped;
  const lines = [
    head,
    `  Календарь: ${r.calendarName ?? 'без названия'}; событий в файле ${n(r.events)} (повторяющихся ${n(r.series)}, исключений ${n(r.exceptions)})`,
    `  Вхождений в неделях с ${ruDate(r.window.from)} по ${ruDate(r.window.to)}: ${n(r.occurrences)}; не учтены: исключённые даты (EXDATE) ${n(s.exdates)}, отменённые ${n(s.cancelled)}, события на весь день ${n(s.allDay)}, пропущенные с ошибками ${n(s.events)}`,
    `  События-слоты: свободных ${n(r.slots.free)}, занятых ${n(r.slots.booked)}; других событий ${n(r.otherEvents)}`,
  ];
  if (r.people.length > 0) {
    lines.push(table(r.people.map((p) => [p.initials, p.mapped ? p.consultant : '— нет в настройках —', p.free, p.booked]), ['Инициалы', 'Консультант', 'Свободно, событий', 'Занято, событий']).replace(/^/gm, '  '));
  }
  for (const warning of r.warnings) lines.push(`  Внимание: ${warning}`);
  if (r.unknownInitials.length > 0) {
    lines.push(`  Неизвестные инициалы: ${r.unknownInitials.join(', ')} — добавьте в okno.config.json: "calendar": {"initials": {"${r.unknownInitials[0]}": "Фамилия Имя"}}`);
  }
  return lines.join('\n');
}

/** `okno check load` on the terminal. */
export function renderCheckLoad(r: CheckLoadReport): string {
  if (r.status === 'already_loaded') {
    const a = r.alreadyLoaded!;
    return `${r.file}: уже загружен ${shownTime(a.loadedAt)} (${a.fileName}, неделя ${a.week}) — ничего не изменилось.`;
  }
  const lines = [
    `${r.file}: отметки за неделю ${r.week} — новых ${n(r.new)}, обновлено ${n(r.updated)}, без изменений ${n(r.unchanged)}, отклонено ${n(r.rejected.length)}, не заполнено строк ${n(r.notFilled)}.`,
  ];
  if (r.rejected.length > 0) {
    lines.push('Отклонённые строки (исправьте и загрузите книгу снова; уже загруженные отметки этих строк не изменились):');
    for (const x of r.rejected) lines.push(`  лист «${x.sheet}», строка ${x.row}${x.dealId !== null ? `, сделка ${x.dealId}` : ''}: ${x.reason}`);
  }
  lines.push(`Проверка следующей недели (okno check) покажет, что исправлено и что ещё открыто.`);
  return lines.join('\n');
}
