// Issue 19: the thresholds cannot be beaten with okno's own commands. Before schema 11, `survey load` of k−1 invented
// answers into a department where one real person answered made the department's figures (k people) show that
// person exactly: the figures minus the invented answers. Now each way in — the codes, and each imported export — is
// counted on its own once answers came in more than one way (README «Опросы сотрудников»).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, withTempDir } from '../helpers.js';
import { okno } from '../e2e/cli.js';

interface Results {
  respondents: number | null;
  notCounted: boolean;
  departments: { name: string; shown: boolean; respondents: number | null }[];
  questions: { id: string; total: { n: number; mean: number | null } | null; departments: { name: string; shown: boolean; n?: number; mean?: number | null }[] }[];
  comments: { group: string; comments: string[] }[];
}

/** A survey (k = 5) with one real person in «Отдел А» and six in «Отдел Б», all by code. */
async function survey(cwd: string): Promise<void> {
  await okno(['survey', 'create', '--from', fixture('surveys/custom-legal-department.json'), '--departments', 'Отдел А,Отдел Б', '--min-group', '5', '--min-comments', '5'], { cwd });
  const codes = JSON.parse((await okno(['survey', 'codes', '1', '--count', '7', '--out', 'codes.txt', '--json'], { cwd })).stdout).codes as string[];
  const sheets = [
    { department: 'Отдел А', answers: { overall: 1, contact: 'Лично', topics: ['Договоры'], improve: 'Руководитель отдела нас не слышит' } },
    ...[5, 4, 4, 5, 3, 4].map((overall) => ({ department: 'Отдел Б', answers: { overall, contact: 'СЭД', topics: ['Договоры'] } })),
  ];
  for (const [i, sheet] of sheets.entries()) {
    await writeFile(path.join(cwd, `sheet-${i}.json`), JSON.stringify(sheet));
    expect((await okno(['survey', 'take', '1', '--code', codes[i]!, '--answers', `sheet-${i}.json`], { cwd })).code).toBe(0);
  }
}

/** An export made up by whoever can run okno: `count` answers in «Отдел А», every one «5» and the same comment. */
async function invented(cwd: string, name: string, count: number): Promise<string> {
  const rows = Array.from({ length: count }, () => 'Отдел А,5,СЭД,Договоры,выдуманный');
  await writeFile(path.join(cwd, name), ['Подразделение,overall,contact,topics,improve', ...rows].join('\n') + '\n');
  return name;
}

async function results(cwd: string): Promise<Results> {
  expect((await okno(['survey', 'close', '1'], { cwd })).code).toBe(0);
  const r = await okno(['survey', 'results', '1', '--json'], { cwd });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Results;
}

describe('the thresholds against invented answers loaded beside real ones (k = 5)', () => {
  it('four invented answers beside one real person: «Отдел А» counts neither way, and shows nothing of that person', async () => {
    await withTempDir(async (cwd) => {
      await survey(cwd);
      expect((await okno(['survey', 'load', '1', await invented(cwd, 'выдумка.csv', 4)], { cwd })).code).toBe(0);
      const r = await results(cwd);
      // Before, «Отдел А» had 5 (1 + 4) and was shown: its mean (1 + 4 × 5) / 5 = 4.2 gave the real «1» away.
      // Now its code way brought 1 and the export 4, both under 5: left out. «Отдел Б» (6 by code) alone is counted.
      expect(r.notCounted).toBe(true);
      expect(r.respondents).toBe(6);
      expect(r.departments).toEqual([
        { name: 'Отдел А', shown: false, respondents: null },
        { name: 'Отдел Б', shown: false, respondents: null },
      ]);
      // «Отдел Б» is hidden too: shown beside the total it would give «Отдел А» away (the usual rule). The total is
      // «Отдел Б»'s 6 people alone: (5 + 4 + 4 + 5 + 3 + 4) / 6 = 25 / 6 = 4.17.
      const overall = r.questions.find((q) => q.id === 'overall')!;
      expect(overall.total).toMatchObject({ n: 6, mean: 4.17 });
      expect(JSON.stringify(r.comments)).not.toContain('Руководитель отдела нас не слышит');
      const text = await okno(['survey', 'results', '1'], { cwd });
      expect(text.stdout.replace(/\u00a0/g, ' ')).toContain(
        'Не учтены ответы части сотрудников: тем же способом (по кодам или той же выгрузкой) из их отдела ответили меньше 5 человек. Каждый способ считается отдельно, чтобы по подмешанным ответам нельзя было вычислить чужие.',
      );
    });
  });

  it('five invented answers: «Отдел А» shows the export alone, exactly the invented answers, never the real one', async () => {
    await withTempDir(async (cwd) => {
      await survey(cwd);
      expect((await okno(['survey', 'load', '1', await invented(cwd, 'выдумка.csv', 5)], { cwd })).code).toBe(0);
      const r = await results(cwd);
      // The export brought «Отдел А» 5 (counted), the codes 1 (left out); «Отдел Б» 6 by code.
      expect([r.respondents, r.notCounted]).toEqual([11, true]);
      const overall = r.questions.find((q) => q.id === 'overall')!;
      expect(overall.departments).toEqual([
        expect.objectContaining({ name: 'Отдел А', shown: true, n: 5, mean: 5 }),
        expect.objectContaining({ name: 'Отдел Б', shown: true, n: 6, mean: 4.17 }),
      ]);
      // All 11 counted: (25 + 25) / 11 = 4.545… → 4.55; the real «1» is in no figure.
      expect(overall.total).toMatchObject({ n: 11, mean: 4.55 });
      expect(JSON.stringify(r.comments)).not.toContain('Руководитель отдела нас не слышит');
    });
  });

  it('two invented exports of four each are two ways: neither is counted', async () => {
    await withTempDir(async (cwd) => {
      await survey(cwd);
      expect((await okno(['survey', 'load', '1', await invented(cwd, 'выдумка-1.csv', 4)], { cwd })).code).toBe(0);
      // A second file with other bytes (its last answer differs), so it is not «the same file again».
      await writeFile(path.join(cwd, 'выдумка-2.csv'), ['Подразделение,overall,contact,topics,improve', ...Array.from({ length: 4 }, (_, i) => `Отдел А,${i === 3 ? 4 : 5},СЭД,Договоры,выдуманный`)].join('\n') + '\n');
      expect((await okno(['survey', 'load', '1', 'выдумка-2.csv'], { cwd })).code).toBe(0);
      const r = await results(cwd);
      expect([r.respondents, r.notCounted]).toEqual([6, true]);
      expect(r.departments.find((d) => d.name === 'Отдел А')).toEqual({ name: 'Отдел А', shown: false, respondents: null });
    });
  });

  it('answers that came in one way only are all counted, as before: a small department is hidden, not left out', async () => {
    await withTempDir(async (cwd) => {
      await survey(cwd);
      const r = await results(cwd);
      expect([r.respondents, r.notCounted]).toEqual([7, false]);
      // 1 in «Отдел А» (< 5): hidden, and «Отдел Б» with it; the total has everyone: (1 + 25) / 7 = 3.71.
      expect(r.questions.find((q) => q.id === 'overall')!.total).toMatchObject({ n: 7, mean: 3.71 });
      expect((await okno(['survey', 'results', '1'], { cwd })).stdout).not.toContain('Не учтены');
    });
  });
});
