import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { amocrm, copyFixture, fixture, load, rows, scalar, snapshot, withDb, withLoadedDb, withTempDir } from '../helpers.js';

const bad: [file: string, problem: string][] = [
  ['bad/empty.csv', 'файл пуст.'],
  ['bad/random-bytes.csv', 'это не таблица (двоичный файл). Нужна выгрузка amoCRM в CSV или XLSX.'],
  ['bad/not-a-table.csv', 'не удалось определить разделитель столбцов: в заголовке один столбец.'],
  ['bad/no-id-column.csv', 'в выгрузке нет столбца «ID» (номер сделки).'],
  // The October export in KOI8-R: read as Windows-1251, only «ID» is a header okno knows (it stored six empty versions).
  ['bad/koi8r-read-as-windows-1251.csv', 'в выгрузке узнан только столбец «ID»: ни одного поля сделки («Название сделки», «Этап сделки», «Дата консультации», …). Похоже, файл в другой кодировке или это не выгрузка сделок.'],
  ['bad/header-only.csv', 'в файле нет строк с данными, только заголовок.'],
  ['bad/missing-file.csv', 'файл не найден или недоступен.'],
];

describe('bad input', () => {
  it.each(bad)('%s: a clear Russian message, and the database exactly as it was', async (file, problem) => {
    await withLoadedDb([amocrm('cp1251-semicolon-crlf.csv')], async (db) => {
      const before = await snapshot(db);
      const [f] = (await load(db, [fixture(file)])).files;
      expect(f).toMatchObject({ status: 'failed', error: problem });
      expect(await snapshot(db)).toEqual(before);
    });
  });

  it('a truncated XLSX is refused and changes nothing', async () => {
    await withLoadedDb([amocrm('cp1251-semicolon-crlf.csv')], async (db) => {
      const before = await snapshot(db);
      const [f] = (await load(db, [fixture('bad/truncated.xlsx')])).files;
      expect(f!.status).toBe('failed');
      expect(f!.error).toMatch(/^не удалось прочитать XLSX: файл повреждён или обрезан/);
      expect(await snapshot(db)).toEqual(before);
    });
  });

  it('one bad file among good ones: the good ones load, the bad one is reported', async () => {
    await withDb(async (db) => {
      const report = await load(db, [amocrm('cp1251-semicolon-crlf.csv'), fixture('bad/empty.csv'), amocrm('sep-line.csv')]);
      expect(report.files.map((f) => f.status)).toEqual(['loaded', 'failed', 'loaded']);
      expect(await scalar(db, 'select count(*)::integer from deals')).toBe(7);
      expect(await rows(db, 'select load_id, file_name from loads order by 1')).toEqual([
        { load_id: 1, file_name: 'cp1251-semicolon-crlf.csv' },
        { load_id: 2, file_name: 'sep-line.csv' },
      ]);
    });
  });

  it('an ID that is not digits only is rejected, never rounded or read as another deal (amocrm/deal-id-not-digits.csv)', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('deal-id-not-digits.csv')]);
      // DuckDB's own cast reads «1301.5» as 1302, «1e3» as 1000, «0x1F» as 31, «+12» as 12.
      expect(await rows(db, 'select line_no, reason, value from load_rejects order by line_no')).toEqual([
        { line_no: 2, reason: 'не целое число', value: '1301.5' },
        { line_no: 3, reason: 'не целое число', value: '1e3' },
        { line_no: 4, reason: 'не целое число', value: '0x1F' },
        { line_no: 5, reason: 'не целое число', value: '+12' },
      ]);
      expect(await rows(db, 'select deal_id from deal_versions order by all')).toEqual([{ deal_id: 1301 }]);
    });
  });

  it('a note longer than 16 MB is told as such, not as an unclosed quote, and changes nothing', async () => {
    await withTempDir(async (dir) => {
      // The October export's header and one row whose «Примечание» (quoted, closed) holds 17 MB.
      const lines = (await readFile(amocrm('utf8-bom-comma.csv'), 'utf8')).split('\n');
      const cells = lines[1]!.split(',');
      cells[10] = `"${'а'.repeat(9_000_000)}"`;
      const file = path.join(dir, 'long-note.csv');
      await writeFile(file, [lines[0], cells.join(','), ''].join('\n'));
      await withLoadedDb([amocrm('cp1251-semicolon-crlf.csv')], async (db) => {
        const before = await snapshot(db);
        const [f] = (await load(db, [file])).files;
        expect(f).toMatchObject({ status: 'failed' });
        expect(f!.error).toMatch(/^не удалось разобрать CSV: слишком длинная строка \(больше 16 МБ\)/);
        expect(await snapshot(db)).toEqual(before);
      });
    });
  });

  it('writes rejected rows to <file>.rejects.csv beside the input, with their original cells', async () => {
    await withTempDir(async (dir) => {
      const input = await copyFixture('amocrm/bad-cells.csv', dir);
      // Not through the helper, which routes rejects to a temp file: this is the default place.
      const { loadConsultations } = await import('../../src/ingest/consultations.js');
      const { defaultConfig } = await import('../../src/config.js');
      await withDb(async (db) => {
        const report = await loadConsultations(db, { files: [input], config: defaultConfig(), dryRun: false });
        const target = path.join(dir, 'bad-cells.rejects.csv');
        expect(report.files[0]!.rejectsFile).toBe(target);
        const text = await readFile(target, 'utf8');
        const lines = text.split('\r\n');
        expect(lines[0]!.startsWith('\uFEFFФайл;Строка;ID сделки;Причина;Столбец;Значение;ID;Название сделки;Бюджет ;')).toBe(true);
        expect(lines.slice(1, 5).map((l) => l.split(';').slice(0, 8))).toEqual([
          ['bad-cells.csv', '2', '8001', 'не распознана дата', 'Дата консультации', '32.10.2026 10:00:00', '8001', 'Плохая дата'],
          ['bad-cells.csv', '3', '8002', 'не распознано число', 'Продолжительность (мин)', 'час', '8002', 'Плохое число'],
          ['bad-cells.csv', '5', '80O4', 'не целое число', 'ID', '80O4', '80O4', 'Буква в ID'],
          ['bad-cells.csv', '6', '8005', 'не распознана дата', 'Дата редактирования', 'вчера', '8005', 'Ещё плохая дата'],
        ]);
        expect(lines[5]).toBe('');
      });
    });
  });
});

describe('dry run', () => {
  it('reports mapping, counts and rejects, and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const input = await copyFixture('amocrm/bad-cells.csv', dir);
      await withLoadedDb([amocrm('cp1251-semicolon-crlf.csv')], async (db) => {
        const before = await snapshot(db);
        const { loadConsultations } = await import('../../src/ingest/consultations.js');
        const { defaultConfig } = await import('../../src/config.js');
        const report = await loadConsultations(db, { files: [input, amocrm('reexport-changed.csv')], config: defaultConfig(), dryRun: true });
        expect(report.files.map((f) => f.status)).toEqual(['checked', 'checked']);
        expect(report.files[0]).toMatchObject({ rowsRead: 5, rowsRejected: 4, deals: { new: 1, updated: 0, unchanged: 0, older: 0 } });
        expect(report.files[1]).toMatchObject({ rowsRead: 6, deals: { new: 1, updated: 2, unchanged: 3, older: 0 } });
        expect(report.files[1]!.missingFields).toEqual([]);
        expect(report.files[1]!.unusedColumns!.map((c) => c.header)).toEqual([
          'Ответственный за контакт',
          'Рабочий телефон (контакт)',
          'Мобильный телефон (контакт)',
          'Рабочий email (контакт)',
          'cid',
          'Источник',
          'cid',
        ]);
        expect(await snapshot(db)).toEqual(before);
        expect(existsSync(path.join(dir, 'bad-cells.rejects.csv'))).toBe(false);
      });
    });
  });

  it('says when the file is already loaded', async () => {
    await withDb(async (db) => {
      await load(db, [amocrm('sep-line.csv')]);
      const [f] = (await load(db, [amocrm('sep-line.csv')], { dryRun: true })).files;
      expect(f).toMatchObject({ status: 'checked', earlierLoad: { loadId: 1, fileName: 'sep-line.csv' }, deals: { unchanged: 1 } });
    });
  });
});
