// A small XLSX built part by part, so tests can store its parts in any order and shape: the zip's own quirks
// (data descriptors, stored parts, parts missing from the directory, bytes between parts, a damaged part).
import { crc32, deflateRawSync } from 'node:zlib';

export interface BookPart {
  name: string;
  text: string;
  /** Stored as is instead of deflated. */
  stored?: boolean;
  /** Sizes and CRC after the data (flag bit 3), as streaming writers do. */
  descriptor?: boolean;
}

export interface ZipOptions {
  /** Parts left out of the central directory (their bytes stay in the file). */
  unlisted?: string[];
  /** Seven zero bytes after this part. */
  gapAfter?: string;
  /** This part's compressed bytes damaged in the middle. */
  damaged?: string;
}

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The sheet: «ID», «Название сделки»; 101 «Консультация» (shared), 102 «Сделка «Б»» (inline). */
export const sheetXml = (id102 = 102) =>
  `${xml}<worksheet xmlns="${main}"><sheetData>` +
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
  '<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="s"><v>2</v></c></row>' +
  `<row r="3"><c r="A3"><v>${id102}</v></c><c r="B3" t="inlineStr"><is><t>Сделка «Б»</t></is></c></row>` +
  '</sheetData></worksheet>';

/** The book's parts in the order Excel stores them: the sheet before the shared strings, the document's properties after. */
export function bookParts(sharedStrings = 'xl/sharedStrings.xml'): BookPart[] {
  return [
    {
      name: '[Content_Types].xml',
      text: `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        `<Override PartName="/${sharedStrings}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      text: `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Сделки" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="${sharedStrings.slice(3)}"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', text: sheetXml() },
    {
      name: sharedStrings,
      text: `${xml}<sst xmlns="${main}" count="3" uniqueCount="3"><si><t>ID</t></si><si><t>Название сделки</t></si><si><t>Консультация</t></si></sst>`,
    },
    { name: 'docProps/app.xml', text: `${xml}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>` },
  ];
}

/** The parts as a zip, in the order given. */
export function zipOf(parts: BookPart[], options: ZipOptions = {}): Buffer {
  const out: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = Buffer.from(part.text);
    const packed = Buffer.from(part.stored ? data : deflateRawSync(data));
    if (options.damaged === part.name) for (let i = packed.length >> 2; i < (packed.length >> 2) + 16 && i < packed.length; i++) packed[i]! ^= 0x5a;
    const name = Buffer.from(part.name);
    const crc = crc32(data);
    const flags = 0x800 | (part.descriptor ? 8 : 0);
    const method = part.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    if (!part.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const bytes = [local, name, packed];
    if (part.descriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(packed.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
      bytes.push(descriptor);
    }
    if (options.gapAfter === part.name) bytes.push(Buffer.alloc(7));
    if (!options.unlisted?.includes(part.name)) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4);
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(flags, 8);
      record.writeUInt16LE(method, 10);
      record.writeUInt16LE(0x21, 14);
      record.writeUInt32LE(crc, 16);
      record.writeUInt32LE(packed.length, 20);
      record.writeUInt32LE(data.length, 24);
      record.writeUInt16LE(name.length, 28);
      record.writeUInt32LE(offset, 42);
      directory.push(record, name);
    }
    for (const b of bytes) {
      out.push(b);
      offset += b.length;
    }
  }
  const listed = parts.length - (options.unlisted?.length ?? 0);
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, directoryBytes, end]);
}
