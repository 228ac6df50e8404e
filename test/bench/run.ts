/**
 * `npm run bench`: okno as a user runs it (the built CLI, a child process) against references that do the least
 * the same job needs, each a child process too, so both sides pay node's start-up (test/bench/references.ts).
 * Within a group every side runs once per round, and each round starts with the next side, so no side always
 * gets the warm page cache; medians of the rounds are compared. Loads go into a fresh database file each time.
 *
 * Groups (BENCH_ONLY=csv,xlsx,monthly,growth — any of them; `load` is csv,xlsx,growth, `report` is monthly):
 * - csv: `okno load consultations` of the UTF-8 and the Windows-1251 export vs DuckDB's own read_csv of the
 *   UTF-8 one (DuckDB without its encodings extension cannot read Windows-1251); okno's peak memory.
 * - xlsx: `okno load consultations` of the XLSX export vs exceljs's streaming read of it.
 * - monthly: a 300-row export (one month): `okno load`, `okno report monthly` and `okno --help` vs node opening a
 *   DuckDB file and running `select 1`, and vs a bare commander program printing its help.
 * - growth: the load of an export 4× the CSV one, beside the CSV load (in the csv group's rounds).
 * - peer (issue 18): a 200,000-row export, okno's whole job (`load` + `report monthly` writing the workbook, DOCX
 *   and PDF), `report monthly` alone and `okno status` on the loaded database, vs the pandas script a user would
 *   otherwise write (test/bench/peer_pandas.py); run where python3 has pandas and openpyxl, skipped elsewhere.
 *
 * Env: BENCH_ROWS (CSV rows, default 1,000,000), BENCH_XLSX_ROWS (default 100,000), BENCH_PEER_ROWS (default
 * 200,000), BENCH_ROUNDS (default 3).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { memorySource, runChild, type ChildRun } from './child.js';
import { generateRows, writeCsv, writeXlsx, type CsvOptions } from './generate.js';

// Bump when generate.ts changes its output, so stale files are rebuilt rather than silently reused.
const generatorVersion = 1;
const seed = 20250105;
const monthlyRows = 300;
const monthlyMonth = '2025-10';
const fullCsvRows = 1_000_000;
const fullXlsxRows = 100_000;
const fullPeerRows = 200_000;
const peerMonth = '2025-10';
/** The peak memory goal of `report monthly` on the 200,000-row database, MiB (issue 18: 500 MB). */
const reportMemoryGoalMiB = 477;
/** The 1M load's peak memory goal, MiB (1.5 GiB). */
const memoryGoalMiB = 1536;

const benchDir = path.dirname(fileURLToPath(import.meta.url)); // dist-bench/
const root = path.resolve(benchDir, '..');
const dataDir = path.join(root, 'bench-data');
const oknoBin = path.join(root, 'bin', 'okno.js');
const references = path.join(benchDir, 'references.js');
const node = process.execPath;
const out = (line = '') => process.stdout.write(line + '\n');

const groupNames = ['csv', 'xlsx', 'monthly', 'growth', 'peer'] as const;
type GroupName = (typeof groupNames)[number];

interface Dataset {
  file: string;
  rows: number;
  describe: string;
  make: (file: string) => Promise<number>;
}

/** One thing timed each round: `run` gets a fresh scratch folder of its own. */
interface Side {
  key: string;
  label: string;
  run: (scratch: string) => Promise<ChildRun>;
  runs: ChildRun[];
}

interface Ratio {
  name: string;
  numerator: string;
  denominator: string;
  goal: number;
  /** Printed beside the goal: the figure aimed at, where the issue names one. */
  aim?: number;
}

interface RatioResult extends Ratio {
  ratio: number;
  cpuRatio: number;
  bestRatio: number;
  pass: boolean;
}

async function main() {
  const csvRows = envInt('BENCH_ROWS', fullCsvRows);
  const xlsxRows = envInt('BENCH_XLSX_ROWS', fullXlsxRows);
  const peerRows = envInt('BENCH_PEER_ROWS', fullPeerRows);
  const rounds = envInt('BENCH_ROUNDS', 3);
  const only = selectedGroups(process.env.BENCH_ONLY);
  const commit = gitDescribe();
  const duckdbVersion = packageVersion('@duckdb/node-api');
  out(`okno bench at ${commit}: node ${process.version}, @duckdb/node-api ${duckdbVersion}, ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}; peak memory by ${memorySource}`);
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: build okno first (npm run build)');
  if (csvRows !== fullCsvRows || xlsxRows !== fullXlsxRows) {
    out(`Scaled down (BENCH_ROWS=${csvRows}, BENCH_XLSX_ROWS=${xlsxRows}): the goals are set for ` +
      `${fullCsvRows.toLocaleString('en')} and ${fullXlsxRows.toLocaleString('en')} rows; start-up weighs more here.`);
  }

  const csv = (rows: number, options: CsvOptions) => (file: string) => writeCsv(file, generateRows(rows, seed), options);
  const utf8: CsvOptions = { encoding: 'utf-8', delimiter: ',', crlf: false };
  const data = {
    utf8: dataset(`amocrm-${sizeLabel(csvRows)}-utf8.csv`, csvRows, 'UTF-8, «,», LF', csv(csvRows, utf8)),
    cp1251: dataset(`amocrm-${sizeLabel(csvRows)}-cp1251.csv`, csvRows, 'Windows-1251, «;», CRLF',
      csv(csvRows, { encoding: 'windows-1251', delimiter: ';', crlf: true })),
    utf8x4: dataset(`amocrm-${sizeLabel(4 * csvRows)}-utf8.csv`, 4 * csvRows, 'UTF-8, «,», LF', csv(4 * csvRows, utf8)),
    xlsx: dataset(`amocrm-${sizeLabel(xlsxRows)}.xlsx`, xlsxRows, 'XLSX, dates as date cells',
      (file) => writeXlsx(file, generateRows(xlsxRows, seed + 1))),
    monthly: dataset(`amocrm-monthly-${monthlyRows}-utf8.csv`, monthlyRows, `one month (${monthlyMonth}), UTF-8`,
      (file) => writeCsv(file, generateRows(monthlyRows, seed + 2, { from: new Date(Date.UTC(2025, 9, 1)), months: 1 }), utf8)),
    peer: dataset(`amocrm-peer-${sizeLabel(peerRows)}-utf8.csv`, peerRows, 'two years (11.2024–10.2026), UTF-8, «,», LF',
      (file) => writeCsv(file, generateRows(peerRows, seed + 3, { from: new Date(Date.UTC(2024, 10, 1)), months: 24 }), utf8)),
  };

  const oknoLoad = (d: Dataset): Side['run'] => (scratch) =>
    runChild(node, [oknoBin, '--db', path.join(scratch, 'okno.duckdb'), 'load', 'consultations', d.file], scratch);
  const side = (key: string, label: string, run: Side['run']): Side => ({ key, label, run, runs: [] });
  const groups: { name: string; sides: Side[] }[] = [];
  const ratios: Ratio[] = [];
  const needed = new Set<Dataset>();

  if (only.has('csv') || only.has('growth')) {
    const sides: Side[] = [side('okno-utf8', `okno load ${data.utf8.describe}`, oknoLoad(data.utf8))];
    needed.add(data.utf8);
    if (only.has('csv')) {
      needed.add(data.cp1251);
      sides.unshift(side('read-csv', 'DuckDB read_csv(all_varchar) of the UTF-8 file', (scratch) =>
        runChild(node, [references, 'read-csv', path.join(scratch, 'ref.duckdb'), data.utf8.file], scratch)));
      sides.push(side('okno-cp1251', `okno load ${data.cp1251.describe}`, oknoLoad(data.cp1251)));
      ratios.push(
        { name: `CSV ${sizeLabel(csvRows)} UTF-8: okno load / DuckDB read_csv`, numerator: 'okno-utf8', denominator: 'read-csv', goal: 1.2, aim: 1.0 },
        { name: `CSV ${sizeLabel(csvRows)} Windows-1251: okno load / DuckDB read_csv of the UTF-8 file`, numerator: 'okno-cp1251', denominator: 'read-csv', goal: 1.3 },
      );
    }
    if (only.has('growth')) {
      needed.add(data.utf8x4);
      sides.push(side('okno-utf8x4', `okno load ${sizeLabel(4 * csvRows)} rows`, oknoLoad(data.utf8x4)));
      ratios.push({ name: `Growth: okno load ${sizeLabel(4 * csvRows)} / ${sizeLabel(csvRows)}`, numerator: 'okno-utf8x4', denominator: 'okno-utf8', goal: 4.4 });
    }
    groups.push({ name: 'CSV', sides });
  }
  if (only.has('xlsx')) {
    needed.add(data.xlsx);
    groups.push({
      name: 'XLSX',
      sides: [
        side('exceljs', 'exceljs streaming read', (scratch) => runChild(node, [references, 'exceljs', data.xlsx.file], scratch)),
        side('okno-xlsx', `okno load ${data.xlsx.describe}`, oknoLoad(data.xlsx)),
      ],
    });
    ratios.push({ name: `XLSX ${sizeLabel(xlsxRows)}: okno load / exceljs streaming read`, numerator: 'okno-xlsx', denominator: 'exceljs', goal: 0.67 });
  }
  let reportDb: string | undefined;
  if (only.has('monthly')) {
    needed.add(data.monthly);
    const reportDbFile = () => reportDb!; // made below, once the data exists
    groups.push({
      name: 'Monthly',
      sides: [
        side('select-1', 'node + DuckDB file + select 1', (scratch) =>
          runChild(node, [references, 'select-1', path.join(scratch, 'floor.duckdb')], scratch)),
        side('okno-load-300', `okno load ${monthlyRows} rows`, oknoLoad(data.monthly)),
        side('okno-report', `okno report monthly --month ${monthlyMonth}`, (scratch) =>
          runChild(node, [oknoBin, '--db', reportDbFile(), 'report', 'monthly', '--month', monthlyMonth, '--out', scratch], scratch)),
        side('okno-help', 'okno --help', (scratch) => runChild(node, [oknoBin, '--help'], scratch)),
        side('commander-help', 'bare commander --help', (scratch) => runChild(node, [references, 'commander-help'], scratch)),
      ],
    });
    ratios.push(
      { name: `Monthly: okno load (${monthlyRows} rows) / node + DuckDB + select 1`, numerator: 'okno-load-300', denominator: 'select-1', goal: 2 },
      { name: `Monthly: okno report monthly / node + DuckDB + select 1`, numerator: 'okno-report', denominator: 'select-1', goal: 2.5 },
      { name: 'okno --help / bare commander --help', numerator: 'okno-help', denominator: 'commander-help', goal: 1.5 },
    );
  }

  let peerDb: string | undefined;
  if (only.has('peer')) {
    if (!pandasPresent()) out('peer: python3 with pandas and openpyxl is not here; the peer group is skipped.');
    else {
      needed.add(data.peer);
      const peerDbFile = () => peerDb!;
      const report = (db: string, scratch: string) =>
        runChild(node, [oknoBin, '--db', db, 'report', 'monthly', '--month', peerMonth, '--out', scratch], scratch);
      groups.push({
        name: 'Peer',
        sides: [
          side('pandas', `pandas script (${sizeLabel(peerRows)} rows → XLSX)`, (scratch) =>
            runChild('python3', [peerScript, data.peer.file, peerMonth, path.join(scratch, 'peer.xlsx')], scratch)),
          side('okno-whole', `okno load + report monthly (xlsx, docx, pdf)`, async (scratch) => {
            const db = path.join(scratch, 'okno.duckdb');
            const load = await runChild(node, [oknoBin, '--db', db, 'load', 'consultations', data.peer.file], scratch);
            return sum(load, await report(db, scratch));
          }),
          side('okno-peer-report', 'okno report monthly on the loaded database', (scratch) => report(peerDbFile(), scratch)),
          side('okno-status', 'okno status on the loaded database', (scratch) =>
            runChild(node, [oknoBin, '--db', peerDbFile(), 'status', '--today', '2025-11-03'], scratch)),
        ],
      });
      ratios.push(
        { name: `Peer ${sizeLabel(peerRows)}: okno load + report monthly / pandas script`, numerator: 'okno-whole', denominator: 'pandas', goal: 1.0 },
        { name: `Peer ${sizeLabel(peerRows)}: okno report monthly / pandas script`, numerator: 'okno-peer-report', denominator: 'pandas', goal: 0.3 },
        { name: `Peer ${sizeLabel(peerRows)}: okno status / pandas script`, numerator: 'okno-status', denominator: 'pandas', goal: 0.15 },
      );
    }
  }

  for (const d of needed) await ensureDataset(d);
  const work = await mkdtemp(path.join(tmpdir(), 'okno-bench-'));
  try {
    if (only.has('monthly')) {
      reportDb = path.join(work, 'monthly.duckdb');
      await runChild(node, [oknoBin, '--db', reportDb, 'load', 'consultations', data.monthly.file], work);
    }
    if (needed.has(data.peer)) {
      peerDb = path.join(work, 'peer.duckdb');
      await runChild(node, [oknoBin, '--db', peerDb, 'load', 'consultations', data.peer.file], work);
    }
    out(`\nMeasuring ${rounds} round(s); every side a child process, loads into a fresh database file.`);
    for (let round = 1; round <= rounds; round++) {
      for (const g of groups) {
        for (let k = 0; k < g.sides.length; k++) {
          const s = g.sides[(k + round - 1) % g.sides.length]!;
          const scratch = await mkdtemp(path.join(work, `${s.key}-`));
          try {
            const r = await s.run(scratch);
            s.runs.push(r);
            out(`  round ${round}  ${g.name.padEnd(7)} ${s.label.padEnd(48)} ${r.seconds.toFixed(3).padStart(8)} s  ` +
              `cpu ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak ${mib(r.maxRssMiB)}`);
          } finally {
            await rm(scratch, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const sides = new Map(groups.flatMap((g) => g.sides).map((s) => [s.key, s]));
  const results: RatioResult[] = ratios.map((r) => {
    const a = sides.get(r.numerator)!;
    const b = sides.get(r.denominator)!;
    const ratio = median(a.runs.map((x) => x.seconds)) / median(b.runs.map((x) => x.seconds));
    return {
      ...r,
      ratio,
      cpuRatio: median(a.runs.map((x) => x.cpuSeconds)) / median(b.runs.map((x) => x.cpuSeconds)),
      bestRatio: Math.min(...a.runs.map((x) => x.seconds)) / Math.min(...b.runs.map((x) => x.seconds)),
      pass: ratio <= r.goal,
    };
  });
  const peak = (key: string, name: string, goalMiB: number) => {
    const peaks = sides.get(key)?.runs.map((r) => r.maxRssMiB);
    return peaks && peaks.every((m) => m !== undefined) ? { name, mib: Math.max(...(peaks as number[])), goalMiB } : undefined;
  };
  const memories = [
    peak('okno-utf8', `Peak memory of okno load ${sizeLabel(csvRows)} (highest of the rounds)`, memoryGoalMiB),
    peak('okno-peer-report', `Peak memory of okno report monthly, ${sizeLabel(peerRows)}-row database`, reportMemoryGoalMiB),
  ].filter((m) => m !== undefined);
  const memory = memories[0]?.goalMiB === memoryGoalMiB ? memories[0] : undefined;
  printSides([...sides.values()]);
  printRatios(results, memories);

  await mkdir(dataDir, { recursive: true });
  const resultsFile = path.join(dataDir, 'results.json');
  await writeFile(resultsFile, JSON.stringify({
    date: new Date().toISOString(),
    commit,
    node: process.version,
    duckdbNodeApi: duckdbVersion,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memorySource,
    groups: [...only],
    rounds,
    seed,
    generatorVersion,
    rows: { csv: csvRows, xlsx: xlsxRows, monthly: monthlyRows, peer: peerRows },
    sides: Object.fromEntries([...sides.values()].map((s) => [s.key, { label: s.label, runs: s.runs }])),
    ratios: results,
    memory: memory ? { ...memory, pass: memory.mib <= memory.goalMiB } : undefined,
    memories: memories.map((m) => ({ ...m, pass: m.mib <= m.goalMiB })),
  }, null, 2) + '\n');
  out(`\nFigures written to ${path.relative(root, resultsFile)}`);
}

function dataset(name: string, rows: number, describe: string, make: (file: string) => Promise<number>): Dataset {
  return { file: path.join(dataDir, name), rows, describe, make };
}

function printSides(sides: Side[]) {
  out('\nSides (median of rounds):');
  for (const s of sides) {
    const wall = median(s.runs.map((r) => r.seconds));
    const cpu = median(s.runs.map((r) => r.cpuSeconds));
    const peaks = s.runs.map((r) => r.maxRssMiB).filter((m): m is number => m !== undefined);
    out(`  ${s.label.padEnd(52)} ${wall.toFixed(3).padStart(8)} s  cpu ${cpu.toFixed(2).padStart(6)} s  ` +
      `peak ${mib(peaks.length ? Math.max(...peaks) : undefined)}`);
  }
}

function printRatios(results: RatioResult[], memories: { name: string; mib: number; goalMiB: number }[]) {
  out('\nRatios (medians of wall time; goals as in issues 17 and 18):');
  const head = ['', 'ratio', 'goal', '', 'cpu ratio', 'best ratio'];
  const lines = results.map((r) => [
    r.name,
    `${r.ratio.toFixed(2)}×`,
    `≤ ${r.goal}×${r.aim !== undefined ? ` (aim ≤ ${r.aim.toFixed(1)}×)` : ''}`,
    r.pass ? 'PASS' : 'FAIL',
    `${r.cpuRatio.toFixed(2)}×`,
    `${r.bestRatio.toFixed(2)}×`,
  ]);
  for (const memory of memories) lines.push([memory.name, mib(memory.mib), `≤ ${mib(memory.goalMiB)}`, memory.mib <= memory.goalMiB ? 'PASS' : 'FAIL', '', '']);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  out(fmt(head));
  for (const l of lines) out(fmt(l));
  out('best ratio: fastest run over fastest run (noise only ever adds time). cpu: user + system of the child.');
}

/** Reuses a data file only when its marker says it was made by this generator for these rows, and is whole. */
async function ensureDataset(d: Dataset) {
  const markerFile = `${d.file}.meta.json`;
  const wanted = { rows: d.rows, describe: d.describe, generatorVersion };
  if (existsSync(d.file) && existsSync(markerFile)) {
    try {
      const marker = JSON.parse(await readFile(markerFile, 'utf8')) as typeof wanted & { bytes: number };
      if (marker.rows === wanted.rows && marker.describe === wanted.describe && marker.generatorVersion === generatorVersion &&
        marker.bytes === statSync(d.file).size) {
        out(`Reusing ${path.relative(root, d.file)} (${d.rows.toLocaleString('en')} rows, ${mib(marker.bytes / 2 ** 20)})`);
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
  out(`${((performance.now() - started) / 1000).toFixed(1)} s, ${mib(bytes / 2 ** 20)}`);
}

function selectedGroups(text: string | undefined): Set<GroupName> {
  if (text === undefined || text.trim() === '') return new Set(groupNames);
  const aliases: Record<string, GroupName[]> = { load: ['csv', 'xlsx', 'growth'], report: ['monthly'] };
  const chosen = new Set<GroupName>();
  for (const word of text.split(',').map((w) => w.trim())) {
    const names = aliases[word] ?? (groupNames.includes(word as GroupName) ? [word as GroupName] : undefined);
    if (!names) throw new Error(`BENCH_ONLY: unknown «${word}» (known: ${[...groupNames, ...Object.keys(aliases)].join(', ')})`);
    for (const n of names) chosen.add(n);
  }
  return chosen;
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

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Two child runs one after the other, as one: their times added, the higher peak. */
function sum(a: ChildRun, b: ChildRun): ChildRun {
  const peaks = [a.maxRssMiB, b.maxRssMiB].filter((m): m is number => m !== undefined);
  return { seconds: a.seconds + b.seconds, cpuSeconds: a.cpuSeconds + b.cpuSeconds, maxRssMiB: peaks.length === 2 ? Math.max(...peaks) : undefined };
}

const peerScript = path.join(root, 'test', 'bench', 'peer_pandas.py');

function pandasPresent(): boolean {
  try {
    execFileSync('python3', ['-c', 'import pandas, openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
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

function mib(value: number | undefined): string {
  return value === undefined ? '?' : value >= 1024 ? `${(value / 1024).toFixed(2)} GiB` : `${value.toFixed(1)} MiB`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
