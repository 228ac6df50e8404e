// What reading a sheet needs from the rest of the book: which part is the first sheet, the shared strings, which
// styles are dates, and the date system (xl/workbook.xml, its relations, xl/sharedStrings.xml, xl/styles.xml).
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FileError } from '../errors.js';
import { isDateFormat, offset1904, unescapeText } from './xlsx-cells.js';
import { sharedStringsCap, type Zip, type ZipPart } from './xlsx-zip.js';

export interface Book {
  sheet: ZipPart;
  sharedStrings: string[];
  /** Per style index (cellXfs): whether its number format is a date. */
  dateStyles: boolean[];
  /** Days to add to a serial number: 1462 in a 1904-based book, else 0. */
  dayOffset: number;
}

/** The book has no sheet of the name asked for. */
export class NoSuchSheet extends FileError {
  constructor(file: string) {
    super(file, 'в книге нет листа с таким названием.');
    this.name = 'NoSuchSheet';
  }
}

const relType = (type: string) => type.slice(type.lastIndexOf('/') + 1);

/**
 * The book's parts okno reads. The sheet read is the first of the workbook's worksheets stored in the file (as
 * the previous reader did: it read the zip from its start); a book whose workbook names none, the first part
 * stored as xl/worksheets/sheetN.xml.
 */
export async function readBook(file: string, zip: Zip, sheetName?: (name: string) => boolean): Promise<Book> {
  const part = (name: string) => zip.parts.get(name.toLowerCase());
  const rootRels = part('_rels/.rels');
  const rootTargets = rootRels ? relationships(file, rootRels.name, await zip.text(rootRels), '') : [];
  const workbookName = rootTargets.find((r) => r.type === 'officeDocument')?.target ?? 'xl/workbook.xml';
  const workbookPart = part(workbookName);
  const dir = workbookName.includes('/') ? workbookName.slice(0, workbookName.lastIndexOf('/') + 1) : '';
  const relsPart = part(`${dir}_rels/${workbookName.slice(dir.length)}.rels`);
  const rels = relsPart ? relationships(file, relsPart.name, await zip.text(relsPart), dir) : [];
  const workbook = workbookPart ? parseWorkbook(file, workbookPart.name, await zip.text(workbookPart)) : { sheetIds: [], sheetNames: [], date1904: false };
  // A sheet asked for by name (the review sheet's «Через месяц»): the workbook's sheet so named, or none.
  if (sheetName) {
    workbook.sheetIds = workbook.sheetIds.filter((_, i) => sheetName(workbook.sheetNames[i] ?? ''));
    if (workbook.sheetIds.length === 0) throw new NoSuchSheet(file);
  }

  const byId = new Map(rels.map((r) => [r.id, r]));
  const listed = workbook.sheetIds.map((id) => byId.get(id)).filter((r) => r?.type === 'worksheet').map((r) => part(r!.target));
  const candidates = listed.filter((p): p is ZipPart => p !== undefined);
  const sheets = candidates.length > 0 ? candidates : [...zip.parts.values()].filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/i.test(p.name));
  const sheet = sheets.sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader)[0];
  if (!sheet) throw new FileError(file, 'в книге нет ни одного листа.');

  const sharedPart = part(rels.find((r) => r.type === 'sharedStrings')?.target ?? `${dir}sharedStrings.xml`);
  const stylesPart = part(rels.find((r) => r.type === 'styles')?.target ?? `${dir}styles.xml`);
  return {
    sheet,
    sharedStrings: sharedPart ? await sharedStrings(file, zip, sharedPart) : [],
    dateStyles: stylesPart ? parseStyles(file, stylesPart.name, await zip.text(stylesPart)) : [],
    dayOffset: workbook.date1904 ? offset1904 : 0,
  };
}

/**
 * A saxes parser that refuses a DOCTYPE: Excel never writes one, and its internal entities are how a few bytes of
 * XML become gigabytes («billion laughs»). saxes expands none, and without a DOCTYPE an unknown entity is an error.
 */
export function xmlParser(file: string, partName: string): SaxesParser {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('doctype', () => {
    throw new FileError(file, `не удалось прочитать XLSX: в части ${partName} есть объявление DOCTYPE — Excel таких не пишет, а через него небольшой файл может развернуться в гигабайты; okno не читает такие файлы.`, {
      hint: 'Сохраните книгу заново в Excel или LibreOffice как .xlsx.',
    });
  });
  return parser;
}

/** An XML error of a part, in Russian (saxes's message kept as the cause). */
export function xmlError(file: string, partName: string, error: unknown): FileError {
  if (error instanceof FileError) return error;
  return new FileError(file, `не удалось прочитать XLSX: файл повреждён (часть ${partName} не читается как XML).`, {
    hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.',
    cause: error,
  });
}

/** Parses a whole small part, calling `opentag` for each element (its name without a namespace prefix). */
function parseSmall(file: string, partName: string, xml: string, opentag: (name: string, tag: SaxesTagPlain) => void, closetag?: (name: string) => void): void {
  const parser = xmlParser(file, partName);
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag) => opentag(local(tag.name), tag));
  if (closetag) parser.on('closetag', (tag) => closetag(local(tag.name)));
  try {
    parser.write(xml).close();
  } catch (error) {
    throw xmlError(file, partName, error);
  }
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

function relationships(file: string, partName: string, xml: string, dir: string): Relationship[] {
  const found: Relationship[] = [];
  parseSmall(file, partName, xml, (name, tag) => {
    if (name !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
    found.push({ id: tag.attributes.Id ?? '', type: relType(tag.attributes.Type ?? ''), target: resolveTarget(dir, tag.attributes.Target ?? '') });
  });
  return found;
}

/** A relationship's target as a part name: relative to the source's folder, or absolute from the package root. */
function resolveTarget(dir: string, target: string): string {
  const segments: string[] = [];
  for (const segment of (target.startsWith('/') ? target.slice(1) : dir + target).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function parseWorkbook(file: string, partName: string, xml: string): { sheetIds: string[]; sheetNames: string[]; date1904: boolean } {
  const sheetIds: string[] = [];
  const sheetNames: string[] = [];
  let date1904 = false;
  parseSmall(file, partName, xml, (name, tag) => {
    if (name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
    else if (name === 'sheet') {
      const id = Object.entries(tag.attributes).find(([key]) => key.endsWith(':id'))?.[1];
      if (id !== undefined) {
        sheetIds.push(id);
        sheetNames.push(tag.attributes.name ?? '');
      }
    }
  });
  return { sheetIds, sheetNames, date1904 };
}

/** Per cellXfs style: whether its number format is a date (custom formats from <numFmts>, else built-in ones). */
function parseStyles(file: string, partName: string, xml: string): boolean[] {
  const custom = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  parseSmall(
    file,
    partName,
    xml,
    (name, tag) => {
      if (name === 'numFmt') custom.set(parseInt(tag.attributes.numFmtId ?? '', 10), tag.attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = !tag.isSelfClosing;
      else if (name === 'xf' && inCellXfs) styleFormats.push(parseInt(tag.attributes.numFmtId ?? '0', 10));
    },
    (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  );
  const known = new Map([...custom].filter(([, code]) => code !== ''));
  return styleFormats.map((id) => isDateFormat(id, known));
}

/**
 * The shared strings, streamed: each <si>'s text is its <t> elements' (a plain string, or the runs of rich text),
 * phonetic runs (<rPh>) left out, `_xHHHH_` escapes decoded.
 */
async function sharedStrings(file: string, zip: Zip, part: ZipPart): Promise<string[]> {
  const strings: string[] = [];
  const parser = xmlParser(file, part.name);
  let prefix: string | undefined;
  let item: string[] = [];
  let inT = false;
  let inPhonetic = false;
  parser.on('opentag', (tag) => {
    const name = tag.name;
    prefix ??= name.slice(0, name.indexOf(':') + 1); // the root's prefix (none, as Excel writes it)
    const local = name.slice(prefix.length);
    if (local === 't') inT = !inPhonetic && !tag.isSelfClosing;
    else if (local === 'si') item = [];
    else if (local === 'rPh') inPhonetic = !tag.isSelfClosing;
  });
  const onText = (text: string) => {
    if (inT) item.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const local = tag.name.slice(prefix!.length);
    if (local === 't') inT = false;
    else if (local === 'rPh') inPhonetic = false;
    else if (local === 'si') {
      strings.push(unescapeText(item.length === 1 ? item[0]! : item.join('')));
      item = [];
    }
  });
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of await zip.stream(part, sharedStringsCap)) parser.write(decoder.decode(chunk, { stream: true }));
    parser.write(decoder.decode()).close();
  } catch (error) {
    throw xmlError(file, part.name, error);
  }
  return strings;
}
