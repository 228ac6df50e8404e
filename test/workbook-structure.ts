// What a workbook okno writes must be, checked from its parts (issue «workbooks that open cleanly»): every font
// named, no overlapping data validations, no formula anywhere (okno writes none, so user text that looks like
// one is text). Used by the writers' tests and by the demo's, over every workbook it writes.
import { readFile } from 'node:fs/promises';
import yauzl from 'yauzl';

export interface Part {
  name: string;
  method: number;
  crc: number;
  /** The entry's MS-DOS modification date and time, as stored. */
  dosDate: number;
  dosTime: number;
  data: Buffer;
}

/** Every entry of a zip, in order, with its bytes inflated. */
export function zipParts(bytes: Buffer): Promise<Part[]> {
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
            found.push({
              name: entry.fileName,
              method: entry.compressionMethod,
              crc: entry.crc32,
              dosDate: entry.lastModFileDate,
              dosTime: entry.lastModFileTime,
              data: Buffer.concat(chunks),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** A1-style cell or range → [left, top, right, bottom] (1-based). */
function box(ref: string): [number, number, number, number] {
  const corner = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a);
    if (!m) throw new Error(`not a cell reference: ${a}`);
    const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [col, Number(m[2])] as const;
  };
  const [from, to = from] = ref.split(':');
  const [l, t] = corner(from!);
  const [r, b] = corner(to!);
  return [l, t, r, b];
}

/** What is wrong with a workbook file, one line per problem, by part; [] when nothing is. */
export async function workbookProblems(file: string): Promise<string[]> {
  const problems: string[] = [];
  const parts = await zipParts(await readFile(file));
  // No machine time: the workbook's one stamp is also when it was last changed, and (01.01.1980, the first day a zip
  // can date, for okno's fixed stamp of 1970) the date of every entry.
  const core = parts.find((p) => p.name === 'docProps/core.xml')?.data.toString('utf8') ?? '';
  const created = /<dcterms:created[^>]*>([^<]*)</.exec(core)?.[1];
  const modified = /<dcterms:modified[^>]*>([^<]*)</.exec(core)?.[1];
  if (created !== modified) problems.push(`docProps/core.xml: modified ${modified}, created ${created}`);
  if (!/<cp:lastModifiedBy>okno</.test(core)) problems.push('docProps/core.xml: last modified by someone else than okno');
  const dated = new Set(parts.map((p) => `${p.dosDate}/${p.dosTime}`));
  if (dated.size !== 1) problems.push(`zip entries dated ${dated.size} different ways`);
  for (const part of parts) {
    const xml = part.data.toString('utf8');
    if (part.name === 'xl/styles.xml') {
      const fonts = xml.match(/<font>[\s\S]*?<\/font>|<font\/>/g) ?? [];
      fonts.forEach((font, i) => {
        if (!/<name val="[^"]+"\/>/.test(font)) problems.push(`${part.name}: font ${i} has no name: ${font}`);
      });
    }
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(part.name)) {
      if (!/<pageSetup [^>]*paperSize="9"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/.test(xml) || !/<pageSetUpPr [^>]*fitToPage="1"/.test(xml)) {
        problems.push(`${part.name}: no print setup (A4, fit to the page width)`);
      }
      if (!/<oddFooter>[^<]*&amp;P[^<]*&amp;N/.test(xml)) problems.push(`${part.name}: no page numbers in the footer`);
      if (/<f[ >]/.test(xml)) problems.push(`${part.name}: a formula: ${/<c [^>]*>(?:(?!<\/c>).)*<f[ >](?:(?!<\/c>).)*<\/c>/.exec(xml)?.[0]}`);
      const ranges = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
      for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
          const [a, b] = [box(ranges[i]!), box(ranges[j]!)];
          if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) problems.push(`${part.name}: validations overlap: ${ranges[i]} and ${ranges[j]}`);
        }
      }
    }
  }
  return problems;
}
