import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeExport, notDealsRefusal, refuseNonDealExport } from '../../src/ingest/export-kind.js';
import { inspectFile } from '../../src/ingest/sniff.js';
import { openSource } from '../../src/ingest/source.js';
import { fixture } from '../helpers.js';

async function headersOf(file: string): Promise<string[]> {
  const source = await openSource(await inspectFile(file));
  await source.dispose();
  return source.headers;
}

/** The exports (CSV, Excel's .txt, XLSX) under a fixtures folder, its subfolders included. */
function textFiles(dir: string): string[] {
  return readdirSync(fixture(dir)).flatMap((name) => {
    const full = path.join(fixture(dir), name);
    if (statSync(full).isDirectory()) return textFiles(path.join(dir, name));
    return /\.(csv|txt|xlsx)$/.test(name) ? [full] : [];
  });
}

describe('what kind of export a header row is', () => {
  // fixtures/demo's own folder holds its deal exports; its subfolders hold forms, reviews and surveys.
  // (fixtures/check/marks/*.xlsx are okno's own check workbooks, filled in: `okno check load` reads them.)
  const checkWorkbook = (f: string) => path.dirname(f) === fixture('check/marks') && f.endsWith('.xlsx');
  const dealFiles = [
    ...['amocrm', 'monthly', 'check', 'pr'].flatMap(textFiles).filter((f) => !checkWorkbook(f)),
    ...textFiles('demo').filter((f) => path.dirname(f) === fixture('demo')),
  ];
  const formFiles = ['feedback', 'demo/feedback'].flatMap(textFiles).filter((f) => !/consultations/.test(path.basename(f)));

  it('takes every deal export among the fixtures for deals', async () => {
    expect(dealFiles.length).toBeGreaterThan(40);
    for (const file of dealFiles) expect([file, describeExport(await headersOf(file)).kind]).toEqual([file, 'deals']);
  });

  it('takes every feedback form export among the fixtures for feedback', async () => {
    expect(formFiles.length).toBe(19);
    for (const file of formFiles) expect([file, describeExport(await headersOf(file)).kind]).toEqual([file, 'feedback']);
  });

  it('recognises an amoCRM contacts export and refuses it, saying what it is', async () => {
    const headers = await headersOf(fixture('bad/amocrm-contacts-export.csv'));
    expect(describeExport(headers)).toEqual({ kind: 'contacts', reasons: ['Имя', 'Фамилия', 'Рабочий телефон'] });
    expect(() => refuseNonDealExport('контакты.csv', headers)).toThrow(
      'контакты.csv: это выгрузка контактов amoCRM, а не сделок: в ней есть столбцы «Имя», «Фамилия», «Рабочий телефон» ' +
        'и нет ни одного столбца сделки («Название сделки», «Этап сделки», «Воронка»).',
    );
  });

  it('recognises an amoCRM companies export', async () => {
    const headers = await headersOf(fixture('bad/amocrm-companies-export.csv'));
    expect(describeExport(headers)).toEqual({ kind: 'companies', reasons: ['Название компании'] });
    expect(notDealsRefusal(describeExport(headers))).toEqual({
      problem:
        'это выгрузка компаний amoCRM, а не сделок: в ней есть столбец «Название компании» и нет ни одного столбца сделки («Название сделки», «Этап сделки», «Воронка»).',
      hint: 'Нужна выгрузка сделок: в amoCRM откройте «Сделки» (воронка «Консультация»), в меню «…» выберите «Экспорт» и сохраните CSV или Excel.',
    });
  });

  it('refuses a feedback form given as deals, pointing to okno load feedback', async () => {
    const headers = await headersOf(fixture('feedback/google-forms-en-gb-timestamps.csv'));
    expect(describeExport(headers)).toEqual({ kind: 'feedback', reasons: ['Timestamp'] });
    expect(notDealsRefusal(describeExport(headers))).toEqual({
      problem: 'это выгрузка ответов формы обратной связи (есть столбец «Timestamp»), а не сделок amoCRM.',
      hint: 'Ответы формы загружаются командой okno load feedback <файл>.',
    });
  });

  it('leaves deal exports, and headers it does not know, alone', () => {
    // A deal export with contact columns stays deals; a bare ID column is for the loader's own check.
    expect(describeExport(['ID', 'Название сделки', 'Имя', 'Рабочий телефон']).kind).toBe('deals');
    expect(describeExport(['id', 'Тема', 'Дата консультации']).kind).toBe('deals');
    expect(describeExport(['ID', 'Что-то своё']).kind).toBe('unknown');
    expect(() => refuseNonDealExport('x.csv', ['ID', 'Что-то своё'])).not.toThrow();
  });
});
