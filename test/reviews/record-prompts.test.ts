import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Deps, Prompts } from '../../src/cli/deps.js';
import { Db } from '../../src/db/database.js';
import { fixture, load, withTempDir, testClock } from '../helpers.js';

function deps(cwd: string, prompts: Prompts) {
  const out: string[] = [];
  const err: string[] = [];
  const d: Deps = {
    output: { print: (t) => out.push(t), json: (v) => out.push(JSON.stringify(v)), error: (t) => err.push(t), progress: () => ({ update() {}, done() {} }) },
    clock: () => new Date('2026-10-20T09:00:00Z'),
    cwd,
    env: {},
    prompts,
    interactive: true,
  };
  return { d, out, err };
}

async function setup(cwd: string) {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock });
  try {
    await load(db, [fixture('reviews/effectiveness.csv')]);
  } finally {
    db.close();
  }
}

async function count(cwd: string): Promise<number> {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
  try {
    return Number((await db.query<{ n: number }>('select count(*)::integer as n from review_versions'))[0]!.n);
  } finally {
    db.close();
  }
}

describe('okno review record, interactive', () => {
  it('asks what the flags did not give, after showing the facts', async () => {
    await withTempDir(async (cwd) => {
      await setup(cwd);
      const asked: string[] = [];
      const answers: Record<string, string> = {
        'Консультация была эффективной?': 'нет',
        'Затрачено минут': '50',
        'Причины неэффективности': 'Не хватило времени',
        'Шаги по улучшению (можно пропустить)': '',
        'Кто оценил': 'Смирнова Анна',
        'Дата оценки (ДД.ММ.ГГГГ)': '19.10.2026',
      };
      const prompts: Prompts = {
        select: async (o) => (asked.push(o.message), answers[o.message] as never),
        input: async (o) => (asked.push(o.message), answers[o.message]!),
        checkbox: async () => [],
      };
      const { d, out } = deps(cwd, prompts);
      expect(await run(['node', 'okno', 'review', 'record', '4003'], d)).toBe(0);
      expect(asked).toEqual(Object.keys(answers));
      expect(out[0]).toContain('Консультация 4003 от 20.09.2026: Инициатива «Двор»');
      expect(out.at(-1)).toBe('Оценка за месяц по консультации 4003 записана: эффективна: нет; минут: 50; удовлетворённость: —; оценка: Смирнова Анна, 19.10.2026.');
      expect(await count(cwd)).toBe(1);
    });
  });

  it('Ctrl+C writes nothing and exits 130', async () => {
    await withTempDir(async (cwd) => {
      await setup(cwd);
      const cancel = async (): Promise<never> => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      };
      const { d, err } = deps(cwd, { select: cancel, input: cancel, checkbox: cancel });
      expect(await run(['node', 'okno', 'review', 'record', '4003', '--effective', 'да'], d)).toBe(130);
      expect(err).toEqual(['Отменено.']);
      expect(await count(cwd)).toBe(0);
    });
  });
});

describe('noOpenReview', () => {
  const w = (kind: 'month' | 'followup', state: 'not_open' | 'done', opens: string) => ({ kind, state, opens, deadline: opens, allowedUntil: opens });
  it('says what is done and when the next opens, and does not promise a review when both are done', async () => {
    const { noOpenReview } = await import('../../src/reviews/record.js');
    expect(noOpenReview([w('month', 'done', '2026-09-14'), w('followup', 'not_open', '2026-11-14')])).toBe(
      'оценка за месяц проведена, а оценка через 3–4 месяца начнётся 14.11.2026',
    );
    expect(noOpenReview([w('month', 'done', '2026-09-14'), w('followup', 'done', '2026-11-14')])).toBe('обе оценки проведены');
    expect(noOpenReview([w('month', 'not_open', '2026-12-01'), w('followup', 'not_open', '2027-02-01')])).toBe(
      'оценка за месяц начнётся 01.12.2026, а оценка через 3–4 месяца начнётся 01.02.2027',
    );
  });
});
