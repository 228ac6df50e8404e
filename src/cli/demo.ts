import { Command } from 'commander';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../config.js';
import { Db } from '../db/database.js';
import { loadConsultations } from '../ingest/consultations.js';
import { renderLoadReport } from '../render/load-summary.js';
import { renderOverview } from '../render/overview.js';
import { storeOverview } from '../store/overview.js';
import type { Deps } from './deps.js';

/** The bundled sample exports: fixtures/demo/ at the package root. */
export const demoFixturesDir = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export function makeDemoCommand(deps: Deps): Command {
  return new Command('demo')
    .description('показать работу okno на примере: новая база, загрузка примеров выгрузок, итоги')
    .option('--out <dir>', 'папка для базы и результатов', 'okno-demo')
    .action(async (opts: { out: string }) => {
      const out = path.resolve(deps.cwd, opts.out);
      await mkdir(out, { recursive: true });
      const dbFile = path.join(out, 'okno.duckdb');
      await rm(dbFile, { force: true });
      await rm(`${dbFile}.wal`, { force: true });
      const files = (await readdir(demoFixturesDir)).filter((f) => /\.(csv|xlsx)$/i.test(f)).sort();
      const config = defaultConfig();
      const db = await Db.open(dbFile, { timeZone: config.timeZone });
      try {
        const { output } = deps;
        output.print(`База примера: ${path.relative(deps.cwd, dbFile) || dbFile}\n`);
        const report = await loadConsultations(db, {
          files: files.map((f) => path.join(demoFixturesDir, f)),
          config,
          dryRun: false,
          rejectsFile: path.join(out, 'rejects.csv'),
        });
        for (const f of report.files) f.file = path.basename(f.file);
        for (const f of report.files) if (f.rejectsFile) f.rejectsFile = path.relative(deps.cwd, f.rejectsFile);
        output.print(renderLoadReport(report));
        output.print('');
        output.print(renderOverview(await storeOverview(db)));
      } finally {
        db.close();
      }
    });
}
