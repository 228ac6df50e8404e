import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';
import { layerOf, layers, layersMarkdown } from './layers.js';

// ARCHITECTURE.md «Layers»: imports run one way, down the table in test/layers.ts, and never in a circle.

interface Edge {
  from: string;
  to: string;
  /** `import type …` / `export type …` / every named specifier `type …`: erased at build, no runtime link. */
  typeOnly: boolean;
}

const domain = layers.findIndex((l) => l.name === 'domain');
const cli = layers.findIndex((l) => l.name === 'cli');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Relative imports of one file: static `import`/`export … from '…'` and dynamic `import('…')`. */
export function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return; // packages and node: builtins
    edges.push({ from: file, to: path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'), typeOnly });
  };
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const clause = m[3]!;
    const named = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    const allTypes = named !== undefined && named.split(',').filter((s) => s.trim()).every((s) => /^\s*type\s/.test(s));
    add(m[4]!, m[2] !== undefined || allTypes);
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) add(m[1]!, false);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1]!, false);
  return edges;
}

const files = sourceFiles('src');
const edges = files.flatMap((f) => importsOf(f, readFileSync(path.join(root, f), 'utf8')));

/** Why an import breaks the layers, or null when it is allowed. */
function violation(e: Edge): string | null {
  const from = layerOf(e.from)!;
  const to = layerOf(e.to);
  if (to === undefined) return `${e.to} is in no layer`;
  if (to >= from) return null;
  if (e.typeOnly && to >= domain && to !== cli) return null;
  return `${layers[from]!.name} imports ${layers[to]!.name}`;
}

/** Every cycle of runtime imports between files (strongly connected components of two or more, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  it('every file under src/ is in a layer of test/layers.ts', () => {
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it('no import runs up the layers', () => {
    const bad = edges.flatMap((e) => {
      const why = violation(e);
      return why ? [`${e.from} → ${e.to}: ${why}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('no cycle of imports between modules', () => {
    const graph = new Map<string, string[]>(files.map((f) => [f, []]));
    for (const e of edges) if (!e.typeOnly) graph.get(e.from)?.push(e.to);
    expect(cycles(graph).map((c) => c.join(' ↔ '))).toEqual([]);
  });

  // Below the CLI, code may read facts about the process (pid, cwd, platform, CPU time) and remove its own scratch
  // files at exit; printing, exiting, argv, env, the standard streams and signal handlers are the CLI's.
  it('only src/cli prints, exits, or reads argv, env, stdin/stdout/stderr or signals', () => {
    const touches = files
      .filter((f) => !f.startsWith('src/cli/'))
      .flatMap((f) =>
        readFileSync(path.join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\bconsole\.|\bprocess\.(exit|exitCode|argv|env|stdin|stdout|stderr)\b|\bprocess\.(on|once|off)\(\s*['"]SIG/.test(line.replace(/\/\/.*$/, '')) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(touches).toEqual([]);
  });

  // ARCHITECTURE.md «one of each»: a second number format, plural rule, rename-into-place or open/close copy is how
  // texts came to disagree before.
  it.each([
    // [what, pattern, where it may be, which files are looked at]
    ['a number format', /Intl\.NumberFormat|\.toLocaleString\(/, 'src/text/russian.ts', 'src/'],
    ['plural rules', /Intl\.PluralRules/, 'src/text/russian.ts', 'src/'],
    ['a rename into place', /\brename(Sync)?\(/, 'src/files/atomic.ts', 'src/'],
    ['closing a command\'s database (withDb)', /\bdb\.close\(\)/, 'src/cli/common.ts', 'src/cli/'],
  ])('%s lives in one place', (_what, pattern, home, scope) => {
    const found = files.filter((f) => f !== home && f.startsWith(scope) && pattern.test(readFileSync(path.join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('ARCHITECTURE.md shows the same table', () => {
    expect(readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8')).toContain(layersMarkdown());
  });
});

describe('the import scanner', () => {
  it('reads static, re-exported, type-only and dynamic imports', () => {
    const text = [
      "import { a } from '../text/russian.js';",
      "import type { B } from '../monthly/report.js';",
      "import { type C, type D } from './kit.js';",
      "import { type E, f } from './write.js';",
      "export * from './days.js';",
      "const { g } = await import('../render/pr-images.js');",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(importsOf('src/pr/x.ts', text)).toEqual([
      { from: 'src/pr/x.ts', to: 'src/text/russian.ts', typeOnly: false },
      { from: 'src/pr/x.ts', to: 'src/monthly/report.ts', typeOnly: true },
      { from: 'src/pr/x.ts', to: 'src/pr/kit.ts', typeOnly: true },
      { from: 'src/pr/x.ts', to: 'src/pr/write.ts', typeOnly: false },
      { from: 'src/pr/x.ts', to: 'src/pr/days.ts', typeOnly: false },
      { from: 'src/pr/x.ts', to: 'src/render/pr-images.ts', typeOnly: false },
    ]);
  });

  it('names an import from a higher layer', () => {
    expect(violation({ from: 'src/render/monthly-text.ts', to: 'src/cli/output.ts', typeOnly: false })).toBe('io imports cli');
    expect(violation({ from: 'src/text/russian.ts', to: 'src/monthly/report.ts', typeOnly: true })).toBe(null);
    expect(violation({ from: 'src/text/russian.ts', to: 'src/monthly/period.ts', typeOnly: false })).toBe('shared imports domain');
    expect(violation({ from: 'src/render/x.ts', to: 'src/cli/deps.ts', typeOnly: true })).toBe('io imports cli');
  });
});
