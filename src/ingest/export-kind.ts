import { FileError } from '../errors.js';
import { feedbackFields, headerKey } from '../model/fields.js';

/**
 * What kind of export a header row is (README «Reading exports», «What a file is»), so that a file given to the
 * wrong command is refused by name instead of loading as a handful of empty deals. Decided on header names alone,
 * compared by headerKey:
 * 1. a column only amoCRM deal exports have («Название сделки», «Этап сделки», «Воронка», «Дата создания
 *    сделки») → deals, whatever else the file holds (deal exports carry contact and company columns too);
 * 2. a form's timestamp column («Отметка времени», «Timestamp», …) → a feedback form export;
 * 3. any other deal column (the account's consultation fields, «Бюджет», «Дата закрытия», «ID сделки», …) → deals;
 * 4. a companies export's own column («Название компании», …) → companies;
 * 5. a contact's columns («Имя», «Фамилия», «Должность», «Рабочий телефон», …) → contacts;
 * 6. else unknown: not refused here (the loader then looks for the ID column, which a mapping file may name).
 */
export type ExportKind = 'deals' | 'contacts' | 'companies' | 'feedback' | 'unknown';

export interface ExportDescription {
  kind: ExportKind;
  /** The file's headers that decided it, as they stand in the file (at most three). */
  reasons: string[];
}

const keys = (names: readonly string[]) => new Set(names.map(headerKey));

const amoDealOnly = keys(['Название сделки', 'Этап сделки', 'Воронка', 'Дата создания сделки', 'Кем создана сделка']);
const formTimestamp = keys(feedbackFields.find((f) => f.field === 'submitted_at')!.synonyms);
const dealColumns = keys([
  'ID сделки',
  'Номер сделки',
  'Бюджет',
  'Дата закрытия',
  'Ответственный за сделку',
  'Тема консультации',
  'Дата консультации',
  'Продолжительность',
  'Продолжительность консультации',
  'Консультант',
  'Внешний консультант',
  'Формат консультации',
  'Канал обращения',
  'Причина отказа',
]);
const companyOnly = keys(['Название компании', 'Дата создания компании', 'Кем создана компания']);
const contactOnly = keys([
  'Имя',
  'Фамилия',
  'Отчество',
  'Должность',
  'Рабочий телефон',
  'Мобильный телефон',
  'Рабочий email',
  'Личный email',
  'Дата создания контакта',
  'Кем создан контакт',
]);

export function describeExport(headers: readonly string[]): ExportDescription {
  const found = (set: Set<string>) => headers.filter((h) => set.has(headerKey(h))).slice(0, 3).map((h) => h.trim());
  const rules: [ExportKind, Set<string>][] = [
    ['deals', amoDealOnly],
    ['feedback', formTimestamp],
    ['deals', dealColumns],
    ['companies', companyOnly],
    ['contacts', contactOnly],
  ];
  for (const [kind, set] of rules) {
    const reasons = found(set);
    if (reasons.length > 0) return { kind, reasons };
  }
  return { kind: 'unknown', reasons: [] };
}

const quoted = (names: string[]) => names.map((n) => `«${n}»`).join(', ');
const dealsHint =
  'Нужна выгрузка сделок: в amoCRM откройте «Сделки» (воронка «Консультация»), в меню «…» выберите «Экспорт» и сохраните CSV или Excel.';

/** The refusal of a file that is not a deal export, in Russian; undefined for deals and for what is not recognised. */
export function notDealsRefusal(description: ExportDescription): { problem: string; hint: string } | undefined {
  const { kind, reasons } = description;
  const columns = reasons.length === 1 ? `столбец ${quoted(reasons)}` : `столбцы ${quoted(reasons)}`;
  const noDeals = 'и нет ни одного столбца сделки («Название сделки», «Этап сделки», «Воронка»)';
  switch (kind) {
    case 'contacts':
      return { problem: `это выгрузка контактов amoCRM, а не сделок: в ней есть ${columns} ${noDeals}.`, hint: dealsHint };
    case 'companies':
      return { problem: `это выгрузка компаний amoCRM, а не сделок: в ней есть ${columns} ${noDeals}.`, hint: dealsHint };
    case 'feedback':
      return {
        problem: `это выгрузка ответов формы обратной связи (есть ${columns}), а не сделок amoCRM.`,
        hint: 'Ответы формы загружаются командой okno load feedback <файл>.',
      };
    default:
      return undefined;
  }
}

/** For the consultations loader: throws the refusal (exit 1, the file unloaded) when the headers are not a deal export's. */
export function refuseNonDealExport(file: string, headers: readonly string[]): void {
  const refusal = notDealsRefusal(describeExport(headers));
  if (refusal) throw new FileError(file, refusal.problem, { hint: refusal.hint });
}

/** For the feedback loader: a deal export given to `load feedback` is refused saying so. */
export function refuseDealExportAsFeedback(file: string, headers: readonly string[]): void {
  const { kind, reasons } = describeExport(headers);
  if (kind !== 'deals') return;
  throw new FileError(file, `это выгрузка сделок amoCRM (есть ${reasons.length === 1 ? 'столбец' : 'столбцы'} ${quoted(reasons)}), а не ответы формы обратной связи.`, {
    hint: 'Сделки загружаются командой okno load consultations <файл>; для отзывов выгрузите ответы из Google Форм (Ответы → Скачать CSV) или Яндекс Форм.',
  });
}
