import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { migrations } from '../../src/db/sql.js';
import { rows, testClock, withTempDir } from '../helpers.js';

// Schema 11 (the way each answer came in): a database of schema 10 with answers and two imports upgrades in place.
describe('schema 11 (survey ways) on a database made at schema 10', () => {
  it('counts the answers stored before as given with a code (way 0) and numbers the imports in the order they were loaded', async () => {
    await withTempDir(async (cwd) => {
      const file = path.join(cwd, 'old.duckdb');
      const old = await Db.open(file, { clock: testClock, migrations: migrations().filter((m) => m.version <= 10) });
      await old.exec(`insert into survey_respondents values (1, 'Отдел Б'), (1, 'Отдел А'), (2, 'Отдел А')`);
      await old.exec(`insert into survey_answers values (1, 'Отдел Б', 'overall', ['4']), (1, 'Отдел А', 'overall', ['5']), (2, 'Отдел А', 'overall', ['3'])`);
      await old.exec(`insert into survey_imports values (1, 'bbb', 3, 2, null), (1, 'aaa', 5, 1, '2026-11-05 17:02:09'), (2, 'ccc', 1, 1, null)`);
      old.close();
      const db = await Db.open(file, { clock: testClock });
      try {
        expect(await rows(db, 'select * from survey_respondents order by all')).toEqual([
          { survey_id: 1, department: 'Отдел А', way: 0 },
          { survey_id: 1, department: 'Отдел Б', way: 0 },
          { survey_id: 2, department: 'Отдел А', way: 0 },
        ]);
        expect(await rows(db, 'select survey_id, department, answer, way from survey_answers order by all')).toEqual([
          { survey_id: 1, department: 'Отдел А', answer: ['5'], way: 0 },
          { survey_id: 1, department: 'Отдел Б', answer: ['4'], way: 0 },
          { survey_id: 2, department: 'Отдел А', answer: ['3'], way: 0 },
        ]);
        expect(await rows(db, 'select survey_id, sha256, way from survey_imports order by survey_id, way')).toEqual([
          { survey_id: 1, sha256: 'bbb', way: 1 },
          { survey_id: 1, sha256: 'aaa', way: 2 },
          { survey_id: 2, sha256: 'ccc', way: 1 },
        ]);
      } finally {
        db.close();
      }
    });
  });
});
