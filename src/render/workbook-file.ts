// What every okno workbook writer shares: a new exceljs workbook and its atomic save.
import { createRequire } from 'node:module';
import type { Workbook } from 'exceljs';
import { saveFile } from '../files/atomic.js';

type WorkbookClass = typeof import('exceljs').Workbook;

let workbookClass: WorkbookClass | undefined;

/**
 * A new, empty workbook. exceljs's Workbook class is loaded from its own module, not the package entry: the entry
 * also loads the streaming reader and writer (unzipper, archiver and their dependencies, about a third of
 * exceljs's load time), which okno's writers never use. The class and what it writes are the same.
 */
export function newWorkbook(): Workbook {
  return new (loadWorkbookClass())();
}

/** Loads exceljs (once); callers may do it ahead, while other work waits on the database. */
export function loadWorkbookClass(): WorkbookClass {
  workbookClass ??= createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as WorkbookClass;
  return workbookClass;
}

/**
 * Deflate level 1 instead of JSZip's default 6: the same parts, a file a few per cent larger, written in a
 * fraction of the time (JSZip deflates in JavaScript, and the PNG charts do not shrink anyway).
 */
const zip = { compression: 'DEFLATE', compressionOptions: { level: 1 } } as const;

/** Writes the workbook to `file` whole or not at all (saveFile: a partial file beside it, then a rename). */
export async function saveWorkbook(wb: Workbook, file: string): Promise<void> {
  await saveFile(file, (partial) => wb.xlsx.writeFile(partial, { zip }));
}
