// The note as a Word document (docx): A4 portrait, PT Sans embedded, tables whose header row repeats on every page,
// page numbers in the footer, a signature block. Editable in Word, Р7-Офис, МойОфис and LibreOffice.
import type { NoteBlock, NoteDocument, NoteTable } from './note-content.js';
import { documentFont, documentFontFaces } from './note-fonts.js';
import { stampZipDates } from '../files/zip-dates.js';
import { escapeHtml } from '../text/html.js';
import { ruDate } from '../text/russian.js';

type Docx = typeof import('docx');

/** A4 in twentieths of a point; 2 cm margins, 1.5 cm at the bottom (the footer's line). */
const page = { width: 11906, height: 16838, margin: 1134, bottom: 1134 };
const textWidth = page.width - 2 * page.margin;
const colours = { text: '1F2937', muted: '6B7280', alarm: 'B00020', header: 'E8EEF7', rule: '9CA3AF' };

/** The DOCX bytes of a note document (the same blocks as the PDF). */
export async function noteDocx(doc: NoteDocument): Promise<Buffer> {
  const d = await import('docx');
  const fonts = documentFontFaces();
  const children = [
    ...titleParagraphs(d, doc),
    ...doc.blocks.flatMap((b, i) => (b.kind === 'signature' ? signature(d, doc) : block(d, b, doc.blocks[i + 1]))),
  ];
  const document = new d.Document({
    creator: 'okno',
    title: doc.title,
    description: doc.subtitle.join(' '),
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: d.LevelFormat.BULLET,
              text: '•',
              alignment: d.AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 340, hanging: 220 } }, run: { font: documentFont } },
            },
          ],
        },
      ],
    },
    fonts: [{ name: documentFont, data: fonts.regular, bold: fonts.bold, characterSet: d.CharacterSet.RUSSIAN }],
    styles: {
      default: {
        document: { run: { font: documentFont, size: 21, color: colours.text }, paragraph: { spacing: { after: 100, line: 264, lineRule: d.LineRuleType.AUTO } } },
        heading1: { run: { font: documentFont, size: 32, bold: true }, paragraph: { spacing: { after: 120 } } },
        heading2: { run: { font: documentFont, size: 25, bold: true }, paragraph: { spacing: { before: 280, after: 120 }, keepNext: true } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height, orientation: d.PageOrientation.PORTRAIT },
            margin: { top: page.margin, right: page.margin, bottom: page.bottom, left: page.margin, footer: 567 },
          },
        },
        footers: {
          default: new d.Footer({
            children: [
              new d.Paragraph({
                alignment: d.AlignmentType.CENTER,
                children: [
                  new d.TextRun({ text: `${doc.footer} — стр. `, size: 16, color: colours.muted }),
                  new d.TextRun({ children: [d.PageNumber.CURRENT], size: 16, color: colours.muted }),
                  new d.TextRun({ text: ' из ', size: 16, color: colours.muted }),
                  new d.TextRun({ children: [d.PageNumber.TOTAL_PAGES], size: 16, color: colours.muted }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  // docx stamps the properties and the zip's entries with the machine's time: the note carries the day it was made.
  const made = new Date(`${doc.made}T00:00:00Z`);
  const core = { path: 'docProps/core.xml', data: coreProperties(doc, made) };
  return stampZipDates(await d.Packer.toBuffer(document, false, [core]), made);
}

/** docProps/core.xml as docx writes it, with the day the note was made and okno as its last author. */
function coreProperties(doc: NoteDocument, made: Date): string {
  const stamp = made.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeHtml(doc.title)}</dc:title><dc:creator>okno</dc:creator>` +
    `<dc:description>${escapeHtml(doc.subtitle.join(' '))}</dc:description>` +
    '<cp:lastModifiedBy>okno</cp:lastModifiedBy><cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function titleParagraphs(d: Docx, doc: NoteDocument) {
  const out = [];
  if (doc.signer.organisation) {
    out.push(new d.Paragraph({ children: [new d.TextRun({ text: doc.signer.organisation, color: colours.muted })] }));
  }
  out.push(new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, children: [new d.TextRun(doc.title)] }));
  for (const line of doc.subtitle) out.push(new d.Paragraph({ children: [new d.TextRun({ text: line, size: 18, color: colours.muted })] }));
  return out;
}

function block(d: Docx, b: Exclude<NoteBlock, { kind: 'signature' }>, next: NoteBlock | undefined) {
  switch (b.kind) {
    case 'heading':
      return [new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, children: [new d.TextRun(b.text)] })];
    case 'paragraph': {
      const run =
        b.tone === 'alarm' ? { bold: true, color: colours.alarm }
        : b.tone === 'small' ? { size: 18, color: colours.muted }
        : {};
      // A paragraph introducing a list stays on the page with it.
      return [new d.Paragraph({ keepNext: next?.kind === 'list', children: [new d.TextRun({ text: b.text, ...run })] })];
    }
    case 'list':
      return b.items.map((item) => new d.Paragraph({ numbering: { reference: 'bullets', level: 0 }, spacing: { after: 40 }, children: [new d.TextRun(item)] }));
    case 'table':
      return [table(d, b.table), new d.Paragraph({ spacing: { after: 60 }, children: [] })];
    case 'chart': {
      const width = Math.round((textWidth / 1440) * 96); // the text width in the 96-dpi pixels docx sizes images in
      const height = Math.round((b.height / b.width) * width);
      return [
        new d.Paragraph({
          keepLines: true,
          alignment: d.AlignmentType.CENTER,
          children: [new d.ImageRun({ type: 'png', data: b.png, transformation: { width, height }, altText: { name: b.title, description: b.title, title: b.title } })],
        }),
      ];
    }
  }
}

function table(d: Docx, t: NoteTable) {
  const sum = t.columns.reduce((s, c) => s + c.weight, 0);
  const widths = t.columns.map((c) => Math.floor((c.weight / sum) * textWidth));
  const thin = { style: d.BorderStyle.SINGLE, size: 4, color: colours.rule };
  const none = { style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const cell = (text: string, i: number, kind: 'head' | 'body' | 'total') =>
    new d.TableCell({
      width: { size: widths[i]!, type: d.WidthType.DXA },
      shading: kind === 'head' ? { type: d.ShadingType.CLEAR, fill: colours.header, color: 'auto' } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      verticalAlign: kind === 'head' ? d.VerticalAlign.BOTTOM : d.VerticalAlign.TOP,
      borders: { top: kind === 'total' ? thin : none, bottom: kind === 'head' ? thin : none, left: none, right: none },
      children: [
        new d.Paragraph({
          spacing: { after: 0 },
          alignment: t.columns[i]!.align === 'right' ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
          children: [new d.TextRun({ text, bold: kind !== 'body', size: kind === 'head' ? 18 : 19 })],
        }),
      ],
    });
  const rows = [
    new d.TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell(c.title, i, 'head')) }),
    ...t.rows.map(
      (r, at) =>
        new d.TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, i, t.total && at === t.rows.length - 1 ? 'total' : 'body')) }),
    ),
  ];
  return new d.Table({ rows, width: { size: textWidth, type: d.WidthType.DXA }, columnWidths: widths, layout: d.TableLayoutType.FIXED });
}

function signature(d: Docx, doc: NoteDocument) {
  const { position, name } = doc.signer;
  const tab = [{ type: d.TabStopType.RIGHT, position: textWidth }];
  return [
    new d.Paragraph({ spacing: { before: 600 }, keepNext: true, tabStops: tab, children: [new d.TextRun(`${position}\t${'_'.repeat(18)} ${name ?? '/' + '_'.repeat(16) + '/'}`)] }),
    new d.Paragraph({ spacing: { before: 240 }, children: [new d.TextRun({ text: `Справка составлена ${ruDate(doc.made)}`, size: 18, color: colours.muted })] }),
  ];
}
