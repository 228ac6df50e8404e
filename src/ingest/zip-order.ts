// An XLSX is a zip, and exceljs's streaming reader meets its parts in the order they are stored. Excel stores the
// sheets before the shared strings and styles, exceljs's own writer before the workbook's relations too — all of
// which the reader needs first: so it copies such a sheet whole to a temporary file, reads on, and only then reads
// the sheet back. Every zip ends with a central directory that says where each part lies, so okno can hand the
// reader the same bytes in a better order: everything but the sheets first, then the first sheet stored, straight
// from the file, without the copy. The reader never looks at where a part sits in the file (it
// reads the parts one after another), so it reads what it would from the file. A zip whose directory does not
// account for every byte of its parts exactly (zip64, a split archive, a part missing from the directory, bytes
// between parts, a name or size that differs) is read as stored.
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
    const listed: (ZipPart & { nameBytes: Buffer; compressedSize: number; descriptor: boolean; method: number })[] = [];
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== directoryEntry) return undefined;
      const nameLength = directory.readUInt16LE(p + 28);
      const next = p + 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
      if (next > directory.length || directory.readUInt16LE(p + 34) !== 0) return undefined;
      const compressedSize = directory.readUInt32LE(p + 20);
      const start = directory.readUInt32LE(p + 42);
      if (start === 0xffffffff || compressedSize === 0xffffffff) return undefined;
      const nameBytes = directory.subarray(p + 46, p + 46 + nameLength);
      const descriptor = (directory.readUInt16LE(p + 8) & 8) !== 0;
      listed.push({ name: nameBytes.toString('utf8'), nameBytes, start, end: 0, compressedSize, descriptor, method: directory.readUInt16LE(p + 10) });
      p = next;
    }
    // Every byte of the directory is a record it counts: else some part may not be listed.
    if (p !== directory.length) return undefined;
    listed.sort((a, b) => a.start - b.start);
    if (listed.length === 0 || listed[0]!.start !== 0) return undefined;
    const parts: ZipPart[] = [];
    for (let i = 0; i < listed.length; i++) {
      const part = listed[i]!;
      part.end = i + 1 < listed.length ? listed[i + 1]!.start : directoryStart;
      // The local header: the same name, flags' data-descriptor bit, method and (without a descriptor) compressed
      // size, and the part's bytes exactly header, data and data descriptor (12 or 16 bytes, 20 or 24 in zip64) —
      // no room for a part the directory does not list.
      const header = await read(part.start, 30 + part.nameBytes.length);
      if (header.length < 30 + part.nameBytes.length || header.readUInt32LE(0) !== localHeader) return undefined;
      if (((header.readUInt16LE(6) & 8) !== 0) !== part.descriptor || header.readUInt16LE(8) !== part.method) return undefined;
      if (!part.descriptor && header.readUInt32LE(18) !== part.compressedSize) return undefined;
      if (header.readUInt16LE(26) !== part.nameBytes.length || !header.subarray(30).equals(part.nameBytes)) return undefined;
      const dataStart = part.start + 30 + part.nameBytes.length + header.readUInt16LE(28);
      const rest = part.end - dataStart - part.compressedSize;
      if (part.descriptor ? ![12, 16, 20, 24].includes(rest) : rest !== 0) return undefined;
      parts.push({ name: part.name, start: part.start, end: part.end });
    }
    return { parts, directory: { start: directoryStart, end: size } };
  } finally {
    await handle.close();
  }
}

/** A worksheet, as exceljs's WorkbookReader tells one (the same pattern). */
const isSheet = (name: string) => /xl\/worksheets\/sheet\d+[.]xml/.test(name);

/**
 * The parts okno needs, in the order it needs them: every part but the sheets, in stored order, then the first
 * sheet stored (okno reads the first sheet the reader meets; the other sheets are not handed over at all, so a
 * damaged one cannot fail the load after the first is read). Undefined when that is the file's own order.
 */
export function firstSheetLast(layout: ZipLayout): ZipPart[] | undefined {
  const first = layout.parts.find((p) => isSheet(p.name));
  if (!first) return undefined;
  const order = [...layout.parts.filter((p) => !isSheet(p.name)), first];
  return order.length !== layout.parts.length || order.some((p, i) => p !== layout.parts[i]) ? order : undefined;
}

export interface RangesStream {
  stream: Readable;
  /** Why the stream ended early (the file is shorter than its directory says, or could not be read), if it did. */
  problem(): Error | undefined;
}

/**
 * The file's byte ranges one after another, as one stream. A stream that fails is not seen by the stream it is
 * piped into (the unzipper would wait for more bytes for ever), so a file that ends early or cannot be read ends
 * the stream instead, and says why in `problem()`.
 */
export function rangesStream(file: string, ranges: { start: number; end: number }[], chunkBytes = 1024 * 1024): RangesStream {
  let problem: Error | undefined;
  async function* chunks() {
    let handle;
    try {
      handle = await open(file, 'r');
      for (const { start, end } of ranges) {
        for (let at = start; at < end; ) {
          const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, end - at));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
          if (bytesRead === 0) {
            problem = new Error(`the file ended at byte ${at}, before ${end}`);
            return;
          }
          at += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      }
    } catch (error) {
      problem = error instanceof Error ? error : new Error(String(error));
    } finally {
      await handle?.close();
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), problem: () => problem };
}
