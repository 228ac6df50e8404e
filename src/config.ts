import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { UserError, errorMessage } from './errors.js';
import { fieldNames, stageCodes, type StageCode } from './ingest/fields.js';

/** okno.config.json (README «Файл настроек»). Every key is optional. */
export interface Config {
  /** IANA time zone of the account's dates; default Europe/Moscow. */
  timeZone: string;
  /** Canonical field → header(s) in the export; replaces the built-in synonyms for that field. */
  columns: Record<string, string[]>;
  /** Stage name as exported → stage code; added to the built-in names. */
  stages: Record<string, StageCode>;
  /** Where the settings came from, for messages. */
  source: string | null;
}

export const defaultConfigFile = 'okno.config.json';
export const defaultTimeZone = 'Europe/Moscow';

const knownKeys = new Set(['timeZone', 'columns', 'stages', '$schema', 'comment']);

export function defaultConfig(): Config {
  return { timeZone: defaultTimeZone, columns: {}, stages: {}, source: null };
}

/**
 * Reads the settings: the file given (it must exist), else ./okno.config.json when present, else defaults.
 */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<Config> {
  const candidate = file ?? `${cwd}/${defaultConfigFile}`;
  if (file === undefined && !existsSync(candidate)) return defaultConfig();
  let text: string;
  try {
    text = await readFile(candidate, 'utf8');
  } catch (error) {
    throw new UserError(`Файл настроек ${candidate} не найден или недоступен.`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`Файл настроек ${candidate} — не JSON: ${errorMessage(error)}`, {
      hint: 'Проверьте кавычки и запятые; пример — в README, раздел «Файл настроек».',
      cause: error,
    });
  }
  return parseConfig(json, candidate);
}

export function parseConfig(json: unknown, source: string): Config {
  const bad = (problem: string) =>
    new UserError(`Файл настроек ${source}: ${problem}`, { hint: 'Формат описан в README, раздел «Файл настроек».' });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('ожидается объект { … }.');
  const obj = json as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!knownKeys.has(key)) throw bad(`неизвестный ключ «${key}» (допустимы: timeZone, columns, stages).`);
  }
  const config = defaultConfig();
  config.source = source;

  if (obj.timeZone !== undefined) {
    if (typeof obj.timeZone !== 'string' || !isTimeZone(obj.timeZone)) {
      throw bad(`timeZone «${String(obj.timeZone)}» — не часовой пояс (пример: "Europe/Moscow").`);
    }
    config.timeZone = obj.timeZone;
  }
  if (obj.columns !== undefined) {
    if (typeof obj.columns !== 'object' || obj.columns === null || Array.isArray(obj.columns)) {
      throw bad('columns должен быть объектом { "поле": "заголовок" }.');
    }
    for (const [field, value] of Object.entries(obj.columns)) {
      if (!fieldNames.includes(field)) {
        throw bad(`в columns неизвестное поле «${field}»; допустимы: ${fieldNames.join(', ')}.`);
      }
      const headers = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(headers) || headers.length === 0 || !headers.every((h) => typeof h === 'string' && h.trim() !== '')) {
        throw bad(`columns.${field}: нужен заголовок столбца или список заголовков.`);
      }
      config.columns[field] = headers as string[];
    }
  }
  if (obj.stages !== undefined) {
    if (typeof obj.stages !== 'object' || obj.stages === null || Array.isArray(obj.stages)) {
      throw bad('stages должен быть объектом { "название этапа": "код" }.');
    }
    for (const [name, code] of Object.entries(obj.stages)) {
      if (typeof code !== 'string' || !(stageCodes as readonly string[]).includes(code)) {
        throw bad(`stages["${name}"]: код «${String(code)}» неизвестен; допустимы: ${stageCodes.join(', ')}.`);
      }
      config.stages[name] = code as StageCode;
    }
  }
  return config;
}

function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
