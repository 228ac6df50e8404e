import type { Db, Params } from '../db/database.js';
import { isoInstant, shownTime } from '../time/period.js';
import { ruDate } from '../text/russian.js';
import { addDays } from '../time/days.js';
import { checkWeek, type CheckWeek, type IsoWeek } from './week.js';
import { attachEarlierMarks, type Mark, type MarksSummary, type RuleMarks } from './marks.js';

/** One thing to fix: a deal, or a person (rules 7, 8a, 9). */
export interface CheckItem {
  dealId: number | null;
  client: string | null;
  consultant: string | null;
  /** The moment the item is about (local 'dd.mm.yyyy hh:mm'), or null. */
  at: string | null;
  /** What the rule found, as data; render/check-detail.ts words it («Что не так», JSON `detail`). */
  facts: CheckFacts;
  /** The same deal (person) marked on the earlier week's workbook (README «Отметки»), or null. */
  earlier: { week: IsoWeek; when: string | null; mark: Mark; comment: string | null } | null;
}

/** A field of the complete card (check_missing), in the procedure's order. */
export type CardField = 'consultant' | 'topic' | 'project' | 'duration_min' | 'format' | 'comments';

/**
 * The facts of one item, by rule: the columns of queries/check/<rule>.sql after the common four, camel-cased.
 * Moments are ISO 8601 with the zone's offset (like `at`), days 'YYYY-MM-DD'.
 */
export type CheckFacts =
  | { rule: 'closed_incomplete'; missing: CardField[] }
  | { rule: 'friday_closing'; stage: string; enteredAt: string; undated: boolean }
  | { rule: 'feedback_overdue'; stage: string; enteredAt: string; dueOn: string }
  | {
      rule: 'requests_waiting';
      finding: 'waiting' | 'late_version' | 'no_answer' | 'lost_reason';
      stage: string;
      createdAt: string | null;
      seenAt: string | null;
      enteredAt: string | null;
      lossReason: string | null;
    }
  | { rule: 'external_late'; dueOn: string; completedAt: string | null; scheduled: boolean; stage: string; missing: CardField[] }
  | { rule: 'moved'; movedFrom: string; movedTo: string; days: number }
  | { rule: 'staff_load'; consultations: number }
  | { rule: 'feedback_asked'; finding: 'never_asked' | 'new_client'; askedFrom: string | null; askedTo: string | null; consultations: number | null }
  | { rule: 'calendar_slots'; weekFrom: string; free: number; booked: number };

export type RuleState = 'checked' | 'not_due' | 'no_data';

export interface CheckRule {
  id: number;
  sheet: string;
  code: string;
  title: string;
  /** Where the rule is written: the procedure (seed 001), by section. */
  source: string;
  /** `checked`; `not_due` before the moment the rule is judged at (Friday 18:00); `no_data` without a calendar. */
  state: RuleState;
  /** No problem found, and the rule could be checked (not `no_data`). */
  ok: boolean;
  count: number;
  items: CheckItem[];
  /** How okno approximates what the exports cannot show exactly. */
  note: string;
  /** The earlier week's marks on this rule and what became of them; null when no earlier week has marks. */
  marks: RuleMarks | null;
}

export interface SlotUse {
  consultant: string;
  initials: string;
  offered: number;
  booked: number;
  /** booked / offered; null when nothing was offered. */
  share: number | null;
}

export interface CheckReport {
  week: IsoWeek;
  monday: string;
  sunday: string;
  asOf: string;
  /** The end of the as-of day, local 'dd.mm.yyyy hh:mm'. */
  cutoff: string;
  timeZone: string;
  /** Problems of all rules: the sum of their counts. */
  problems: number;
  rules: CheckRule[];
  /** The latest calendar load; `use` is empty when the checked week is outside its window (rule 9 `no_data`). */
  calendar: { file: string; loadedAt: string; window: { from: string; to: string }; use: SlotUse[] } | null;
  warnings: string[];
  /** The marks of the latest earlier week that has any (okno check load), counted; null when there are none. */
  marks: MarksSummary | null;
}

interface RuleSpec {
  id: number;
  /** The workbook sheet's name (at most 31 characters). */
  sheet: string;
  code: string;
  title: string;
  source: string;
  query: string;
  /** Judged only from Friday 18:00 of the week on (the Friday closing). */
  atClosing?: boolean;
  /** The query's parameters; `now` is the command's clock (db.now()), for a deadline that may not have come yet. */
  params: (w: CheckWeek, now: string) => Params;
  note: string;
}

const p = {
  week: (w: CheckWeek) => ({ week_start: w.weekStart }),
  weekCutoff: (w: CheckWeek) => ({ week_start: w.weekStart, cutoff: w.cutoff }),
};

/** The rules of seed 001 okno checks (README «Проверки процедуры»), in the order of the issue. */
export const rules: RuleSpec[] = [
  {
    id: 1, sheet: '1 Неполные закрытые', code: 'closed_incomplete', query: 'check/closed_incomplete', params: p.weekCutoff,
    title: 'Закрытые карточки заполнены не полностью',
    source: 'Процедура, п. 4 «Закрытие консультации» (запрещается переносить в «Успешно завершённые» не полностью заполненную карточку); поля — п. 3',
    note: 'Карточки в «Успешно завершённые», закрытые на этой неделе («Дата закрытия»), без консультанта, темы, проекта (или «не распределено»), продолжительности, формата или содержания в примечаниях.',
  },
  {
    id: 2, sheet: '2 Пятничное закрытие', code: 'friday_closing', query: 'check/friday_closing', atClosing: true,
    params: (w) => ({ friday15: w.friday15, friday18: w.friday18 }),
    title: 'Пятничное закрытие: проведённые до 15:00 пятницы не перенесены к 18:00',
    source: 'Процедура, п. 4 «Закрытие консультации» (все консультации, проведённые до 15.00 пятницы, — не позднее 18 часов пятницы)',
    note: 'Этап в пятницу в 18:00 — по последней загруженной версии карточки с «Датой редактирования» не позже 18:00. Переход между двумя выгрузками виден по «Дате редактирования» следующей версии; если выгрузку после пятницы ещё не загружали, видно только то, что было в последней. Карточка без «Даты консультации» — по времени перехода в «Консультация проведена» (консультация прошла не позже).',
  },
  {
    id: 3, sheet: '3 Обратная связь дольше срока', code: 'feedback_overdue', query: 'check/feedback_overdue', atClosing: true,
    params: (w) => ({ week_start: w.weekStart, friday18: w.friday18 }),
    title: '«Запрошена обратная связь» дольше срока (до следующей пятницы)',
    source: 'Процедура, п. 4 «Закрытие консультации» (карточки в «Запрошена обратная связь» — в «Успешно завершённые» не позднее следующей пятницы)',
    note: 'Срок — пятница 18:00 недели, следующей за неделей перехода в этап. Время перехода — «Дата редактирования» первой загруженной версии в этом этапе (переход мог быть и раньше, между выгрузками).',
  },
  {
    id: 4, sheet: '4 Заявки и недозвоны', code: 'requests_waiting', query: 'check/requests_waiting',
    params: (w, now) => ({ ...p.weekCutoff(w), now }),
    title: 'Заявки не разобраны в течение суток; «Не дозвонились» не закрыты',
    source: 'Процедура, п. 1 «Запись на консультацию» (перезвонить в течение 1 дня; не дозвонились — в неуспешные с причиной «не дозвонились»), п. 2.1',
    note: 'Сутки — 24 часа от «Даты создания сделки»; заявка «ещё не разобрана», если её так показывает выгрузка (на момент проверки или версия этой недели). «Не дозвонились» дольше 7 дней считаются оставленными открытыми (в процедуре — не менее 3 попыток, срок не указан).',
  },
  {
    id: 5, sheet: '5 Внешние консультанты', code: 'external_late', query: 'check/external_late',
    params: (w, now) => ({ ...p.weekCutoff(w), now }),
    title: 'Внешние консультанты: карточка не заполнена на следующий день',
    source: 'Процедура, п. 3 «Оказание консультации» (отчёт внешнего консультанта — не позднее следующего дня)',
    note: 'Заполнена — первая загруженная версия в «Консультация проведена» или дальше со всеми полями; её время — «Дата редактирования» (заполнить могли и раньше, если карточку потом ещё правили до выгрузки). Срок — конец дня после консультации: заполненная в 00:00 следующих суток — уже поздно; срок, который ещё не наступил, нарушением не считается.',
  },
  {
    id: 6, sheet: '6 Переносы больше 2 дней', code: 'moved', query: 'check/moved', params: p.week,
    title: 'Консультация перенесена больше чем на 2 дня',
    source: 'Процедура, «Создание графика проведения консультаций» (изменение срока не больше чем на 2 дня); п. 4 «Перенос времени консультации»',
    note: 'Перенос виден, когда «Дата консультации» в версии этой недели отличается от предыдущей загруженной версии больше чем на 2 календарных дня. Переносы между двумя выгрузками, отменённые до следующей, не видны. Дата, назначенная там, где её не было, — не перенос; стёртая и назначенная заново сравнивается с прежней.',
  },
  {
    id: 7, sheet: '7 Меньше 2 консультаций', code: 'staff_load', query: 'check/staff_load', atClosing: true,
    params: (w) => ({ week_start: w.weekStart, week_end: w.weekEnd }),
    title: 'Сотрудник провёл меньше 2 консультаций за неделю при наличии заявок',
    source: 'Процедура, «Создание графика проведения консультаций» (сотрудники обязаны проводить не менее 2 консультаций в неделю в случае наличия запроса)',
    note: 'Сотрудники — консультанты с «Внешний консультант» = нет в проведённых консультациях за 12 недель; запрос — заявки в «Неразобранное», «Новая заявка» или «Принято в работу» в понедельник или в версиях этой недели.',
  },
  {
    id: 8, sheet: '8 Запрос обратной связи', code: 'feedback_asked', query: 'check/feedback_asked', atClosing: true,
    params: (w) => ({ month_from: fridayBefore(w, 4), week_from: fridayBefore(w, 1), friday15: w.friday15 }),
    title: 'Обратная связь: не реже раза в месяц по каждому консультанту и от каждого нового клиента',
    source: 'Процедура, п. 4 «Закрытие консультации» (запрос обратной связи не реже 1 раза в месяц по каждому консультанту и обязательно с каждого нового клиента)',
    note: 'Запрошена — карточка была в «Запрошена обратная связь» в какой-либо выгрузке или к ней привязан отзыв. Месяц — 4 недели до пятницы 15:00 этой недели (с пятницы 15:00 четыре недели назад); новые клиенты — консультации с пятницы 15:00 прошлой недели до пятницы 15:00 этой (те, что закрываются в эту пятницу).',
  },
  {
    id: 9, sheet: '9 Слоты в календаре', code: 'calendar_slots', query: 'check/calendar_slots',
    params: (w) => ({ week_end: w.weekEnd }),
    title: 'Календарь: не меньше 3 часовых слотов в неделю на 2 недели вперёд',
    source: 'Процедура, «Создание графика проведения консультаций» (на 2 недели вперёд, минимум 3 слота по 1 часу в неделю; «ММ консультация» — свободно, «ММ_Организация» — занято)',
    note: 'По последней загруженной выгрузке календаря (okno load calendar), на две недели после проверяемой. Слот — каждый полный час события «ИИ консультация» или «ИИ_Организация»; инициалы — по calendar.initials в файле настроек.',
  },
];

/** Friday 15:00 `weeks` weeks before the checked week's, local time text. */
function fridayBefore(w: CheckWeek, weeks: number): string {
  return `${addDays(w.friday15.slice(0, 10), -7 * weeks)} 15:00:00`;
}

interface ItemRow { deal_id: number | null; client: string | null; consultant: string | null; happened_at: Date | null; [fact: string]: unknown }

/**
 * The procedure checks for a week (README «okno check»): every rule of seed 001 okno can see in the exports, with
 * the deals or people that break it. Works on temp tables only, so a read-only database will do.
 */
export async function buildChecks(
  db: Db,
  options: {
    week?: IsoWeek; asOf?: string; today: string; timeZone: string; linkDays: number; initials: Record<string, string>;
    /** Each rule's count only, counted by DuckDB (okno status): no items, no earlier marks. */
    countsOnly?: boolean;
  },
): Promise<CheckReport> {
  const w = checkWeek(options);
  await db.run('check/versions', { cutoff: w.cutoff });
  await db.run('check/state_macro');
  await db.run('check/missing_macro');
  await db.run('check/now', { cutoff: w.cutoff });
  await db.run('feedback/links', { link_days: options.linkDays });
  await db.run('check/asked', { cutoff: w.cutoff });
  await db.run('calendar/people', { initials: JSON.stringify(options.initials) });
  const calendarFile = await db.one<{ file_name: string; loaded_at: string }>('calendar/latest');
  const calendarWindow = calendarFile
    ? (await db.one<{ window_from: string; window_to: string; covered: boolean }>('check/calendar_window', { week_start: w.weekStart, week_end: w.weekEnd }))!
    : null;
  // A calendar with no slot at all (an empty export loaded with --force, the wrong calendar) says nothing about who
  // offered slots: no_data, not «нарушений нет». Slots in other weeks only: the consultants are listed with 0.
  const noSlots = calendarWindow?.covered === true && (await db.one<{ slots: number }>('check/calendar_any_slot'))!.slots === 0;

  const now = db.now();
  const latest = (await db.one<{ loads: number; before_closing: boolean; closing_passed: boolean }>('check/latest_load', { friday18: w.friday18, now }))!;
  // Judged at the closing once the as-of day runs past Friday 18:00 and the clock has got there (on Friday at 10:00
  // the week's closing is still to come).
  const closed = w.cutoff > w.friday18 && latest.closing_passed;
  const result: CheckRule[] = [];
  for (const spec of rules) {
    const state: RuleState = spec.code === 'calendar_slots' && (!calendarWindow?.covered || noSlots) ? 'no_data' : spec.atClosing && !closed ? 'not_due' : 'checked';
    let items: CheckItem[] = [];
    let count = 0;
    if (state === 'checked' && options.countsOnly) count = await db.count(spec.query, spec.params(w, now));
    else if (state === 'checked') {
      items = (await db.all<ItemRow>(spec.query, spec.params(w, now))).map((r) => item(r, spec.code, options.timeZone));
      count = items.length;
    }
    let note = spec.note;
    if (state === 'not_due') note = `Проверяется с пятницы ${ruDate(w.friday18.slice(0, 10))} 18:00. ${note}`;
    if (state === 'no_data') {
      note = noSlots
        ? `В загруженном календаре ${calendarFile!.file_name} (загружен ${shownTime(calendarFile!.loaded_at)}) нет ни одного слота — проверьте, что выгружен календарь «Консультации», и загрузите свежую выгрузку (okno load calendar <файл.ics>). ${note}`
        : calendarWindow
        ? `Календарь ${calendarFile!.file_name} (загружен ${shownTime(calendarFile!.loaded_at)}) развёрнут на недели с ${ruDate(calendarWindow.window_from)} по ${ruDate(calendarWindow.window_to)}: эта неделя и две после неё в них не входят — загрузите свежую выгрузку календаря (okno load calendar <файл.ics>). ${note}`
        : `Календарь не загружен (okno load calendar <файл.ics>). ${note}`;
    }
    if (spec.code === 'staff_load' && state === 'checked') {
      const { waiting } = (await db.one<{ waiting: number }>('check/demand', { week_start: w.weekStart }))!;
      if (waiting === 0) [items, count] = [[], 0];
      note = `Заявок в ожидании на этой неделе: ${waiting}${waiting === 0 ? ' — правило не нарушено при любом числе консультаций' : ''}. ${note}`;
    }
    result.push({
      id: spec.id, sheet: spec.sheet, code: spec.code, title: spec.title, source: spec.source, state,
      ok: state !== 'no_data' && count === 0, count, items, note, marks: null,
    });
  }

  const warnings: string[] = [];
  if (latest.loads === 0) warnings.push('Выгрузки консультаций не загружены: проверять нечего.');
  else if (closed && latest.before_closing) {
    warnings.push(`Последняя выгрузка загружена до пятницы ${ruDate(w.friday18.slice(0, 10))} 18:00: пятничное закрытие видно только по ней — загрузите свежую выгрузку.`);
  }
  let calendar: CheckReport['calendar'] = null;
  if (calendarFile && calendarWindow) {
    const use = await db.all<{ consultant: string; initials: string; offered: number; booked: number }>('check/calendar_use', {
      week_start: w.weekStart,
      week_end: w.weekEnd,
    });
    calendar = {
      file: calendarFile.file_name,
      loadedAt: calendarFile.loaded_at,
      window: { from: calendarWindow.window_from, to: calendarWindow.window_to },
      use: !calendarWindow.covered ? [] : use.map((u) => ({ ...u, share: u.offered > 0 ? u.booked / u.offered : null })),
    };
  }
  const marks = options.countsOnly ? null : await attachEarlierMarks(db, w.week, result);
  return {
    week: w.week,
    monday: w.monday,
    sunday: w.sunday,
    asOf: w.asOf,
    cutoff: isoWallClock(w.cutoff, options.timeZone),
    timeZone: options.timeZone,
    problems: result.reduce((n, r) => n + r.count, 0),
    rules: result,
    calendar,
    warnings,
    marks,
  };
}

function item(row: ItemRow, rule: string, timeZone: string): CheckItem {
  const { deal_id, client, consultant, happened_at, ...columns } = row;
  const facts: Record<string, unknown> = { rule };
  for (const [column, value] of Object.entries(columns)) {
    facts[column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value instanceof Date ? isoInstant(value, timeZone) : value;
  }
  return { dealId: deal_id, client, consultant, at: happened_at ? isoInstant(happened_at, timeZone) : null, facts: facts as CheckFacts, earlier: null };
}

/** A local wall-clock time 'YYYY-MM-DD HH:MM:SS' of the zone as ISO 8601 with the zone's offset then. */
function isoWallClock(wall: string, timeZone: string): string {
  const asUtc = Date.parse(`${wall.replace(' ', 'T')}Z`);
  let instant = asUtc;
  // The offset at the first guess, then at the corrected one: right also next to a change of offset.
  for (let i = 0; i < 2; i++) {
    const [, sign, hh, mm] = /([+-])(\d\d):(\d\d)$/.exec(isoInstant(new Date(instant), timeZone))!;
    instant = asUtc - (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
  }
  return isoInstant(new Date(instant), timeZone);
}
