/**
 * One timed child process: wall time (taken here), CPU time (user + system of the child, its threads included)
 * and peak memory (the child's maximum resident set). With GNU time (/usr/bin/time, Debian package `time`) the
 * kernel's own figures for that child are used; without it, CPU comes from this process's children's times in
 * /proc/self/stat and peak memory from polling the child's VmHWM (which can miss the last 20 ms).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ChildRun {
  seconds: number;
  cpuSeconds: number;
  /** Peak resident memory in MiB, or undefined when it could not be read. */
  maxRssMiB?: number;
}

const gnuTime = '/usr/bin/time';
export const memorySource = existsSync(gnuTime) ? 'GNU time %M' : existsSync('/proc/self/status') ? '/proc VmHWM polled' : 'none';

/** Runs `command args` in `cwd`; throws with the tail of its output when it exits non-zero. */
export async function runChild(command: string, args: string[], cwd: string): Promise<ChildRun> {
  const useTime = memorySource === 'GNU time %M';
  const timeFile = path.join(cwd, `.time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const cpuBefore = useTime ? 0 : await childrenCpu();
  const started = performance.now();
  const child = useTime
    ? spawn(gnuTime, ['-f', '%U %S %M', '-o', timeFile, command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let polledKiB = 0;
  const poll = useTime || child.pid === undefined ? undefined : setInterval(() => void vmHwm(child.pid!).then((k) => (polledKiB = Math.max(polledKiB, k))), 20);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  if (code !== 0) {
    await rm(timeFile, { force: true });
    throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${output}`);
  }
  if (!useTime) {
    const cpuSeconds = (await childrenCpu()) - cpuBefore;
    return { seconds, cpuSeconds, ...(polledKiB ? { maxRssMiB: polledKiB / 1024 } : {}) };
  }
  const figures = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
  await rm(timeFile, { force: true });
  const [user, system, rssKiB] = figures as [number, number, number];
  return { seconds, cpuSeconds: user + system, maxRssMiB: rssKiB / 1024 };
}

/** User + system seconds of this process's waited-for children (fields 16 and 17 of /proc/self/stat, in ticks). */
async function childrenCpu(): Promise<number> {
  try {
    const stat = await readFile('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After «pid (comm) », field 3 (state) is index 0: cutime is field 16, cstime 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

async function vmHwm(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
