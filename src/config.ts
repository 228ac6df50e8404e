import { jsonSyntaxProblem } from './text/json.js';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as Zod from 'zod';
import { UserError } from './errors.js';
import { consultationFields, feedbackFields, stageCodes, type FieldSpec, type StageCode } from './model/fields.js';
import { normaliseInitials } from './text/russian.js';
import { isCalendarDate } from './time/days.js';
import { genericProblem, validate, zod, type ZodIssue, type ZodNamespace } from './validation.js';

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
  /** Who the analytic note (DOCX, PDF) is from and who signs it. */
  note: NoteSettings;
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

export interface NoteSettings {
  /** Above the note's title; null: the organisation named in «pr», or none. */
  organisation: string | null;
  /** The signer's position (default «Исполнительный директор»). */
  position: string;
  /** The signer's name; null: a line to write it by hand. */
  name: string | null;
}

export const defaultNotePosition = 'Исполнительный директор';

export const defaultPrColors: PrSettings['colors'] = { primary: '#4C78A8', accent: '#F58518', background: '#FFFFFF', text: '#1F2933' };

export const defaultConfigFile = 'okno.config.json';
export const defaultTimeZone = 'Europe/Moscow';

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
    note: { organisation: null, position: defaultNotePosition, name: null },
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
    throw new UserError(`Файл настроек ${candidate} — не JSON: ${jsonSyntaxProblem(text.replace(/^\uFEFF/, ''), error)}.`, {
      hint: 'Проверьте кавычки и запятые; пример — в руководстве docs/guide.md, раздел «Файл настроек».',
      cause: error,
    });
  }
  return parseConfig(json, candidate);
}

export function parseConfig(json: unknown, source: string): Config {
  const checked = validate(configSchema(), json);
  if (!checked.ok) {
    // Every problem at once, each once (a date can fail its pattern and its calendar check).
    const problems = [...new Set(checked.issues.flatMap(configProblems))];
    throw new UserError(`Файл настроек ${source}: ${problems.join(' ')}`, { hint: 'Формат описан в руководстве docs/guide.md, раздел «Файл настроек».' });
  }
  return toConfig(checked.data, source);
}

// ---- The schema --------------------------------------------------------------------------------------------------

const rootKeys = ['timeZone', 'columns', 'stages', 'feedback', 'reviews', 'pr', 'calendar', 'note'] as const;
const noteKeys = ['organisation', 'position', 'name'] as const;
const prColorKeys = ['primary', 'accent', 'background', 'text'] as const;

/** What a person writes in okno.config.json; `parseConfig` turns it into a Config. */
export type ConfigFile = Zod.infer<ReturnType<typeof buildConfigSchema>>;

let schema: ReturnType<typeof buildConfigSchema> | undefined;

/** The zod schema of okno.config.json, with a Russian description per key (docs/okno.config.schema.json). */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  schema ??= buildConfigSchema(zod());
  return schema;
}

function buildConfigSchema(z: ZodNamespace) {
  const nonEmpty = () => z.string().regex(/\S/);
  const headerList = z.union([nonEmpty(), z.array(nonEmpty()).min(1)]).meta({ id: 'headers', description: 'Заголовок столбца или список заголовков.' });
  const headers = (label: string) => headerList.optional().describe(`Заголовок столбца «${label}» в выгрузке или список заголовков.`);
  const columns = (fields: readonly FieldSpec[], what: string) =>
    z.strictObject(Object.fromEntries(fields.map((f) => [f.field, headers(f.label)]))).optional().describe(what);
  const colour = (what: string, byDefault: string) =>
    z.string().regex(/^#[0-9a-fA-F]{6}$/).optional().meta({ description: `${what}, #RRGGBB (по умолчанию ${byDefault}).`, default: byDefault });
  return z
    .strictObject({
      $schema: z.string().optional().describe('Схема для редактора: "./docs/okno.config.schema.json". okno её не читает.'),
      comment: z.unknown().optional().describe('Комментарий для людей; okno его не читает.'),
      timeZone: z
        .string()
        .refine(isTimeZone)
        .optional()
        .meta({ description: 'Часовой пояс дат аккаунта (IANA); по нему считаются границы месяцев.', default: defaultTimeZone, examples: [defaultTimeZone] }),
      columns: columns(consultationFields, 'Поле выгрузки консультаций → заголовок(и) столбца; заменяют встроенные заголовки этого поля. «Имя#2» — второй столбец с этим заголовком.'),
      stages: z
        .record(z.string(), z.enum(stageCodes))
        .optional()
        .describe('Название этапа, как в выгрузке → код этапа; добавляются к встроенным названиям.'),
      feedback: z
        .strictObject({
          linkDays: z
            .number()
            .int()
            .min(0)
            .max(366)
            .optional()
            .meta({ description: 'Сколько календарных дней может пройти между консультацией и отзывом, чтобы связать их по организации (0–366).', default: defaultLinkDays }),
          columns: columns(feedbackFields, 'Поле выгрузки отзывов → заголовок(и) столбца, как columns для консультаций.'),
        })
        .optional()
        .describe('Отзывы клиентов (okno load feedback).'),
      reviews: z
        .strictObject({
          from: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .refine(isCalendarDate)
            .nullable()
            .optional()
            .describe('ГГГГ-ММ-ДД: консультации до этой даты не отслеживаются для оценки эффективности. По умолчанию — все.'),
        })
        .optional()
        .describe('Оценка эффективности консультаций (okno review …).'),
      pr: z
        .strictObject({
          organisation: nonEmpty().nullable().optional().describe('Название организации на картинках и в тексте PR-набора.'),
          logo: nonEmpty().nullable().optional().describe('Логотип PNG, путь относительно файла настроек.'),
          colors: z
            .strictObject({
              primary: colour('Основной цвет: число, столбцы, линия', defaultPrColors.primary),
              accent: colour('Акцент: месяц и верхняя полоса карточки', defaultPrColors.accent),
              background: colour('Фон', defaultPrColors.background),
              text: colour('Текст', defaultPrColors.text),
            })
            .optional()
            .describe('Цвета PR-набора.'),
          showDissatisfied: z
            .boolean()
            .optional()
            .meta({ description: 'false — картинка удовлетворённости без столбца «не удовлетворены».', default: true }),
        })
        .optional()
        .describe('Оформление PR-набора (okno pr).'),
      calendar: z
        .strictObject({
          initials: z
            .record(z.string().refine((key) => /^[А-ЯA-Z]{1,4}$/.test(normaliseInitials(key))), nonEmpty())
            .optional()
            .describe('Инициалы в общем календаре («ИИ консультация», «ИИ_Организация») → имя консультанта, как в карточках.'),
        })
        .optional()
        .describe('Общий календарь консультаций (okno load calendar, правило 9 okno check).'),
      note: z
        .strictObject({
          organisation: nonEmpty().nullable().optional().describe('Организация над заголовком справки (по умолчанию — pr.organisation).'),
          position: nonEmpty().optional().meta({ description: 'Должность подписывающего справку.', default: defaultNotePosition }),
          name: nonEmpty().nullable().optional().describe('Имя подписывающего, например «И. И. Иванова»; без него — строка, чтобы вписать от руки.'),
        })
        .optional()
        .describe('Аналитическая справка в Word и PDF (okno report monthly): от кого и кто подписывает.'),
    })
    .meta({ title: 'Файл настроек okno (okno.config.json)', description: 'Все ключи необязательны. Формат — в руководстве docs/guide.md, раздел «Файл настроек».' });
}

/** The Russian message(s) of one issue: the wording users have always had, by key. */
function configProblems(issue: ZodIssue): string[] {
  const [top, second, third] = issue.path.map(String);
  const value = `«${String(issue.input)}»`;
  const unknown = (describe: (key: string) => string) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map(describe) : null;
  const at = issue.path.length;
  const columnsProblem = (where: string, fields: readonly FieldSpec[], field: string | undefined) => {
    if (field !== undefined) return [`${where}.${field}: нужен заголовок столбца или список заголовков.`];
    return (
      unknown((key) => `в ${where} неизвестное поле «${key}»; допустимы: ${fields.map((f) => f.field).join(', ')}.`) ?? [
        `${where} должен быть объектом { "поле": "заголовок" }.`,
      ]
    );
  };
  if (at === 0) return unknown((key) => `неизвестный ключ «${key}» (допустимы: ${rootKeys.join(', ')}).`) ?? ['ожидается объект { … }.'];
  switch (top) {
    case 'timeZone':
      return [`timeZone ${value} — не часовой пояс (пример: "Europe/Moscow").`];
    case 'columns':
      return columnsProblem('columns', consultationFields, second);
    case 'stages':
      return second === undefined
        ? ['stages должен быть объектом { "название этапа": "код" }.']
        : [`stages["${second}"]: код ${value} неизвестен; допустимы: ${stageCodes.join(', ')}.`];
    case 'feedback':
      if (second === 'linkDays') return [`feedback.linkDays ${value} — нужно целое число дней от 0 до 366.`];
      if (second === 'columns') return columnsProblem('feedback.columns', feedbackFields, third);
      return unknown((key) => `неизвестный ключ feedback.${key} (допустимы: linkDays, columns).`) ?? ['feedback должен быть объектом { "linkDays": 14, "columns": { … } }.'];
    case 'reviews':
      if (second === 'from') return [`reviews.from ${value} — нужна дата ГГГГ-ММ-ДД.`];
      return unknown((key) => `неизвестный ключ reviews.${key} (допустим: from).`) ?? ['reviews должен быть объектом { "from": "ГГГГ-ММ-ДД" }.'];
    case 'pr':
      if (second === 'showDissatisfied') return ['pr.showDissatisfied: нужно true или false.'];
      if (second === 'organisation' || second === 'logo') return [`pr.${second}: нужна непустая строка.`];
      if (second === 'colors' && third !== undefined) return [`pr.colors.${third} ${value} — нужен цвет в виде #RRGGBB, например "#1F6FB2".`];
      if (second === 'colors') {
        return unknown((key) => `неизвестный цвет pr.colors.${key} (допустимы: ${prColorKeys.join(', ')}).`) ?? ['pr.colors должен быть объектом { "primary": "#RRGGBB", … }.'];
      }
      return (
        unknown((key) => `неизвестный ключ pr.${key} (допустимы: organisation, logo, colors, showDissatisfied).`) ?? [
          'pr должен быть объектом { "organisation": "…", "logo": "logo.png", "colors": { … }, "showDissatisfied": true }.',
        ]
      );
    case 'calendar':
      if (second === 'initials' && third !== undefined) {
        return issue.code === 'invalid_key'
          ? [`calendar.initials: «${third}» — не инициалы (нужны 1–4 буквы, например "ИИ").`]
          : [`calendar.initials["${third}"]: нужно имя консультанта, как в карточках.`];
      }
      return (
        unknown((key) => `неизвестный ключ calendar.${key} (допустим: initials).`) ?? ['calendar должен быть объектом { "initials": { "ИИ": "Иванова Ирина" } }.']
      );
    case 'note':
      if (second !== undefined && (noteKeys as readonly string[]).includes(second)) return [`note.${second}: нужна непустая строка.`];
      return (
        unknown((key) => `неизвестный ключ note.${key} (допустимы: ${noteKeys.join(', ')}).`) ?? [
          'note должен быть объектом { "organisation": "…", "position": "Исполнительный директор", "name": "…" }.',
        ]
      );
    default:
      return [genericProblem(issue)];
  }
}

/** A valid file as okno uses it: defaults filled in, headers as lists, the logo as an absolute path. */
function toConfig(file: ConfigFile, source: string): Config {
  const config = defaultConfig();
  config.source = source;
  const headerLists = (columns: Record<string, string | string[] | undefined> | undefined) =>
    Object.fromEntries(Object.entries(columns ?? {}).flatMap(([field, h]) => (h === undefined ? [] : [[field, typeof h === 'string' ? [h] : h]])));
  if (file.timeZone !== undefined) config.timeZone = file.timeZone;
  config.columns = headerLists(file.columns);
  config.stages = { ...file.stages };
  config.feedback = { linkDays: file.feedback?.linkDays ?? defaultLinkDays, columns: headerLists(file.feedback?.columns) };
  config.reviews = { from: file.reviews?.from ?? null };
  const pr = file.pr;
  if (pr !== undefined) {
    const logo = pr.logo?.trim();
    config.pr = {
      organisation: pr.organisation?.trim() ?? null,
      // Relative to the settings file, so the same okno.config.json works from any directory.
      logo: logo === undefined ? null : path.resolve(path.dirname(path.resolve(source)), logo),
      colors: { ...defaultPrColors },
      showDissatisfied: pr.showDissatisfied ?? true,
    };
    for (const key of prColorKeys) {
      const colour = pr.colors?.[key];
      if (colour !== undefined) config.pr.colors[key] = colour.toUpperCase();
    }
  }
  const note = file.note;
  config.note = {
    organisation: note?.organisation?.trim() ?? config.pr.organisation,
    position: note?.position?.trim() ?? defaultNotePosition,
    name: note?.name?.trim() ?? null,
  };
  for (const [key, name] of Object.entries(file.calendar?.initials ?? {})) {
    config.calendar.initials[normaliseInitials(key)] = name.trim().replace(/\s+/g, ' ');
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
