// The layers of src/, top to bottom: the one table test/architecture.test.ts enforces and ARCHITECTURE.md shows
// (the test checks the document's table is this one). A module may import from its own layer or any layer below;
// `import type` may also name the domain's result types from render, ingest and db (render draws what the domain
// returns), never anything in cli. Top-level entries are folders (`cli`) or files at src/ (`config.ts`).

export interface Layer {
  name: string;
  /** What lives there, in a few words (ARCHITECTURE.md's table). */
  role: string;
  modules: readonly string[];
}

export const layers: readonly Layer[] = [
  { name: 'cli', role: 'commander wiring, prompts, printing, exit codes; the only code that touches `process`', modules: ['cli'] },
  {
    name: 'domain',
    role: 'what okno computes: returns plain data, never prints',
    modules: ['monthly', 'pr', 'checks', 'reviews', 'surveys', 'store', 'feedback', 'config.ts', 'config-json-schema.ts'],
  },
  { name: 'io', role: 'the database, reading exports, writing workbooks and images', modules: ['db', 'render', 'ingest'] },
  {
    name: 'shared',
    role: 'data shapes, days and periods, Russian text, safe file writes, errors',
    modules: ['model', 'time', 'text', 'files', 'errors.ts', 'validation.ts'],
  },
];

/** The layer a path under src/ belongs to ('src/render/charts.ts' → index of io), or undefined when unlisted. */
export function layerOf(srcPath: string): number | undefined {
  const top = srcPath.replace(/^src\//, '').split('/')[0]!;
  const index = layers.findIndex((l) => l.modules.includes(top));
  return index < 0 ? undefined : index;
}

/** The table as ARCHITECTURE.md has it, one line per layer. */
export function layersMarkdown(): string {
  return [
    '| Layer | Modules under `src/` | What lives there |',
    '|---|---|---|',
    ...layers.map((l) => `| ${l.name} | ${l.modules.map((m) => `\`${m.endsWith('.ts') ? m : `${m}/`}\``).join(', ')} | ${l.role} |`),
  ].join('\n');
}
