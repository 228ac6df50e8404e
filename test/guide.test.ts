// The Russian guide (docs/guide.md) is where the CLI's hints send people: every «docs/guide.md, раздел «…»» that
// src/ prints names a section the guide has, and the guide covers every role of DESIGN §1.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

describe('docs/guide.md', () => {
  it('has every section a hint of the CLI points at', async () => {
    const guide = await readFile(path.join(root, 'docs/guide.md'), 'utf8');
    const headings = new Set([...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
    const cited = new Set<string>();
    for (const file of await sources(path.join(root, 'src'))) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/README, раздел/);
      for (const m of text.matchAll(/docs\/guide\.md, раздел «([^»]+)»/g)) cited.add(m[1]!);
    }
    expect([...cited].sort()).toEqual(['Аналитик: выгрузка данных', 'Опросы', 'Файл настроек']);
    for (const section of cited) expect(headings.has(section), section).toBe(true);
  });

  it('has a section for each role: the director, project managers, the PR manager, the office manager, a department head', async () => {
    const guide = await readFile(path.join(root, 'docs/guide.md'), 'utf8');
    const headings = [...guide.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    for (const role of ['Директор', 'Руководители проектов', 'PR-менеджер', 'Офис-менеджер', 'Руководитель отдела']) {
      expect(headings.some((h) => h.startsWith(role)), role).toBe(true);
    }
  });
});
