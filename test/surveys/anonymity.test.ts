// DESIGN §5, checked the way a hostile administrator would: with the database file and SQL, not through okno.
import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Deps, SurveyPrompts } from '../../src/cli/deps.js';
import { Db } from '../../src/db/database.js';
import { checkAnswers, codeHash } from '../../src/surveys/model.js';
import { closeSurvey, createSurvey, getSurvey, issueCodes, submitAnswers } from '../../src/surveys/store.js';
import { fixture, withTempDir, testClock } from '../helpers.js';

function deps(cwd: string, prompts?: SurveyPrompts) {
  const out: string[] = [];
  const err: string[] = [];
  const d: Deps = {
    output: { print: (t) => out.push(t), json: (v) => out.push(JSON.stringify(v)), error: (t) => err.push(t), progress: () => ({ update() {}, done() {} }) },
    clock: () => new Date('2026-11-20T12:00:00Z'),
    cwd,
    env: {},
    prompts,
    surveyPrompts: prompts,
    interactive: true,
  };
  return { d, out, err };
}

const cli = (cwd: string, args: string[], prompts?: SurveyPrompts) => {
  const { d, out, err } = deps(cwd, prompts);
  return run(['node', 'okno', ...args], d).then((code) => ({ code, out, err }));
};

/** Every cell of every table, as text, with its table and column: what an administrator can read. */
async function everything(file: string): Promise<{ table: string; column: string; type: string; value: string }[]> {
  const db = await Db.open(file, { clock: testClock, readOnly: true });
  try {
    const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      "select table_name, column_name, data_type from duckdb_columns() where database_name = current_database() and schema_name = 'main'",
    );
    const cells: { table: string; column: string; type: string; value: string }[] = [];
    for (const c of columns) {
      const values = await db.query<{ v: string | null }>(`select "${c.column_name}"::varchar as v from "${c.table_name}"`);
      for (const { v } of values) if (v !== null) cells.push({ table: c.table_name, column: c.column_name, type: c.data_type, value: v });
    }
    return cells;
  } finally {
    db.close();
  }
}

async function tableColumns(file: string): Promise<Record<string, string[]>> {
  const db = await Db.open(file, { clock: testClock, readOnly: true });
  try {
    const rows = await db.query<{ table_name: string; cols: string[] }>(
      "select table_name, list(column_name || ' ' || data_type order by column_index) as cols from duckdb_columns() where database_name = current_database() and table_name like 'survey%' group by table_name order by table_name",
    );
    return Object.fromEntries(rows.map((r) => [r.table_name, r.cols]));
  } finally {
    db.close();
  }
}

const sheets: [string, Record<string, unknown>][] = [
  ['Отдел А', { overall: 5, contact: 'СЭД', topics: ['Договоры'], improve: 'Больше типовых шаблонов' }],
  ['Отдел Б', { overall: 1, contact: 'Телефон', topics: ['Кадровые вопросы'], speed: 1 }],
  ['Отдел А', { overall: 3, contact: 'Лично', topics: ['Договоры', 'Кадровые вопросы'] }],
  ['Отдел Б', { overall: 2, contact: 'СЭД', topics: ['Договоры'], improve: 'Нас не слышат' }],
];

/** A survey in a database file: 4 answers by code, given in `order`; closed when asked. */
async function surveyFile(file: string, order: number[], close: boolean): Promise<{ codes: string[] }> {
  const db = await Db.open(file, { clock: testClock });
  try {
    const { parseDefinition } = await import('../../src/surveys/model.js');
    const { readFileSync } = await import('node:fs');
    const definition = parseDefinition(JSON.parse(readFileSync(fixture('surveys/custom-legal-department.json'), 'utf8')));
    const id = await createSurvey(db, { title: 'Т', departments: ['Отдел А', 'Отдел Б'], minGroup: 3, minComments: 3, questions: definition.questions, template: null, previousId: null, today: '2026-11-02' });
    const codes = await issueCodes(db, await getSurvey(db, id), 6);
    for (const i of order) {
      const [department, raw] = sheets[i]!;
      const checked = checkAnswers(definition.questions, raw);
      if ('problems' in checked) throw new Error(checked.problems.join(' '));
      await submitAnswers(db, await getSurvey(db, id), [{ department, answers: checked.answers }], codes[i]!);
    }
    if (close) await closeSurvey(db, await getSurvey(db, id), '2026-11-20');
    await db.exec('checkpoint');
    return { codes };
  } finally {
    db.close();
  }
}

describe('anonymity, as a hostile administrator sees the database', () => {
  it('no table links a code, or its hash, to an answer', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      const { codes } = await surveyFile(file, [0, 1, 2, 3], false);
      // The codes are stored under the key in the file beside the database, never in it (src/surveys/code-key.ts):
      // the old unkeyed hash — which anyone could compute for every possible code — is nowhere.
      const key = Buffer.from((await readFile(`${file}.codes-key`, 'utf8')).trim(), 'hex');
      const digits = (c: string) => c.replace('-', '');
      const hashes = new Set(codes.map((c) => createHmac('sha256', key).update(`okno-survey:1:${digits(c)}`).digest('hex')));
      const cells = await everything(file);
      expect(cells.filter((c) => codes.some((code) => c.value === codeHash(1, code)))).toEqual([]);
      expect(cells.filter((c) => c.value.includes(key.toString('hex')))).toEqual([]);
      // The plain codes are nowhere; their hashes only in survey_codes …
      expect(cells.filter((c) => codes.some((code) => c.value.includes(code) || c.value.includes(code.replace('-', ''))))).toEqual([]);
      expect([...new Set(cells.filter((c) => hashes.has(c.value)).map((c) => `${c.table}.${c.column}`))]).toEqual(['survey_codes.code_hash']);
      // … which holds nothing but the survey, the hash and whether it is used: no order, no time, no answer.
      const columns = await tableColumns(file);
      expect(columns.survey_codes).toEqual(['survey_id INTEGER', 'code_hash VARCHAR', 'used BOOLEAN']);
      // The answers carry no key that could be matched to a code, a person or another answer.
      // `way` says only how they came in: 0 with a code, n the n-th imported export (the thresholds count each way).
      expect(columns.survey_respondents).toEqual(['survey_id INTEGER', 'department VARCHAR', 'way INTEGER']);
      expect(columns.survey_answers).toEqual(['survey_id INTEGER', 'department VARCHAR', 'question_id VARCHAR', 'answer VARCHAR[]', 'way INTEGER']);
      expect(columns.survey_imports).toEqual(['survey_id INTEGER', 'sha256 VARCHAR', 'rows_read INTEGER', 'rows_stored INTEGER', 'watermark TIMESTAMP', 'way INTEGER']);
    });
  });

  it('the answer tables, made anew in content order on every write, keep the definitions of migration 004', async () => {
    // queries/surveys/reorder.sql repeats the tables' definitions: a column, type or NOT NULL that drifted from
    // the migration would show here.
    const definitions = async (db: Db) =>
      db.query<{ table_name: string; sql: string }>(
        "select table_name, sql from duckdb_tables() where table_name in ('survey_respondents', 'survey_answers') order by table_name",
      );
    const fresh = await Db.open(':memory:', { clock: testClock });
    let migrated: { table_name: string; sql: string }[];
    try {
      migrated = await definitions(fresh);
    } finally {
      fresh.close();
    }
    expect(migrated.map((t) => t.table_name)).toEqual(['survey_answers', 'survey_respondents']);
    expect(migrated[0]!.sql).toContain('answer VARCHAR[] NOT NULL');
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.duckdb');
      await surveyFile(file, [0, 1, 2, 3], false);
      const db = await Db.open(file, { clock: testClock, readOnly: true });
      try {
        expect(await definitions(db)).toEqual(migrated);
        expect(await db.query('select count(*)::integer as n from survey_respondents')).toEqual([{ n: 4 }]);
      } finally {
        db.close();
      }
    });
  });

  it('answers carry no time, and their stored order is the same whatever order they were given in', async () => {
    await withTempDir(async (dir) => {
      const a = path.join(dir, 'a.duckdb');
      const b = path.join(dir, 'b.duckdb');
      await surveyFile(a, [0, 1, 2, 3], false);
      await surveyFile(b, [3, 1, 0, 2], false);
      const stored = async (file: string) => {
        const db = await Db.open(file, { clock: testClock, readOnly: true });
        try {
          return {
            answers: await db.query('select rowid, survey_id, department, question_id, answer from survey_answers order by rowid'),
            respondents: await db.query('select rowid, * from survey_respondents order by rowid'),
          };
        } finally {
          db.close();
        }
      };
      // Open, the stored rows (by rowid, i.e. physical order) are identical for both orders of arrival.
      expect(await stored(b)).toEqual(await stored(a));
      const first = (await stored(a)).answers.slice(0, 3);
      expect(first).toEqual([
        { rowid: 0, survey_id: 1, department: 'Отдел А', question_id: 'contact', answer: ['Лично'] },
        { rowid: 1, survey_id: 1, department: 'Отдел А', question_id: 'contact', answer: ['СЭД'] },
        { rowid: 2, survey_id: 1, department: 'Отдел Б', question_id: 'contact', answer: ['СЭД'] },
      ]);
      // No time at all in any survey table but the survey's own dates (and the import watermark, empty here).
      const temporal = Object.entries(await tableColumns(a)).flatMap(([t, cols]) => cols.filter((c) => /DATE|TIME/.test(c)).map((c) => `${t}.${c}`));
      expect(temporal).toEqual(['survey_imports.watermark TIMESTAMP', 'surveys.created_on DATE', 'surveys.closed_on DATE']);
    });
  });

  it('imports keep no e-mail, name or answer time; the watermark is erased on closing', async () => {
    await withTempDir(async (cwd) => {
      await cli(cwd, ['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел надзора,Отдел тарифов,Общий отдел']);
      const first = await cli(cwd, ['survey', 'load', '1', fixture('surveys/google-forms-with-emails.csv'), '--json']);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.out[0]!)).toMatchObject({ status: 'loaded', rowsRead: 6, stored: 6, alreadyStored: 0, rejects: [], dropped: ['Отметка времени', 'Адрес электронной почты', 'ФИО'] });
      const again = await cli(cwd, ['survey', 'load', '1', fixture('surveys/google-forms-reexport.csv'), '--json']);
      expect(JSON.parse(again.out[0]!)).toMatchObject({ rowsRead: 8, stored: 2, alreadyStored: 6 });
      const bad = await cli(cwd, ['survey', 'load', '1', fixture('surveys/google-forms-bad-rows.csv'), '--json']);
      expect(JSON.parse(bad.out[0]!)).toMatchObject({
        rowsRead: 5,
        stored: 1,
        rejects: [
          { line: 2, reason: 'отдела «Бухгалтерия» нет в опросе' },
          { line: 3, reason: 'вопрос «overall»: нужна оценка от 1 до 5, а не «отлично».' },
          { line: 4, reason: 'вопрос «contact»: нет варианта «Факс».' },
          { line: 5, reason: 'не разобрать время ответа «вчера»' },
        ],
      });
      const file = path.join(cwd, 'okno.duckdb');
      const identity = /@|Петрова|Иванов|Егоров|Волкова|2026-11-0[3-6] \d|0[3-6]\.11\.2026/;
      const open = await everything(file);
      expect(open.filter((c) => identity.test(c.value) && c.column !== 'watermark')).toEqual([]);
      expect(open.filter((c) => c.column === 'watermark').map((c) => c.value)).toEqual(['2026-11-05 17:02:09', '2026-11-06 11:30:21', '2026-11-07 09:40:00']);
      expect((await cli(cwd, ['survey', 'close', '1'])).code).toBe(0);
      expect((await everything(file)).filter((c) => identity.test(c.value) || c.column === 'watermark' || /07\.11|2026-11-07/.test(c.value))).toEqual([]);
      // 9 answers in three exports, each a way in of its own: 6 (надзора 3, тарифов 2, общий 1), 2 (общий 1,
      // надзора 1), 1 (тарифов 1). No export brought any department 5, so none is counted: nothing is shown.
      const results = await cli(cwd, ['survey', 'results', '1', '--json']);
      const r = JSON.parse(results.out[0]!) as { respondents: number | null; notCounted: boolean; departments: { shown: boolean }[]; questions: { total: unknown }[] };
      expect([r.respondents, r.notCounted]).toEqual([null, true]);
      expect(r.departments.map((d) => d.shown)).toEqual([false, false, false]);
      expect(r.questions[0]!.total).toBeNull();
    });
  });

  it('Ctrl+C in the middle of the questions writes nothing and leaves the code unused', async () => {
    await withTempDir(async (cwd) => {
      await cli(cwd, ['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б']);
      const issued = await cli(cwd, ['survey', 'codes', '1', '--count', '3', '--json']);
      const [code] = (JSON.parse(issued.out[0]!) as { codes: string[] }).codes;
      const asked: string[] = [];
      const cancel = () => Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      const prompts: SurveyPrompts = {
        input: async (o) => (asked.push(o.message), code!),
        select: async () => { throw cancel(); },
        checkbox: async () => [],
        choose: async (o) => {
          asked.push(o.message);
          if (o.message.includes('Как вы чаще')) throw cancel();
          return o.choices[0]!.value;
        },
        chooseMany: async () => [],
        text: async () => '',
      };
      const r = await cli(cwd, ['survey', 'take', '1'], prompts);
      expect(r.code).toBe(130);
      expect(asked).toEqual(['Код с листочка', 'Ваш отдел', 'Вопрос 1 из 5. Насколько вы удовлетворены работой правового отдела в целом?', 'Вопрос 2 из 5. Как вы чаще всего обращаетесь в отдел?']);
      const status = await cli(cwd, ['survey', 'status', '1', '--json']);
      expect(JSON.parse(status.out[0]!)).toMatchObject({ codesUsed: 0, respondents: 0 });
      const cells = await everything(path.join(cwd, 'okno.duckdb'));
      expect(cells.filter((c) => c.table === 'survey_answers' || c.table === 'survey_respondents')).toEqual([]);
    });
  });

  it('the kiosk takes one person after another, clears the screen between them, and a used code is refused', async () => {
    await withTempDir(async (cwd) => {
      await cli(cwd, ['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б']);
      const issued = await cli(cwd, ['survey', 'codes', '1', '--count', '3', '--json']);
      const codes = (JSON.parse(issued.out[0]!) as { codes: string[] }).codes;
      const typed = [codes[0]!, codes[1]!, codes[0]!];
      let person = 0;
      const prompts: SurveyPrompts = {
        input: async (o) => {
          if (o.message === 'Код с листочка') {
            if (person === typed.length) throw Object.assign(new Error('closed'), { name: 'ExitPromptError' });
            return typed[person++]!;
          }
          return '';
        },
        select: async () => { throw new Error('not asked'); },
        checkbox: async () => { throw new Error('not asked'); },
        // The department by person, «5» on a scale, the first option elsewhere (and «Отправить ответы» at the review).
        choose: async <T extends string>(o: { message: string; choices: { value: T }[] }) =>
          o.message === 'Ваш отдел'
            ? o.choices.find((c) => c.value === (person === 1 ? 'Отдел А' : 'Отдел Б'))!.value
            : (o.choices.find((c) => c.value === '5') ?? o.choices[0]!).value,
        chooseMany: async (o) => [o.choices[1]!.value],
        text: async (o) => (o.message.includes('Что отделу') ? `ответ ${person}` : ''),
      };
      const r = await cli(cwd, ['survey', 'take', '1', '--kiosk'], prompts);
      // Ctrl+C ends the kiosk: the two sheets waiting for their batch (min-group 5) are written, exit 0.
      expect(r.code).toBe(0);
      expect(r.out.filter((t) => t === '\x1b[2J\x1b[3J\x1b[H')).toHaveLength(5);
      expect(r.out.filter((t) => t.includes('Спасибо! Ответ принят'))).toHaveLength(2);
      expect(r.out.at(-1)).toBe('Киоск закрыт. Записано ответов: 2.');
      // The first code, waiting in the batch, counts as used at this kiosk.
      expect(r.err).toContain('Код не подошёл: этот код уже использован: по одному коду отвечают один раз.');
      const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
      try {
        expect(await db.query("select department, answer from survey_answers where question_id in ('overall', 'topics', 'improve') order by all")).toEqual([
          { department: 'Отдел А', answer: ['5'] },
          { department: 'Отдел А', answer: ['Проверки, надзор'] },
          { department: 'Отдел А', answer: ['ответ 1'] },
          { department: 'Отдел Б', answer: ['5'] },
          { department: 'Отдел Б', answer: ['Проверки, надзор'] },
          { department: 'Отдел Б', answer: ['ответ 2'] },
        ]);
        expect((await getSurvey(db, 1)).codesUsed).toBe(2);
      } finally {
        db.close();
      }
    });
  });

  it('the kiosk goes on when another kiosk spent the code meanwhile, and asks again for a text over 4000 letters', async () => {
    await withTempDir(async (cwd) => {
      await cli(cwd, ['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б']);
      const issued = await cli(cwd, ['survey', 'codes', '1', '--count', '2', '--json']);
      const codes = (JSON.parse(issued.out[0]!) as { codes: string[] }).codes;
      const sheet = path.join(cwd, 'ответ.json');
      await writeFile(sheet, JSON.stringify({ department: 'Отдел Б', answers: { overall: 4, contact: 'СЭД', topics: ['Договоры'], improve: 'с другого компьютера' } }));
      let person = 0;
      const refusals: unknown[] = [];
      const prompts: SurveyPrompts = {
        input: async (o) => {
          if (o.message === 'Код с листочка') {
            if (person === 2) throw Object.assign(new Error('closed'), { name: 'ExitPromptError' });
            return codes[person++ === 0 ? 0 : 1]!;
          }
          return '';
        },
        select: async () => { throw new Error('not asked'); },
        checkbox: async () => { throw new Error('not asked'); },
        choose: async (o) => {
          // While the first person picks a department, another kiosk answers with the same code.
          if (o.message === 'Ваш отдел' && person === 1) expect((await cli(cwd, ['survey', 'take', '1', '--code', codes[0]!, '--answers', sheet])).code).toBe(0);
          return o.choices[0]!.value;
        },
        chooseMany: async (o) => [o.choices[1]!.value],
        text: async (o) => {
          if (o.message.includes('Что отделу')) {
            refusals.push(o.validate?.('я'.repeat(4001)), o.validate?.(`  ${'я'.repeat(4000)}  `));
            return `ответ ${person}`;
          }
          return '';
        },
      };
      const r = await cli(cwd, ['survey', 'take', '1', '--kiosk'], prompts);
      expect(r.code).toBe(0);
      // Checked again when the person sends: told at once, not left out of a batch later without a word.
      expect(r.err).toEqual(['Ответ не записан: этот код уже использован: по одному коду отвечают один раз.']);
      expect(r.out.filter((t) => t.includes('Спасибо! Ответ принят'))).toHaveLength(1);
      expect(r.out.at(-1)).toBe('Киоск закрыт. Записано ответов: 1.');
      expect(refusals).toEqual(['Не длиннее 4000 знаков, а здесь 4001: сократите ответ.', true, 'Не длиннее 4000 знаков, а здесь 4001: сократите ответ.', true]);
      const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
      try {
        expect(await db.query("select department, answer from survey_answers where question_id = 'improve' order by all")).toEqual([
          { department: 'Отдел А', answer: ['ответ 2'] },
          { department: 'Отдел Б', answer: ['с другого компьютера'] },
        ]);
        expect(await getSurvey(db, 1)).toMatchObject({ codesUsed: 2, respondents: 2 });
      } finally {
        db.close();
      }
    });
  });
});
