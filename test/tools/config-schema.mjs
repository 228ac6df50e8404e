// npm run schema: writes docs/okno.config.schema.json from the zod schema of okno.config.json (built in dist/).
import { writeFileSync } from 'node:fs';
import { configJsonSchemaFile, configJsonSchemaText } from '../../dist/config-json-schema.js';

writeFileSync(new URL(`../../${configJsonSchemaFile}`, import.meta.url), configJsonSchemaText());
console.log(`${configJsonSchemaFile}: записан`);
