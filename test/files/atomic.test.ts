import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { makeDir, saveFile, saveFolder, saveNewFile, writeError, writeSynced } from '../../src/files/atomic.js';
import { withTempDir } from '../helpers.js';

const refusal = (code: string) => Object.assign(new Error(`${code}: refused, open '/x'`), { code, syscall: 'open', path: '/x' });

describe('saveFile', () => {
  it('writes through a temporary neighbour and leaves only the file', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'книга.xlsx');
      await saveFile(file, (partial) => writeFile(partial, 'новое'));
      expect(await readFile(file, 'utf8')).toBe('новое');
      expect(await readdir(dir)).toEqual(['книга.xlsx']);
    });
  });

  it('leaves an earlier file as it was when the write is refused (a workbook open in Excel), in Russian', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'книга.xlsx');
      await writeFile(file, 'прежнее');
      const error = await saveFile(file, async (partial) => {
        await writeFile(partial, 'половина');
        throw refusal('EBUSY');
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(
        `Не удалось записать ${file}: файл открыт в другой программе (например, в Excel) или нет прав на запись.`,
      );
      expect((error as UserError).exitCode).toBe(1);
      expect(await readFile(file, 'utf8')).toBe('прежнее');
      expect(await readdir(dir)).toEqual(['книга.xlsx']);
    });
  });

  it('refuses to replace a folder, which stays whole', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'лист.xlsx');
      await mkdir(target);
      await writeFile(path.join(target, 'внутри.txt'), 'x');
      const error = await saveFile(target, (partial) => writeFile(partial, 'y')).catch((e: unknown) => e);
      expect((error as UserError).message).toBe(`Не удалось записать ${target}: на этом месте папка, а не файл.`);
      expect(await readdir(target)).toEqual(['внутри.txt']);
      expect(await readdir(dir)).toEqual(['лист.xlsx']);
    });
  });
});

describe('saveNewFile', () => {
  it('writes a new file whole and leaves nothing beside it; an existing file is refused (EEXIST) and stays as it was', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'коды.html');
      await saveNewFile(file, 'лист');
      expect(await readFile(file, 'utf8')).toBe('лист');
      await expect(saveNewFile(file, 'другой лист')).rejects.toMatchObject({ code: 'EEXIST' });
      expect(await readFile(file, 'utf8')).toBe('лист');
      expect(await readdir(dir)).toEqual(['коды.html']);
    });
  });

  it('a folder that is not there: a Russian refusal, nothing written', async () => {
    await withTempDir(async (dir) => {
      const error = await saveNewFile(path.join(dir, 'нет', 'коды.html'), 'лист').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/: такой папки нет\.$/);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});

describe('makeDir', () => {
  it('tells a file in the way of a folder in Russian', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'файл'), '');
      const target = path.join(dir, 'файл', 'итоги');
      const error = await makeDir(target).catch((e: unknown) => e);
      expect((error as UserError).message).toBe(`Не удалось записать ${target}: в пути есть файл там, где должна быть папка.`);
    });
  });
});

describe('writeError', () => {
  it('names the disk being full, and passes errors that are not the system\'s through unchanged', () => {
    expect((writeError('/x/книга.xlsx', refusal('ENOSPC')) as UserError).message).toBe('Не удалось записать /x/книга.xlsx: на диске нет места.');
    const bug = new TypeError('undefined is not a function');
    expect(writeError('/x/книга.xlsx', bug)).toBe(bug);
    const own = new UserError('Своё сообщение.');
    expect(writeError('/x/книга.xlsx', own)).toBe(own);
  });
});

describe('saveFolder', () => {
  const kit = async (dir: string, files: Record<string, string>) => {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  };
  const contents = async (dir: string) =>
    Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')])));

  it('replaces an earlier folder whole once recorded, and leaves no temporary folder', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'pr-2026-10');
      await kit(target, { 'старое.md': 'прежний набор' });
      const result = await saveFolder(
        target,
        (staging) => writeSynced(path.join(staging, 'новое.md'), 'новый набор'),
        async (moveIntoPlace) => {
          await moveIntoPlace();
          return 7;
        },
      );
      expect(result).toBe(7);
      expect(await contents(target)).toEqual({ 'новое.md': 'новый набор' });
      expect(await readdir(dir)).toEqual(['pr-2026-10']);
    });
  });

  it('puts the earlier folder back when the record fails after the move', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'pr-2026-10');
      await kit(target, { 'старое.md': 'прежний набор' });
      const error = await saveFolder(
        target,
        (staging) => writeSynced(path.join(staging, 'новое.md'), 'новый набор'),
        async (moveIntoPlace) => {
          await moveIntoPlace();
          throw new Error('the transaction rolled back');
        },
      ).catch((e: unknown) => e);
      expect((error as Error).message).toBe('the transaction rolled back');
      expect(await contents(target)).toEqual({ 'старое.md': 'прежний набор' });
      expect(await readdir(dir)).toEqual(['pr-2026-10']);
    });
  });

  it('a file that cannot be written is the user\'s error, in Russian; nothing is recorded or moved', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'pr-2026-10');
      let recorded = false;
      const error = await saveFolder(
        target,
        async () => {
          throw refusal('ENOSPC');
        },
        async () => {
          recorded = true;
        },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(`Не удалось записать ${target}: на диске нет места.`);
      expect(recorded).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
