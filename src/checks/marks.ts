// The office manager's marks on the check workbook (README «okno check load», «Проверки процедуры» → «Отметки»):
// loading them, and what the next week's check says of them.
import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
import { shownTime } from '../time/period.js';
import type { CheckItem, CheckRule } from './procedure.js';
import { weekMonday } from './week.js';

/** «Исправлено» as stored: да, нет, or not marked (a row with a comment only). */
export type Mark = 'да' | 'нет' | null;

export interface CheckLoadReport {
  file: string;
  week: string;
  /** `already_loaded`: these very bytes were loaded before; nothing changed. */
  status: 'loaded' | 'already_loaded';
  alreadyLoaded: { fileName: string; week: string; loadedAt: string } | null;
  new: number;
  updated: number;
  unchanged: number;
  /** Item rows with neither a mark nor a comment: nothing to store. */
  notFilled: number;
  rejected: { sheet: string; row: number; dealId: number | null; reason: string }[];
}

/**
 * What became of an earlier week's marked item (README «Отметки»): `fixed` — marked «да» and not listed by the
 * rule now; `fixed_but_flagged` — marked «да» and listed now; `open` — marked «нет» or not marked (a comment only).
 */
export type MarkOutcome = 'fixed' | 'fixed_but_flagged' | 'open';

export interface EarlierMark {
  dealId: number | null;
  client: string | null;
  consultant: string | null;
  /** «Когда» as text, as the earlier workbook showed it («28.10.2026 11:00»; not a moment: it is what the file says). */
  when: string | null;
  mark: Mark;
  comment: string | null;
  /** Whether the rule lists the same deal (or person) in this check; null when the rule is not judged now. */
  flaggedNow: boolean | null;
  outcome: MarkOutcome;
}

export interface RuleMarks {
  week: string;
  fixed: number;
  fixedButFlagged: number;
  open: number;
  items: EarlierMark[];
}

export interface MarksSummary {
  week: string;
  /** The loads the week's marks came from, latest last. */
  files: { file: string; loadedAt: string }[];
  fixed: number;
  fixedButFlagged: number;
  open: number;
}

/** Rules whose items are people, not deals (their rows have no deal ID); feedback_asked has both. */
const peopleRules = new Set(['staff_load', 'calendar_slots']);
const mixedRules = new Set(['feedback_asked']);

interface RuleSheet {
  code: string;
  sheet: string;
}

/**
 * Loads a filled check workbook: every item row with a mark or a comment is stored for the workbook's week (one
 * transaction); rows with a bad value are listed with their sheet and row and change nothing; a workbook every
 * filled row of which is rejected is refused whole. These very bytes loaded before: `already_loaded`, nothing written.
 */
export async function loadCheckMarks(db: Db, file: string, shown: string, ruleSheets: RuleSheet[]): Promise<CheckLoadReport> {
  const { readCheckWorkbook, notACheckWorkbookHint } = await import('../ingest/check-workbook.js');
  const read = await readCheckWorkbook(file, shown, ruleSheets.map((r) => r.sheet));
  if (weekMonday(read.week) === null) {
    throw new FileError(shown, `на листе «Сводка» указана неделя ${read.week}, которой нет в календаре.`, { hint: notACheckWorkbookHint });
  }
  const report: CheckLoadReport = {
    file: shown, week: read.week, status: 'loaded', alreadyLoaded: null, new: 0, updated: 0, unchanged: 0, notFilled: 0, rejected: [],
  };
  const earlier = await db.one<{ file_id: number; week: string; file_name: string; loaded_at: string }>('check/mark_file_by_sha', { sha256: read.sha256 });
  if (earlier) {
    return { ...report, status: 'already_loaded', alreadyLoaded: { fileName: earlier.file_name, week: earlier.week, loadedAt: earlier.loaded_at } };
  }
  const now = db.now();
  await db.transaction(async () => {
    const { file_id: fileId } = (await db.one<{ file_id: number }>('check/mark_next_file_id'))!;
    let filled = 0;
    for (const sheet of read.sheets) {
      const code = ruleSheets.find((r) => r.sheet === sheet.name)!.code;
      const seen = new Map<string, number>();
      for (const { row, cells } of sheet.rows) {
        const idText = cells['ID сделки'];
        const consultant = cells['Консультант'];
        const markText = cells['Исправлено'];
        const comment = cells['Комментарий'];
        if (markText === null && comment === null) {
          if (idText !== null || consultant !== null) report.notFilled++;
          continue;
        }
        filled++;
        const reject = (reason: string, dealId: number | null = null) => report.rejected.push({ sheet: sheet.name, row, dealId, reason });
        const mark = parseMark(markText);
        if (mark === undefined) {
          reject(`«Исправлено»: «${markText}» — допустимо «да», «нет» или пусто.`, /^\d+$/.test(idText ?? '') ? Number(idText) : null);
          continue;
        }
        let dealId: number | null = null;
        if (idText !== null) {
          if (!/^\d+$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
            reject(`ID сделки «${idText}» — не целое число.`);
            continue;
          }
          if (peopleRules.has(code)) {
            reject('на этом листе строки — консультанты, ID сделки у них не указывается.', Number(idText));
            continue;
          }
          dealId = Number(idText);
          if (!(await db.one<{ known: boolean }>('check/mark_deal_known', { deal_id: dealId }))!.known) {
            reject(`сделки ${dealId} нет в базе — ID в строке изменён? Он должен остаться таким, как в проверке.`, dealId);
            continue;
          }
        } else if (!peopleRules.has(code) && !mixedRules.has(code)) {
          reject('не указан ID сделки.');
          continue;
        } else if (consultant === null) {
          reject('не указаны ни ID сделки, ни консультант.');
          continue;
        }
        const item = dealId !== null ? String(dealId) : consultant!;
        const atText = cells['Когда'] ?? '';
        const key = `${item}\u0000${atText}`;
        const twin = seen.get(key);
        if (twin !== undefined) {
          reject(`повторяет строку ${twin} (та же ${dealId !== null ? 'сделка' : 'строка консультанта'} и «Когда»).`, dealId);
          continue;
        }
        seen.set(key, row);
        const stored = await db.one<{ fixed: boolean | null; comment: string | null; deal_id: number | null; client: string | null; consultant: string | null }>(
          'check/mark_by_key', { week: read.week, rule: code, item, at_text: atText },
        );
        const fixed = mark === null ? null : mark === 'да';
        const client = cells['Организация'];
        if (stored && stored.fixed === fixed && stored.comment === comment && stored.client === client && stored.consultant === consultant) {
          report.unchanged++;
          continue;
        }
        report[stored ? 'updated' : 'new']++;
        await db.run('check/mark_upsert', {
          week: read.week, rule: code, item, at_text: atText, deal_id: dealId, client, consultant, fixed, comment,
          file_id: fileId, sheet_row: row, now,
        });
      }
    }
    // Every filled row rejected: a failed load, and the transaction leaves nothing stored.
    if (filled > 0 && report.rejected.length === filled) throw everyRowRejected(shown, report.rejected);
    await db.run('check/mark_insert_file', { file_id: fileId, week: read.week, file_name: shown, sha256: read.sha256, now, marks: report.new + report.updated });
  });
  return report;
}

/** «да» / «нет» in any case, with spaces; blank is not marked; anything else undefined. */
function parseMark(text: string | null): Mark | undefined {
  if (text === null) return null;
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (t === 'да') return 'да';
  if (t === 'нет') return 'нет';
  return undefined;
}

function everyRowRejected(file: string, rejected: CheckLoadReport['rejected']): FileError {
  const first = rejected[0]!;
  const problem =
    `ни одна отметка не загружена: все заполненные строки (${rejected.length}) отклонены; ` +
    `первая — лист «${first.sheet}», строка ${first.row}: ${first.reason.replace(/\.$/, '')}.`;
  return new FileError(file, problem, { hint: 'Исправьте строки и загрузите книгу снова: «Исправлено» — да / нет (выпадающий список), ID сделки не меняйте.' });
}

interface StoredMark {
  week: string;
  rule: string;
  item: string;
  at_text: string;
  deal_id: number | null;
  client: string | null;
  consultant: string | null;
  fixed: boolean | null;
  comment: string | null;
  file_name: string;
  loaded_at: string;
}

/**
 * The marks of the latest earlier week that has any, per rule, against this check's rules (README «Отметки»): each
 * with whether the rule lists the same deal (person) now and its outcome; the items listed now get the earlier mark
 * and comment (`earlier`), which the workbook carries into «Комментарий». Changes `rules` in place.
 */
export async function attachEarlierMarks(db: Db, week: string, rules: CheckRule[]): Promise<MarksSummary | null> {
  const stored = await db.all<StoredMark>('check/marks_earlier', { week });
  if (stored.length === 0) return null;
  const earlierWeek = stored[0]!.week;
  const keyOf = (i: { dealId: number | null; consultant: string | null }) => (i.dealId !== null ? String(i.dealId) : i.consultant ?? '');
  const files = new Map<string, string>();
  const summary: MarksSummary = { week: earlierWeek, files: [], fixed: 0, fixedButFlagged: 0, open: 0 };
  for (const rule of rules) {
    const marks = stored.filter((m) => m.rule === rule.code);
    const listed = new Map<string, CheckItem[]>();
    for (const i of rule.items) listed.set(keyOf(i), [...(listed.get(keyOf(i)) ?? []), i]);
    const out: RuleMarks = { week: earlierWeek, fixed: 0, fixedButFlagged: 0, open: 0, items: [] };
    for (const m of marks) {
      files.set(m.file_name + '\u0000' + m.loaded_at, m.loaded_at);
      const flaggedNow = rule.state === 'checked' ? listed.has(m.item) : null;
      const mark: Mark = m.fixed === null ? null : m.fixed ? 'да' : 'нет';
      const outcome: MarkOutcome = mark === 'да' ? (flaggedNow ? 'fixed_but_flagged' : 'fixed') : 'open';
      out[outcome === 'fixed' ? 'fixed' : outcome === 'open' ? 'open' : 'fixedButFlagged']++;
      out.items.push({ dealId: m.deal_id, client: m.client, consultant: m.consultant, when: m.at_text === '' ? null : m.at_text, mark, comment: m.comment, flaggedNow, outcome });
      for (const i of listed.get(m.item) ?? []) {
        // Two rows of one deal or person (a card moved twice): the row with the same «Когда», else the first one.
        const same = m.at_text !== '' && i.at !== null && shownTime(i.at) === m.at_text;
        if (i.earlier === null || same) i.earlier = { week: earlierWeek, when: m.at_text === '' ? null : m.at_text, mark, comment: m.comment };
      }
    }
    summary.fixed += out.fixed;
    summary.fixedButFlagged += out.fixedButFlagged;
    summary.open += out.open;
    rule.marks = out;
  }
  summary.files = [...files.entries()]
    .map(([key, loadedAt]) => ({ file: key.split('\u0000')[0]!, loadedAt }))
    .sort((a, b) => (a.loadedAt < b.loadedAt ? -1 : a.loadedAt > b.loadedAt ? 1 : 0));
  return summary;
}
