// `okno survey load` of a Google Forms export stopped half-way: the export's scratch copy (its e-mails and names,
// often in /dev/shm, i.e. memory) is gone as soon as the stop is seen — Ctrl+C, SIGTERM, SIGHUP (the terminal
// window closed) — and after a kill -9 the next okno run, whatever its command, removes it. Nothing is stored.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchRoots } from '../../src/files/scratch.js';
import { fixture, testNow } from '../helpers.js';
import { bin, okno } from './cli.js';

let cwd = '';
const header =
  'Отметка времени,Адрес электронной почты,ФИО,Подразделение,Насколько вы удовлетворены работой правового отдела в целом?,Как вы чаще всего обращаетесь в отдел?,' +
  'По каким вопросам вы обращались за последние три месяца?,Насколько быстро вы получаете ответ на письменный запрос?,Что отделу стоит делать иначе?';

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'okno-test-'));
  expect((await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел надзора,Отдел тарифов'], { cwd })).code).toBe(0);
  // 300,000 answers in Windows-1251 (about 40 MB): transcoded into a scratch copy, a load of a few seconds.
  const rows = [header];
  for (let i = 0; i < 300_000; i++) {
    rows.push(`03.11.2026 9:${String(i % 60).padStart(2, '0')}:07,sotrudnik${i}@gzhn.example.ru,Петрова Анна ${i},Отдел надзора,4,СЭД,"Договоры, Проверки, надзор",4,Комментарий ${i}`);
  }
  await writeFile(path.join(cwd, 'ответы.csv'), encode1251(`${rows.join('\r\n')}\r\n`));
}, 120_000);

afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

/** Windows-1251 bytes of text made of ASCII and Russian letters (А–я, Ё, ё). */
function encode1251(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? c : c === 0x401 ? 0xa8 : c === 0x451 ? 0xb8 : c - 0x410 + 0xc0;
  }
  return out;
}

async function scratchOf(pid: number): Promise<string[]> {
  const found: string[] = [];
  for (const root of scratchRoots()) {
    const names = await readdir(root).catch(() => [] as string[]);
    found.push(...names.filter((n) => n.startsWith(`okno-scratch-${pid}-`)).map((n) => path.join(root, n)));
  }
  return found;
}

function startLoad() {
  const child = spawn(process.execPath, [bin, 'survey', 'load', '1', 'ответы.csv'], {
    cwd,
    env: { ...process.env, OKNO_DB: undefined, OKNO_NOW: testNow },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => ((exited = true), resolve({ code, signal, stderr })));
  });
  return {
    pid: child.pid!,
    kill: (signal: NodeJS.Signals) => child.kill(signal),
    done,
    /** Waits until the load has made its scratch copy. */
    async untilScratch() {
      const deadline = Date.now() + 60_000;
      while ((await scratchOf(child.pid!)).length === 0) {
        if (exited || Date.now() > deadline) throw new Error('the load never made its scratch copy');
        await sleep(10);
      }
    },
  };
}

const respondents = async () => (JSON.parse((await okno(['survey', 'status', '1', '--json'], { cwd })).stdout) as { respondents: number }).respondents;

describe('survey load stopped half-way', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`by ${signal}: «Отменено.», exit ${code}, nothing stored, the scratch copy removed`, async () => {
      const load = startLoad();
      await load.untilScratch();
      load.kill(signal);
      expect(await load.done).toEqual({ code, signal: null, stderr: 'Отменено.\n' });
      expect(await scratchOf(load.pid)).toEqual([]);
      expect(await respondents()).toBe(0);
    }, 90_000);
  }

  it('by kill -9: the copy is left, and the next okno run — a status, not a load — removes it', async () => {
    const load = startLoad();
    await load.untilScratch();
    load.kill('SIGKILL');
    expect((await load.done).signal).toBe('SIGKILL');
    const left = await scratchOf(load.pid);
    // Another okno on this machine (a test elsewhere) may have cleared it already; otherwise it is there now.
    expect(left.length).toBeLessThanOrEqual(1);
    expect(await respondents()).toBe(0);
    expect(await scratchOf(load.pid)).toEqual([]);
  }, 90_000);
});
