// Office files are zip packages, and zip writers stamp every entry with the machine's time. okno's files carry the
// command's day instead (tests pin the clock; the same figures give the same file).

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/**
 * The zip `zip` (no zip64, no archive comment — as docx, exceljs and okno write them) with every entry's
 * modification time set to `when`'s calendar date and time as given in UTC, in the local file headers and the
 * central directory. MS-DOS dates start in 1980: an earlier moment is written as 01.01.1980 00:00. Changes the
 * buffer in place and returns it.
 */
export function stampZipDates(zip: Buffer, when: Date): Buffer {
  const endAt = zip.length - 22;
  if (endAt < 0 || zip.readUInt32LE(endAt) !== END) throw new Error('zip: no end of central directory record');
  const { date, time } = dosDateTime(when);
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('zip: bad central directory record');
    const localAt = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(localAt) !== LOCAL) throw new Error('zip: bad local file header');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    zip.writeUInt16LE(time, localAt + 10);
    zip.writeUInt16LE(date, localAt + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/** MS-DOS date and time (APPNOTE 4.4.6): seconds in steps of two. */
function dosDateTime(when: Date): { date: number; time: number } {
  if (when.getUTCFullYear() < 1980) return { date: (1 << 5) | 1, time: 0 };
  return {
    date: ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2),
  };
}
