import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rangesStream, sheetsLast, zipLayout } from '../../src/ingest/zip-order.js';
import { amocrm, withTempDir } from '../helpers.js';

const book = amocrm('xlsx-real-dates.xlsx');

/** The zip's own order (what `unzip -l` lists for the fixture). */
const stored = [
  '[Content_Types].xml', '_rels/', '_rels/.rels', 'xl/', 'xl/_rels/', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/',
  'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/theme/', 'xl/theme/theme1.xml', 'xl/styles.xml', 'docProps/',
  'docProps/app.xml', 'docProps/core.xml', 'xl/workbook.xml',
];

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('zipLayout: where each part of an XLSX lies, from its central directory', () => {
  it('every part in file order, each from its local header to the next, then the directory to the end', async () => {
    const bytes = await readFile(book);
    const layout = (await zipLayout(book))!;
    expect(layout.parts.map((p) => p.name)).toEqual(stored);
    expect(layout.parts[0]!.start).toBe(0);
    for (const [i, part] of layout.parts.entries()) {
      // A local header («PK\3\4»), whose name (length at +26, name from +30) is the part's.
      expect(bytes.readUInt32LE(part.start)).toBe(0x04034b50);
      expect(bytes.toString('utf8', part.start + 30, part.start + 30 + bytes.readUInt16LE(part.start + 26))).toBe(part.name);
      expect(part.end).toBe(layout.parts[i + 1]?.start ?? layout.directory.start);
    }
    expect(bytes.readUInt32LE(layout.directory.start)).toBe(0x02014b50);
    expect(layout.directory.end).toBe(bytes.length);
  });

  it('a zip with a comment after its end record is read; damaged or other files are not (read as stored)', async () => {
    await withTempDir(async (dir) => {
      const bytes = await readFile(book);
      const at = async (name: string, content: Buffer) => {
        const file = path.join(dir, name);
        await writeFile(file, content);
        return zipLayout(file);
      };
      const comment = Buffer.from('выгружено из amoCRM');
      const commented = Buffer.concat([bytes, comment]);
      commented.writeUInt16LE(comment.length, bytes.length - 2);
      expect((await at('commented.xlsx', commented))?.parts.map((p) => p.name)).toEqual(stored);

      expect(await at('truncated.xlsx', bytes.subarray(0, bytes.length - 5))).toBeUndefined();
      expect(await at('empty.xlsx', Buffer.alloc(0))).toBeUndefined();
      expect(await at('text.xlsx', Buffer.from('ID;Название\n1;Сделка\n'.repeat(10)))).toBeUndefined();
      // The directory's first entry (at its start) says its part begins one byte later than it does.
      const moved = Buffer.from(bytes);
      const directory = (await zipLayout(book))!.directory.start;
      moved.writeUInt32LE(moved.readUInt32LE(directory + 42) + 1, directory + 42);
      expect(await at('moved.xlsx', moved)).toBeUndefined();
      // Split archives (a disk number) are not taken.
      const split = Buffer.from(bytes);
      split.writeUInt16LE(1, bytes.length - 22 + 4);
      expect(await at('split.xlsx', split)).toBeUndefined();
    });
  });
});

describe('sheetsLast and rangesStream: the same bytes, sheets last', () => {
  it('moves the sheet after the shared strings, styles and workbook; nothing to move when it is last already', async () => {
    const layout = (await zipLayout(book))!;
    const order = sheetsLast(layout)!;
    expect(order.map((p) => p.name)).toEqual([...stored.filter((n) => n !== 'xl/worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml']);
    expect(sheetsLast({ ...layout, parts: order })).toBeUndefined();
  });

  it('streams the ranges one after another, whatever the chunk size', async () => {
    const bytes = await readFile(book);
    const layout = (await zipLayout(book))!;
    const ranges = [...sheetsLast(layout)!, layout.directory];
    const expected = Buffer.concat(ranges.map((r) => bytes.subarray(r.start, r.end)));
    expect(expected.length).toBe(bytes.length);
    for (const chunk of [13, 4096, 1 << 20]) expect((await collect(rangesStream(book, ranges, chunk))).equals(expected)).toBe(true);
  });

  it('a file that ends before a range does is an error of the stream', async () => {
    await expect(collect(rangesStream(book, [{ start: 7000, end: 9000 }]))).rejects.toThrow('the file ended at byte 7768, before 9000');
  });
});
