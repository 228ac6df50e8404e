/**
 * Deterministic amoCRM deal exports for the benchmark: the real column layout (DESIGN §3), plausible values,
 * the quirks that matter to a parser (repeated headers, «Бюджет » with a space, multi-line quoted notes,
 * «не закрыта»). The same seed always gives the same bytes, so results from different machines compare.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const standardHeaders = [
  'ID', 'Название сделки', 'Бюджет ', 'Ответственный', 'Дата создания сделки', 'Кем создана сделка',
  'Дата редактирования', 'Кем редактирована', 'Дата закрытия', 'Теги', 'Примечание', 'Примечание 2',
  'Примечание 3', 'Примечание 4', 'Примечание 5', 'Этап сделки', 'Воронка', 'Полное имя контакта',
  'Компания контакта', 'Ответственный за контакт', 'Компания', 'Рабочий телефон (контакт)',
  'Мобильный телефон (контакт)', 'Рабочий email (контакт)', 'Город', 'Источник', 'cid', 'Тема консультации',
  'Проект', 'Консультант', 'Внешний консультант', 'Формат консультации', 'Дата консультации',
  'Продолжительность (мин)', 'Канал обращения', 'Новый клиент', 'Причина отказа', 'Источник', 'cid',
];

// Account-specific extras, as a real account accumulates them; none may collide with a loader synonym.
const extraHeaders = [
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'roistat', 'Товар', 'Товар',
  'Должность (контакт)', 'Личный email (контакт)', 'Другой email (контакт)', 'Домашний телефон (контакт)',
  'Другой телефон (контакт)', 'Факс (контакт)', 'Адрес', 'ИНН', 'КПП', 'ОГРН', 'Сайт компании',
  'Форма обращения', 'Дата следующего звонка', 'Мессенджер', 'Telegram', 'ВКонтакте', 'Реферер', 'gclid',
  'yclid', '_ym_uid', 'fbclid', 'Регион', 'Тип организации', 'Сфера деятельности', 'Количество сотрудников',
  'Дата рождения (контакт)', 'Согласие на обработку ПД', 'Рассылка', 'Повторное обращение',
  'Оценка консультации', 'Получен ли ответ на вопрос', 'Рекомендации консультанта', 'Ссылка на запись',
  'Результат звонка', 'Причина переноса', 'Номер договора', 'Ответственный за компанию',
  'Дата последнего контакта',
];

export function amocrmHeaders(): string[] {
  return [...standardHeaders, ...extraHeaders];
}

/** Column positions (0-based) the generator and the XLSX writer fill by meaning. */
const enum C {
  id = 0, name, budget, responsible, created, createdBy, edited, editedBy, closed, tags,
  note1, note2, note3, note4, note5, stage, pipeline, contact, contactCompany, contactResponsible, company,
  workPhone, mobilePhone, workEmail, city, source, cid, topic, project, consultant, external, format,
  consulted, duration, channel, newClient, lossReason, source2, cid2,
  utmSource, utmMedium, utmCampaign, utmContent, utmTerm, roistat, product, product2, position,
  personalEmail, otherEmail, homePhone, otherPhone, fax, address, inn, kpp, ogrn, site, requestForm,
  nextCall, messenger, telegram, vk, referrer, gclid, yclid, ymUid, fbclid, region, orgType, sphere,
  staffCount, birthday, consent, mailing, repeatRequest, rating, answered, recommendations, recording,
  callResult, rescheduleReason, contract, companyResponsible, lastContact,
  width,
}

export const topics = [
  'Благотворительные акции и мероприятия', 'Бухгалтерские и финансовые вопросы',
  'Администрирование конкурсов (грантмейкинг)', 'Консультации для тренеров', 'Привлечение ресурсов',
  'PR и продвижение', 'Работа ресурсных центров', 'Социальное проектирование', 'Управление организацией',
  'Управление проектом и отчетность', 'Правовые вопросы',
];

const projects = [
  'Школа НКО', 'Ресурсный центр «Открытый город»', 'Президентский грант 2023', 'Серебряный возраст',
  'Добрые соседи', 'Муниципальные НКО',
];

const stages = [
  'Неразобранное', 'Новая заявка', 'Принято в работу', 'Не дозвонились', 'Консультация назначена',
  'Консультация проведена', 'Запрошена обратная связь', 'Успешно завершённые', 'Закрыто и не реализовано',
] as const;
// Percent of deals at each stage: an export covers years, so most deals are long done.
const stageWeights = [2, 2, 2, 2, 3, 4, 6, 64, 15];

const staffConsultants = [
  'Иванова Мария', 'Петров Алексей', 'Смирнова Ольга', 'Кузнецов Дмитрий', 'Соколова Анна', 'Попова Елена',
  'Лебедев Игорь', 'Новикова Татьяна', 'Морозов Сергей',
];
const externalConsultants = ['Волкова Наталья (эксперт)', 'Зайцев Павел (эксперт)', 'Орлова Светлана (эксперт)'];
const officeManagers = ['Фёдорова Юлия', 'Григорьева Ксения'];
const formats = ['очно', 'по телефону', 'zoom/skype'];
const formatWeights = [30, 25, 45];
const channels = ['Форма на сайте', 'Телефон офис-менеджеру', 'Телефон сотруднику', 'E-mail', 'Социальные сети'];
const channelWeights = [40, 20, 15, 15, 10];
const sources = ['Сайт', 'Форма ВКонтакте', 'Телефон', 'Почта', 'Рекомендация'];
const lossReasons = ['не дозвонились', 'клиент отказался', 'не наш профиль', 'дубль', 'перенесено клиентом'];
const cities = [
  'Екатеринбург', 'Екатеринбург', 'Екатеринбург', 'Нижний Тагил', 'Каменск-Уральский', 'Первоуральск',
  'Серов', 'Асбест', 'Ревда', 'Верхняя Пышма', 'Березовский', 'Полевской', 'Москва', 'Пермь', 'Тюмень',
];
const regions = ['Свердловская область', 'Пермский край', 'Тюменская область', 'Челябинская область'];
const tagWords = ['сайт', 'НКО', 'грант', 'повторно', 'регион', 'срочно', 'вебинар', 'ФПГ'];
const orgTypes = ['АНО', 'Фонд', 'Благотворительный фонд', 'ООО', 'РОО', 'Ассоциация', 'МБУ', 'ТОС', 'НП'];
const orgNames = [
  'Светлый путь', 'Милосердие', 'Добрые руки', 'Надежда', 'Открытое сердце', 'Зелёный город',
  'Старшее поколение', 'Равные возможности', 'Территория добра', 'Вектор', 'Радуга', 'Мы вместе',
  'Солнечный круг', 'Дом у дороги', 'Живая память', 'Право на жизнь', 'Шаг навстречу', 'Крылья',
  'Пространство роста', 'Родные места', 'Экопатруль', 'Город детства', 'Верные друзья', 'Импульс',
];
const positions = ['Директор', 'Бухгалтер', 'Руководитель проектов', 'Специалист по связям с общественностью',
  'Председатель правления', 'Координатор волонтёров'];
const surnames = ['Андреев', 'Белов', 'Васильев', 'Гусев', 'Дьячков', 'Ершов', 'Жуков', 'Захаров', 'Ильин',
  'Калинин', 'Ломов', 'Макаров', 'Никитин', 'Осипов', 'Павлов', 'Романов', 'Семёнов', 'Тарасов', 'Уткин',
  'Фролов', 'Харитонов', 'Цветков', 'Чернов', 'Шубин', 'Щукин', 'Юдин', 'Яковлев'];
const maleNames = ['Александр', 'Андрей', 'Виктор', 'Геннадий', 'Евгений', 'Иван', 'Константин', 'Михаил', 'Олег'];
const femaleNames = ['Анастасия', 'Валентина', 'Галина', 'Дарья', 'Екатерина', 'Ирина', 'Людмила', 'Марина', 'Юлия'];
const patronymicRoots = ['Александров', 'Андреев', 'Викторов', 'Иванов', 'Михайлов', 'Петров', 'Сергеев'];
const noteTexts = [
  'Обсудили структуру заявки, даны рекомендации по бюджету.',
  'Разобрали устав, нужна редакция раздела о целях.',
  'Клиент готовит отчёт, объяснили требования к первичным документам.',
  'Рекомендовано пройти курс Школы НКО.',
  'Перезвонить после согласования с правлением.',
  'Консультация по договору пожертвования.',
  'Помогли с планом продвижения в соцсетях.',
];

/** mulberry32: tiny, fast and good enough to make plausible data reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let r = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items.at(-1)!;
  }
  digits(n: number): string {
    let s = String(1 + this.int(9));
    while (s.length < n) s += String(this.int(10));
    return s;
  }
}

interface Organisation {
  name: string;
  slug: string;
  inn: string;
  city: string;
  type: string;
}

function organisations(random: Random, count: number): Organisation[] {
  const result: Organisation[] = [];
  for (let i = 0; i < count; i++) {
    const type = random.pick(orgTypes);
    const base = random.pick(orgNames);
    const city = random.pick(cities);
    // Enough distinct clients for «new client» figures to mean something, with real-looking names.
    const variant = i < orgNames.length * 2 ? '' : ` ${i}`;
    const name = `${type} «${base}${variant}»`;
    result.push({ name, slug: `org${i}`, inn: random.digits(10), city, type });
  }
  return result;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `dd.MM.yyyy HH:mm:ss` of a wall-clock instant kept as UTC milliseconds (no time zone ever applies). */
export function formatWallClock(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export interface GenerateOptions {
  /** Wall-clock start of the period (its UTC fields are read as local time); default 2021-01-01. */
  from?: Date;
  months?: number;
  startId?: number;
}

/** Rows of the export (without the header), IDs ascending, creation dates spread evenly over the period. */
export function* generateRows(count: number, seed: number, options: GenerateOptions = {}): Iterable<string[]> {
  const random = new Random(seed);
  const from = (options.from ?? new Date(Date.UTC(2021, 0, 1))).getTime();
  const start = new Date(from);
  const end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + (options.months ?? 60), start.getUTCDate());
  const slot = (end - from) / Math.max(count, 1);
  const startId = options.startId ?? 10000001;
  const orgs = organisations(random, Math.max(50, Math.min(20_000, Math.ceil(count / 20))));
  const people = [...officeManagers, ...staffConsultants];

  for (let i = 0; i < count; i++) {
    const row: string[] = new Array<string>(C.width).fill('');
    const id = startId + i;
    const stageIndex = stages.indexOf(random.weighted(stages, stageWeights));
    const stage = stages[stageIndex]!;
    const consultationStage = stageIndex >= 4 && stageIndex <= 7;
    const closed = stageIndex >= 7;
    const lost = stageIndex === 8;
    const org = random.chance(0.85) ? random.pick(orgs) : undefined;
    const channel = random.weighted(channels, channelWeights);
    const responsible = random.chance(0.5) ? random.pick(officeManagers) : random.pick(staffConsultants);

    const created = Math.floor((from + (i + random.next()) * slot) / 1000) * 1000;
    let last = created + random.between(5, 240) * minute;
    let consulted: number | undefined;
    if (consultationStage) {
      // Consultations happen in office hours on the hour or half hour, 1–10 days after the request.
      const d = Math.floor(created / day) * day + random.between(1, 10) * day;
      consulted = d + random.between(10, 17) * hour + random.pick([0, 30]) * minute;
      last = Math.max(last, consulted + random.between(60, 600) * minute);
    }
    let closedAt: number | undefined;
    if (closed) {
      closedAt = (consulted ?? created) + random.between(1, 7) * day + random.between(0, 28_800) * 1000;
      last = Math.max(last, closedAt);
    }
    const edited = last + random.between(0, 3_600) * 1000;

    row[C.id] = String(id);
    row[C.name] = random.chance(0.6) ? `Сделка #${id}` : `Консультация — ${org?.name ?? 'частное лицо'}`;
    row[C.budget] = '0';
    row[C.responsible] = responsible;
    row[C.created] = formatWallClock(created);
    row[C.createdBy] = channel === 'Форма на сайте' || channel === 'Социальные сети' ? 'Робот' : responsible;
    row[C.edited] = formatWallClock(edited);
    row[C.editedBy] = random.pick(people);
    row[C.closed] = closedAt === undefined ? 'не закрыта' : formatWallClock(closedAt);
    if (random.chance(0.3)) {
      const n = random.between(1, 3);
      const tags = new Set<string>();
      while (tags.size < n) tags.add(random.pick(tagWords));
      row[C.tags] = [...tags].join(', ');
    }
    if (stageIndex >= 5 && stageIndex <= 7) {
      row[C.note1] = random.chance(0.02) ? multiLineNote(random) : random.pick(noteTexts);
      if (random.chance(0.1)) row[C.note2] = random.pick(noteTexts);
    } else if (random.chance(0.2)) row[C.note1] = 'Перезвонить клиенту';
    row[C.stage] = stage;
    row[C.pipeline] = 'Консультация';
    const female = random.chance(0.65);
    row[C.contact] = female
      ? `${random.pick(surnames)}а ${random.pick(femaleNames)} ${random.pick(patronymicRoots)}на`
      : `${random.pick(surnames)} ${random.pick(maleNames)} ${random.pick(patronymicRoots)}ич`;
    if (org && random.chance(0.7)) row[C.contactCompany] = org.name;
    row[C.contactResponsible] = responsible;
    if (org && random.chance(0.6)) row[C.company] = org.name;
    if (random.chance(0.3)) row[C.workPhone] = phone(random, '+7 343');
    if (random.chance(0.8)) row[C.mobilePhone] = phone(random, `+7 9${random.digits(2)}`);
    if (random.chance(0.6)) row[C.workEmail] = org ? `info@${org.slug}.ru` : `client${random.digits(5)}@mail.ru`;
    row[C.city] = org?.city ?? (random.chance(0.5) ? random.pick(cities) : '');
    row[C.source] = random.chance(0.8) ? random.pick(sources) : '';
    if (random.chance(0.3)) row[C.cid] = `${random.digits(10)}.${random.digits(10)}`;

    if (stageIndex >= 2 && (consultationStage || random.chance(0.7))) row[C.topic] = random.pick(topics);
    if (consultationStage) {
      const consultant = random.chance(0.12) ? random.pick(externalConsultants) : random.pick(staffConsultants);
      row[C.topic] = row[C.topic] || random.pick(topics);
      row[C.project] = random.chance(0.25) ? '' : random.pick(projects);
      row[C.consultant] = consultant;
      row[C.external] = externalConsultants.includes(consultant) ? 'да' : 'нет';
      row[C.format] = random.weighted(formats, formatWeights);
      row[C.consulted] = formatWallClock(consulted!);
      if (stageIndex >= 5) row[C.duration] = String(random.pick([30, 45, 60, 60, 60, 90, 120]));
    }
    row[C.channel] = channel;
    if (random.chance(0.7)) row[C.newClient] = random.chance(0.4) ? 'да' : 'нет';
    if (lost) row[C.lossReason] = random.pick(lossReasons);
    if (random.chance(0.2)) row[C.source2] = random.pick(['yandex.direct', 'vk.com', 'google', 'direct']);

    fillExtras(row, random, org, channel, stageIndex, created, responsible);
    yield row;
  }
}

function fillExtras(
  row: string[],
  random: Random,
  org: Organisation | undefined,
  channel: string,
  stageIndex: number,
  created: number,
  responsible: string,
) {
  if (channel === 'Форма на сайте' || channel === 'Социальные сети') {
    if (random.chance(0.5)) {
      row[C.utmSource] = random.pick(['yandex', 'google', 'vk', 'telegram', 'email']);
      row[C.utmMedium] = random.pick(['cpc', 'social', 'email', 'organic']);
      row[C.utmCampaign] = random.pick(['nko_konsult', 'school_nko_2023', 'grant_season', 'newsletter']);
      if (random.chance(0.2)) row[C.utmContent] = `banner${random.between(1, 9)}`;
    }
    row[C.requestForm] = 'Заявка на консультацию';
    if (random.chance(0.3)) row[C.referrer] = 'https://example-nko.ru/konsultacii';
    if (random.chance(0.2)) row[C.ymUid] = random.digits(19);
  }
  if (random.chance(0.1)) row[C.roistat] = random.digits(6);
  if (random.chance(0.05)) row[C.product] = 'Консультация';
  if (random.chance(0.4)) row[C.position] = random.pick(positions);
  if (random.chance(0.1)) row[C.personalEmail] = `user${random.digits(6)}@yandex.ru`;
  if (random.chance(0.05)) row[C.otherPhone] = phone(random, `+7 9${random.digits(2)}`);
  if (org) {
    if (random.chance(0.1)) row[C.address] = `г. ${org.city}, ул. Ленина, д. ${random.between(1, 120)}`;
    if (random.chance(0.2)) row[C.inn] = org.inn;
    if (random.chance(0.1)) row[C.site] = `https://${org.slug}.ru`;
    if (random.chance(0.4)) row[C.orgType] = org.type;
  }
  if (stageIndex <= 3 && random.chance(0.2)) row[C.nextCall] = formatDay(created + random.between(1, 5) * day);
  if (random.chance(0.05)) row[C.telegram] = `@user${random.digits(5)}`;
  if (random.chance(0.3)) row[C.region] = random.pick(regions);
  if (random.chance(0.15)) row[C.sphere] = random.pick(['социальная поддержка', 'культура', 'экология', 'образование']);
  if (random.chance(0.6)) row[C.consent] = 'да';
  if (random.chance(0.2)) row[C.mailing] = random.pick(['да', 'нет']);
  if (stageIndex === 7 && random.chance(0.3)) {
    row[C.rating] = random.weighted(['удовлетворен', 'частично удовлетворен', 'не удовлетворен'], [80, 15, 5]);
    row[C.answered] = random.chance(0.9) ? 'да' : 'нет';
  }
  if (random.chance(0.3)) row[C.companyResponsible] = responsible;
}

function phone(random: Random, prefix: string): string {
  return `${prefix} ${random.digits(3)}-${random.digits(2)}-${random.digits(2)}`;
}

/** About one note in fifty is pasted from a letter: several lines, quotes, «;» and «,» inside. */
function multiLineNote(random: Random): string {
  return [
    `Клиент спрашивал про "${random.pick(topics)}"; рекомендовано:`,
    `1) подготовить смету, согласовать с "Фондом президентских грантов";`,
    `2) срок — до ${random.between(1, 28)} числа, отчёт направить на e-mail.`,
    random.chance(0.5) ? '' : 'Итог: "вопрос решён", клиент доволен.',
  ].join('\n');
}

export interface CsvOptions {
  encoding: 'utf-8' | 'windows-1251';
  delimiter: ',' | ';';
  crlf: boolean;
  bom?: boolean;
  /** Written first; default amocrmHeaders(); null for none. */
  header?: string[] | null;
}

/**
 * Writes rows as RFC 4180 CSV. Output is built in ~4 MB strings and encoded once per chunk, so a million rows
 * cost a few hundred writes rather than a hundred million.
 */
export async function writeCsv(file: string, rows: Iterable<string[]>, options: CsvOptions): Promise<number> {
  const out = createWriteStream(file, { highWaterMark: 8 << 20 });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  const eol = options.crlf ? '\r\n' : '\n';
  const needsQuotes = options.delimiter === ',' ? /[",\r\n]/ : /[";\r\n]/;
  const encode = options.encoding === 'utf-8' ? (s: string) => Buffer.from(s, 'utf8') : encodeCp1251;
  const line = (fields: string[]) => {
    let s = '';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (i > 0) s += options.delimiter;
      s += needsQuotes.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
    }
    return s + eol;
  };
  const write = async (buffer: Buffer) => {
    if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
  };

  if (options.bom && options.encoding === 'utf-8') await write(Buffer.from([0xef, 0xbb, 0xbf]));
  let chunk = '';
  const header = options.header === undefined ? amocrmHeaders() : options.header;
  if (header) chunk += line(header);
  let count = 0;
  for (const row of rows) {
    chunk += line(row);
    count++;
    if (chunk.length > 4 << 20) {
      await write(encode(chunk));
      chunk = '';
    }
  }
  out.end(encode(chunk));
  await Promise.race([once(out, 'finish'), failed]);
  return count;
}

let cp1251Table: Uint8Array | undefined;

/**
 * Node can decode Windows-1251 but not encode it, so the table is built by decoding every high byte once;
 * characters outside the code page become «?», as Excel's «Save as CSV» does.
 */
export function encodeCp1251(text: string): Buffer {
  if (!cp1251Table) {
    cp1251Table = new Uint8Array(0x10000).fill(0x3f);
    for (let b = 0; b < 0x80; b++) cp1251Table[b] = b;
    const decoded = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    for (let i = 0; i < decoded.length; i++) cp1251Table[decoded.charCodeAt(i)] = 0x80 + i;
  }
  const table = cp1251Table;
  const out = Buffer.allocUnsafe(text.length);
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++; // one «?» for a surrogate pair, not two
    out[j++] = table[code]!;
  }
  return out.subarray(0, j);
}

const dateHeaders = new Set(['Дата создания сделки', 'Дата редактирования', 'Дата закрытия', 'Дата консультации']);
const numberHeaders = new Set(['ID', 'Бюджет ', 'Продолжительность (мин)']);
const wallClock = /^(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)$/;

/**
 * Writes rows as amoCRM's XLSX export looks when opened: dates as real date cells, ID/budget/duration as
 * numbers, the rest as text. Streaming, so 100k rows need little memory.
 */
export async function writeXlsx(file: string, rows: Iterable<string[]>, header: string[] = amocrmHeaders()): Promise<number> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Сделки');
  const kinds = header.map((h) => (dateHeaders.has(h) ? 'date' : numberHeaders.has(h) ? 'number' : 'text'));
  sheet.addRow(header).commit();
  let count = 0;
  for (const row of rows) {
    const values: (string | number | Date | null)[] = new Array(row.length);
    const dateCells: number[] = [];
    for (let i = 0; i < row.length; i++) {
      const text = row[i]!;
      if (text === '') values[i] = null;
      else if (kinds[i] === 'number' && /^-?\d+(\.\d+)?$/.test(text)) values[i] = Number(text);
      else if (kinds[i] === 'date' && wallClock.test(text)) {
        const [, dd, mm, yyyy, hh, mi, ss] = wallClock.exec(text)!.map(Number) as number[];
        // exceljs turns a Date into a serial from its UTC fields, so UTC here means "this wall-clock time".
        values[i] = new Date(Date.UTC(yyyy!, mm! - 1, dd!, hh!, mi!, ss!));
        dateCells.push(i + 1);
      } else values[i] = text;
    }
    const added = sheet.addRow(values);
    for (const c of dateCells) added.getCell(c).numFmt = 'dd.mm.yyyy hh:mm:ss';
    added.commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
