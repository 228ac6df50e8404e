import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { nameEveryFont, setUpPrinting, newWorkbook, saveWorkbook, shareStyles } from '../../src/render/workbook-file.js';
import { withTempDir } from '../helpers.js';
import { zipParts as parts } from '../workbook-structure.js';

// A 1×1 PNG (a red pixel), as a chart would be added.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A small workbook with what okno's writers use: text, numbers with formats, a merge, fonts, an image. */
function sample(wb: ExcelJS.Workbook): ExcelJS.Workbook {
  wb.creator = 'okno';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  wb.lastModifiedBy = 'okno';
  const ws = wb.addWorksheet('Сводка');
  ws.getCell('A1').value = 'Аналитическая справка «Окно»';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('B2').value = 1234.5;
  ws.getCell('B2').numFmt = '#,##0.0';
  ws.mergeCells('A3:D3');
  ws.getCell('A3').value = 'Определения';
  ws.addImage(wb.addImage({ buffer: png as unknown as ArrayBuffer, extension: 'png' }), { tl: { col: 0, row: 4 }, ext: { width: 10, height: 10 } });
  // A list as the note's: each row's cells given their formats one by one, so every cell has a style of its own.
  for (let r = 10; r < 20; r++) {
    ws.getRow(r).values = [r, new Date(Date.UTC(2026, 9, r)), r % 2 === 0 ? 'да' : 'нет'];
    ws.getCell(r, 2).numFmt = 'dd.mm.yyyy hh:mm';
    if (r % 3 === 0) ws.getCell(r, 1).font = { bold: true };
  }
  wb.addWorksheet('Пусто');
  return wb;
}

describe('saveWorkbook', () => {
  it('writes the parts exceljs writes, byte for byte and in its order, each deflated, checksums right', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'книга.xlsx');
      await saveWorkbook(sample(newWorkbook()), file);
      const ours = await parts(await readFile(file));
      // exceljs's own writer, after the changes saveWorkbook makes to the model: every font named, printing set up.
      const reference = sample(new ExcelJS.Workbook());
      nameEveryFont(reference);
      setUpPrinting(reference);
      const theirs = await parts(Buffer.from(await reference.xlsx.writeBuffer()));
      expect(ours.map((p) => p.name)).toEqual(theirs.map((p) => p.name));
      expect(ours.map((p) => p.name)).toContain('xl/media/image1.png');
      ours.forEach((p, i) => {
        expect(p.data.equals(theirs[i]!.data), p.name).toBe(true);
        expect(p.crc, p.name).toBe(crc32(p.data));
        expect(p.method, p.name).toBe(p.data.length === 0 ? 0 : 8);
        // Dated by the workbook's stamp (1970: the zip's first day, 01.01.1980 00:00), not the machine's time.
        expect([p.dosDate, p.dosTime], p.name).toEqual([(1 << 5) | 1, 0]);
      });
    });
  });

  it('shares one style object among cells of equal style (and nothing else changes: the test above)', () => {
    const wb = sample(newWorkbook());
    nameEveryFont(wb);
    shareStyles(wb);
    const ws = wb.getWorksheet('Сводка')!;
    expect(ws.getCell(10, 2).style).toBe(ws.getCell(11, 2).style);
    expect(ws.getCell(10, 1).style).toBe(ws.getCell(11, 1).style);
    expect(ws.getCell(12, 1).style).toBe(ws.getCell(15, 1).style); // bold
    expect(ws.getCell(12, 1).style).not.toBe(ws.getCell(13, 1).style);
    expect(ws.getCell(10, 2).numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(ws.getCell(12, 1).font).toEqual({ bold: true, name: 'Calibri', size: 11 });
  });

  it('shares no style object between a date and a number or text (a date without a format stays a date)', async () => {
    const wb = newWorkbook();
    wb.created = new Date(0);
    const ws = wb.addWorksheet('Даты');
    ws.getCell('A1').value = 'текст';
    ws.getCell('B1').value = new Date(Date.UTC(2026, 9, 5));
    ws.getCell('C1').value = 7;
    ws.getCell('B2').value = new Date(Date.UTC(2026, 9, 6));
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'даты.xlsx');
      await saveWorkbook(wb, file);
      const read = new ExcelJS.Workbook();
      await read.xlsx.readFile(file);
      const back = read.getWorksheet('Даты')!;
      expect(back.getCell('B1').value).toEqual(new Date(Date.UTC(2026, 9, 5)));
      expect(back.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 9, 6)));
      expect(back.getCell('B1').numFmt).toBe('mm-dd-yy');
      expect(back.getCell('C1').value).toBe(7);
      expect(back.getCell('C1').numFmt).toBeUndefined();
    });
  });

  it('writes a file exceljs reads back', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'книга.xlsx');
      await saveWorkbook(sample(newWorkbook()), file);
      const read = new ExcelJS.Workbook();
      await read.xlsx.readFile(file);
      expect(read.worksheets.map((ws) => ws.name)).toEqual(['Сводка', 'Пусто']);
      const ws = read.getWorksheet('Сводка')!;
      expect(ws.getCell('A1').value).toBe('Аналитическая справка «Окно»');
      expect(ws.getCell('B2').value).toBe(1234.5);
      expect(ws.getCell('B2').numFmt).toBe('#,##0.0');
      expect(ws.getImages()).toHaveLength(1);
    });
  });
});
