// DuckDB's and the system's errors of writing, in Russian words that blame the disk: apart from database.ts, so that
// the CLI's error handler has them without loading the database module (`okno --help` loads neither).
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';

/** The end of every message about a failed write: the user's first worry is what became of the data. */
const nothingLost = 'изменения не сохранены, в базе всё как было.';

/**
 * DuckDB's (and the system's) errors of writing, in words that blame the disk or the permissions, not the input
 * file: a full disk (ENOSPC), a file size limit (EFBIG, `ulimit -f`), a database file or folder that may not be
 * written (chmod, a read-only mount; DuckDB writes `<file>.wal` beside the database, so the folder counts too),
 * DuckDB out of its memory limit.
 * A failed write never leaves half a load: DuckDB's commit is all or nothing, and a failed one is rolled back.
 * `dbFile`: the database, when the error came from it (a permission error elsewhere is about an input file).
 */
export function storageError(error: unknown, dbFile?: string): UserError | undefined {
  const message = errorMessage(error);
  const errno = error as NodeJS.ErrnoException | undefined;
  const code = errno?.code;
  // The file DuckDB or node could not write: «Could not write file "/data/okno.duckdb.wal": …», or the errno's path.
  const target = /file "([^"]+)"/.exec(message)?.[1] ?? errno?.path ?? dbFile ?? '';
  const where = target ? ` (${path.dirname(path.resolve(target))})` : '';
  if (code === 'ENOSPC' || /No space left on device/i.test(message)) {
    return new UserError(`На диске нет места${where}: ${nothingLost}`, {
      hint: 'Освободите место на диске с базой и во временной папке и повторите команду.',
      cause: error,
    });
  }
  if (/Out of Memory Error/.test(message)) {
    return new UserError(`Не хватило памяти: DuckDB не уложился в отведённый ему объём; ${nothingLost}`, {
      hint: 'Закройте другие программы и повторите команду; очень большую выгрузку можно разделить на несколько файлов (по периодам) и загрузить по очереди.',
      cause: error,
    });
  }
  if (code === 'EFBIG' || /File too large/i.test(message)) {
    return new UserError(`Файл ${target} достиг предельного размера, разрешённого системой: ${nothingLost}`, {
      hint: 'Снимите ограничение размера файлов (ulimit -f) или укажите базу на другом диске через --db.',
      cause: error,
    });
  }
  if (dbFile === undefined || dbFile === ':memory:') return undefined;
  const denied = code === 'EACCES' || code === 'EPERM' || /Permission denied/i.test(message);
  if (code === 'EROFS' || /Read-only file system|read-only mode/i.test(message) || (denied && mentionsDatabase(message, dbFile))) {
    return new UserError(`Базу ${dbFile} нельзя изменить: файл базы или её папка открыты только для чтения; ${nothingLost}`, {
      hint: `Разрешите запись в файл базы и в его папку (${path.dirname(path.resolve(dbFile))}: рядом с базой DuckDB пишет файл .wal) или укажите другую базу через --db.`,
      cause: error,
    });
  }
  if (/Could not write file|Could not (fsync|truncate)/i.test(message)) {
    return new UserError(`Не удалось записать базу ${dbFile} на диск: ${nothingLost}`, {
      hint: 'Проверьте, что на диске есть место и он исправен, и повторите команду.',
      cause: error,
    });
  }
  return undefined;
}

/** Whether a permission error is about the database (its file, its .wal, its temp folder), not an input file. */
function mentionsDatabase(message: string, file: string): boolean {
  return message.includes(path.basename(file)) || /\.wal\b|\.tmp\b/.test(message);
}
