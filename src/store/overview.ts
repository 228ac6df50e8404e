import type { Db } from '../db/database.js';

export interface StoreOverview {
  loads: number;
  versions: number;
  deals: number;
  held: number;
  heldUndated: number;
  latestLoad: string | null;
  latestEdited: string | null;
  byStage: { stage: string; stageCode: string | null; deals: number }[];
  heldByMonth: { month: string; consultations: number; minutes: number }[];
}

/** A short account of what the database holds (README «Что в базе»). */
export async function storeOverview(db: Db): Promise<StoreOverview> {
  const o = (await db.one<Record<string, number | string | null>>('store/overview'))!;
  const byStage = await db.all<{ stage: string; stage_code: string | null; deals: number }>('store/deals_by_stage');
  const heldByMonth = await db.all<{ month: string; consultations: number; minutes: number }>('store/held_by_month');
  return {
    loads: o.loads as number,
    versions: o.versions as number,
    deals: o.deals as number,
    held: o.held as number,
    heldUndated: o.held_undated as number,
    latestLoad: o.latest_load as string | null,
    latestEdited: o.latest_edited as string | null,
    byStage: byStage.map((s) => ({ stage: s.stage, stageCode: s.stage_code, deals: s.deals })),
    heldByMonth,
  };
}
