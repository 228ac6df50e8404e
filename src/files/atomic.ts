// Files and folders the user asked for (workbooks, PR kits, code sheets): written whole or not at all, and an
// operating-system refusal told in Russian with the file's name. The one place okno writes through a temporary
// neighbour and a rename. A workbook open in Excel is the everyday case: Windows refuses to replace it
// (EBUSY / EPERM), and the earlier file must stay as it was.
import { existsSync } from 'node:fs';
import { link, lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { workingFolder } from './working-folder.js';

/**
 * Writes `file` through a temporary neighbour (`write` fills the path it is given), then renames it into place. On
 * failure the neighbour is removed, an existing `file` is untouched, and the error is the user's (see writeError).
 */
export async function saveFile(file: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
  try {
    await write(partial);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw writeError(file, error);
  }
}

/**
 * Writes a new `file` whole or not at all, never over an existing one: through a temporary neighbour that is then
 * hard-linked to its name (which fails, atomically, when the name is taken: EEXIST, told as such) — or, on a file
 * system without hard links, renamed after a check. On failure nothing is left at `file` or beside it.
 */
export async function saveNewFile(file: string, data: string | Buffer): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
  try {
    await writeSynced(partial, data);
    try {
      await link(partial, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      if (existsSync(file)) throw Object.assign(new Error(`${file} exists`), { code: 'EEXIST' });
      await rename(partial, file);
    }
  } catch (error) {
    await rm(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    throw writeError(file, error);
  }
  await rm(partial, { force: true });
}

/**
 * Writes several files as one: each through a temporary neighbour, then — only once every one is written — the
 * earlier files moved aside and the new ones renamed into place, the earlier ones removed last. A failure at any
 * step puts back what was there (a workbook open in Excel refuses to move before any new file is placed), so the
 * files of one note never disagree with each other or with what was recorded.
 */
export async function saveFiles(files: { file: string; bytes: Buffer }[]): Promise<void> {
  const beside = (file: string, what: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${what}`);
  const written: string[] = [];
  const movedAside: string[] = [];
  const placed: string[] = [];
  let current = files[0]?.file ?? '';
  try {
    for (const { file, bytes } of files) {
      current = file;
      await writeFile(beside(file, 'part'), bytes);
      written.push(file);
    }
    for (const { file } of files) {
      current = file;
      if (!existsSync(file)) continue;
      // Only a file is replaced: a folder in its place is refused as a rename onto it would be (EISDIR).
      if ((await lstat(file)).isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
      await rename(file, beside(file, 'old'));
      movedAside.push(file);
    }
    for (const { file } of files) {
      current = file;
      await rename(beside(file, 'part'), file);
      placed.push(file);
    }
  } catch (error) {
    for (const file of placed) await rm(file, { force: true }).catch(() => undefined);
    for (const file of movedAside) await rename(beside(file, 'old'), file).catch(() => undefined);
    for (const file of written) await rm(beside(file, 'part'), { force: true }).catch(() => undefined);
    throw writeError(current, error);
  }
  for (const file of movedAside) await rm(beside(file, 'old'), { force: true }).catch(() => undefined);
}

/**
 * Writes the folder `dir` whole: `fill` writes its files into an empty temporary neighbour (see writeSynced), then
 * `record` runs with `moveIntoPlace`, which moves an earlier `dir` aside and the new one into place. `record` is
 * where the caller records the folder (in a transaction, say) and calls `moveIntoPlace` inside it: when `record`
 * throws, the earlier folder comes back as it was. The earlier folder is removed only after `record` succeeds.
 */
export async function saveFolder<T>(
  dir: string,
  fill: (staging: string) => Promise<void>,
  record: (moveIntoPlace: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const staging = path.join(path.dirname(dir), `.${path.basename(dir)}.${process.pid}.tmp`);
  const previous = path.join(path.dirname(dir), `.${path.basename(dir)}.${process.pid}.old`);
  await rm(staging, { recursive: true, force: true });
  let movedAside = false;
  let inPlace = false;
  let result: T;
  try {
    try {
      await mkdir(staging);
      await fill(staging);
    } catch (error) {
      throw writeError(dir, error);
    }
    result = await record(async () => {
      try {
        // The earlier folder is moved aside whole (a file of it open elsewhere stops this here, with it intact).
        if (existsSync(dir)) {
          await rename(dir, previous);
          movedAside = true;
        }
        await rename(staging, dir);
        inPlace = true;
      } catch (error) {
        throw writeError(dir, error);
      }
    });
  } catch (error) {
    // Not recorded (or not written): the folder goes back to what it was.
    if (inPlace) await rename(dir, staging).catch(() => undefined);
    if (movedAside) await rename(previous, dir).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (movedAside) await rm(previous, { recursive: true, force: true }).catch(() => undefined);
  return result;
}

/** Writes a file and flushes it to disk, so that a folder renamed into place after a crash holds no empty files. */
export async function writeSynced(file: string, data: Buffer | string): Promise<void> {
  await writeFile(file, data);
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a folder for output (and its parents); a refusal is the user's (see writeError). */
export async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw writeError(dir, error);
  }
}

/** An operating system's refusal to write `target` as a UserError (exit 1) in Russian; any other error as is. */
export function writeError(target: string, error: unknown): unknown {
  const reason = writeReason(error);
  if (error instanceof UserError || reason === undefined) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new UserError(`Не удалось записать ${shownPath(target)}: ${reason}.`, {
    hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'Освободите место на диске и повторите.' : code === 'EFBIG' ? 'Снимите ограничение размера файлов (ulimit -f) или укажите другую папку (--out) и повторите.' : 'Закройте файл, если он открыт, или укажите другую папку (--out) и повторите.',
    cause: error,
  });
}

/** A path as the user would name it: relative to the working folder when inside it. */
function shownPath(target: string): string {
  const relative = path.relative(workingFolder(), target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}

/** Why the operating system refused a write, in Russian; undefined for an error that is not the system's. */
export function writeReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  return writeReasons[code] ?? `ошибка системы ${code}`;
}

const busy = 'файл открыт в другой программе (например, в Excel) или нет прав на запись';
const writeReasons: Record<string, string> = {
  EBUSY: busy,
  EPERM: busy,
  EACCES: busy,
  ETXTBSY: busy,
  ENOSPC: 'на диске нет места',
  EDQUOT: 'на диске нет места',
  EFBIG: 'файл больше предельного размера, разрешённого системой (ulimit -f)',
  EROFS: 'диск или папка только для чтения',
  ENOENT: 'такой папки нет',
  ENOTDIR: 'в пути есть файл там, где должна быть папка',
  EEXIST: 'в пути есть файл там, где должна быть папка',
  EISDIR: 'на этом месте папка, а не файл',
  ENAMETOOLONG: 'слишком длинное имя',
};
