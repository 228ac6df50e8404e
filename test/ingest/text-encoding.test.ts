import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countUtf8, decideEncoding, decodeRecord, inspectFile, looksLikeUtf16 } from '../../src/ingest/sniff.js';
import { decoding, openSource, type CsvSource } from '../../src/ingest/source.js';
import { amocrm, fixture, withTempDir } from '../helpers.js';
import { cp1251ToUtf8 } from './text-cp1251-table.js';

/**
 * Every fixture here is made from cp1251-semicolon-crlf.csv (header + 6 deals, «;», CRLF): `clean` is its text,
 * and each test says what the copy okno reads must be, as an edit of that text.
 */
const clean = new TextDecoder('windows-1251').decode(readFileSync(amocrm('cp1251-semicolon-crlf.csv')));

async function read(file: string): Promise<{ facts: Awaited<ReturnType<typeof inspectFile>>; source: CsvSource; text: string }> {
  const facts = await inspectFile(file);
  const source = await openSource(facts);
  const text = await readFile(source.csvPath, 'utf8');
  await source.dispose();
  return { facts, source, text };
}

describe('encoding decided on evidence', () => {
  it('counts valid multi-byte sequences and invalid ones as the decoder replaces them', () => {
    // «Ёж» in UTF-8: D0 81 D0 B6 — two sequences.
    expect(countUtf8(Buffer.from('Ёж', 'utf8'))).toEqual({ sequences: 2, invalid: 0 });
    // «Ёж» in Windows-1251: A8 (a lone continuation byte) and E6 (a lead with no continuation): two invalid.
    expect(countUtf8(Buffer.from([0xa8, 0xe6]))).toEqual({ sequences: 0, invalid: 2 });
    // D0 then «т» (0x74): the lead's sequence is cut short — one U+FFFD, as TextDecoder gives.
    expect(countUtf8(Buffer.from([0xd0, 0x74]))).toEqual({ sequences: 0, invalid: 1 });
    expect(new TextDecoder().decode(Buffer.from([0xd0, 0x74]))).toBe('\uFFFDt');
    // An incomplete three-byte sequence at the end (E2 80 of «—»): one invalid.
    expect(countUtf8(Buffer.from([0x41, 0xe2, 0x80]))).toEqual({ sequences: 0, invalid: 1 });
  });

  it('is UTF-8 unless invalid sequences outnumber valid ones, or the only damage is a cut last letter', () => {
    expect(decideEncoding({ sequences: 1699, invalid: 1, validChunks: 0, invalidChunks: 1 })).toBe('utf-8');
    expect(decideEncoding({ sequences: 2, invalid: 1691, validChunks: 0, invalidChunks: 1 })).toBe('windows-1251');
    expect(decideEncoding({ sequences: 0, invalid: 1, validChunks: 1, invalidChunks: 0 })).toBe('utf-8');
    expect(decideEncoding({ sequences: 0, invalid: 0, validChunks: 1, invalidChunks: 0 })).toBe('utf-8');
  });

  it('reads the Windows-1251 fixture as Windows-1251 (its 2 accidental UTF-8 sequences against 1691 invalid)', async () => {
    const { facts, source, text } = await read(amocrm('cp1251-semicolon-crlf.csv'));
    expect(facts.encoding).toBe('windows-1251');
    expect(facts.text!.utf8).toEqual({ sequences: 2, invalid: 1691, validChunks: 0, invalidChunks: 1 });
    expect(text).toBe(clean);
    expect(source.warnings).toEqual([]);
  });

  it('reads a UTF-8 export with one invalid byte as UTF-8, the byte as U+FFFD, and names its row', async () => {
    // Deal 1002 (row 3) lost the second byte of «ё» in «Бухучёт».
    const { facts, source, text } = await read(amocrm('utf8-one-invalid-byte.csv'));
    expect(facts.encoding).toBe('utf-8');
    expect(facts.text!.utf8).toEqual({ sequences: 1699, invalid: 1, validChunks: 0, invalidChunks: 1 });
    expect(text).toBe(clean.replace('Бухучёт', 'Бухуч\uFFFDт'));
    expect(source.headers[1]).toBe('Название сделки');
    expect(source.warnings).toEqual([{ kind: 'invalid-utf8', rows: [3], count: 1 }]);
  });

  it('reads Windows-1251 rows of a UTF-8 file in Windows-1251, and names them', async () => {
    // Deals 1003 and 1005 (rows 4 and 6) were pasted from a Windows-1251 export.
    const { facts, source, text } = await read(amocrm('utf8-with-windows-1251-rows.csv'));
    expect(facts.encoding).toBe('utf-8');
    expect(text).toBe(clean);
    expect(source.warnings).toEqual([{ kind: 'windows-1251-rows', rows: [4, 6], count: 2 }]);
  });

  it('reads a UTF-8 row of a Windows-1251 file in UTF-8, and names it', async () => {
    // Deal 1004 (row 5) is UTF-8.
    const { facts, source, text } = await read(amocrm('windows-1251-with-a-utf8-row.csv'));
    expect(facts.encoding).toBe('windows-1251');
    expect(text).toBe(clean);
    expect(source.warnings).toEqual([{ kind: 'utf-8-rows', rows: [5], count: 1 }]);
  });

  it('decides each record on its own bytes', () => {
    expect(decodeRecord(Buffer.from('Ёлка;1\r\n', 'utf8'), 'utf-8')).toEqual({ text: 'Ёлка;1\r\n', reading: 'as-file' });
    // «Ёлка» in Windows-1251 within a UTF-8 file: 4 invalid, no valid sequence.
    expect(decodeRecord(Buffer.from([0xa8, 0xeb, 0xea, 0xe0, 0x3b, 0x31]), 'utf-8')).toEqual({ text: 'Ёлка;1', reading: 'windows-1251-rows' });
    // One stray high byte in an ASCII record of a UTF-8 file is damage, not Windows-1251.
    expect(decodeRecord(Buffer.from([0x41, 0xff, 0x42]), 'utf-8')).toEqual({ text: 'A\uFFFDB', reading: 'invalid-utf8' });
    expect(decodeRecord(Buffer.from('Ёлка', 'utf8'), 'windows-1251')).toEqual({ text: 'Ёлка', reading: 'utf-8-rows' });
    expect(decodeRecord(Buffer.from([0xa8, 0xeb, 0xea, 0xe0]), 'windows-1251')).toEqual({ text: 'Ёлка', reading: 'as-file' });
  });

  it('names a damaged record that runs across the 8 MB chunks of the copy', async () => {
    await withTempDir(async (dir) => {
      // Rows of 100 bytes (8 digits, «;», 45 «ж», LF): row k starts at byte 100·(k−1); the copy's first 8 MB
      // (8,388,608 bytes) end 8 bytes into row 83,887, which is damaged at its byte 21, the lead byte of a «ж».
      const row = (k: number) => `${String(k).padStart(8, '0')};${'ж'.repeat(45)}\n`;
      const rows = Array.from({ length: 90_000 }, (_, i) => row(i + 1));
      expect(Buffer.byteLength(row(1))).toBe(100);
      const bytes = Buffer.from(rows.join(''), 'utf8');
      const at = 83_886 * 100 + 21;
      expect(at - 8 * 1024 * 1024).toBe(13);
      bytes[at] = 0x20;
      const file = path.join(dir, 'big.csv');
      await writeFile(file, bytes);
      const { facts, source, text } = await read(file);
      expect(facts.encoding).toBe('utf-8');
      expect(source.warnings).toEqual([{ kind: 'invalid-utf8', rows: [83_887], count: 1 }]);
      // The lead byte became a space, its lone continuation byte a U+FFFD; nothing else changed.
      const damaged = Buffer.from(rows[83_886]!);
      rows[83_886] = damaged.subarray(0, 21).toString('utf8') + ' \uFFFD' + damaged.subarray(23).toString('utf8');
      expect(text).toBe(rows.join(''));
    });
  });
});

describe('Windows-1251 through the platform TextDecoder', () => {
  it('gives byte for byte what the old table gave, on every byte but the controls', async () => {
    await withTempDir(async (dir) => {
      const bytes = Uint8Array.from({ length: 256 }, (_, b) => b).filter((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
      expect(bytes.length).toBe(227);
      const file = path.join(dir, 'all-bytes.csv');
      // Quoted, so that the line breaks among the bytes stay in one field; 0x22 («"») doubled inside the quotes.
      const body = Buffer.from(Array.from(bytes).flatMap((b) => (b === 0x22 ? [0x22, 0x22] : [b])));
      const content = Buffer.concat([Buffer.from('ID;Текст\r\n', 'latin1'), Buffer.from('1;"'), body, Buffer.from('"\r\n')]);
      // Header in Windows-1251 too: «Текст» = D2 E5 EA F1 F2.
      content.set([0xd2, 0xe5, 0xea, 0xf1, 0xf2], 3);
      await writeFile(file, content);
      const { facts, text } = await read(file);
      expect(facts.encoding).toBe('windows-1251');
      const old = new Uint8Array(content.length * 3);
      const n = cp1251ToUtf8(content, old);
      expect(Buffer.from(text, 'utf8').equals(Buffer.from(old.subarray(0, n)))).toBe(true);
      // And the streaming decoder on its own, chunk by chunk, on the same bytes.
      const transform = decoding('windows-1251', 3);
      const parts = [transform(content.subarray(0, 100), false), transform(content.subarray(100), false), transform(new Uint8Array(0), true)];
      expect(Buffer.concat(parts.map((p) => Buffer.from(p))).equals(Buffer.from(old.subarray(0, n)))).toBe(true);
    });
  });
});

describe('UTF-16', () => {
  const tabbed = clean.replaceAll(';', '\t');

  it('reads Excel’s «Юникод-текст» (UTF-16LE with BOM, tab-delimited) into a UTF-8 copy', async () => {
    const { facts, source, text } = await read(amocrm('utf16le-bom-tab.txt'));
    expect(facts.encoding).toBe('utf-16le');
    expect(text).toBe(tabbed);
    expect(source).toMatchObject({ delimiter: '\t', skip: 1, warnings: [] });
    expect(source.headers.slice(0, 3)).toEqual(['ID', 'Название сделки', 'Бюджет ']);
    expect(source.cut).toBeUndefined();
  });

  it('reads UTF-16BE with BOM', async () => {
    const { facts, text } = await read(amocrm('utf16be-bom-tab.txt'));
    expect(facts.encoding).toBe('utf-16be');
    expect(text).toBe(tabbed);
  });

  it('refuses UTF-16 without a BOM by name', async () => {
    await expect(inspectFile(fixture('bad/utf16le-without-bom.txt'))).rejects.toThrow(
      'похоже, это текст в кодировке UTF-16 без метки порядка байтов (BOM): okno не может прочитать его надёжно.',
    );
    // Random bytes are not UTF-16: NULs at both parities.
    expect(looksLikeUtf16(Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 0 : 0x41)))).toBe(false);
  });
});

describe('the summary’s words for what reading repaired', () => {
  it('names the kind and the rows; a truncated file names its cut row', async () => {
    const { readingLines, textWarning } = await import('../../src/render/load-summary.js');
    expect(textWarning({ kind: 'invalid-utf8', rows: [3], count: 1 })).toBe(
      'Недопустимые для UTF-8 байты заменены знаком «�» (файл повреждён) — 1 строка: строка 3',
    );
    expect(textWarning({ kind: 'windows-1251-rows', rows: [4, 6], count: 2 })).toBe(
      'Строки в кодировке Windows-1251 среди строк UTF-8 прочитаны как Windows-1251 — 2 строки: строка 4, строка 6',
    );
    expect(textWarning({ kind: 'utf-8-rows', rows: [5], count: 1 })).toBe(
      'Строки в кодировке UTF-8 среди строк Windows-1251 прочитаны как UTF-8 — 1 строка: строка 5',
    );
    expect(
      readingLines({ truncated: true, rejects: [{ reason: 'строка обрезана', column: null, count: 1, lines: [7], dealIds: ['1006'] }] }),
    ).toEqual([
      '  Файл, похоже, обрезан (скачивание прервалось?): последняя строка (7) не полная и отклонена; остальные прочитаны. Скачайте выгрузку заново.',
    ]);
  });
});
