// `okno survey take` on a terminal, with scripted prompts: the way back, the review before sending, and the kiosk's
// clearing and idle timeout (its timer fired by the test: nothing here waits or reads the real clock).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { BACK, type Deps, type SurveyPrompts, type Timers } from '../../src/cli/deps.js';
import { Db } from '../../src/db/database.js';
import { getSurvey } from '../../src/surveys/store.js';
import { fixture, testClock, withTempDir } from '../helpers.js';

const CLEAR = '\x1b[2J\x1b[3J\x1b[H';
const cancel = () => Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });

/** Timers that run only when the test fires them. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending.set(++next, { fn, ms }), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    started: () => next,
    pending: () => [...pending.values()].map((t) => t.ms),
    fire: () => {
      for (const [id, t] of [...pending]) (pending.delete(id), t.fn());
    },
  };
}

async function setup(cwd: string, count: number, definition = fixture('surveys/custom-legal-department.json')) {
  const log: string[] = [];
  const d = (prompts: SurveyPrompts, timers?: Timers): Deps => ({
    output: { print: (t) => log.push(t), json: (v) => log.push(JSON.stringify(v)), error: (t) => log.push(`err: ${t}`), progress: () => ({ update() {}, done() {} }) },
    clock: () => new Date('2026-11-20T12:00:00Z'),
    cwd,
    env: {},
    prompts,
    surveyPrompts: prompts,
    timers,
    interactive: true,
  });
  const none = {} as SurveyPrompts;
  await run(['node', 'okno', 'survey', 'create', '--from', definition, '--departments', 'Отдел А,Отдел Б'], d(none));
  await run(['node', 'okno', 'survey', 'codes', '1', '--count', String(count), '--json'], d(none));
  const codes = (JSON.parse(log.at(-1)!) as { codes: string[] }).codes;
  log.length = 0;
  return { log, codes, take: (args: string[], prompts: SurveyPrompts, timers?: Timers) => run(['node', 'okno', 'survey', 'take', '1', ...args], d(prompts, timers)) };
}

async function stored(cwd: string) {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
  try {
    const answers = await db.query<{ department: string; question_id: string; answer: string[] }>('select department, question_id, answer from survey_answers order by all');
    return { answers: answers.map((a) => `${a.department} ${a.question_id}=${a.answer.join('|')}`), codesUsed: (await getSurvey(db, 1)).codesUsed };
  } finally {
    db.close();
  }
}

describe('okno survey take, on a terminal', () => {
  it('Esc goes back a question, the review shows every answer, and an answer changed there is what is stored', async () => {
    await withTempDir(async (cwd) => {
      const { log, codes, take } = await setup(cwd, 1);
      // What the person does, prompt by prompt (the message's start → the answer).
      const script: [string, unknown][] = [
        ['Ваш отдел', 'Отдел Б'],
        ['Вопрос 1 из 5. Насколько', '4'],
        ['Вопрос 2 из 5. Как вы', 'Телефон'],
        ['Вопрос 3 из 5. По каким', BACK],
        ['Вопрос 2 из 5. Как вы', 'СЭД'],
        ['Вопрос 3 из 5. По каким', ['Договоры']],
        ['Вопрос 4 из 5. Насколько быстро', '__skip__'],
        ['Вопрос 5 из 5. Что отделу', 'Шаблоны\nи сроки'],
        ['Отправить ответы?', 'overall'],
        ['Вопрос 1 из 5. Насколько', '2'],
        ['Отправить ответы?', '__send__'],
      ];
      const defaults: unknown[] = [];
      const step = async (o: { message: string; default?: unknown; choices?: { value: string }[] }) => {
        const [start, answer] = script.shift() ?? ['(none)', undefined];
        expect(o.message.startsWith(start), `${o.message} ← ${start}`).toBe(true);
        defaults.push(o.default);
        if (o.choices && answer !== BACK && !Array.isArray(answer)) expect(o.choices.map((c) => c.value)).toContain(answer);
        return answer as never;
      };
      const prompts: SurveyPrompts = {
        input: async () => codes[0]!,
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: step,
        chooseMany: step,
        text: step,
      };
      expect(await take([], prompts)).toBe(0);
      expect(script).toEqual([]);
      // Going back finds the earlier answer chosen; a changed answer from the review starts from the stored one.
      expect(defaults).toEqual([undefined, undefined, undefined, undefined, 'Телефон', undefined, undefined, undefined, undefined, '4', undefined]);
      const review = log.filter((t) => t.includes('Проверьте ответы:'));
      expect(review[0]).toContain('   Отдел: Отдел Б\n1. Насколько вы удовлетворены работой правового отдела в целом?\n   → 4\n2. Как вы чаще всего обращаетесь в отдел?\n   → СЭД');
      expect(review[0]).toContain('4. Насколько быстро вы получаете ответ на письменный запрос?\n   → нет ответа\n5. Что отделу стоит делать иначе?\n   → Шаблоны\n     и сроки');
      expect(review[1]).toContain('→ 2\n');
      expect((await stored(cwd)).answers).toEqual(['Отдел Б contact=СЭД', 'Отдел Б improve=Шаблоны\nи сроки', 'Отдел Б overall=2', 'Отдел Б topics=Договоры']);
    });
  });

  it('a comment left by Esc is there on the way forward; an empty or over-long one leaves the earlier answer', async () => {
    await withTempDir(async (cwd) => {
      const { codes, take } = await setup(cwd, 1);
      const texts: (string | undefined)[] = [];
      let visits = 0;
      const prompts: SurveyPrompts = {
        input: async () => codes[0]!,
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async (o) => (o.message === 'Отправить ответы?' ? '__send__' : o.choices[0]!.value) as never,
        chooseMany: async (o) => [o.choices[0]!.value] as never,
        text: async (o) => {
          texts.push(o.default);
          visits++;
          if (visits === 1) o.onBack?.('черновик');
          if (visits === 2) o.onBack?.('я'.repeat(4001));
          if (visits <= 2) return BACK as never;
          return o.default ?? '';
        },
      };
      expect(await take([], prompts)).toBe(0);
      expect(texts).toEqual([undefined, 'черновик', 'черновик']);
      expect((await stored(cwd)).answers).toContain('Отдел А improve=черновик');
    });
  });

  it('«Отправить ответы» with a required question unanswered goes to that question instead of sending', async () => {
    await withTempDir(async (cwd) => {
      const { log, codes, take } = await setup(cwd, 1);
      const asked: string[] = [];
      let topics = 0;
      const prompts: SurveyPrompts = {
        input: async () => codes[0]!,
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async (o) => (asked.push(o.message.slice(0, 16)), (o.message === 'Отправить ответы?' ? '__send__' : o.choices[0]!.value) as never),
        // The first time nothing is ticked (a fake can; the real prompt refuses it).
        chooseMany: async (o) => (asked.push(o.message.slice(0, 16)), (topics++ === 0 ? [] : [o.choices[0]!.value]) as never),
        text: async () => '',
      };
      expect(await take([], prompts)).toBe(0);
      expect(log).toContain('Нет ответа на обязательный вопрос 3.');
      expect(asked.slice(-3)).toEqual(['Отправить ответы', 'Вопрос 3 из 5. П', 'Отправить ответы']);
      expect((await stored(cwd)).answers).toContain('Отдел А topics=Договоры');
    });
  });

  it('a changed answer that no longer asks a conditional question drops its answer', async () => {
    await withTempDir(async (cwd) => {
      // The README's example: «contracts» is asked only when «topics» includes «Договоры».
      const definition = path.join(cwd, 'опрос.json');
      await writeFile(definition, JSON.stringify({
        title: 'Работа правового отдела глазами коллег',
        questions: [
          { id: 'topics', kind: 'multiple', text: 'По каким вопросам?', options: ['Договоры', 'Проверки, надзор'] },
          { id: 'contracts', kind: 'scale', text: 'Как быстро согласуют договоры?', required: false, askIf: { question: 'topics', includes: 'Договоры' } },
        ],
      }));
      const { codes, take } = await setup(cwd, 1, definition);
      let reviews = 0;
      const prompts: SurveyPrompts = {
        input: async () => codes[0]!,
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async (o) => {
          if (o.message === 'Отправить ответы?') return (reviews++ === 0 ? 'topics' : '__send__') as never;
          return (o.message.includes('Как быстро') ? '3' : o.choices[0]!.value) as never;
        },
        chooseMany: async () => (reviews === 0 ? ['Договоры'] : ['Проверки, надзор']) as never,
        text: async () => '',
      };
      expect(await take([], prompts)).toBe(0);
      expect((await stored(cwd)).answers).toEqual(['Отдел А topics=Проверки, надзор']);
    });
  });

  it('the kiosk clears the screen as soon as the answer is taken, before anything waits; Ctrl+C writes what waits for its batch', async () => {
    await withTempDir(async (cwd) => {
      const { log, codes, take } = await setup(cwd, 2);
      let person = 0;
      const prompts: SurveyPrompts = {
        input: async (o) => {
          log.push(`? ${o.message}`);
          if (person === 1) throw cancel();
          return codes[person++]!;
        },
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async (o) => (o.message === 'Отправить ответы?' ? '__send__' : o.choices[0]!.value) as never,
        chooseMany: async (o) => [o.choices[0]!.value] as never,
        text: async () => 'секрет',
      };
      // Ctrl+C is how a kiosk ends: the sheet waiting for its batch (1 of min-group 5) is written, exit 0.
      expect(await take(['--kiosk'], prompts)).toBe(0);
      const review = log.findIndex((t) => t.includes('Проверьте ответы:'));
      // After the review: the screen cleared, the thanks, then the next person's start — no prompt in between.
      expect(log.slice(review + 1, review + 4)).toEqual([
        CLEAR,
        'Спасибо! Ответ принят: он будет записан в базу вместе с другими, пачкой не меньше чем по 5 (последняя, при остановке, может быть меньше).\n',
        expect.stringContaining('«Работа правового отдела глазами коллег»'),
      ]);
      expect(log.slice(review + 4)).toEqual(['? Код с листочка', CLEAR, 'Киоск закрыт. Записано ответов: 1.']);
      expect((await stored(cwd)).codesUsed).toBe(1);
    });
  });

  it('the kiosk drops a half-filled sheet after its idle timeout (default 3 minutes); a key pressed starts the wait again', async () => {
    await withTempDir(async (cwd) => {
      const { log, codes, take } = await setup(cwd, 1);
      const clock = manualTimers();
      let sheets = 0;
      const waits: number[][] = [];
      const prompts: SurveyPrompts = {
        input: async (o) => {
          if (o.message !== 'Код с листочка') return '';
          if (sheets++ === 2) throw cancel();
          return codes[0]!;
        },
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async (o) => {
          if (o.message === 'Ваш отдел') return o.choices[0]!.value as never;
          if (sheets === 1) {
            // The first person presses keys, then walks away from the first question.
            o.onKey?.();
            o.onKey?.();
            waits.push(clock.pending());
            clock.fire();
            expect(o.signal?.aborted).toBe(true);
            throw Object.assign(new Error('Prompt was aborted'), { name: 'AbortPromptError' });
          }
          return (o.message === 'Отправить ответы?' ? '__send__' : o.choices[0]!.value) as never;
        },
        chooseMany: async (o) => [o.choices[0]!.value] as never,
        text: async () => '',
      };
      expect(await take(['--kiosk'], prompts, clock.timers)).toBe(0);
      // One wait of 3 minutes pending at a time, started with the sheet and again on each of the two keys (then
      // once more for the second sheet).
      expect(waits).toEqual([[180_000]]);
      expect(clock.started()).toBe(4);
      const dropped = 'Предыдущая анкета сброшена: 3\u00a0минуты без нажатий клавиш. Ничего не записано, код не израсходован.\n';
      // Said once, on a cleared screen.
      expect(log.filter((t) => t === dropped)).toHaveLength(1);
      expect(log[log.indexOf(dropped) - 1]).toBe(CLEAR);
      // The same code then served the next sheet: the dropped one spent nothing.
      expect(await stored(cwd)).toMatchObject({ codesUsed: 1 });
      expect((await stored(cwd)).answers.filter((a) => a.includes('overall'))).toEqual(['Отдел А overall=1']);
      expect(clock.pending()).toEqual([]);
    });
  });

  it('--idle sets the timeout in minutes; outside 1–120 it is a usage error', async () => {
    await withTempDir(async (cwd) => {
      const { log, codes, take } = await setup(cwd, 1);
      const clock = manualTimers();
      let seen: number[] = [];
      const prompts: SurveyPrompts = {
        input: async () => {
          if (seen.length > 0) throw cancel();
          return codes[0]!;
        },
        select: async () => { throw cancel(); },
        checkbox: async () => { throw cancel(); },
        choose: async () => {
          seen = clock.pending();
          throw cancel();
        },
        chooseMany: async () => [],
        text: async () => '',
      };
      expect(await take(['--kiosk', '--idle', '10'], prompts, clock.timers)).toBe(0);
      expect(seen).toEqual([600_000]);
      // Ctrl+C mid-sheet at a kiosk clears the screen on the way out; nothing waited to be written.
      expect(log.slice(-2)).toEqual([CLEAR, 'Киоск закрыт. Записано ответов: 0.']);
      expect(await take(['--kiosk', '--idle', '0'], prompts, clock.timers)).toBe(2);
    });
  });
});

describe('the kiosk writes in batches of min-group (5), as okno survey serve does', () => {
  /** A kiosk session: `people` answer with codes 0…people−1, then `end` ends it (Ctrl+C, or a crash). */
  async function session(cwd: string, people: number, end: Error, seen: number[]) {
    const { codes, take } = await setup(cwd, people);
    let person = 0;
    const prompts: SurveyPrompts = {
      input: async (o) => {
        if (o.message !== 'Код с листочка') return '';
        // What the database holds as the next person comes up: a copy taken now shows the same.
        seen.push((await stored(cwd)).answers.filter((a) => a.includes(' overall=')).length);
        if (person === people) throw end;
        return codes[person++]!;
      },
      select: async () => { throw cancel(); },
      checkbox: async () => { throw cancel(); },
      choose: async (o) => (o.message === 'Отправить ответы?' ? '__send__' : o.choices[0]!.value) as never,
      chooseMany: async (o) => [o.choices[0]!.value] as never,
      text: async () => '',
    };
    return { codes, take: () => take(['--kiosk'], prompts) };
  }

  it('nothing reaches the database until 5 have answered; then the 5 at once; Ctrl+C writes the sixth', async () => {
    await withTempDir(async (cwd) => {
      const seen: number[] = [];
      const { take } = await session(cwd, 6, cancel(), seen);
      expect(await take()).toBe(0);
      expect(seen).toEqual([0, 0, 0, 0, 0, 5, 5]);
      expect(await stored(cwd)).toMatchObject({ codesUsed: 6 });
    });
  });

  it('a crash loses only the waiting sheets: nothing of them is stored and their codes still work', async () => {
    await withTempDir(async (cwd) => {
      const seen: number[] = [];
      const { codes, take } = await session(cwd, 2, new Error('the power went off'), seen);
      expect(await take()).toBe(70);
      expect(seen).toEqual([0, 0, 0]);
      expect(await stored(cwd)).toEqual({ answers: [], codesUsed: 0 });
      // The same two people answer again with their slips.
      await writeFile(path.join(cwd, 'a.json'), JSON.stringify({ department: 'Отдел А', answers: { overall: 4, contact: 'СЭД', topics: ['Договоры'] } }));
      const again = await run(['node', 'okno', 'survey', 'take', '1', '--code', codes[0]!, '--answers', 'a.json'], {
        output: { print: () => {}, json: () => {}, error: () => {}, progress: () => ({ update() {}, done() {} }) },
        clock: () => new Date('2026-11-20T12:00:00Z'),
        cwd,
        env: {},
        interactive: false,
      });
      expect(again).toBe(0);
    });
  });
});
