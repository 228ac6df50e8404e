import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive, removeOwnScratchSync, removeScratch, removeStaleScratch, scratchDir, scratchRoots } from '../../src/files/scratch.js';
import { withTempDir } from '../helpers.js';

/** The id of a process that has ended (a node that exits at once; ids are not reused within a test's seconds). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const day = 24 * 3600 * 1000;
const now = Date.UTC(2026, 10, 21, 9);

async function folder(root: string, name: string, files: string[] = [], age = 0): Promise<void> {
  const dir = path.join(root, name);
  await mkdir(dir);
  for (const f of files) await writeFile(path.join(dir, f), 'ID;Название сделки\r\n');
  const when = new Date(now - age);
  await utimes(dir, when, when);
}

describe('scratch folders', () => {
  it('are named after the process that made them and removed by it', async () => {
    const dir = await scratchDir(1000);
    expect(path.basename(dir)).toMatch(new RegExp(`^okno-scratch-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(scratchRoots()).toContain(path.dirname(dir));
    await removeScratch(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('left by this process are removed on the way out (what the exit hook runs)', async () => {
    const dirs = [await scratchDir(1000), await scratchDir(1000)];
    await writeFile(path.join(dirs[0]!, 'utf8.csv'), 'ID\n1\n');
    removeOwnScratchSync();
    expect(dirs.map(existsSync)).toEqual([false, false]);
  });

  it('of processes that are gone are removed by the next run; nobody else’s folder is touched', async () => {
    await withTempDir(async (root) => {
      const dead = deadPid();
      expect(processAlive(dead)).toBe(false);
      await folder(root, `okno-scratch-${dead}-Ab12Cd`, ['utf8.csv']);
      await folder(root, `okno-scratch-${dead}-xY34zW`);
      await folder(root, `okno-scratch-${process.pid}-Qw56Er`, ['sheet.csv']);
      // Before the pid was in the name: okno's own copy a day old goes; a fresh one may be a running okno's.
      await folder(root, 'okno-Zx78Cv', ['utf8.csv'], 2 * day);
      await folder(root, 'okno-Mn90Bv', ['sheet.csv'], day / 2);
      // A person's folders that merely look alike.
      await folder(root, 'okno-backup', ['okno.duckdb'], 30 * day);
      await folder(root, 'okno-export', [], 30 * day);
      await folder(root, 'okno-test-Fg12Hj', ['utf8.csv'], 30 * day);
      await writeFile(path.join(root, `okno-rejects-${dead}.csv`), '');

      const removed = await removeStaleScratch([root, path.join(root, 'no-such-folder')], now);

      expect(removed.map((d) => path.basename(d)).sort()).toEqual(['okno-Zx78Cv', `okno-scratch-${dead}-Ab12Cd`, `okno-scratch-${dead}-xY34zW`]);
      expect((await readdir(root)).sort()).toEqual([
        'okno-Mn90Bv',
        'okno-backup',
        'okno-export',
        `okno-rejects-${dead}.csv`,
        `okno-scratch-${process.pid}-Qw56Er`,
        'okno-test-Fg12Hj',
      ]);
    });
  });

  it('tells a live process from a gone one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
  });
});
