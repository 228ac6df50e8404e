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
  /** Uncompressed sizes to state instead of the true ones (a zip bomb's lie). */
  declaredSizes?: Record<string, number>;
  /** Deflate level (default zlib's 6; 9 for a bomb as small as it gets). */
  level?: number;
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
    const packed = Buffer.from(part.stored ? data : deflateRawSync(data, { level: options.level ?? 6 }));
    const size = options.declaredSizes?.[part.name] ?? data.length;
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
      local.writeUInt32LE(size, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const bytes = [local, name, packed];
    if (part.descriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(packed.length, 8);
      descriptor.writeUInt32LE(size, 12);
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
      record.writeUInt32LE(size, 24);
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

export interface ExcelBook {
  /** The rows: the inside of <sheetData>. */
  rows: string;
  /** Shared strings as <si> contents. */
  strings?: string[];
  /** <numFmts> and <cellXfs> as Excel writes them; default: style 1 is «dd.mm.yyyy hh:mm:ss». */
  styles?: string;
  /** <workbookPr date1904="1"/>. */
  date1904?: boolean;
  /** Text put before the sheet's root element (a DOCTYPE). */
  sheetProlog?: string;
}

const defaultStyles =
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm:ss"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Обычный" xfId="0" builtinId="0"/></cellStyles>';

/**
 * A book's parts as Excel stores them: content types, relations, the workbook, its relations, the sheet, the shared
 * strings, the styles, the document's properties (what Excel 2016 writes, less the theme and printer settings).
 */
export function excelBook(book: ExcelBook): BookPart[] {
  const strings = book.strings ?? [];
  const ct = 'application/vnd.openxmlformats-officedocument';
  return [
    {
      name: '[Content_Types].xml',
      text: `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>` +
        `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>` +
        `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      text: `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="22228"/>` +
        `<workbookPr${book.date1904 ? ' date1904="1"' : ''} defaultThemeVersion="166925"/>` +
        '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>' +
        '<sheets><sheet name="Сделки" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId4" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      text: `${xml}${book.sheetProlog ?? ''}<worksheet xmlns="${main}" xmlns:r="${rel}"><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/><sheetData>${book.rows}</sheetData>` +
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    },
    {
      name: 'xl/sharedStrings.xml',
      text: `${xml}<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
    },
    { name: 'xl/styles.xml', text: `${xml}<styleSheet xmlns="${main}">${book.styles ?? defaultStyles}</styleSheet>` },
    {
      name: 'docProps/app.xml',
      text: `${xml}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`,
    },
  ];
}
