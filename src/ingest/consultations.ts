// amoCRM deal exports of the «Консультация» pipeline: the consultations kind of the one loader (load.ts).
import { duckdb } from '../db/duckdb.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { FileError } from '../errors.js';
import { builtinStages } from '../model/fields.js';
import { refuseNonDealExport } from './export-kind.js';
import {
  allRowsRejected,
  describeMapping,
  loadFiles,
  type DealCounts,
  type FileReport,
  type LoadKind,
  type LoadRequest,
} from './load.js';
import { mapColumns } from './mapping.js';

export type { DealCounts, FileReport, LoadRequest, RejectGroup, RejectRow } from './load.js';

export interface LoadReport {
  dryRun: boolean;
  timeZone: string;
  files: FileReport[];
}

/**
 * Loads amoCRM deal exports. Each file loads whole or — when it cannot be read — leaves the figures as they were;
 * bad rows are rejected one by one (README «Rejected rows»).
 */
export async function loadConsultations(db: Db, request: LoadRequest): Promise<LoadReport> {
  const files = await loadFiles(db, request, consultationsKind(request.config));
  return { dryRun: request.dryRun, timeZone: request.config.timeZone, files };
}

function consultationsKind(config: Config): LoadKind<FileReport> {
  return {
    kind: 'consultations',
    keepOriginal: true,
    map(file, headers) {
      refuseNonDealExport(file, headers);
      const mapping = mapColumns(headers, config);
      if (!mapping.fields.some((f) => f.field === 'deal_id')) {
        throw new FileError(file, 'в выгрузке нет столбца «ID» (номер сделки).', {
          hint: 'Выгрузите сделки из amoCRM со всеми полями или укажите столбец в okno.config.json: "columns": {"deal_id": "…"}.',
        });
      }
      // Only the ID known: a file in another encoding (KOI8-R, CP866 read as Windows-1251: every other header
      // mojibake) or not a deal export at all. Loaded, it would store deals with nothing but their number.
      if (mapping.fields.every((f) => f.field === 'deal_id')) {
        throw new FileError(file, 'в выгрузке узнан только столбец «ID»: ни одного поля сделки («Название сделки», «Этап сделки», «Дата консультации», …). Похоже, файл в другой кодировке или это не выгрузка сделок.', {
          hint: 'Выгрузите сделки из amoCRM заново (CSV в UTF-8 или Windows-1251, или Excel); если столбцы названы иначе, укажите их в okno.config.json: "columns": {…}.',
        });
      }
      return mapping;
    },
    async parse(db) {
      const { listValue } = duckdb();
      const stages = Object.entries({ ...builtinStages, ...config.stages });
      await db.run('consultations/stage_map_add', {
        names: listValue(stages.map(([name]) => name)),
        codes: listValue(stages.map(([, code]) => code)),
      });
      const stageLists = (await db.one<{ keys: string[]; codes: string[] }>('consultations/stage_lists'))!;
      return {
        query: 'consultations/parse_rows',
        params: { stage_keys: listValue(stageLists.keys), stage_codes: listValue(stageLists.codes) },
        keepsOrder: true,
      };
    },
    async examine(db, { facts, source, mapping, rows, rejects }) {
      if (rows.rejected === rows.read) {
        throw await allRowsRejected(db, facts.path, rows.read, rejects, {
          hint: 'Проверьте, что это выгрузка сделок из amoCRM (даты вида 15.10.2026 10:00:00); если столбцы называются иначе, укажите их в okno.config.json: "columns".',
          details: { format: facts.format, encoding: facts.encoding, delimiter: source.delimiter, ...describeMapping(mapping) },
        });
      }
      const counts = (await db.one<Record<string, number>>('consultations/classify'))!;
      const unknownStages = (await db.all<{ stage: string; count: number; deal_ids: string[] }>('consultations/unknown_stages')).map((s) => ({
        stage: s.stage,
        count: s.count,
        dealIds: s.deal_ids,
      }));
      const deals: DealCounts = {
        new: counts.deals_new!,
        updated: counts.deals_updated!,
        unchanged: counts.deals_unchanged!,
        older: counts.deals_older!,
      };
      return { deals, unknownStages };
    },
    loadCounts: (found) => found.deals!,
    async publish(db, loadId, found) {
      const { deals } = found;
      // Only a deal the database holds can bring a version it holds already.
      if (deals!.updated + deals!.unchanged + deals!.older > 0) await db.run('consultations/mark_known_versions');
      await db.run('consultations/insert_versions', { load_id: loadId });
      await db.run('consultations/update_current', { load_id: loadId });
      await db.run('consultations/update_current_apply');
      return {};
    },
  };
}
