// Validation of the JSON files people write (okno.config.json, survey definitions) with zod, and the Russian
// wording of its issues. zod's own messages are English and never shown: every issue is worded here or by the
// caller's table of messages per key.
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

export type ZodNamespace = typeof Zod.z;
export type ZodIssue = Zod.core.$ZodIssue;
type RawIssue = Zod.core.$ZodRawIssue;

let loaded: ZodNamespace | undefined;

/**
 * zod, loaded on first use. Importing it takes longer than the rest of `okno --help` together, and most commands
 * never read a settings file; a synchronous require keeps `parseConfig` and `parseDefinition` synchronous.
 */
export function zod(): ZodNamespace {
  loaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z;
  return loaded;
}

/** Every issue of `value` against `schema` (with the offending input), or the parsed value. */
export function validate<T>(schema: Zod.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; issues: ZodIssue[] } {
  const result = schema.safeParse(value, { reportInput: true, error: russianIssue });
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: result.error.issues };
}

/** A key path as the README writes it: `pr.colors.primary`, `stages["Думает"]`, `questions[2].text`. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** The issue's place and problem in Russian, for issues a caller's table does not word itself. */
export function genericProblem(issue: ZodIssue): string {
  const where = pathText(issue.path);
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

const wanted: Record<string, string> = {
  string: 'нужна строка',
  number: 'нужно число',
  int: 'нужно целое число',
  boolean: 'нужно true или false',
  object: 'нужен объект { … }',
  array: 'нужен список [ … ]',
};

/** zod's error map, in Russian: what is wrong, without the place (genericProblem adds it). */
function russianIssue(issue: RawIssue): string {
  const shown = (value: unknown) => (typeof value === 'string' ? `«${value}»` : JSON.stringify(value) ?? String(value));
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'значение обязательно.' : `${wanted[issue.expected] ?? 'значение другого вида'}, а не ${shown(issue.input)}.`;
    case 'invalid_value':
      return `значение ${shown(issue.input)} не подходит; допустимы: ${issue.values.map((v) => String(v)).join(', ')}.`;
    case 'unrecognized_keys':
      return `неизвестный ключ ${issue.keys.map((k) => `«${k}»`).join(', ')}.`;
    case 'invalid_key':
      return `ключ ${shown(issue.input)} не подходит.`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'set'
        ? `нужно не меньше ${String(issue.minimum)} элементов.`
        : issue.origin === 'string'
          ? 'нужна непустая строка.'
          : `нужно не меньше ${String(issue.minimum)}.`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'set'
        ? `нужно не больше ${String(issue.maximum)} элементов.`
        : issue.origin === 'string'
          ? `строка длиннее ${String(issue.maximum)} знаков.`
          : `нужно не больше ${String(issue.maximum)}.`;
    case 'invalid_format':
      return `значение ${shown(issue.input)} в неверном формате.`;
    case 'not_multiple_of':
      return `нужно число, кратное ${String(issue.divisor)}.`;
    default:
      return `значение ${shown(issue.input)} не подходит.`;
  }
}
