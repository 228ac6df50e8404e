/**
 * Canonical fields of a consultation deal and the headers they are known by (DESIGN §3).
 * Headers are compared by `headerKey`, so case, spaces, ё/е and unit suffixes do not matter.
 */
export interface FieldSpec {
  /** Column name in the staging view and in deal_versions' source. */
  readonly field: string;
  /** Russian name shown to users. */
  readonly label: string;
  readonly synonyms: readonly string[];
  /** Several columns feed this field (notes): all matches are taken, in order. */
  readonly multi?: boolean;
  /** Most exports lack it: its absence is not reported as a missing field. */
  readonly optional?: boolean;
}

export const consultationFields: readonly FieldSpec[] = [
  { field: 'deal_id', label: 'ID', synonyms: ['ID', 'ID сделки', 'Номер сделки', 'Id'] },
  { field: 'name', label: 'Название сделки', synonyms: ['Название сделки', 'Название', 'Сделка'] },
  { field: 'budget', label: 'Бюджет', synonyms: ['Бюджет', 'Бюджет ₽', 'Бюджет, руб', 'Сумма'] },
  { field: 'responsible', label: 'Ответственный', synonyms: ['Ответственный', 'Ответственный за сделку'] },
  { field: 'created_at', label: 'Дата создания сделки', synonyms: ['Дата создания сделки', 'Дата создания', 'Создана'] },
  { field: 'created_by', label: 'Кем создана сделка', synonyms: ['Кем создана сделка', 'Кем создана'] },
  { field: 'edited_at', label: 'Дата редактирования', synonyms: ['Дата редактирования', 'Дата изменения', 'Изменена'] },
  { field: 'edited_by', label: 'Кем редактирована', synonyms: ['Кем редактирована', 'Кем изменена'] },
  { field: 'closed_at', label: 'Дата закрытия', synonyms: ['Дата закрытия', 'Закрыта'] },
  { field: 'tags', label: 'Теги', synonyms: ['Теги', 'Тэги'] },
  {
    field: 'notes',
    label: 'Примечание',
    synonyms: ['Примечание', 'Примечание 2', 'Примечание 3', 'Примечание 4', 'Примечание 5', 'Комментарий', 'Содержание консультации'],
    multi: true,
  },
  { field: 'stage', label: 'Этап сделки', synonyms: ['Этап сделки', 'Этап', 'Статус'] },
  { field: 'pipeline', label: 'Воронка', synonyms: ['Воронка'] },
  { field: 'contact_name', label: 'Полное имя контакта', synonyms: ['Полное имя контакта', 'Контакт', 'Основной контакт'] },
  { field: 'contact_company', label: 'Компания контакта', synonyms: ['Компания контакта'] },
  { field: 'company', label: 'Компания', synonyms: ['Компания', 'Организация', 'Название организации'] },
  { field: 'city', label: 'Город', synonyms: ['Город'] },
  { field: 'source', label: 'Источник', synonyms: ['Источник'] },
  { field: 'topic', label: 'Тема консультации', synonyms: ['Тема консультации', 'Тема', 'Тематика', 'Направление консультации'] },
  { field: 'project', label: 'Проект', synonyms: ['Проект'] },
  { field: 'consultant', label: 'Консультант', synonyms: ['Консультант', 'Эксперт', 'Специалист'] },
  { field: 'external', label: 'Внешний консультант', synonyms: ['Внешний консультант', 'Внешний эксперт'] },
  { field: 'format', label: 'Формат консультации', synonyms: ['Формат консультации', 'Формат'] },
  { field: 'consulted_at', label: 'Дата консультации', synonyms: ['Дата консультации', 'Дата и время консультации', 'Дата проведения'] },
  {
    field: 'duration_min',
    label: 'Продолжительность (мин)',
    synonyms: ['Продолжительность', 'Продолжительность консультации', 'Длительность', 'Длительность консультации'],
  },
  { field: 'channel', label: 'Канал обращения', synonyms: ['Канал обращения', 'Канал', 'Способ обращения'] },
  { field: 'new_client', label: 'Новый клиент', synonyms: ['Новый клиент'] },
  { field: 'loss_reason', label: 'Причина отказа', synonyms: ['Причина отказа', 'Причина закрытия'] },
  {
    field: 'client_type',
    label: 'Тип организации',
    synonyms: ['Тип организации', 'Тип клиента', 'Группа клиентов', 'Категория клиента', 'Вид организации'],
    optional: true,
  },
];

export const fieldNames: readonly string[] = consultationFields.map((f) => f.field);

/**
 * The comparison key of a header: lower case, ё → е, no BOM/NBSP, no unit suffix
 * («Продолжительность (мин)», «, мин», «мин.», «₽»), single spaces.
 */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s*,?\s*(мин\.?|минут[аы]?|₽|руб\.?)\s*$/, '')
    .replace(/[\s:.,;]+$/, '')
    .trim();
}

/** Stage codes and the names amoCRM accounts use for them (seed 001, amoCRM defaults). */
export const stageCodes = [
  'unsorted', 'new', 'accepted', 'no_answer', 'scheduled', 'held', 'feedback_requested', 'success', 'lost',
] as const;
export type StageCode = (typeof stageCodes)[number];

export const builtinStages: Readonly<Record<string, StageCode>> = {
  'Неразобранное': 'unsorted',
  'Новая заявка': 'new',
  'Принято в работу': 'accepted',
  'Взято в работу': 'accepted',
  'Не дозвонились': 'no_answer',
  'Консультация назначена': 'scheduled',
  'Консультация проведена': 'held',
  'Запрошена обратная связь': 'feedback_requested',
  'Успешно завершённые': 'success',
  'Успешно завершено': 'success',
  'Успешно реализовано': 'success',
  'Закрыто и не реализовано': 'lost',
  'Неуспешные': 'lost',
  'Неуспешно завершённые': 'lost',
};

/**
 * Fields of a feedback form export (Google Forms, Yandex Forms; seed 002 questions). Headers are question texts,
 * so the synonyms are the usual wordings; `feedback.columns` in okno.config.json names others.
 */
export const feedbackFields: readonly FieldSpec[] = [
  {
    field: 'submitted_at',
    label: 'Отметка времени',
    synonyms: ['Отметка времени', 'Timestamp', 'Время создания', 'Время отправки', 'Дата и время ответа', 'Дата ответа', 'Дата заполнения'],
  },
  { field: 'deal_id', label: 'ID сделки', synonyms: ['ID сделки', 'Номер сделки', 'ID консультации', 'Номер консультации'] },
  {
    field: 'organisation',
    label: 'Организация',
    synonyms: ['Организация', 'Название организации', 'Ваша организация', 'Название Вашей организации', 'Компания', 'Наименование организации'],
  },
  {
    field: 'consultant',
    label: 'Консультант',
    synonyms: ['Консультант', 'Кто Вас консультировал?', 'Кто Вас консультировал', 'ФИО консультанта', 'Эксперт', 'Специалист'],
  },
  {
    field: 'consulted_on',
    label: 'Дата консультации',
    synonyms: ['Дата консультации', 'Когда прошла консультация?', 'Когда прошла консультация', 'Дата проведения консультации'],
  },
  {
    field: 'answered',
    label: 'Получен ли ответ на Ваш вопрос?',
    synonyms: ['Получен ли ответ на Ваш вопрос?', 'Получен ли ответ на вопрос', 'Получили ли Вы ответ на свой вопрос?', 'Ответ получен'],
  },
  {
    field: 'rating',
    label: 'Оцените качество работы консультанта',
    synonyms: ['Оцените качество работы консультанта', 'Качество работы консультанта', 'Оценка работы консультанта', 'Удовлетворены ли Вы консультацией?'],
  },
  {
    field: 'reasons',
    label: 'Причины неудовлетворённости',
    synonyms: [
      'Причины неудовлетворенности',
      'Что Вас не устроило?',
      'Что Вас не устроило',
      'Если Вы не удовлетворены, укажите причины',
      'Почему Вы не удовлетворены?',
      'Причины',
    ],
  },
  {
    field: 'suggestions',
    label: 'Пожелания и предложения',
    synonyms: [
      'Пожелания и предложения',
      'Ваши пожелания и предложения',
      'Пожелания',
      'Предложения',
      'Ваши предложения по улучшению консультаций',
      'Что можно улучшить?',
      'Комментарий',
    ],
  },
];

