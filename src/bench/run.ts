/**
 * `npm run bench`: okno's loader against the floor it cannot beat by much — DuckDB's own read_csv for CSV,
 * a bare exceljs streaming read for XLSX. Sides run interleaved (A B A B …) so drift in the machine's state
 * hits both alike; the median of the rounds is reported.
 *
 * Env: BENCH_ROWS (CSV rows, default 1,000,000), BENCH_XLSX_ROWS (default 100,000), BENCH_ROUNDS (default 3),
 * BENCH_PROFILE=0 to skip the per-stage profile of okno's load, BENCH_ONLY=load|report for one half.
 *
 * Besides wall time, each side's CPU time (user + system of this process, DuckDB's threads included) is taken:
 * on a machine shared with other work, wall time swings by 2× between rounds while CPU time moves far less, so
 * the CPU ratio is the steadier guide to whether a change helped. The goals are stated in wall time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, version as duckdbVersion, type DuckDBConnection } from '@duckdb/node-api';
import { defaultConfig } from '../config.js';
import { Db, type Params } from '../db/database.js';
import { loadConsultations, type FileReport } from '../ingest/consultations.js';
import { mapColumns } from '../ingest/mapping.js';
import { inspectFile } from '../ingest/sniff.js';
import { openSource, type CsvSource } from '../ingest/source.js';
import { loadExcelJS } from '../ingest/exceljs.js';
import { benchReports, type ReportBenchResult } from './report-bench.js';
import { generateRows, writeCsv, writeXlsx, type CsvOptions } from './generate.js';

// Bump when generate.ts changes its output, so stale files are rebuilt rather than silently reused.
const generatorVersion = 1;
const seed = 20250105;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = path.join(root, 'bench-data');
const out = (line = '') => process.stdout.write(line + '\n');
const warnings: string[] = [];

interface Dataset {
  key: string;
  file: string;
  rows: number;
  describe: string;
  make: (file: string) => Promise<number>;
}

interface Side {
  label: string;
  seconds: number[];
  median: number;
  rowsPerSecond: number;
  cpuSeconds: number[];
  cpuMedian: number;
}

interface PairResult {
  name: string;
  file: string;
  bytes: number;
  rows: number;
  goal: number;
  reference: Side;
  okno: Side;
  /** The CSV floor (see csvFloor), measured where the reference reads the same file. */
  floor?: Side;
  /** floor / reference: when over the goal, no loader that meets the issue's rules can meet it on this machine. */
  floorRatio?: number;
  ratio: number;
  cpuRatio: number;
  /** Fastest okno run over fastest reference run: noise only ever adds time, so this is the least disturbed view. */
  bestRatio: number;
  met: boolean;
}

async function main() {
  const csvRows = envInt('BENCH_ROWS', 1_000_000);
  const xlsxRows = envInt('BENCH_XLSX_ROWS', 100_000);
  const rounds = envInt('BENCH_ROUNDS', 3);

  const csv = (options: CsvOptions) => (file: string) => writeCsv(file, generateRows(csvRows, seed), options);
  const datasets: Dataset[] = [
    {
      key: 'csv-utf8',
      file: path.join(dataDir, `amocrm-${sizeLabel(csvRows)}-utf8.csv`),
      rows: csvRows,
      describe: 'UTF-8, «,», LF',
      make: csv({ encoding: 'utf-8', delimiter: ',', crlf: false }),
    },
    {
      key: 'csv-cp1251',
      file: path.join(dataDir, `amocrm-${sizeLabel(csvRows)}-cp1251.csv`),
      rows: csvRows,
      describe: 'Windows-1251, «;», CRLF',
      make: csv({ encoding: 'windows-1251', delimiter: ';', crlf: true }),
    },
    {
      key: 'xlsx',
      file: path.join(dataDir, `amocrm-${sizeLabel(xlsxRows)}.xlsx`),
      rows: xlsxRows,
      describe: 'XLSX, dates as date cells',
      make: (file) => writeXlsx(file, generateRows(xlsxRows, seed + 1)),
    },
  ];

  const commit = gitDescribe();
  out(`okno bench at ${commit}: node ${process.version}, DuckDB ${duckdbVersion()}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
  const only = process.env.BENCH_ONLY;
  // BENCH_DATASETS=csv-utf8,csv-cp1251,xlsx (any of them): measure only those loads. The UTF-8 CSV is always
  // made: the reports' database and the Windows-1251 reference are built from it.
  const wanted = process.env.BENCH_DATASETS?.split(',').map((k) => k.trim());
  const unknown = wanted?.filter((k) => !datasets.some((d) => d.key === k)) ?? [];
  if (unknown.length) throw new Error(`BENCH_DATASETS: unknown ${unknown.join(', ')} (known: ${datasets.map((d) => d.key).join(', ')})`);
  const measured = datasets.filter((d) => !wanted || wanted.includes(d.key));
  for (const d of datasets) if (d === datasets[0] || measured.includes(d)) await ensureDataset(d);
  let reports: ReportBenchResult[] | undefined;
  if (only !== 'load') {
    out('\nReports on a database of the CSV export:');
    reports = await benchReports({ root, csv: datasets[0]!.file, month: '2025-10', rounds, out });
  }
  if (only === 'report') {
    await writeFile(path.join(dataDir, 'results-report.json'), JSON.stringify({ date: new Date().toISOString(), reports }, null, 2) + '\n');
    return;
  }

  // Without the encodings extension DuckDB cannot read Windows-1251 at all; the nearest floor is then its read
  // of the same rows in UTF-8, so the ratio includes the transcoding okno has to do.
  const referenceFile = new Map<string, string>();
  for (const d of measured.filter((d) => d.key !== 'xlsx')) {
    const problem = await csvUnreadable(d.file);
    if (problem === undefined) referenceFile.set(d.key, d.file);
    else {
      referenceFile.set(d.key, datasets[0]!.file);
      out(`Note: raw read_csv cannot read ${path.basename(d.file)} (${problem}); its reference is ` +
        `read_csv of ${path.basename(datasets[0]!.file)}, the same rows in UTF-8.`);
    }
  }

  // The floor under a CSV goal, measured only where the reference reads the file itself (for Windows-1251 the
  // floor would also hold a transcoding, which is okno's own code).
  const floors = new Map<string, CsvSource>();
  for (const d of measured.filter((d) => referenceFile.get(d.key) === d.file)) floors.set(d.key, await openSource(await inspectFile(d.file)));

  const pairs = measured.map((d) => ({
    dataset: d,
    name: d.key === 'xlsx' ? `XLSX ${sizeLabel(d.rows)}` : `CSV ${sizeLabel(d.rows)} ${d.describe}`,
    goal: d.key === 'xlsx' ? 1.0 : 1.2,
    referenceLabel:
      d.key === 'xlsx'
        ? 'bare exceljs stream read'
        : `raw DuckDB read_csv of ${path.basename(referenceFile.get(d.key)!)}`,
    reference:
      d.key === 'xlsx'
        ? () => bareExcelRead(d.file)
        : () => withTempDb((db) => rawReadCsv(referenceFile.get(d.key)!, db)),
    okno: () => withTempDb((db) => oknoLoad(d.file, db, d.rows)),
    floor: floors.has(d.key) ? () => withTempDb((db) => csvFloor(d.file, floors.get(d.key)!, db)) : undefined,
    times: { reference: [] as number[], okno: [] as number[], floor: [] as number[] },
    cpu: { reference: [] as number[], okno: [] as number[], floor: [] as number[] },
  }));

  out(`\nMeasuring ${rounds} round(s), each side in a fresh temporary database (open and close included).`);
  for (let round = 1; round <= rounds; round++) {
    for (const p of pairs) {
      // Each round starts with the next side: no side always gets the warm page cache.
      const sides = (['reference', 'okno', 'floor'] as const).filter((side) => p[side] !== undefined);
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(k + round - 1) % sides.length]!;
        const { seconds, cpu } = await timed(p[side]!);
        p.times[side].push(seconds);
        p.cpu[side].push(cpu);
        out(`  round ${round}  ${p.name.padEnd(40)} ${side.padEnd(9)} ${seconds.toFixed(2)} s  (cpu ${cpu.toFixed(2)} s)`);
      }
    }
  }

  const results: PairResult[] = pairs.map((p) => {
    const side = (label: string, seconds: number[], cpuSeconds: number[]): Side => {
      const m = median(seconds);
      return { label, seconds, median: m, rowsPerSecond: Math.round(p.dataset.rows / m), cpuSeconds, cpuMedian: median(cpuSeconds) };
    };
    const reference = side(p.referenceLabel, p.times.reference, p.cpu.reference);
    const okno = side('okno loadConsultations', p.times.okno, p.cpu.okno);
    const floor = p.floor ? side('floor: sha256, every cell stored, each row checked', p.times.floor, p.cpu.floor) : undefined;
    const ratio = okno.median / reference.median;
    const cpuRatio = okno.cpuMedian / reference.cpuMedian;
    const bestRatio = Math.min(...okno.seconds) / Math.min(...reference.seconds);
    return {
      name: p.name,
      file: path.relative(root, p.dataset.file),
      bytes: statSync(p.dataset.file).size,
      rows: p.dataset.rows,
      goal: p.goal,
      reference,
      okno,
      ...(floor ? { floor, floorRatio: floor.median / reference.median } : {}),
      ratio,
      cpuRatio,
      bestRatio,
      met: ratio <= p.goal,
    };
  });
  printTable(results);
  for (const w of warnings) out(w);
  for (const source of floors.values()) await source.dispose();

  let profile: Record<string, Record<string, number>> | undefined;
  if (process.env.BENCH_PROFILE !== '0') {
    out('\nWhere okno\'s time goes (one extra load per file, every statement timed at the connection):');
    profile = {};
    for (const { dataset: d } of pairs) profile[d.key] = await profileLoad(d, referenceFile.get(d.key));
  }

  const json = {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    duckdb: duckdbVersion(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    rounds,
    seed,
    generatorVersion,
    results,
    reports,
    warnings,
    profile,
  };
  const resultsFile = path.join(dataDir, 'results.json');
  await writeFile(resultsFile, JSON.stringify(json, null, 2) + '\n');
  out(`\nFigures written to ${path.relative(root, resultsFile)}`);
}

/** Reuses a data file only when its marker says it was made by this generator, seed and row count, and is whole. */
async function ensureDataset(d: Dataset) {
  const markerFile = `${d.file}.meta.json`;
  const wanted = { rows: d.rows, seed: d.key === 'xlsx' ? seed + 1 : seed, generatorVersion };
  if (existsSync(d.file) && existsSync(markerFile)) {
    try {
      const marker = JSON.parse(await readFile(markerFile, 'utf8')) as typeof wanted & { bytes: number };
      const same = marker.rows === wanted.rows && marker.seed === wanted.seed && marker.generatorVersion === generatorVersion;
      if (same && marker.bytes === statSync(d.file).size) {
        out(`Reusing ${path.relative(root, d.file)} (${d.rows.toLocaleString('en')} rows, ${mb(marker.bytes)})`);
        return;
      }
    } catch {
      // An unreadable marker means the file is regenerated.
    }
  }
  await rm(markerFile, { force: true });
  await mkdir(dataDir, { recursive: true });
  process.stdout.write(`Generating ${path.relative(root, d.file)} (${d.rows.toLocaleString('en')} rows, ${d.describe}) … `);
  const started = performance.now();
  const written = await d.make(d.file);
  if (written !== d.rows) throw new Error(`generator wrote ${written} rows, expected ${d.rows}`);
  const bytes = statSync(d.file).size;
  await writeFile(markerFile, JSON.stringify({ ...wanted, bytes }) + '\n');
  out(`${((performance.now() - started) / 1000).toFixed(1)} s, ${mb(bytes)}`);
}

async function withTempDb<T>(fn: (dbFile: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-bench-'));
  try {
    return await fn(path.join(dir, 'bench.duckdb'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A bare DuckDB connection to `dbFile` (no extension is installed or loaded), closed after `fn`. */
async function withConnection<T>(dbFile: string, fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(dbFile, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  try {
    const connection = await instance.connect();
    try {
      return await fn(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** The reference: what DuckDB alone does with the file, all its defaults (sniffing, types, parallel read). */
async function rawReadCsv(csv: string, dbFile: string) {
  await withConnection(dbFile, (connection) => connection.run('create table t as select * from read_csv($path)', { path: csv }));
}

/**
 * The floor under the CSV goal: the least a load that meets issue 2's rules must do, each step in its cheapest
 * form. The file's sha256 (for «loaded before»), read while DuckDB works; every cell stored as read, in a table of
 * the database file (okno's read_csv options: no sniffing, every column text); and each row's checks, stored: the
 * deal ID as an integer, the four dates in amoCRM's format, the duration as a number, and a hash of the mapped
 * cells (new / updated / unchanged). Nothing else okno does: no trimming or names, stage codes, client keys,
 * rejects, versions or summary. When this alone is over the goal, no loader can meet it on this machine.
 */
async function csvFloor(file: string, source: CsvSource, dbFile: string) {
  const sha256 = (async () => {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
    return hash.digest('hex');
  })();
  const mapping = mapColumns(source.headers, defaultConfig());
  const cell = (field: string) => {
    const position = mapping.fields.find((f) => f.field === field)?.positions[0];
    if (position === undefined) throw new Error(`the bench export has no ${field} column`);
    return `c${position}`;
  };
  const date = (sql: string) => `try_strptime(nullif(trim(${sql}), ''), '%d.%m.%Y %H:%M:%S')`;
  const columns = source.headers.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
  await withConnection(dbFile, async (connection) => {
    await connection.run(
      `create table raw as select * from read_csv($path, header = false, skip = $skip, delim = $delim, quote = '"',
         escape = '"', auto_detect = false, strict_mode = false, columns = {${columns}})`,
      { path: source.csvPath, skip: source.skip, delim: source.delimiter },
    );
    await connection.run(`create table checks as select
        try_cast(trim(${cell('deal_id')}) as bigint) as deal_id,
        ${date(cell('created_at'))} as created_at,
        ${date(cell('edited_at'))} as edited_at,
        ${date(`nullif(${cell('closed_at')}, 'не закрыта')`)} as closed_at,
        ${date(cell('consulted_at'))} as consulted_at,
        try_cast(trim(${cell('duration_min')}) as decimal(10, 2)) as duration_min,
        hash(${mapping.fields.map((f) => `c${f.positions[0]}`).join(', ')}) as content_hash
      from raw`);
  });
  await sha256;
}

/** Why DuckDB's read_csv with defaults refuses the file, or undefined when it reads it. */
async function csvUnreadable(csv: string): Promise<string | undefined> {
  return withConnection(':memory:', async (connection) => {
    try {
      await connection.run('select * from read_csv($path) limit 1', { path: csv });
      return undefined;
    } catch (error) {
      return (error instanceof Error ? error.message : String(error)).split('\n')[0];
    }
  });
}

async function oknoLoad(file: string, dbFile: string, rows: number, wrap?: (db: Db) => void): Promise<FileReport> {
  const db = await Db.open(dbFile, { clock: () => new Date() });
  try {
    wrap?.(db);
    const report = await loadConsultations(db, { files: [file], config: defaultConfig(), dryRun: false });
    const f = report.files[0]!;
    if (f.status !== 'loaded') throw new Error(`okno did not load ${file}: ${f.status} ${f.error ?? ''} ${f.hint ?? ''}`);
    if (f.rowsRead !== rows) throw new Error(`okno read ${f.rowsRead} rows of ${rows} in ${file}`);
    // Generated data is clean, so a reject is a finding about the reader, not the data: say so, keep timing.
    if (f.rowsRejected) {
      const text = `WARNING: okno rejected ${f.rowsRejected} of ${rows} rows of ${path.basename(file)}: ${JSON.stringify(f.rejects)}`;
      if (!warnings.includes(text)) {
        warnings.push(text);
        out(`  ${text}`);
      }
    }
    return f;
  } finally {
    db.close();
  }
}

/**
 * The XLSX floor: exceljs's streaming reader with its defaults, touching every row's values. exceljs comes
 * through okno's loader (its chunk-safe UTF-8 decoding is process-wide and must be installed first), so both
 * sides parse XML with the same code.
 */
async function bareExcelRead(file: string): Promise<number> {
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) if (row.values) rows++;
  }
  return rows;
}

/**
 * One more load with Db.exec/query wrapped (every SQL statement the loader runs passes through them), plus
 * the loader's two JS passes run on their own: the sha256/UTF-8 scan and the conversion to a UTF-8 CSV.
 */
async function profileLoad(d: Dataset, referenceFile?: string): Promise<Record<string, number>> {
  const stages: Record<string, number> = {};
  // CPU seconds per stage (process-wide, so a JS pass that overlaps DuckDB work would be counted twice: the
  // loader runs them one after another).
  const cpuStages: Record<string, number> = {};
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const add = (label: string, ms: number, cpuMs = 0) => {
    stages[label] = (stages[label] ?? 0) + ms / 1000;
    cpuStages[label] = (cpuStages[label] ?? 0) + cpuMs / 1000;
  };

  let started = performance.now();
  let cpuStarted = cpuNow();
  const facts = await inspectFile(d.file);
  add('js: inspectFile (sha256 + UTF-8 check)', performance.now() - started, cpuNow() - cpuStarted);
  started = performance.now();
  cpuStarted = cpuNow();
  const source = await openSource(facts);
  add('js: openSource (to UTF-8 CSV)', performance.now() - started, cpuNow() - cpuStarted);
  await source.dispose();

  let opened = 0;
  let openedCpu = 0;
  let total = 0;
  let totalCpu = 0;
  let dbBytes = 0;
  await withTempDb(async (dbFile) => {
    const t0 = performance.now();
    const c0 = cpuNow();
    await oknoLoad(d.file, dbFile, d.rows, (db) => {
      opened = performance.now() - t0;
      openedCpu = cpuNow() - c0;
      // BEGIN/COMMIT and other unnamed statements carry the default label: name them by their first word.
      const name = (sql: string, label: string) => (label === 'sql' ? sql.trim().split(/\s+/)[0]!.toUpperCase() : label);
      const close = db.close.bind(db);
      db.close = () => {
        const t = performance.now();
        const c = cpuNow();
        close();
        add('Db.close (checkpoint)', performance.now() - t, cpuNow() - c);
      };
      // Time at the connection, which sees every statement (the loader also calls it directly, e.g. for
      // read_csv); Db.exec/query only lend the statement its queries/ name.
      let current: string | undefined;
      const exec = db.exec.bind(db);
      const query = db.query.bind(db);
      db.exec = async (sql: string, params?: Params, label = 'sql') => {
        current = name(sql, label);
        try {
          return await exec(sql, params, label);
        } finally {
          current = undefined;
        }
      };
      db.query = async <T>(sql: string, params?: Params, label = 'sql') => {
        current = name(sql, label);
        try {
          return await query<T>(sql, params, label);
        } finally {
          current = undefined;
        }
      };
      const connection = db.connection;
      const guess = (sql: string) => (/read_csv\s*\(/i.test(sql) ? 'read_csv → raw table' : sql.trim().split(/\s+/, 4).join(' '));
      for (const method of ['run', 'runAndReadAll'] as const) {
        const original = connection[method].bind(connection) as (sql: string, values?: Params) => Promise<unknown>;
        (connection as unknown as Record<string, unknown>)[method] = async (sql: string, values?: Params) => {
          const label = current ?? guess(sql);
          const t = performance.now();
          const c = cpuNow();
          try {
            return await original(sql, values);
          } finally {
            add(`sql: ${label}`, performance.now() - t, cpuNow() - c);
          }
        };
      }
    });
    total = performance.now() - t0;
    totalCpu = cpuNow() - c0;
    dbBytes = statSync(dbFile).size;
  });
  add('Db.open (migrations, macros)', opened, openedCpu);
  const inDb = (of: Record<string, number>) =>
    Object.entries(of).filter(([k]) => k.startsWith('sql: ') || k.startsWith('Db.')).reduce((s, [, v]) => s + v, 0);
  const outside = 'outside SQL, open, close (≈ the js: passes above)';
  stages[outside] = total / 1000 - inDb(stages);
  cpuStages[outside] = totalCpu / 1000 - inDb(cpuStages);
  stages['total (this profiled load)'] = total / 1000;
  cpuStages['total (this profiled load)'] = totalCpu / 1000;

  let referenceBytes = 0;
  if (d.key !== 'xlsx' && referenceFile !== undefined) {
    await withTempDb(async (dbFile) => {
      await rawReadCsv(referenceFile, dbFile);
      referenceBytes = statSync(dbFile).size;
    });
  }
  out(`  ${d.key}: database file after the load ${mb(dbBytes)}` +
    (referenceBytes ? ` (raw read_csv's: ${mb(referenceBytes)})` : ''));
  const shown = Object.entries(stages).sort(([, a], [, b]) => b - a).filter(([, s]) => s >= 0.05);
  out('       wall       cpu');
  for (const [label, seconds] of shown) {
    out(`    ${seconds.toFixed(2).padStart(7)} s ${(cpuStages[label] ?? 0).toFixed(2).padStart(7)} s  ${label}`);
  }
  for (const [label, seconds] of Object.entries(cpuStages)) stages[`cpu: ${label}`] = seconds;
  stages['database MB'] = dbBytes / 1024 / 1024;
  if (referenceBytes) stages['reference database MB'] = referenceBytes / 1024 / 1024;
  return stages;
}

function printTable(results: PairResult[]) {
  out('\nResults (median of rounds):');
  const head = ['pair', 'rows', 'size', 'reference', 'okno', 'ratio', 'goal', '', 'cpu: reference', 'okno', 'ratio', 'best: ratio'];
  const lines = results.map((r) => [
    r.name,
    r.rows.toLocaleString('en'),
    mb(r.bytes),
    `${r.reference.median.toFixed(2)} s (${r.reference.rowsPerSecond.toLocaleString('en')} rows/s)`,
    `${r.okno.median.toFixed(2)} s (${r.okno.rowsPerSecond.toLocaleString('en')} rows/s)`,
    `${r.ratio.toFixed(2)}×`,
    `≤ ${r.goal.toFixed(1)}×`,
    r.met ? 'ok' : 'GOAL MISSED',
    `${r.reference.cpuMedian.toFixed(2)} s`,
    `${r.okno.cpuMedian.toFixed(2)} s`,
    `${r.cpuRatio.toFixed(2)}×`,
    `${r.bestRatio.toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  out(fmt(head));
  for (const l of lines) out(fmt(l));
  out('Reference: CSV — raw DuckDB read_csv into a file database; XLSX — bare exceljs streaming read.');
  out('Goals are judged on the median ratio; best: fastest okno run over fastest reference run.');
  for (const r of results) {
    if (!r.floor) continue;
    out(`Floor under ${r.name} (the file's sha256, every cell stored, each row's ID, dates, duration and content hash ` +
      `checked — nothing else): ${r.floor.median.toFixed(2)} s, ${r.floorRatio!.toFixed(2)}× the reference ` +
      `(cpu ${(r.floor.cpuMedian / r.reference.cpuMedian).toFixed(2)}×); okno is ${(r.okno.median / r.floor.median).toFixed(2)}× the floor.`);
    if (r.floorRatio! > r.goal) out(`  The goal ≤ ${r.goal.toFixed(1)}× is under the floor on this machine: no loader that keeps every cell and checks every row meets it here.`);
  }
  for (const r of results.filter((r) => !r.met)) {
    out(`GOAL MISSED: ${r.name}: okno ${r.ratio.toFixed(2)}× ${r.reference.label} (goal ≤ ${r.goal.toFixed(1)}×)`);
  }
}

/** Wall and CPU seconds of one run (CPU: this process's user + system, DuckDB's threads included). */
async function timed(fn: () => Promise<unknown>): Promise<{ seconds: number; cpu: number }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await fn();
  const cpu = process.cpuUsage(cpuStarted);
  return { seconds: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** The loader measured: HEAD plus a mark when the working tree differs (others edit while benches run). */
function gitDescribe(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    return git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'queries') ? '+dirty' : '');
  } catch {
    return 'unknown commit';
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got «${text}»`);
  return value;
}

/** 1m, 100k, or the plain count: scaled-down runs get their own files instead of clobbering the full ones. */
function sizeLabel(rows: number): string {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}m`;
  if (rows % 1_000 === 0) return `${rows / 1_000}k`;
  return String(rows);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`cause: ${String(error.cause)}\n`);
  process.exitCode = 1;
});
