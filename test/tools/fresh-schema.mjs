// npm run fresh-schema: writes queries/schema.sql, the schema a new database gets in one script, from what the
// migrations make (built in dist/). Run it after adding a migration; test/db/fresh-schema.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { freshSchemaFile, freshSchemaText } from '../../dist/db/fresh-schema.js';

writeFileSync(new URL(`../../${freshSchemaFile}`, import.meta.url), await freshSchemaText());
console.log(`${freshSchemaFile}: записан`);
