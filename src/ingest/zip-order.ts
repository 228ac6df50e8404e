// An XLSX is a zip, and exceljs's streaming reader meets its parts in the order they are stored. Excel and
// exceljs's own writer store the sheets before the workbook's relations, styles and shared strings,
// which the reader needs first: so it copies each sheet whole to a temporary file, reads on, and only then reads
// the sheet back. Every zip ends with a central directory that says where each part lies, so okno can hand the
// reader the same bytes in a better order: everything but the sheets first, then the sheets, straight from the
// file, without the copy. The reader never looks at where a part sits in the file (it reads the parts one after
// another), so the reordered stream reads exactly as the file would. Anything unusual (zip64, a split archive, a
// directory that does not match the parts) is read as stored.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** A part of the zip: its name and its bytes in the file (local header, data and data descriptor). */
export interface ZipPart {
  name: string;
  start: number;
  end: number;
}

export interface ZipLayout {
  /** The parts in file order. */
  parts: ZipPart[];
  /** The central directory and its end record: from the first byte after the last part to the end of the file. */
  directory: { start: number; end: number };
}

const endOfDirectory = 0x06054b50;
const zip64Locator = 0x07064b50;
const directoryEntry = 0x02014b50;
const localHeader = 0x04034b50;
/** The end record is 22 bytes and a comment of at most 65,535. */
const endSearch = 22 + 0xffff;

/** Where the zip's parts lie, from its central directory; undefined for a file this does not take (see above). */
export async function zipLayout(file: string): Promise<ZipLayout | undefined> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const read = async (start: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      return buffer.subarray(0, bytesRead);
    };
    if (size < 22) return undefined;
    const tailStart = Math.max(0, size - endSearch);
    const tail = await read(tailStart, size - tailStart);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === endOfDirectory && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        end = i;
        break;
      }
    }
    if (end < 0) return undefined;
    const disk = tail.readUInt16LE(end + 4);
    const directoryDisk = tail.readUInt16LE(end + 6);
    const entriesHere = tail.readUInt16LE(end + 8);
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryStart = tail.readUInt32LE(end + 16);
    const endAt = tailStart + end;
    if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entries || entries === 0xffff) return undefined;
    if (directorySize === 0xffffffff || directoryStart === 0xffffffff) return undefined;
    if (end >= 20 && tail.readUInt32LE(end - 20) === zip64Locator) return undefined;
    if (directoryStart + directorySize !== endAt) return undefined;

    const directory = await read(directoryStart, directorySize);
    const parts: ZipPart[] = [];
    for (let p = 0, n = 0; n < entries; n++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== directoryEntry) return undefined;
      const nameLength = directory.readUInt16LE(p + 28);
      const next = p + 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
      if (next > directory.length || directory.readUInt16LE(p + 34) !== 0) return undefined;
      const start = directory.readUInt32LE(p + 42);
      if (start === 0xffffffff) return undefined;
      parts.push({ name: directory.toString('utf8', p + 46, p + 46 + nameLength), start, end: 0 });
      p = next;
    }
    parts.sort((a, b) => a.start - b.start);
    for (let i = 0; i < parts.length; i++) {
      parts[i]!.end = i + 1 < parts.length ? parts[i + 1]!.start : directoryStart;
      // Two parts at one place, or a part that is not where the directory says: not a zip this takes.
      if (parts[i]!.end <= parts[i]!.start) return undefined;
      const signature = await read(parts[i]!.start, 4);
      if (signature.length < 4 || signature.readUInt32LE(0) !== localHeader) return undefined;
    }
    if (parts.length === 0 || parts[0]!.start !== 0) return undefined;
    return { parts, directory: { start: directoryStart, end: size } };
  } finally {
    await handle.close();
  }
}

const isSheet = (name: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name);

/**
 * The parts with the sheets last (each group in file order), or undefined when no sheet comes before another
 * part already. The first sheet stays the first: okno reads the first sheet the reader meets.
 */
export function sheetsLast(layout: ZipLayout): ZipPart[] | undefined {
  const others = layout.parts.filter((p) => !isSheet(p.name));
  const sheets = layout.parts.filter((p) => isSheet(p.name));
  const order = [...others, ...sheets];
  return order.some((p, i) => p !== layout.parts[i]) ? order : undefined;
}

/** The file's byte ranges one after another, as one stream. */
export function rangesStream(file: string, ranges: { start: number; end: number }[], chunkBytes = 1024 * 1024): Readable {
  async function* chunks() {
    const handle = await open(file, 'r');
    try {
      for (const { start, end } of ranges) {
        for (let at = start; at < end; ) {
          const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, end - at));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
          if (bytesRead === 0) throw new Error(`the file ended at byte ${at}, before ${end}`);
          at += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      }
    } finally {
      await handle.close();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
