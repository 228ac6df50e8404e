import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/db/database.js';
import { fixture, withTempDir, testClock } from '../helpers.js';
import { loadedIn, okno } from './cli.js';

const effectiveness = fixture('reviews/effectiveness.csv');

async function reviewRows(cwd: string) {
  const db = await Db.open(path.join(cwd, 'okno.duckdb'), { clock: testClock, readOnly: true });
  try {
    return await db.query('select deal_id, kind, reviewed_on::varchar as d, effective, minutes::double as minutes, applied, solved, source, source_file from review_versions order by deal_id, kind');
  } finally {
    db.close();
  }
}

describe('okno review', () => {
  it('sheet → filled through exceljs → load; bad rows rejected with row and reason; reloading changes nothing', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, effectiveness);
      const sheet = await okno(['review', 'sheet', '--as-of', '2026-12-20', '--out', 'оценки.xlsx'], { cwd });
      expect(sheet.stderr).toBe('');
      expect(sheet.code).toBe(0);
      // Month: 4001–4007, 4009, 4010 are open (nothing done yet); follow-ups opened by 20.12: 4001–4003, 4007, 4009, 4010.
      expect(sheet.stdout).toBe('Лист оценок на 20.12.2026: за месяц — 9, через 3–4 месяца — 6. Файл: оценки.xlsx\n');

      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(cwd, 'оценки.xlsx'));
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Как заполнять', 'Оценка за месяц', 'Через 3–4 месяца']);
      const month = wb.getWorksheet('Оценка за месяц')!;
      const headers = (month.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(['ID сделки', 'Дата консультации', 'Организация', 'Консультант', 'Тема', 'Проект', 'Срок', 'Состояние', 'Минут', 'Удовлетворённость', 'Эффективна', 'Факторы успеха', 'Причины неэффективности', 'Шаги по улучшению', 'Кто оценил', 'Дата оценки']);
      const col = (h: string) => headers.indexOf(h) + 1;
      const rowOf = (ws: typeof month, id: number) => {
        for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === id) return ws.getRow(r);
        throw new Error(`no row ${id}`);
      };
      const r4001 = rowOf(month, 4001);
      expect(r4001.getCell(col('Минут')).value).toBe(60);
      expect(r4001.getCell(col('Срок')).value).toEqual(new Date('2026-10-03T00:00:00Z'));
      expect(r4001.getCell(col('Состояние')).value).toBe('просрочена');
      expect(r4001.getCell(col('Эффективна')).dataValidation).toMatchObject({ type: 'list', formulae: ['"да,нет"'] });
      // Fill: two good rows, one bad answer, one «effective» without factors.
      r4001.getCell(col('Эффективна')).value = 'да';
      r4001.getCell(col('Факторы успеха')).value = 'Подготовили шаблон устава заранее';
      r4001.getCell(col('Кто оценил')).value = 'Смирнова Анна';
      r4001.getCell(col('Дата оценки')).value = new Date('2026-10-01T00:00:00Z');
      const r4002 = rowOf(month, 4002);
      r4002.getCell(col('Минут')).value = 120;
      r4002.getCell(col('Эффективна')).value = 'Нет';
      r4002.getCell(col('Причины неэффективности')).value = 'Клиент не прислал документы';
      r4002.getCell(col('Кто оценил')).value = 'Смирнова Анна';
      r4002.getCell(col('Дата оценки')).value = '05.10.2026';
      const r4003 = rowOf(month, 4003);
      r4003.getCell(col('Эффективна')).value = 'скорее да';
      r4003.getCell(col('Кто оценил')).value = 'Смирнова Анна';
      const r4004 = rowOf(month, 4004);
      r4004.getCell(col('Эффективна')).value = 'да';
      r4004.getCell(col('Кто оценил')).value = 'Смирнова Анна';
      const follow = wb.getWorksheet('Через 3–4 месяца')!;
      const fh = (follow.getRow(1).values as unknown[]).slice(1);
      const f4001 = rowOf(follow, 4001);
      f4001.getCell(fh.indexOf('Применил рекомендации') + 1).value = 'полностью';
      f4001.getCell(fh.indexOf('Проблема решена') + 1).value = 'да';
      f4001.getCell(fh.indexOf('Кто оценил') + 1).value = 'Смирнова Анна';
      f4001.getCell(fh.indexOf('Дата оценки') + 1).value = new Date('2026-12-10T00:00:00Z');
      await wb.xlsx.writeFile(path.join(cwd, 'оценки.xlsx'));

      const loaded = await okno(['review', 'load', 'оценки.xlsx', '--as-of', '2026-12-20'], { cwd });
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toBe(
        'Файл оценки.xlsx: новых оценок 3, обновлено 0, без изменений 0, отклонено 2, не заполнено строк 10.\n' +
          'Отклонённые строки (исправьте и загрузите файл снова):\n' +
          `  лист «Оценка за месяц», строка ${r4003.number}, сделка 4003: «Эффективна»: «скорее да» — допустимо да / нет.\n` +
          `  лист «Оценка за месяц», строка ${r4004.number}, сделка 4004: Консультация эффективна — укажите факторы успеха.\n`,
      );
      expect(await reviewRows(cwd)).toEqual([
        { deal_id: 4001, kind: 'followup', d: '2026-12-10', effective: null, minutes: null, applied: 'full', solved: 'yes', source: 'sheet', source_file: 'оценки.xlsx' },
        { deal_id: 4001, kind: 'month', d: '2026-10-01', effective: true, minutes: 60, applied: null, solved: null, source: 'sheet', source_file: 'оценки.xlsx' },
        { deal_id: 4002, kind: 'month', d: '2026-10-05', effective: false, minutes: 120, applied: null, solved: null, source: 'sheet', source_file: 'оценки.xlsx' },
      ]);
      const again = await okno(['review', 'load', 'оценки.xlsx', '--as-of', '2026-12-21', '--json'], { cwd });
      expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, updated: 0, unchanged: 3, notFilled: 10 });
      expect((await reviewRows(cwd)).length).toBe(3);

      // The same figures through the report (4001, 4002 month reviews; 4001 follow-up).
      const report = JSON.parse((await okno(['report', 'effectiveness', '--from', '2026-09', '--to', '2026-10', '--today', '2026-12-20', '--json'], { cwd })).stdout);
      expect(report.month).toMatchObject({ due: 6, done: 2, effective: 1, minutes: 180, minutesPerEffective: 180 });
      expect(report.followup).toMatchObject({ due: 3, done: 1, applied: { full: 1, partial: 0, none: 0 } });
      expect(report.workbook).toBe('out/эффективность-2026-09_2026-10.xlsx');
      const text = await okno(['report', 'effectiveness', '--from', '2026-09', '--to', '2026-10', '--today', '2026-12-20'], { cwd });
      expect(text.stdout).toMatch(/^Всего\s+6\s+2\s+33 %\s+1\s+50 %\s+180\s+180,0$/m);
      expect(text.stdout).toContain('  НКО (3): Правовые вопросы — 2; Привлечение ресурсов — 1\n');
    });
  });

  it('due, record with flags, and the refusals', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, effectiveness);
      const due = JSON.parse((await okno(['review', 'due', '--as-of', '2026-10-20', '--consultant', 'Иванова Мария', '--json'], { cwd })).stdout);
      expect(due.reviews.map((r: { dealId: number; kind: string; state: string }) => [r.dealId, r.kind, r.state])).toEqual([
        [4007, 'month', 'overdue'],
        [4001, 'month', 'overdue'],
        [4003, 'month', 'due'],
        [4005, 'month', 'due'],
      ]);
      // A typo is not «nothing due»: exit 1, with the names it may have meant.
      const typo = await okno(['review', 'due', '--as-of', '2026-10-20', '--consultant', 'Иванва Мария'], { cwd });
      expect(typo).toEqual({
        code: 1,
        stdout: '',
        stderr: 'Ошибка: Консультанта «Иванва Мария» нет среди проведённых консультаций, подлежащих оценке.\nВозможно, имелось в виду: Иванова Мария.\n',
      });
      const surname = await okno(['review', 'due', '--as-of', '2026-10-20', '--consultant', 'петров', '--json'], { cwd });
      expect([surname.code, JSON.parse(surname.stdout)]).toEqual([
        1,
        { error: { message: 'Консультанта «петров» нет среди проведённых консультаций, подлежащих оценке.', hint: 'Возможно, имелось в виду: Петров Олег.', exitCode: 1 } },
      ]);
      const missing = await okno(['review', 'record', '4003', '--as-of', '2026-10-20', '--effective', 'да'], { cwd });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe('Ошибка: Не хватает ответов: --factors, --reviewer.\nУкажите их параметрами или запустите команду в терминале, чтобы ответить на вопросы.\n');
      const ok = await okno(['review', 'record', '4003', '--as-of', '2026-10-20', '--effective', 'да', '--factors', 'Нашли донора', '--reviewer', 'Смирнова Анна'], { cwd });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toBe('Оценка за месяц по консультации 4003 записана: эффективна: да; минут: 45; удовлетворённость: —; оценка: Смирнова Анна, 20.10.2026.\n');
      const same = await okno(['review', 'record', '4003', '--as-of', '2026-10-21', '--effective', 'да', '--factors', 'Нашли донора', '--reviewer', 'Смирнова Анна'], { cwd });
      expect(same.stdout).toContain('не изменилась (такая уже записана)');
      const lost = await okno(['review', 'record', '4008', '--effective', 'нет', '--causes', 'x', '--reviewer', 'А'], { cwd });
      expect(lost.code).toBe(1);
      expect(lost.stderr).toContain('Ошибка: Сделка 4008 — не проведённая консультация (этап «Закрыто и не реализовано»)');
      const bad = await okno(['review', 'record', '4003', '--solved', 'может быть'], { cwd });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("недопустимое значение 'может быть': допустимо: да / частично / нет.");
      expect((await reviewRows(cwd)).length).toBe(1);
    });
  });

  it('an unreadable file is refused with exit 1 and nothing written', async () => {
    await withTempDir(async (cwd) => {
      await loadedIn(cwd, effectiveness);
      const r = await okno(['review', 'load', fixture('bad/truncated.xlsx')], { cwd });
      expect(r.code).toBe(1);
      // The XLSX reader's own Russian words, never a library's English (JSZip's, before).
      expect(r.stderr).toBe(
        `Ошибка: ${fixture('bad/truncated.xlsx')}: не удалось прочитать XLSX: файл повреждён или обрезан (файл обрывается посреди архива: нет его оглавления).\n` +
          'Нужен файл .xlsx, созданный командой okno review sheet и заполненный.\n',
      );
      expect(r.stderr).not.toContain('    at ');
      const notSheet = await okno(['review', 'load', fixture('amocrm/xlsx-real-dates.xlsx')], { cwd });
      expect(notSheet.code).toBe(1);
      expect(notSheet.stderr).toContain('в книге нет листов «Оценка за месяц» и «Через 3–4 месяца» — это не лист оценок okno.');
      expect(await reviewRows(cwd)).toEqual([]);
    });
  });
});
