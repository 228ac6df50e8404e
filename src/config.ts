import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from './errors.js';
import { feedbackFields, fieldNames, stageCodes, type StageCode } from './model/fields.js';
import { normaliseInitials } from './text/russian.js';
import { isCalendarDate } from './time/days.js';

/** okno.config.json (README «Файл настроек»). Every key is optional. */
export interface Config {
  /** IANA time zone of the account's dates; default Europe/Moscow. */
  timeZone: string;
  /** Canonical field → header(s) in the export; replaces the built-in synonyms for that field. */
  columns: Record<string, string[]>;
  /** Stage name as exported → stage code; added to the built-in names. */
  stages: Record<string, StageCode>;
  feedback: {
    /** A response links to a consultation of the same client within this many days (default 14). */
    linkDays: number;
    /** Feedback field → header(s) in the form export; replaces the built-in synonyms for that field. */
    columns: Record<string, string[]>;
  };
  reviews: {
    /** Consultations before this date (YYYY-MM-DD) are not tracked for effectiveness reviews; null: all. */
    from: string | null;
  };
  /** The PR kit's branding (okno pr). */
  pr: PrSettings;
  calendar: {
    /** Initials used in the shared calendar («ИИ консультация», «ИИ_Организация») → consultant's name on the cards. */
    initials: Record<string, string>;
  };
  /** Where the settings came from, for messages. */
  source: string | null;
}

export interface PrSettings {
  /** Shown on the images and in the text; null: «ресурсный центр» is not named. */
  organisation: string | null;
  /** Absolute path of a PNG logo (given relative to the settings file); checked when the kit is made. */
  logo: string | null;
  colors: { primary: string; accent: string; background: string; text: string };
  /** false: the public satisfaction image leaves out the «не удовлетворены» bar (its title still counts every rating). */
  showDissatisfied: boolean;
}

export const defaultPrColors: PrSettings['colors'] = { primary: '#4C78A8', accent: '#F58518', background: '#FFFFFF', text: '#1F2933' };

export const defaultConfigFile = 'okno.config.json';
export const defaultTimeZone = 'Europe/Moscow';

const knownKeys = new Set(['timeZone', 'columns', 'stages', 'feedback', 'reviews', 'pr', 'calendar', '$schema', 'comment']);
export const defaultLinkDays = 14;

export function defaultConfig(): Config {
  return {
    timeZone: defaultTimeZone,
    columns: {},
    stages: {},
    feedback: { linkDays: defaultLinkDays, columns: {} },
    reviews: { from: null },
    pr: { organisation: null, logo: null, colors: { ...defaultPrColors }, showDissatisfied: true },
    calendar: { initials: {} },
    source: null,
  };
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
    if (!knownKeys.has(key)) throw bad(`неизвестный ключ «${key}» (допустимы: timeZone, columns, stages, feedback, reviews, pr, calendar).`);
  }
  const config = defaultConfig();
  config.source = source;

  if (obj.timeZone !== undefined) {
    if (typeof obj.timeZone !== 'string' || !isTimeZone(obj.timeZone)) {
      throw bad(`timeZone «${String(obj.timeZone)}» — не часовой пояс (пример: "Europe/Moscow").`);
    }
    config.timeZone = obj.timeZone;
  }
  if (obj.columns !== undefined) config.columns = parseColumns(obj.columns, 'columns', fieldNames, bad);
  if (obj.feedback !== undefined) {
    const feedback = obj.feedback as Record<string, unknown>;
    if (typeof feedback !== 'object' || feedback === null || Array.isArray(feedback)) {
      throw bad('feedback должен быть объектом { "linkDays": 14, "columns": { … } }.');
    }
    for (const key of Object.keys(feedback)) {
      if (key !== 'linkDays' && key !== 'columns') throw bad(`неизвестный ключ feedback.${key} (допустимы: linkDays, columns).`);
    }
    if (feedback.linkDays !== undefined) {
      const days = feedback.linkDays;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 366) {
        throw bad(`feedback.linkDays «${String(days)}» — нужно целое число дней от 0 до 366.`);
      }
      config.feedback.linkDays = days;
    }
    if (feedback.columns !== undefined) {
      config.feedback.columns = parseColumns(feedback.columns, 'feedback.columns', feedbackFields.map((f) => f.field), bad);
    }
  }
  if (obj.reviews !== undefined) {
    const reviews = obj.reviews as Record<string, unknown>;
    if (typeof reviews !== 'object' || reviews === null || Array.isArray(reviews)) {
      throw bad('reviews должен быть объектом { "from": "ГГГГ-ММ-ДД" }.');
    }
    for (const key of Object.keys(reviews)) {
      if (key !== 'from') throw bad(`неизвестный ключ reviews.${key} (допустим: from).`);
    }
    if (reviews.from !== undefined && reviews.from !== null) {
      const from = reviews.from;
      if (typeof from !== 'string' || !isCalendarDate(from)) {
        throw bad(`reviews.from «${String(from)}» — нужна дата ГГГГ-ММ-ДД.`);
      }
      config.reviews.from = from;
    }
  }
  if (obj.pr !== undefined) config.pr = parsePr(obj.pr, source, bad);
  if (obj.calendar !== undefined) config.calendar = parseCalendar(obj.calendar, bad);
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

function parseColumns(
  value: unknown,
  where: string,
  allowed: readonly string[],
  bad: (problem: string) => UserError,
): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(`${where} должен быть объектом { "поле": "заголовок" }.`);
  }
  const columns: Record<string, string[]> = {};
  for (const [field, headerValue] of Object.entries(value)) {
    if (!allowed.includes(field)) throw bad(`в ${where} неизвестное поле «${field}»; допустимы: ${allowed.join(', ')}.`);
    const headers = typeof headerValue === 'string' ? [headerValue] : headerValue;
    if (!Array.isArray(headers) || headers.length === 0 || !headers.every((h) => typeof h === 'string' && h.trim() !== '')) {
      throw bad(`${where}.${field}: нужен заголовок столбца или список заголовков.`);
    }
    columns[field] = headers as string[];
  }
  return columns;
}

function parsePr(value: unknown, source: string, bad: (problem: string) => UserError): PrSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('pr должен быть объектом { "organisation": "…", "logo": "logo.png", "colors": { … }, "showDissatisfied": true }.');
  }
  const pr = value as Record<string, unknown>;
  for (const key of Object.keys(pr)) {
    if (!['organisation', 'logo', 'colors', 'showDissatisfied'].includes(key)) {
      throw bad(`неизвестный ключ pr.${key} (допустимы: organisation, logo, colors, showDissatisfied).`);
    }
  }
  const settings: PrSettings = { organisation: null, logo: null, colors: { ...defaultPrColors }, showDissatisfied: true };
  if (pr.showDissatisfied !== undefined) {
    if (typeof pr.showDissatisfied !== 'boolean') throw bad('pr.showDissatisfied: нужно true или false.');
    settings.showDissatisfied = pr.showDissatisfied;
  }
  const text = (key: 'organisation' | 'logo'): string | null => {
    const v = pr[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim() === '') throw bad(`pr.${key}: нужна непустая строка.`);
    return v.trim();
  };
  settings.organisation = text('organisation');
  const logo = text('logo');
  // Relative to the settings file, so the same okno.config.json works from any directory.
  if (logo !== null) settings.logo = path.resolve(path.dirname(path.resolve(source)), logo);
  if (pr.colors !== undefined) {
    const colors = pr.colors as Record<string, unknown>;
    if (typeof colors !== 'object' || colors === null || Array.isArray(colors)) {
      throw bad('pr.colors должен быть объектом { "primary": "#RRGGBB", … }.');
    }
    for (const [key, color] of Object.entries(colors)) {
      if (!(key in defaultPrColors)) throw bad(`неизвестный цвет pr.colors.${key} (допустимы: primary, accent, background, text).`);
      if (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color)) {
        throw bad(`pr.colors.${key} «${String(color)}» — нужен цвет в виде #RRGGBB, например "#1F6FB2".`);
      }
      settings.colors[key as keyof PrSettings['colors']] = color.toUpperCase();
    }
  }
  return settings;
}

function parseCalendar(value: unknown, bad: (problem: string) => UserError): Config['calendar'] {
  const shape = 'calendar должен быть объектом { "initials": { "ИИ": "Иванова Ирина" } }.';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(shape);
  const calendar = value as Record<string, unknown>;
  for (const key of Object.keys(calendar)) {
    if (key !== 'initials') throw bad(`неизвестный ключ calendar.${key} (допустим: initials).`);
  }
  const initials: Record<string, string> = {};
  if (calendar.initials !== undefined) {
    const map = calendar.initials;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw bad(shape);
    for (const [key, name] of Object.entries(map)) {
      const letters = normaliseInitials(key);
      if (!/^[А-ЯA-Z]{1,4}$/.test(letters)) throw bad(`calendar.initials: «${key}» — не инициалы (нужны 1–4 буквы, например "ИИ").`);
      if (typeof name !== 'string' || name.trim() === '') throw bad(`calendar.initials["${key}"]: нужно имя консультанта, как в карточках.`);
      initials[letters] = name.trim().replace(/\s+/g, ' ');
    }
  }
  return { initials };
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
