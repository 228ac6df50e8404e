// The note as a PDF (pdfkit): A4 portrait in PT Sans, tables that carry their header onto the next page, headings
// kept with what follows, charts never cut by a page break, «стр. N из M» on every page.
import type { NoteBlock, NoteDocument, NoteTable } from './note-content.js';
import { documentFontFaces } from './note-fonts.js';
import { ruDate } from '../text/russian.js';

type Pdf = PDFKit.PDFDocument;

const margin = 56.7; // 2 cm
const footerSpace = 28;
const colours = { text: '#1F2937', muted: '#6B7280', alarm: '#B00020', header: '#E8EEF7', rule: '#9CA3AF' };
const regular = 'PT Sans';
const bold = 'PT Sans Bold';

/** The PDF bytes of a note document (the same blocks as the DOCX). `made` also stamps the file's creation date. */
export async function notePdf(doc: NoteDocument): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const fonts = documentFontFaces();
  const made = new Date(`${doc.made}T00:00:00Z`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: margin, left: margin, right: margin, bottom: margin + footerSpace },
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: doc.title, Author: doc.signer.organisation ?? 'okno', Creator: 'okno', Producer: 'okno', CreationDate: made, ModDate: made },
    lang: 'ru-RU',
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  pdf.registerFont(regular, fonts.regular);
  pdf.registerFont(bold, fonts.bold);
  pdf.fillColor(colours.text);

  if (doc.signer.organisation) text(pdf, doc.signer.organisation, { size: 10, colour: colours.muted });
  text(pdf, doc.title, { size: 17, font: bold, gap: 6 });
  for (const line of doc.subtitle) text(pdf, line, { size: 9, colour: colours.muted, gap: 1 });
  pdf.moveDown(0.6);
  doc.blocks.forEach((b, i) => (b.kind === 'signature' ? signature(pdf, doc) : block(pdf, b, doc.blocks[i + 1])));
  footers(pdf, doc.footer);
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

const width = (pdf: Pdf) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
const bottom = (pdf: Pdf) => pdf.page.height - pdf.page.margins.bottom;

/** A new page unless `height` points still fit on this one. */
function ensure(pdf: Pdf, height: number): void {
  if (pdf.y + height > bottom(pdf)) pdf.addPage();
}

function text(pdf: Pdf, value: string, o: { size?: number; font?: string; colour?: string; gap?: number; indent?: number } = {}): void {
  pdf.font(o.font ?? regular).fontSize(o.size ?? 10.5).fillColor(o.colour ?? colours.text);
  const x = pdf.page.margins.left + (o.indent ?? 0);
  pdf.text(value, x, pdf.y, { width: width(pdf) - (o.indent ?? 0), lineGap: 1.5 });
  pdf.y += o.gap ?? 4;
  pdf.x = pdf.page.margins.left;
}

function block(pdf: Pdf, b: Exclude<NoteBlock, { kind: 'signature' }>, next: NoteBlock | undefined): void {
  switch (b.kind) {
    case 'heading':
      // A heading is never the last line of a page: it goes with at least the first lines of what follows.
      ensure(pdf, next?.kind === 'chart' ? 60 + chartHeight(pdf, next) : 90);
      pdf.y += 8;
      text(pdf, b.text, { size: 13, font: bold, gap: 5 });
      return;
    case 'paragraph':
      if (next?.kind === 'list') ensure(pdf, 50);
      if (b.tone === 'alarm') text(pdf, b.text, { font: bold, colour: colours.alarm });
      else if (b.tone === 'small') text(pdf, b.text, { size: 8.5, colour: colours.muted, gap: 2 });
      else text(pdf, b.text);
      return;
    case 'list':
      for (const item of b.items) {
        pdf.font(regular).fontSize(10);
        ensure(pdf, pdf.heightOfString(item, { width: width(pdf) - 14 }));
        const y = pdf.y;
        pdf.fillColor(colours.text).text('•', pdf.page.margins.left + 2, y);
        pdf.y = y;
        text(pdf, item, { size: 10, indent: 14, gap: 2 });
      }
      pdf.y += 3;
      return;
    case 'table':
      table(pdf, b.table);
      pdf.y += 8;
      return;
    case 'chart': {
      const h = chartHeight(pdf, b);
      ensure(pdf, h);
      pdf.image(b.jpeg, pdf.page.margins.left, pdf.y, { width: width(pdf), height: h });
      pdf.y += h + 8;
      return;
    }
  }
}

function chartHeight(pdf: Pdf, chart: { width: number; height: number }): number {
  return (chart.height / chart.width) * width(pdf);
}

function table(pdf: Pdf, t: NoteTable): void {
  const total = t.columns.reduce((s, c) => s + c.weight, 0);
  const widths = t.columns.map((c) => (c.weight / total) * width(pdf));
  const pad = 3;
  const size = 9;
  const rowHeight = (cells: string[], font: string) => {
    pdf.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const draw = (cells: string[], font: string, kind: 'head' | 'body' | 'total', h: number) => {
    const left = pdf.page.margins.left;
    const y = pdf.y;
    if (kind === 'head') pdf.rect(left, y, width(pdf), h).fill(colours.header);
    pdf.font(font).fontSize(size).fillColor(colours.text);
    let x = left;
    cells.forEach((c, i) => {
      pdf.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: t.columns[i]!.align, lineGap: 0 });
      x += widths[i]!;
    });
    if (kind !== 'body') {
      const ruleY = kind === 'head' ? y + h : y;
      pdf.moveTo(left, ruleY).lineTo(left + width(pdf), ruleY).lineWidth(0.5).strokeColor(colours.rule).stroke();
    }
    pdf.y = y + h;
    pdf.x = left;
  };
  const header = t.columns.map((c) => c.title);
  const headHeight = rowHeight(header, bold);
  const fontOf = (i: number) => (t.total && i === t.rows.length - 1 ? bold : regular);
  // Measured once: laying out a cell's text (fontkit's shaping) is the PDF's main cost.
  const heights = t.rows.map((r, i) => rowHeight(r, fontOf(i)));
  // The header with at least the first row, or on the next page.
  ensure(pdf, headHeight + (heights[0] ?? 0));
  draw(header, bold, 'head', headHeight);
  t.rows.forEach((r, i) => {
    const kind = t.total && i === t.rows.length - 1 ? 'total' : 'body';
    if (pdf.y + heights[i]! > bottom(pdf)) {
      pdf.addPage();
      draw(header, bold, 'head', headHeight);
    }
    draw(r, fontOf(i), kind, heights[i]!);
  });
}

function signature(pdf: Pdf, doc: NoteDocument): void {
  ensure(pdf, 70);
  pdf.y += 28;
  const y = pdf.y;
  const { position, name } = doc.signer;
  pdf.font(regular).fontSize(10.5).fillColor(colours.text);
  pdf.text(position, pdf.page.margins.left, y);
  const line = `${'_'.repeat(18)}  ${name ?? `/${'_'.repeat(16)}/`}`;
  pdf.text(line, pdf.page.margins.left, y, { width: width(pdf), align: 'right' });
  pdf.y += 18;
  text(pdf, `Справка составлена ${ruDate(doc.made)}`, { size: 9, colour: colours.muted, gap: 14 });
}

function footers(pdf: Pdf, title: string): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const keep = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // writing in the margin must not start a page
    pdf.font(regular).fontSize(8).fillColor(colours.muted);
    pdf.text(`${title} — стр. ${i - start + 1} из ${count}`, margin, pdf.page.height - margin, { width: pdf.page.width - 2 * margin, align: 'center', lineBreak: false });
    pdf.page.margins.bottom = keep;
  }
}
