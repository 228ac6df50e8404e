import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { configJsonSchemaFile, configJsonSchemaText } from '../src/config-json-schema.js';

const committed = () => readFileSync(new URL(`../${configJsonSchemaFile}`, import.meta.url), 'utf8');

describe('docs/okno.config.schema.json', () => {
  it('is what `npm run schema` generates from the zod schema (run it after changing the settings)', () => {
    expect(committed()).toBe(configJsonSchemaText());
  });

  it('describes every key in Russian, for the editor to show', () => {
    const schema = JSON.parse(committed()) as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> };
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'comment', 'timeZone', 'columns', 'stages', 'feedback', 'reviews', 'pr', 'calendar', 'note']);
    const described: [string, string | undefined][] = [];
    for (const [key, value] of Object.entries(schema.properties)) {
      described.push([key, value.description]);
      for (const [inner, spec] of Object.entries(value.properties ?? {})) described.push([`${key}.${inner}`, spec.description]);
    }
    for (const [key, description] of described) expect([key, description]).toEqual([key, expect.stringMatching(/[а-яё]/)]);
    expect(schema.properties.columns!.properties!.consultant!.description).toBe('Заголовок столбца «Консультант» в выгрузке или список заголовков.');
  });

  it('the README example passes both the schema\'s file and okno', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /## Settings file `okno\.config\.json`[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const json = JSON.parse(example) as Record<string, unknown>;
    expect(json.$schema).toBe('./docs/okno.config.schema.json');
    expect(parseConfig(json, 'okno.config.json').pr.colors.primary).toBe('#1F6FB2');
  });
});
