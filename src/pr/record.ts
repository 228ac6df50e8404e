// Whether the PR figures of a month are ready (README «okno status»): the latest kit `okno pr` recorded for the whole
// month, and what differs between its figures and the note's figures now.
import type { Db } from '../db/database.js';
import { isoInstant } from '../time/period.js';
import type { MonthlyReport } from '../monthly/report.js';
import type { Deadline } from '../monthly/status.js';
import { prFigures, type PrFigures } from '../render/pr-kit.js';

export type PrFigure = 'consultations' | 'organisations' | 'minutes' | 'newClients' | 'rated' | 'satisfied' | 'topics';

export interface PrChange {
  figure: PrFigure;
  /** The recorded and the current value; null for `topics` (the list of topics with their counts differs). */
  was: number | null;
  now: number | null;
}

export interface PrStatus extends Deadline {
  state: 'ready' | 'due' | 'overdue';
  /** When the latest kit of the whole month was made, ISO 8601 with the account's offset; null: none. */
  madeAt: string | null;
  /** That kit needed --force (the data plainly could not be complete). */
  forced: boolean;
  dir: string | null;
  /** What the note says now that the kit did not. */
  changed: PrChange[];
}

/** The latest kit `okno pr` recorded for the whole month, or null. */
export async function latestKit(db: Db, month: string): Promise<RecordedKit | null> {
  return (await db.one<RecordedKit>('pr/kit_latest', { month })) ?? null;
}

export interface RecordedKit {
  kit_id: number;
  made_ms: number;
  dir: string;
  forced: boolean;
  /** PrFigures as JSON text. */
  figures: string;
}

/** The PR line of `okno status` for the note's month, given the deadline, the latest kit and the note now. */
export function prStatus(kit: RecordedKit | null, report: MonthlyReport | null, deadline: Deadline): PrStatus {
  if (!kit || !report) return { ...deadline, state: deadline.daysLeft < 0 ? 'overdue' : 'due', madeAt: null, forced: false, dir: null, changed: [] };
  return {
    ...deadline,
    state: 'ready',
    madeAt: isoInstant(new Date(kit.made_ms), report.timeZone),
    forced: kit.forced,
    dir: kit.dir,
    // The trend is not compared: the first month with data does not change what the kit says of this month.
    changed: kitChanges(JSON.parse(kit.figures) as PrFigures, prFigures(report, null)),
  };
}

export function kitChanges(was: PrFigures, now: PrFigures): PrChange[] {
  const numbers: [PrFigure, (f: PrFigures) => number][] = [
    ['consultations', (f) => f.consultations],
    ['organisations', (f) => f.organisations],
    ['minutes', (f) => f.minutes],
    ['newClients', (f) => f.newClients],
    ['rated', (f) => f.satisfaction?.rated ?? 0],
    ['satisfied', (f) => f.satisfaction?.satisfied ?? 0],
  ];
  const changes: PrChange[] = numbers
    .filter(([, pick]) => pick(was) !== pick(now))
    .map(([figure, pick]) => ({ figure, was: pick(was), now: pick(now) }));
  if (JSON.stringify(was.topics) !== JSON.stringify(now.topics)) changes.push({ figure: 'topics', was: null, now: null });
  return changes;
}
