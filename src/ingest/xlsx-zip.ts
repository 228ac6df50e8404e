// The zip an XLSX is, read with yauzl: the central directory says where each part lies, so parts are read in the
// order okno needs them, whatever order they are stored in. Every part is inflated as a stream that counts its
// bytes and stops at a limit taken from real books (README «XLSX»), so no zip bomb can take the machine.
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { FileError } from '../errors.js';
import { formatNumber } from '../text/russian.js';

/** One part of the book: its name and where it lies. */
export interface ZipPart {
  name: string;
  entry: yauzl.Entry;
}

export interface Zip {
  /** Parts by their name in lower case (part names in a package ignore case), in stored order. */
  parts: Map<string, ZipPart>;
  /**
   * The part's inflated bytes, refused past `inflateLimit`, past `cap` (a part held in memory) or past the size
   * the directory states.
   */
  stream(part: ZipPart, cap?: number): Promise<AsyncIterable<Buffer>>;
  /** The whole part as text (small parts: workbook, relations, styles; at most `textCap`). */
  text(part: ZipPart): Promise<string>;
  close(): void;
}

/**
 * The most a part may inflate to: real sheets inflate to 4–9 times their compressed size, shared strings to up to
 * 14 times (measured on the fixtures and generated books): 100 times leaves room for odd but honest books; small
 * parts (under 10 KB) inflate to up to 1 MB, whatever their ratio.
 */
export const inflateRatio = 100;
export const inflateFloor = 1024 * 1024;
export const inflateLimit = (part: ZipPart) => Math.max(inflateFloor, inflateRatio * part.entry.compressedSize);

/**
 * Parts held in memory whole have a cap too, whatever their ratio: the workbook, its relations and the styles
 * 64 MB (real ones are kilobytes), the shared strings 512 MB (the bench's 100,000-row export would need a tenth).
 */
export const textCap = 64 * 1024 * 1024;
export const sharedStringsCap = 512 * 1024 * 1024;

/** A real book has a few dozen parts; a directory of more than this is not read. */
const maxParts = 10_000;

const damaged = (file: string, what: string, cause?: unknown) =>
  new FileError(file, `не удалось прочитать XLSX: файл повреждён или обрезан (${what}).`, {
    hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.',
    cause,
  });

export async function openZip(file: string): Promise<Zip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  ).catch((error: unknown) => {
    throw zipError(file, error, 'directory');
  });
  try {
    const parts = await readDirectory(file, zip);
    return {
      parts,
      stream: (part, cap) => partStream(file, zip, part, cap),
      text: (part) => partText(file, zip, part),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function readDirectory(file: string, zip: yauzl.ZipFile): Promise<Map<string, ZipPart>> {
  if (zip.entryCount > maxParts) return Promise.reject(damaged(file, `в архиве ${zip.entryCount} частей, в настоящей книге их несколько десятков`));
  const parts = new Map<string, ZipPart>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\\/g, '/').replace(/^\//, '');
      if (!parts.has(name.toLowerCase())) parts.set(name.toLowerCase(), { name, entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve(parts));
    zip.on('error', (error: unknown) => reject(zipError(file, error, 'directory')));
    zip.readEntry();
  });
}

async function partStream(file: string, zip: yauzl.ZipFile, part: ZipPart, cap = Infinity): Promise<AsyncIterable<Buffer>> {
  const { entry } = part;
  if (entry.isEncrypted()) throw new FileError(file, 'книга защищена паролем: okno читает только незащищённые книги.', { hint: 'Снимите пароль в Excel (Файл → Сведения → Защита книги) и сохраните файл заново.' });
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw damaged(file, `часть ${part.name} сжата неизвестным способом`);
  const limit = Math.min(inflateLimit(part), cap);
  // The size the directory states is checked too: one that says too much is refused before any inflating, one
  // that says too little as soon as the part inflates past it.
  if (entry.uncompressedSize > limit) throw bomb(file, part, entry.uncompressedSize, limit);
  const raw = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, entry.compressionMethod === 8 ? { decompress: false } : {}, (error, opened) => (error ? reject(error) : resolve(opened))),
  ).catch((error: unknown) => {
    throw zipError(file, error, part.name);
  });
  // zlib's own inflater with large output chunks: fewer, larger pieces for the XML parser (yauzl's are 16 KB).
  const bytes = entry.compressionMethod === 8 ? raw.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : raw;
  if (bytes !== raw) raw.on('error', (error) => bytes.destroy(error));
  return counted(file, part, bytes, limit);
}

async function* counted(file: string, part: ZipPart, bytes: Readable, limit: number): AsyncGenerator<Buffer> {
  const declared = part.entry.uncompressedSize;
  let inflated = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > limit) throw bomb(file, part, inflated, limit);
      if (inflated > declared) throw damaged(file, `часть ${part.name} больше, чем записано в оглавлении архива`);
      yield chunk;
    }
    if (inflated !== declared) throw damaged(file, `часть ${part.name} меньше, чем записано в оглавлении архива`);
  } catch (error) {
    throw error instanceof FileError ? error : zipError(file, error, part.name);
  } finally {
    bytes.destroy();
  }
}

async function partText(file: string, zip: yauzl.ZipFile, part: ZipPart): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await partStream(file, zip, part, textCap)) chunks.push(chunk);
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function bomb(file: string, part: ZipPart, bytes: number, limit: number): FileError {
  const size = (n: number) => (n < 1024 * 1024 ? `${formatNumber(n / 1024)} КБ` : `${formatNumber(n / 1024 / 1024)} МБ`);
  const why = limit < inflateLimit(part) ? `в настоящих книгах такая часть не больше ${size(limit)}` : `в ${inflateRatio} раз больше, чем бывает в настоящих книгах`;
  return new FileError(
    file,
    `не удалось прочитать XLSX: часть ${part.name} распаковывается больше чем в ${size(bytes)} из ${size(part.entry.compressedSize)} сжатых — ${why} (похоже на zip-бомбу).`,
    { hint: 'Выгрузите файл из amoCRM заново или сохраните его в Excel как .xlsx.' },
  );
}

/** yauzl's and zlib's complaints, told in Russian (the original kept as the cause). */
function zipError(file: string, error: unknown, where: string): FileError {
  if (error instanceof FileError) return error;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (['ENOENT', 'EACCES', 'EPERM', 'EISDIR'].includes(code)) return new FileError(file, 'файл не найден или недоступен.', { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const part = where === 'directory' ? '' : ` (часть ${where})`;
  if (code.startsWith('Z_')) return damaged(file, `сжатые данные испорчены${where === 'directory' ? '' : `, часть ${where}`}`, error);
  if (/end of central directory record signature not found/i.test(message)) return damaged(file, 'файл обрывается посреди архива: нет его оглавления', error);
  if (/unexpected EOF|end of file|out of range|past end|beyond/i.test(message)) {
    return new FileError(file, 'не удалось прочитать XLSX: файл короче, чем записано в его оглавлении — он обрезан или менялся во время чтения.', {
      hint: 'Дождитесь, пока файл скачается или сохранится целиком, и загрузите его снова.',
      cause: error,
    });
  }
  if (/too many bytes|not enough bytes|size mismatch/i.test(message)) return damaged(file, `размер части не совпадает с записанным в оглавлении${part}`, error);
  if (/multi-disk|zip64/i.test(message)) return damaged(file, 'архив разбит на тома или его оглавление испорчено', error);
  return damaged(file, where === 'directory' ? 'оглавление архива испорчено' : `часть ${where} испорчена`, error);
}
