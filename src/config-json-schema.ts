// The JSON Schema of okno.config.json, generated from the zod schema that validates it, so that editors complete
// and check the file ("$schema": "./docs/okno.config.schema.json"). `npm run schema` writes it to docs/; a test
// keeps the committed file equal to this.
import { configSchema } from './config.js';
import { zod } from './validation.js';

export const configJsonSchemaFile = 'docs/okno.config.schema.json';

/** The schema as written to docs/okno.config.schema.json. */
export function configJsonSchemaText(): string {
  // draft-07: the draft every JSON editor knows. `input`: what a person writes (before okno's defaults).
  const schema = zod().toJSONSchema(configSchema(), { target: 'draft-7', io: 'input' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
