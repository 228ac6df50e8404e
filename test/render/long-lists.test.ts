// README «Long lists»: the terminal and the note's documents show 20 deal IDs (or clients) of a list, then «и ещё N»;
// the workbook and --json keep every one. Figures worked out by hand from the lists built here.
import { describe, expect, it } from 'vitest';
import type { FeedbackSection } from '../../src/feedback/month.js';
import type { QualityReport } from '../../src/monthly/report.js';
import { feedbackLines, qualityLines } from '../../src/render/monthly-text.js';
import { feedbackBlocks } from '../../src/render/note-content.js';
import { firstItems } from '../../src/text/russian.js';

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
  });
});
