/**
 * The report half of `npm run bench` (issue: monthly note speed). On a database of the 1,000,000-row export:
 * - `okno report monthly` as a user runs it (a child process) against the sum of its parts measured in the same
 *   run: node importing the same modules, the note's SQL run in-process, the same workbook and charts written by a
 *   bare call. Goal ≤ 1.2×.
 * - `okno --help` against a bare commander program in node. Goal ≤ 1.5×.
 * - `okno pr` (issue 5) likewise: node importing its modules, the note's SQL (the same measurement as for the note:
 *   the kit's figures are the note's), the kit's images and Markdown written by a bare call. Goal ≤ 1.2×. Also the
 *   same images rendered one after another, to show what rendering and encoding them concurrently buys.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { defaultConfig } from '../config.js';
import { Db } from '../db/database.js';
import { loadConsultations } from '../ingest/consultations.js';
import { buildMonthlyReport } from '../monthly/report.js';

const run = promisify(execFile);

export interface ReportBenchResult {
  name: string;
  okno: number[];
  parts: Record<string, number[]>;
  oknoMedian: number;
  partsMedian: number;
  ratio: number;
  goal: number;
  met: boolean;
}

/** A database holding the export, made once and reused while the export and the schema are unchanged. */
async function ensureDatabase(root: string, csv: string, out: (line: string) => void): Promise<string> {
  const dbFile = path.join(root, 'bench-data', `okno-${path.basename(csv, '.csv')}.duckdb`);
  const marker = `${dbFile}.meta.json`;
  const wanted = JSON.stringify({ csv: path.basename(csv), bytes: statSync(csv).size, migrations: await migrationsList(root) });
  if (existsSync(dbFile) && existsSync(marker) && (await readFile(marker, 'utf8')) === wanted) {
    out(`Reusing ${path.relative(root, dbFile)}`);
    return dbFile;
  }
  await rm(dbFile, { force: true });
  await rm(`${dbFile}.wal`, { force: true });
  process.stdout.write(`Loading ${path.basename(csv)} into ${path.relative(root, dbFile)} … `);
  const started = performance.now();
  const db = await Db.open(dbFile, { clock: () => new Date() });
  try {
    await loadConsultations(db, { files: [csv], config: defaultConfig(), dryRun: false });
  } finally {
    db.close();
  }
  await writeFile(marker, wanted);
  out(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dbFile;
}

/** The schema's fingerprint: a database made by other migration texts is rebuilt. */
async function migrationsList(root: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const dir = path.join(root, 'queries', 'migrations');
  const hash = createHash('sha256');
  for (const file of (await readdir(dir)).sort()) hash.update(file).update(await readFile(path.join(dir, file)));
  return hash.digest('hex');
}

const node = process.execPath;

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function benchReports(options: { root: string; csv: string; month: string; rounds: number; out: (line: string) => void }) {
  const { root, out } = options;
  const bin = path.join(root, 'bin', 'okno.js');
  const dbFile = await ensureDatabase(root, options.csv, out);
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-report-'));
  const today = '2026-11-21';
  const results: ReportBenchResult[] = [];
  // The PR kit's images rendered one by one, for comparison with okno's concurrent rendering.
  const prSequential: number[] = [];
  try {
    // The imports a `report monthly` process needs, in a bare node process.
    const importsScript = `await import('commander'); await import('@duckdb/node-api'); await import('exceljs'); await import('chart.js'); await import('@napi-rs/canvas');`;
    const report = { name: `okno report monthly --month ${options.month} (1M-row database)`, okno: [] as number[], parts: { 'node + imports': [] as number[], 'SQL in-process': [] as number[], 'workbook + charts': [] as number[] } };
    const help = { name: 'okno --help', okno: [] as number[], parts: { 'bare commander --help': [] as number[] } };
    const prImportsScript = `await import('commander'); await import('@duckdb/node-api'); await import('chart.js'); await import('@napi-rs/canvas');`;
    const pr = {
      name: `okno pr --month ${options.month} (1M-row database)`,
      okno: [] as number[],
      parts: { 'node + imports': [] as number[], 'SQL in-process': [] as number[], 'images + text': [] as number[] },
    };
    const commanderScript = `const { Command } = await import('commander'); new Command('x').description('d').option('--db <file>', 'f').parse(['node', 'x', '--help']);`;
    for (let round = 1; round <= options.rounds; round++) {
      const cli = await seconds(() =>
        run(node, [bin, '--db', dbFile, 'report', 'monthly', '--month', options.month, '--out', dir], { cwd: root, maxBuffer: 64 << 20 }),
      );
      report.okno.push(cli);
      report.parts['node + imports'].push(await seconds(() => run(node, ['--input-type=module', '-e', importsScript], { cwd: root })));
      const db = await Db.open(dbFile, { readOnly: true, clock: () => new Date() });
      let built: Awaited<ReturnType<typeof buildMonthlyReport>> | undefined;
      try {
        report.parts['SQL in-process'].push(
          await seconds(async () => (built = await buildMonthlyReport(db, { month: options.month, today, timeZone: 'Europe/Moscow' }))),
        );
      } finally {
        db.close();
      }
      const { writeMonthlyWorkbook } = await import('../render/monthly-workbook.js');
      report.parts['workbook + charts'].push(await seconds(() => writeMonthlyWorkbook(built!, dir)));
      out(`  round ${round}  report monthly ${cli.toFixed(2)} s; parts ${Object.entries(report.parts).map(([k, v]) => `${k} ${v.at(-1)!.toFixed(2)} s`).join(', ')}`);

      const prDir = path.join(dir, 'pr');
      // Once, untimed: chart.js and the font warmed up, so the concurrent and one-by-one renders compare like for like.
      if (round === 1) await prKitByHand(built!, prDir, 'concurrent');
      pr.okno.push(await seconds(() => run(node, [bin, '--db', dbFile, 'pr', '--month', options.month, '--out', prDir], { cwd: root })));
      pr.parts['node + imports'].push(await seconds(() => run(node, ['--input-type=module', '-e', prImportsScript], { cwd: root })));
      pr.parts['SQL in-process'].push(report.parts['SQL in-process'].at(-1)!);
      pr.parts['images + text'].push(await seconds(() => prKitByHand(built!, prDir, 'concurrent')));
      prSequential.push(await seconds(() => prKitByHand(built!, prDir, 'sequential')));
      out(`  round ${round}  okno pr ${pr.okno.at(-1)!.toFixed(2)} s; parts ${Object.entries(pr.parts).map(([k, v]) => `${k} ${v.at(-1)!.toFixed(2)} s`).join(', ')}; ` +
        `the same images one by one ${prSequential.at(-1)!.toFixed(2)} s`);

      help.okno.push(await seconds(() => run(node, [bin, '--help'], { cwd: root })));
      help.parts['bare commander --help'].push(await seconds(() => run(node, ['--input-type=module', '-e', commanderScript], { cwd: root }).catch(() => undefined)));
      out(`  round ${round}  okno --help ${help.okno.at(-1)!.toFixed(3)} s; bare commander ${help.parts['bare commander --help'].at(-1)!.toFixed(3)} s`);
    }
    for (const [r, goal] of [[report, 1.2], [help, 1.5], [pr, 1.2]] as const) {
      const partsMedian = Object.values(r.parts).reduce((s, v) => s + median(v), 0);
      const oknoMedian = median(r.okno);
      results.push({ name: r.name, okno: r.okno, parts: r.parts, oknoMedian, partsMedian, ratio: oknoMedian / partsMedian, goal, met: oknoMedian / partsMedian <= goal });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  out('\nReports (median of rounds):');
  for (const r of results) {
    out(`  ${r.name}: ${r.oknoMedian.toFixed(3)} s vs parts ${r.partsMedian.toFixed(3)} s = ${r.ratio.toFixed(2)}× (goal ≤ ${r.goal}×)${r.met ? ' ok' : ' GOAL MISSED'}`);
  }
  const prResult = results.find((r) => r.name.startsWith('okno pr'));
  if (prResult) {
    const concurrent = median(prResult.parts['images + text']!);
    const sequential = median(prSequential);
    out(`  okno pr images: concurrent ${concurrent.toFixed(3)} s vs one by one ${sequential.toFixed(3)} s (${(sequential / concurrent).toFixed(2)}× faster)`);
    prResult.parts['images one by one (for comparison, not in the sum)'] = prSequential;
  }
  return results;
}

/**
 * The PR kit's images and Markdown for a built note, by bare calls: what `okno pr` does after its SQL. `sequential`
 * renders and encodes one image at a time, for the comparison.
 */
async function prKitByHand(report: Awaited<ReturnType<typeof buildMonthlyReport>>, dir: string, mode: 'concurrent' | 'sequential'): Promise<void> {
  const { defaultConfig: config } = await import('../config.js');
  const settings = config().pr;
  const kit = await import('../pr/kit.js');
  const { imageJobs, renderPrImages } = await import('../render/pr-images.js');
  const figures = kit.prFigures(report, report.trend[0]?.month ?? null); // all 12 months drawn, as the largest kit
  const texts = kit.prTexts(figures, settings);
  const jobs = imageJobs(kit.imageKinds(figures));
  const pngs: Buffer[] = [];
  if (mode === 'concurrent') pngs.push(...(await renderPrImages(jobs, figures, settings, null)));
  else for (const job of jobs) pngs.push(...(await renderPrImages([job], figures, settings, null)));
  const { mkdir } = await import('node:fs/promises');
  const target = path.join(dir, `by-hand-${mode}`);
  await mkdir(target, { recursive: true });
  await Promise.all([
    ...jobs.map((j, i) => writeFile(path.join(target, `${j.kind}-${j.preset}.png`), pngs[i]!)),
    writeFile(path.join(target, 'pr.md'), kit.prMarkdown(figures, texts, jobs.map((j) => ({ ...j, file: `${j.kind}-${j.preset}.png` })), settings)),
  ]);
}
