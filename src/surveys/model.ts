// Surveys as data: the questions, the built-in template from seed 004, custom surveys from JSON, and the checks an
// answer sheet must pass before anything is written. No I/O here.
import { createHash, randomInt } from 'node:crypto';
import { validate, zod, type ZodNamespace } from '../validation.js';

export type QuestionKind = 'scale' | 'single' | 'multiple' | 'text';

export interface Question {
  /** Stable across waves: the change against the previous wave is matched by it. */
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  /** single / multiple: the choices, in the order shown. */
  options?: string[];
  /** scale: what 1 and 5 mean. */
  labels?: { low: string; high: string };
  /** Asked only when an earlier choice question's answer includes this option. */
  askIf?: { question: string; includes: string };
}

export interface SurveyDefinition {
  title?: string;
  questions: Question[];
}

export const SCALE_VALUES = ['1', '2', '3', '4', '5'] as const;

const channels = ['АРМ', 'СЭД', 'Электронная почта', 'Телефон', 'Служебные и докладные записки'];
const timeliness = ['Всегда в срок', 'Чаще в срок', 'Чаще с опозданием', 'Почти всегда с опозданием', 'Не обращался(ась)'];
const satisfied = { low: 'совсем не удовлетворён(а)', high: 'полностью удовлетворён(а)' };
const agree = { low: 'совсем не согласен(на)', high: 'полностью согласен(на)' };

/** «Удовлетворенность внутренним взаимодействием», after seed 004 (§2.2 channels, §3 answers and etiquette, §4.3 knowledge base). */
export const internalTemplate: SurveyDefinition = {
  title: 'Удовлетворенность внутренним взаимодействием',
  questions: [
    {
      id: 'channels',
      kind: 'multiple',
      text: 'Какими способами вы взаимодействуете с коллегами из других подразделений?',
      required: true,
      options: channels,
    },
    ...channels.map((channel, i): Question => ({
      id: ['channel_arm', 'channel_sed', 'channel_email', 'channel_phone', 'channel_memo'][i]!,
      kind: 'scale',
      text: `Насколько вы удовлетворены взаимодействием через канал «${channel}»?`,
      required: true,
      labels: satisfied,
      askIf: { question: 'channels', includes: channel },
    })),
    {
      id: 'written_on_time',
      kind: 'single',
      text: 'Ответ на письменное обращение или запрос (служебную записку, запрос в СЭД) вы получаете не позднее 30 дней?',
      required: true,
      options: timeliness,
    },
    {
      id: 'oral_on_time',
      kind: 'single',
      text: 'Ответ на устное обращение вы получаете сразу или не позднее трёх рабочих дней?',
      required: true,
      options: timeliness,
    },
    {
      id: 'listened',
      kind: 'scale',
      text: 'Когда вы обращаетесь к коллегам, вас внимательно выслушивают и задают уточняющие вопросы.',
      required: true,
      labels: agree,
    },
    {
      id: 'courtesy',
      kind: 'scale',
      text: 'Коллеги общаются с вами вежливо и доброжелательно.',
      required: true,
      labels: agree,
    },
    {
      id: 'knowledge_base',
      kind: 'scale',
      text: 'Насколько полезна внутренняя база знаний (положения, порядки, регламенты, инструкции, шаблоны)? Пропустите, если не пользуетесь.',
      required: false,
      labels: { low: 'совсем бесполезна', high: 'очень полезна' },
    },
    {
      id: 'overall',
      kind: 'scale',
      text: 'В целом насколько вы удовлетворены внутренним взаимодействием в организации?',
      required: true,
      labels: satisfied,
    },
    {
      id: 'improve',
      kind: 'text',
      text: 'Что стоит улучшить во внутреннем взаимодействии?',
      required: false,
    },
  ],
};

const questionKinds = ['scale', 'single', 'multiple', 'text'] as const satisfies readonly QuestionKind[];

let schemas: ReturnType<typeof buildDefinitionSchemas> | undefined;

/** The shape of a definition file; what depends on a question's kind or on other questions is checked in code. */
function buildDefinitionSchemas(z: ZodNamespace) {
  const nonEmpty = () => z.string().regex(/\S/);
  return {
    root: z.looseObject({ title: nonEmpty().optional(), questions: z.array(z.unknown()).min(1) }),
    question: z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
      kind: z.enum(questionKinds),
      text: nonEmpty(),
      required: z.boolean().optional(),
      options: z.array(nonEmpty()).min(2).optional(),
      labels: z.object({ low: z.string(), high: z.string() }).optional(),
      askIf: z.object({ question: z.string(), includes: z.string() }).optional(),
    }),
  };
}

/** Each question's problems are listed in the order of its fields, as the README describes them. */
const fieldOrder = ['', 'id', 'kind', 'text', 'required', 'options', 'labels', 'askIf'];

const fieldProblems: Record<string, string> = {
  id: '«id» — латинские буквы, цифры, _ и -, до 40 знаков.',
  kind: '«kind» — одно из scale, single, multiple, text.',
  text: 'нужен текст вопроса «text».',
  required: '«required» — true или false.',
  options: 'нужен список «options» хотя бы из двух непустых вариантов.',
  labels: '«labels» — {"low": "…", "high": "…"}, только у scale.',
  askIf: '«askIf» — {"question": "<id>", "includes": "<вариант>"}.',
};

/**
 * A custom survey from JSON (format in the README). Throws a list of Russian problems, every one of them, so the
 * author fixes the file in one go.
 */
export function parseDefinition(json: unknown): SurveyDefinition {
  schemas ??= buildDefinitionSchemas(zod());
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DefinitionError(['ожидается объект {"title": …, "questions": [...]}.']);
  const root = validate(schemas.root, json);
  const failed = new Set(root.ok ? [] : root.issues.map((issue) => String(issue.path[0])));
  const problems = failed.has('title') ? ['«title» должен быть непустой строкой.'] : [];
  if (failed.has('questions')) throw new DefinitionError([...problems, 'нужен непустой список «questions».']);
  const { title, questions: list } = json as { title?: string; questions: unknown[] };
  const questions: Question[] = [];
  const ids = new Set<string>();
  list.forEach((raw, i) => {
    const found = checkQuestion(raw, i, questions, ids);
    problems.push(...found.problems.map((problem) => `вопрос ${i + 1}: ${problem}`));
    if (found.question) questions.push(found.question);
  });
  if (problems.length > 0) throw new DefinitionError(problems);
  return { ...(title !== undefined && { title: title.trim() }), questions };
}

/** One question's problems (without the «вопрос N:» prefix), and the question when it can be referred to. */
function checkQuestion(raw: unknown, index: number, earlier: Question[], ids: Set<string>): { problems: string[]; question?: Question } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: ['ожидается объект.'] };
  const q = raw as Record<string, unknown>;
  const checked = validate(schemas!.question, q);
  const found: { field: string; problem: string }[] = [];
  const bad = new Set<string>();
  for (const issue of checked.ok ? [] : checked.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) found.push({ field: '', problem: `неизвестное поле «${key}».` });
      continue;
    }
    const field = String(issue.path[0]);
    bad.add(field);
    if (field in fieldProblems) found.push({ field, problem: fieldProblems[field]! });
  }
  const ok = (field: string) => !bad.has(field);

  const id = q.id === undefined ? `q${index + 1}` : (q.id as string);
  if (ok('id')) {
    if (ids.has(id)) found.push({ field: 'id', problem: `«id» «${id}» уже занят.` });
    else ids.add(id);
  }
  const kind = ok('kind') ? (q.kind as QuestionKind) : undefined;
  const choice = kind === 'single' || kind === 'multiple';
  let options: string[] | undefined;
  if (choice && q.options === undefined) found.push({ field: 'options', problem: fieldProblems.options! });
  if (!choice && q.options !== undefined) {
    // The kind decides: options on a scale question are out of place whatever they hold.
    for (let j = found.length - 1; j >= 0; j--) if (found[j]!.field === 'options') found.splice(j, 1);
    found.push({ field: 'options', problem: '«options» бывают только у single и multiple.' });
  }
  if (choice && ok('options') && q.options !== undefined) {
    options = (q.options as string[]).map((o) => o.trim());
    if (new Set(options).size !== options.length) found.push({ field: 'options', problem: 'варианты ответа повторяются.' });
  }
  const labels = ok('labels') && kind === 'scale' ? (q.labels as Question['labels']) : undefined;
  if (q.labels !== undefined && kind !== 'scale') found.push({ field: 'labels', problem: fieldProblems.labels! });
  let askIf: Question['askIf'];
  if (q.askIf !== undefined && ok('askIf')) {
    const a = q.askIf as { question: string; includes: string };
    const target = earlier.find((p) => p.id === a.question);
    if (!target || (target.kind !== 'single' && target.kind !== 'multiple')) {
      found.push({ field: 'askIf', problem: `«askIf» ссылается на «${a.question}», а это не один из предыдущих вопросов с вариантами.` });
    } else if (!target.options!.includes(a.includes)) {
      found.push({ field: 'askIf', problem: `в вопросе «${a.question}» нет варианта «${a.includes}».` });
    } else askIf = { question: a.question, includes: a.includes };
  }

  const problems = [...new Set(found.sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field)).map((f) => f.problem))];
  // A question with a usable id, kind and text can be the target of a later askIf even if it has other problems.
  if (!ok('id') || kind === undefined || typeof q.text !== 'string') return { problems };
  const text = q.text.trim();
  const required = typeof q.required === 'boolean' ? q.required : kind !== 'text';
  return {
    problems,
    question: { id, kind, text, required, ...(options && { options }), ...(labels && { labels: { low: labels.low, high: labels.high } }), ...(askIf && { askIf }) },
  };
}

export class DefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'DefinitionError';
  }
}

/** One person's answers: question id → the answer ('1'…'5', an option, options, or text). */
export type AnswerSheet = Record<string, string | string[]>;

/** Whether a question is asked, given the answers so far. */
export function isAsked(question: Question, answers: AnswerSheet): boolean {
  if (!question.askIf) return true;
  const given = answers[question.askIf.question];
  return Array.isArray(given) ? given.includes(question.askIf.includes) : given === question.askIf.includes;
}

/**
 * Checks a whole answer sheet (from a file, prompts or an imported row) against the questions and returns the
 * answers as stored (each a list of strings), or the problems. Unanswered optional questions are simply absent.
 */
export function checkAnswers(questions: Question[], raw: Record<string, unknown>): { answers: Map<string, string[]> } | { problems: string[] } {
  const problems: string[] = [];
  const answers = new Map<string, string[]>();
  const sheet: AnswerSheet = {};
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`нет вопроса «${key}».`);
  for (const q of questions) {
    const value = raw[q.id];
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!isAsked(q, sheet)) {
      if (!empty) problems.push(`вопрос «${q.id}» задаётся, только если в «${q.askIf!.question}» выбрано «${q.askIf!.includes}».`);
      continue;
    }
    if (empty) {
      if (q.required) problems.push(`нет ответа на обязательный вопрос «${q.id}».`);
      continue;
    }
    const answer = checkOne(q, value);
    if (typeof answer === 'string') problems.push(`вопрос «${q.id}»: ${answer}`);
    else {
      answers.set(q.id, answer);
      sheet[q.id] = q.kind === 'multiple' ? answer : answer[0]!;
    }
  }
  return problems.length > 0 ? { problems } : { answers };
}

function checkOne(q: Question, value: unknown): string[] | string {
  switch (q.kind) {
    case 'scale': {
      const text = String(value).trim();
      return (SCALE_VALUES as readonly string[]).includes(text) ? [text] : `нужна оценка от 1 до 5, а не «${text}».`;
    }
    case 'single': {
      const text = String(value).trim();
      return q.options!.includes(text) ? [text] : `нет варианта «${text}».`;
    }
    case 'multiple': {
      const list = (Array.isArray(value) ? value : [value]).map((v) => String(v).trim());
      const unknown = list.filter((v) => !q.options!.includes(v));
      if (unknown.length > 0) return `нет варианта «${unknown[0]}».`;
      // Stored in the question's order, each once: the stored value says nothing about the order it was ticked in.
      return q.options!.filter((o) => list.includes(o));
    }
    case 'text': {
      if (typeof value !== 'string') return 'нужен текст.';
      const text = textAnswer(value);
      return text.length > TEXT_ANSWER_LIMIT ? `ответ длиннее ${TEXT_ANSWER_LIMIT} знаков.` : [text];
    }
  }
}

/** The longest free-text answer stored, in characters (after trimming and turning line ends into \n). */
export const TEXT_ANSWER_LIMIT = 4000;

/** A free-text answer as stored. */
export function textAnswer(value: string): string {
  return value.trim().replace(/\r\n?/g, '\n');
}

/** Titles of one survey's waves compare equal: case, spaces, ё and quotes do not matter. */
export function seriesKey(title: string): string {
  return title.toLowerCase().replace(/ё/g, 'е').replace(/[«»"„“”']/g, '').replace(/\s+/g, ' ').trim();
}

// ---- Access codes ----------------------------------------------------------------------------------------------

/**
 * Codes are ten digits, shown as two groups of five: digits type the same on a Russian and an English keyboard.
 * Nine are random (crypto), the tenth a Luhn check digit, so a typo is told apart from a code that does not exist.
 */
export function generateCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let body = '';
    for (let i = 0; i < 9; i++) body += String(randomInt(10));
    codes.add(formatCode(body + luhnDigit(body)));
  }
  return [...codes];
}

function formatCode(digits: string): string {
  return `${digits.slice(0, 5)}-${digits.slice(5)}`;
}

/** The ten digits of a typed code (spaces and dashes ignored), or why it cannot be one. */
export function readCode(input: string): { digits: string } | { problem: string } {
  const digits = input.replace(/[\s\-–—]/g, '');
  if (!/^\d{10}$/.test(digits)) return { problem: 'код — десять цифр, например 12345-67890.' };
  if (luhnDigit(digits.slice(0, 9)) !== digits[9]) return { problem: 'в коде опечатка: проверьте цифры.' };
  return { digits };
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * What okno stored of a code before its databases had a key (sha256 over the survey id and the digits): still
 * checked for codes issued then, and used for a database that has no key yet. New codes are stored under the key
 * (src/surveys/code-key.ts).
 */
export function codeHash(surveyId: number, code: string): string {
  const read = readCode(code);
  const digits = 'digits' in read ? read.digits : code;
  return createHash('sha256').update(`okno-survey:${surveyId}:${digits}`).digest('hex');
}
