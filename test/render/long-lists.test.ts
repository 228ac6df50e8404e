// README «Long lists»: the terminal and the note's documents show 20 deal IDs (or clients) of a list, then «и ещё N»;
// the workbook and --json keep every one. Figures worked out by hand from the lists built here.
import { describe, expect, it } from 'vitest';
import type { FeedbackSection } from '../../src/feedback/month.js';
import { buildMonthlyReport, type MonthlyReport, type QualityReport } from '../../src/monthly/report.js';
import { feedbackLines, issueChangesText, qualityLines } from '../../src/render/monthly-text.js';
import { defaultSigner, feedbackBlocks, noteDocument, type NoteBlock } from '../../src/render/note-content.js';
import { firstItems } from '../../src/text/russian.js';
import { fixture, withLoadedDb } from '../helpers.js';

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
/** okno's texts put a no-break space inside numbers and between a number and its noun («1 005», «5 новых»). */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('firstItems', () => {
  it('joins up to the limit and counts the rest', () => {
    expect(firstItems([1, 2, 3], 3)).toBe('1, 2, 3');
    expect(firstItems([1, 2, 3, 4], 3)).toBe('1, 2, 3 и ещё 1');
    expect(plain(firstItems(ids(1, 1025)))).toBe(`${ids(1, 20).join(', ')} и ещё 1 005`);
    // A list already cut by its query: the total is given.
    expect(firstItems(['строка 2', 'строка 3'], 10, 40)).toBe('строка 2, строка 3 и ещё 30');
  });
});

describe('long lists on the terminal and in the documents', () => {
  it('data problems: the first 20 IDs of each problem, then how many more', () => {
    const q: QualityReport = {
      heldWithoutDate: [],
      missing: [{ field: 'project', dealIds: ids(1000, 21) }, { field: 'topic', dealIds: ids(2000, 20) }],
      rejects: [],
      unknownStages: [],
      problems: 41,
    };
    expect(qualityLines(q)).toEqual([
      `без проекта (учтены): ID ${ids(1000, 20).join(', ')} и ещё 1`,
      `без темы (учтены): ID ${ids(2000, 20).join(', ')}`,
    ]);
  });

  it('new clients not asked for feedback: 20 clients, then how many more and where they all are', () => {
    const client = (i: number) => ({ client: `АНО «Клиент ${i}»`, consultations: 1, dealIds: [i], consultants: ['Иванова Мария'] });
    const f: FeedbackSection = {
      linkDays: 14,
      totals: { responses: 0, answeredYes: 0, answeredNo: 0, answeredShare: null, satisfied: 0, partly: 0, dissatisfied: 0, unrated: 0, satisfiedShare: null },
      byConsultant: [],
      coverage: {
        consultantsNotAsked: [{ name: 'Петров Алексей', consultations: 25, dealIds: ids(500, 25) }],
        newClientsNotAsked: ids(1, 25).map(client),
      },
      dissatisfied: [],
      comments: [],
      responses: [],
      unlinked: [],
    };
    const lines = feedbackLines(f).map(plain);
    expect(lines).toContain(`  Петров Алексей — 25 консультаций: ID ${ids(500, 20).join(', ')} и ещё 5`);
    expect(lines.filter((l) => l.startsWith('  АНО «Клиент '))).toHaveLength(20);
    expect(lines).toContain('  … и ещё 5 новых клиентов (все — в книге Excel, лист «Отзывы не запрошены»)');
    const lists = feedbackBlocks(f, 'месяц').filter((b) => b.kind === 'list').map((b) => (b as { items: string[] }).items.map(plain));
    expect(lists[0]).toEqual([`Петров Алексей — 25 консультаций (ID ${ids(500, 20).join(', ')} и ещё 5)`]);
    expect(lists[1]).toHaveLength(21);
    expect(lists[1]![0]).toBe('АНО «Клиент 1» (Иванова Мария; ID 1)');
    expect(lists[1]![20]).toBe('… и ещё 5 новых клиентов — все в книге Excel, лист «Отзывы не запрошены»');
    // No workbook written (--format docx,pdf): the terminal points at --json, the documents list everyone.
    expect(feedbackLines(f, 'месяц', false).map(plain)).toContain('  … и ещё 5 новых клиентов (все — в выводе с --json)');
    const full = feedbackBlocks(f, 'месяц', Infinity).filter((b) => b.kind === 'list').map((b) => (b as { items: string[] }).items);
    expect(full[0]).toEqual([`Петров Алексей — 25\u00a0консультаций (ID ${ids(500, 25).join(', ')})`]);
    expect(full[1]).toHaveLength(25);
  });

  it('what changed since an issue: 20 IDs on the terminal and in the documents, all of them in the workbook', () => {
    const report = { title: 'за октябрь 2026 года', issue: { issued: { issueId: 1, issuedAt: '2026-11-21T10:00:00+03:00' }, changes: [{ change: 'added', dealIds: ids(1, 22) }] } } as unknown as MonthlyReport;
    expect(plain(issueChangesText(report)!)).toBe(`После выпуска справки (21.11.2026 10:00) добавлено 22 консультации (ID ${ids(1, 20).join(', ')} и ещё 2).`);
    expect(plain(issueChangesText(report, Infinity)!)).toBe(`После выпуска справки (21.11.2026 10:00) добавлено 22 консультации (ID ${ids(1, 22).join(', ')}).`);
  });

  it('the note as a document: capped beside its workbook, whole without one (fixtures/monthly/scenario-2025-10_2026-11.csv)', async () => {
    await withLoadedDb([fixture('monthly/scenario-2025-10_2026-11.csv')], async (db) => {
      const report = await buildMonthlyReport(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow' });
      // The scenario's problems, with 25 deals more without a project (problems 8 + 25 = 33).
      const many: MonthlyReport = { ...report, quality: { ...report.quality, missing: [{ field: 'project', dealIds: ids(9000, 25) }], problems: 33 } };
      const texts = (blocks: NoteBlock[]) => blocks.flatMap((b) => (b.kind === 'list' ? b.items : b.kind === 'paragraph' ? [b.text] : [])).map(plain);
      const capped = texts(noteDocument(many, [], '2026-11-21', defaultSigner).blocks);
      expect(capped).toContain('33 проблемы; полный список — в книге Excel, лист «Качество данных».');
      expect(capped).toContain(`без проекта (учтены): ID ${ids(9000, 20).join(', ')} и ещё 5`);
      const whole = texts(noteDocument(many, [], '2026-11-21', defaultSigner, false).blocks);
      expect(whole).toContain('33 проблемы.');
      expect(whole).toContain(`без проекта (учтены): ID ${ids(9000, 25).join(', ')}`);
    });
  });
});
