import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { newWorkbook, saveWorkbook } from '../../src/render/workbook-file.js';
import { withTempDir } from '../helpers.js';

// A 1×1 PNG (a red pixel), as a chart would be added.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A small workbook with what okno's writers use: text, numbers with formats, a merge, fonts, an image. */
function sample(wb: ExcelJS.Workbook): ExcelJS.Workbook {
  wb.creator = 'okno';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet('Сводка');
  ws.getCell('A1').value = 'Аналитическая справка «Окно»';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('B2').value = 1234.5;
  ws.getCell('B2').numFmt = '#,##0.0';
  ws.mergeCells('A3:D3');
  ws.getCell('A3').value = 'Определения';
  ws.addImage(wb.addImage({ buffer: png as unknown as ArrayBuffer, extension: 'png' }), { tl: { col: 0, row: 4 }, ext: { width: 10, height: 10 } });
  wb.addWorksheet('Пусто');
  return wb;
}

interface Part {
  name: string;
  method: number;
  crc: number;
  data: Buffer;
}

/** Every entry of a zip, in order, with its bytes inflated. */
function parts(bytes: Buffer): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found: Part[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(found));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            found.push({ name: entry.fileName, method: entry.compressionMethod, crc: entry.crc32, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('saveWorkbook', () => {
  it('writes the parts exceljs writes, byte for byte and in its order, each deflated, checksums right', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'книга.xlsx');
      await saveWorkbook(sample(newWorkbook()), file);
      const ours = await parts(await readFile(file));
      const theirs = await parts(Buffer.from(await sample(new ExcelJS.Workbook()).xlsx.writeBuffer()));
      expect(ours.map((p) => p.name)).toEqual(theirs.map((p) => p.name));
      expect(ours.map((p) => p.name)).toContain('xl/media/image1.png');
      ours.forEach((p, i) => {
        expect(p.data.equals(theirs[i]!.data), p.name).toBe(true);
        expect(p.crc, p.name).toBe(crc32(p.data));
        expect(p.method, p.name).toBe(p.data.length === 0 ? 0 : 8);
      });
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
