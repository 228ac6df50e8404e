import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The queries/ folder at the package root (dist/db/ → ../../queries). */
export const queriesDir = fileURLToPath(new URL('../../queries/', import.meta.url));

const cache = new Map<string, string>();

/** The text of `queries/<name>.sql`, read once per process. */
export function sqlText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(queriesDir, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered migrations `queries/migrations/NNN_name.sql`, in order. */
export function migrations(): Migration[] {
  const dir = path.join(queriesDir, 'migrations');
  return readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(path.join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}
