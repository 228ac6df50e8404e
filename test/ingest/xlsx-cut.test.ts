// A file cut or removed after okno opened its zip directory, before it read the parts (a download or a sync still
// writing it): openZip is wrapped to do that to the file right after it has read the directory.
import { readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileError } from '../../src/errors.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { xlsxToCsv } from '../../src/ingest/xlsx.js';
import { withTempDir } from '../helpers.js';
import { bookParts, zipOf } from './zip-book.js';

const after = vi.hoisted(() => ({ open: undefined as undefined | ((file: string) => Promise<void>) }));
vi.mock('../../src/ingest/xlsx-zip.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ingest/xlsx-zip.js')>();
  return {
    ...original,
    openZip: async (file: string) => {
      const zip = await original.openZip(file);
      await after.open?.(file);
      return zip;
    },
  };
});

describe('xlsxToCsv: the file changed between reading its directory and its parts', () => {
  it('cut in the parts: «короче, чем записано», no CSV left; removed: read from the file okno has open', async () => {
    await withTempDir(async (dir) => {
      const bytes = zipOf(bookParts());
      const cut = 'не удалось прочитать XLSX: файл короче, чем записано в его оглавлении — он обрезан или менялся во время чтения.';
      const cases: [string, (file: string) => Promise<void>, string | undefined][] = [
        ['at-start.xlsx', (file) => truncate(file, 100), cut],
        ['in-sheet.xlsx', (file) => truncate(file, bytes.indexOf('xl/worksheets/sheet1.xml') + 60), cut],
        ['removed.xlsx', (file) => rm(file), undefined],
      ];
      for (const [name, change, problem] of cases) {
        const file = path.join(dir, name);
        await writeFile(file, bytes);
        const facts = await inspectFile(file);
        after.open = change;
        const csv = path.join(dir, `${name}.csv`);
        const result = await xlsxToCsv(facts, csv).then(
          (headers) => headers,
          (e: unknown) => e,
        );
        after.open = undefined;
        if (problem === undefined) {
          expect(result, name).toEqual(['ID', 'Название сделки']);
          await rm(csv);
        } else {
          expect(result, name).toBeInstanceOf(FileError);
          expect((result as FileError).problem, name).toBe(problem);
        }
      }
      expect((await readdir(dir)).sort()).toEqual(['at-start.xlsx', 'in-sheet.xlsx']); // no CSV left
    });
  });
});
