import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { freemem, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Scratch folders hold a load's temporary UTF-8 copy of an export (up to a few hundred MB, often in /dev/shm, i.e.
 * memory). Each is named `okno-scratch-<pid>-<random>` (a name no person gives a folder of their own), so that whatever way a process ends, its folders can be found:
 * removed by the process itself on exit (normal, error, Ctrl+C, SIGTERM: see removeOwnScratchSync), and — after a
 * kill -9 or a crash — by the next okno run that loads (removeStaleScratch).
 */
const prefix = 'okno-scratch-';
const ours = /^okno-scratch-(\d+)-[A-Za-z0-9]{6}$/;
/**
 * Folders of okno before the pid was in the name (mkdtemp 'okno-'): nobody can tell whose, and `okno-` + six
 * letters may be a person's own folder («okno-backup»), so only one a day old holding nothing but okno's copy.
 */
const unowned = /^okno-[A-Za-z0-9]{6}$/;
const unownedFiles = new Set(['utf8.csv', 'sheet.csv']);
const unownedAge = 24 * 3600 * 1000;

/** This process's folders not yet removed. */
const live = new Set<string>();

/** The places scratch folders go: memory first, then the system's temporary folder. */
export function scratchRoots(): string[] {
  return process.platform === 'linux' ? ['/dev/shm', tmpdir()] : [tmpdir()];
}

/**
 * A fresh folder for a temporary copy of at most `bytes`: in memory (/dev/shm) when the machine has it with twice
 * that free, in /dev/shm itself (a tmpfs has its own limit, 64 MB in a default container) and in memory — writing
 * a large copy to disk took longer than transcoding it — else in the system's temporary folder.
 */
export async function scratchDir(bytes: number): Promise<string> {
  let dir: string | undefined;
  if (process.platform === 'linux' && freemem() > 2 * bytes) {
    try {
      const shm = await statfs('/dev/shm');
      if (shm.bavail * shm.bsize > 2 * bytes) dir = await mkdtemp(path.join('/dev/shm', `${prefix}${process.pid}-`));
    } catch {
      // no /dev/shm, or not writable: the disk will do
    }
  }
  dir ??= await mkdtemp(path.join(tmpdir(), `${prefix}${process.pid}-`));
  track(dir);
  return dir;
}

/** Removes a scratch folder (what a source's dispose() does). */
export async function removeScratch(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

function track(dir: string): void {
  // Once per process: on 'exit' only synchronous work runs, which is what rmSync is for.
  if (!exitHookInstalled) {
    process.once('exit', removeOwnScratchSync);
    exitHookInstalled = true;
  }
  live.add(dir);
}
let exitHookInstalled = false;

/**
 * Removes every scratch folder this process made and has not removed: at the first Ctrl+C, SIGTERM or SIGHUP, and
 * at exit, whatever ended the command (also a second Ctrl+C, which exits at once). Never throws.
 */
export function removeOwnScratchSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    } catch {
      // (a file still open on Windows) tried again at exit; after that, the next run's removeStaleScratch
    }
  }
}

/**
 * Removes scratch folders left by okno processes that are gone (killed with -9, crashed, the machine's power cut
 * while /dev/shm survived a container restart): one readdir of each root, a stat only for old-style names. A
 * folder of a running okno (another load, this very process) is left alone. Returns the folders removed.
 */
export async function removeStaleScratch(roots: string[] = scratchRoots(), now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = await readdir(root);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith('okno-')) continue;
      const dir = path.join(root, name);
      if (!(await isStale(name, dir, now))) continue;
      try {
        await rm(dir, { recursive: true, force: true });
        removed.push(dir);
      } catch {
        // someone else's folder we may not remove: not ours to worry about
      }
    }
  }
  return removed;
}

async function isStale(name: string, dir: string, now: number): Promise<boolean> {
  const pid = ours.exec(name)?.[1];
  if (pid !== undefined) return !processAlive(Number(pid));
  if (!unowned.test(name)) return false;
  try {
    if (now - (await stat(dir)).mtimeMs <= unownedAge) return false;
    const files = await readdir(dir);
    return files.length > 0 && files.every((f) => unownedFiles.has(f));
  } catch {
    return false;
  }
}

/** Whether a process with this id exists: signal 0 checks without sending; EPERM means it exists (another user's). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
