import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstSheetLast, rangesStream, zipLayout } from '../../src/ingest/zip-order.js';
import { amocrm, withTempDir } from '../helpers.js';
import { bookParts, sheetXml, zipOf } from './zip-book.js';

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
      const directory = (await zipLayout(book))!.directory.start;
      // The directory's first entry (at its start) says its part begins one byte later than it does.
      const moved = Buffer.from(bytes);
      moved.writeUInt32LE(moved.readUInt32LE(directory + 42) + 1, directory + 42);
      expect(await at('moved.xlsx', moved)).toBeUndefined();
      // Split archives (a disk number) are not taken.
      const split = Buffer.from(bytes);
      split.writeUInt16LE(1, bytes.length - 22 + 4);
      expect(await at('split.xlsx', split)).toBeUndefined();
      // The end record counts one entry fewer than the directory holds: the last record would go unread.
      const fewer = Buffer.from(bytes);
      fewer.writeUInt16LE(stored.length - 1, bytes.length - 22 + 8);
      fewer.writeUInt16LE(stored.length - 1, bytes.length - 22 + 10);
      expect(await at('fewer.xlsx', fewer)).toBeUndefined();
      // A local header whose name differs from its directory record («xl/styles.xml» → «xl/stylez.xml»).
      const styles = (await zipLayout(book))!.parts.find((p) => p.name === 'xl/styles.xml')!;
      const renamed = Buffer.from(bytes);
      renamed.write('z', styles.start + 30 + 'xl/style'.length);
      expect(await at('renamed.xlsx', renamed)).toBeUndefined();
    });
  });

  it('built books: parts with data descriptors or stored are taken; a part missing from the directory, or bytes between parts, are not', async () => {
    await withTempDir(async (dir) => {
      const at = async (name: string, content: Buffer) => {
        const file = path.join(dir, name);
        await writeFile(file, content);
        return zipLayout(file);
      };
      const names = bookParts().map((p) => p.name);
      expect((await at('plain.xlsx', zipOf(bookParts())))?.parts.map((p) => p.name)).toEqual(names);
      const streamed = bookParts().map((p) => ({ ...p, descriptor: true, stored: p.name.includes('sheet') }));
      const layout = (await at('descriptors.xlsx', zipOf(streamed)))!;
      expect(layout.parts.map((p) => p.name)).toEqual(names);
      // The sheet stored: header 30 + name 24 + the text's bytes + a 16-byte descriptor.
      const sheet = layout.parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
      expect(sheet.end - sheet.start).toBe(30 + 24 + Buffer.byteLength(sheetXml()) + 16);
      expect(await at('unlisted.xlsx', zipOf(bookParts(), { unlisted: ['xl/sharedStrings.xml'] }))).toBeUndefined();
      expect(await at('unlisted-first.xlsx', zipOf(bookParts(), { unlisted: ['xl/workbook.xml'] }))).toBeUndefined();
      expect(await at('gap.xlsx', zipOf(bookParts(), { gapAfter: 'xl/workbook.xml' }))).toBeUndefined();
      // A part the directory does not list, inside a listed part's span: the listed part's local header says it is
      // shorter than the directory does (exactly the bytes of the part hidden after it).
      const plain = zipOf(bookParts());
      const host = (await at('host.xlsx', plain))!.parts.find((p) => p.name === 'xl/workbook.xml')!;
      const hidden = Buffer.from(plain);
      hidden.writeUInt32LE(hidden.readUInt32LE(host.start + 18) - 10, host.start + 18);
      expect(await at('hidden.xlsx', hidden)).toBeUndefined();
      // A local header whose data-descriptor flag or method differs from its directory record.
      const flagged = Buffer.from(plain);
      flagged.writeUInt16LE(flagged.readUInt16LE(host.start + 6) | 8, host.start + 6);
      expect(await at('flagged.xlsx', flagged)).toBeUndefined();
      const method = Buffer.from(plain);
      method.writeUInt16LE(0, host.start + 8);
      expect(await at('method.xlsx', method)).toBeUndefined();
    });
  });
});

describe('firstSheetLast and rangesStream: the parts okno needs, the first sheet last', () => {
  it('moves the sheet after the shared strings, styles and workbook; nothing to move when it is last already', async () => {
    const layout = (await zipLayout(book))!;
    const order = firstSheetLast(layout)!;
    expect(order.map((p) => p.name)).toEqual([...stored.filter((n) => n !== 'xl/worksheets/sheet1.xml'), 'xl/worksheets/sheet1.xml']);
    expect(firstSheetLast({ ...layout, parts: order })).toBeUndefined();
    expect(firstSheetLast({ ...layout, parts: order.slice(0, -1) })).toBeUndefined(); // no sheet: nothing to do
  });

  it('hands over the first sheet stored only: a later sheet is left out, wherever it is stored', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'two.xlsx');
      const parts = bookParts();
      await writeFile(file, zipOf([...parts.slice(0, 4), { name: 'xl/worksheets/sheet2.xml', text: sheetXml(999) }, ...parts.slice(4)]));
      expect(firstSheetLast((await zipLayout(file))!)!.map((p) => p.name)).toEqual([
        '[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml',
        'docProps/app.xml', 'xl/worksheets/sheet2.xml',
      ]);
    });
  });

  it('streams the ranges one after another, whatever the chunk size', async () => {
    const bytes = await readFile(book);
    const layout = (await zipLayout(book))!;
    const ranges = [...firstSheetLast(layout)!, layout.directory];
    const expected = Buffer.concat(ranges.map((r) => bytes.subarray(r.start, r.end)));
    expect(expected.length).toBe(bytes.length);
    for (const chunk of [13, 4096, 1 << 20]) {
      const read = rangesStream(book, ranges, chunk);
      expect((await collect(read.stream)).equals(expected)).toBe(true);
      expect(read.problem()).toBeUndefined();
    }
  });

  it('a file that ends before a range does ends the stream, and says so (an error would never reach the unzipper)', async () => {
    const bytes = await readFile(book);
    const read = rangesStream(book, [{ start: 7000, end: 9000 }], 500);
    expect((await collect(read.stream)).equals(bytes.subarray(7000))).toBe(true);
    expect(read.problem()?.message).toBe('the file ended at byte 7768, before 9000');
    const missing = rangesStream(path.join(path.dirname(book), 'no-such.xlsx'), [{ start: 0, end: 10 }]);
    expect((await collect(missing.stream)).length).toBe(0);
    expect(missing.problem()?.message).toMatch(/ENOENT/);
  });
});
