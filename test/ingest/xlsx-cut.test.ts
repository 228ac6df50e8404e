// A file cut or removed after okno read its zip directory, before it read the parts (a download or a sync still
// writing it): zipLayout is wrapped to do that to the file right after it reads the directory.
import { readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { xlsxToCsv } from '../../src/ingest/xlsx.js';
import { zipLayout } from '../../src/ingest/zip-order.js';
import { withTempDir } from '../helpers.js';
import { bookParts, zipOf } from './zip-book.js';

const after = vi.hoisted(() => ({ layout: undefined as undefined | ((file: string) => Promise<void>) }));
vi.mock('../../src/ingest/zip-order.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ingest/zip-order.js')>();
  return {
    ...original,
    zipLayout: async (file: string) => {
      const layout = await original.zipLayout(file);
      await after.layout?.(file);
      return layout;
    },
  };
});

describe('xlsxToCsv: the file changed between reading its directory and its parts', () => {
  it('cut in the sheet or in the directory: «короче, чем записано», no CSV left; removed: «не найден»', async () => {
    await withTempDir(async (dir) => {
      const bytes = zipOf(bookParts());
      const probe = path.join(dir, 'probe.xlsx');
      await writeFile(probe, bytes);
      const layout = (await zipLayout(probe))!;
      await rm(probe);
      const sheet = layout.parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
      const cases: [string, (file: string) => Promise<void>, string][] = [
        ['in-sheet.xlsx', (file) => truncate(file, sheet.start + 100), 'не удалось прочитать XLSX: файл короче, чем записано в его оглавлении — он обрезан или менялся во время чтения.'],
        ['in-directory.xlsx', (file) => truncate(file, layout.directory.start + 10), 'не удалось прочитать XLSX: файл короче, чем записано в его оглавлении — он обрезан или менялся во время чтения.'],
        ['removed.xlsx', (file) => rm(file), 'файл не найден или недоступен.'],
      ];
      for (const [name, change, message] of cases) {
        const file = path.join(dir, name);
        await writeFile(file, bytes);
        const facts = await inspectFile(file);
        after.layout = change;
        const error = await xlsxToCsv(facts, path.join(dir, `${name}.csv`), undefined, { partBytes: 64, workers: 0, youngGenerationMb: 16 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        after.layout = undefined;
        expect(error, name).toBeInstanceOf(UserError);
        expect((error as UserError).message, name).toBe(`${file}: ${message}`);
      }
      expect((await readdir(dir)).sort()).toEqual(['in-directory.xlsx', 'in-sheet.xlsx']); // no CSV left
    });
  });
});
