import { describe, expect, it } from 'vitest';
import { isSampleExport } from '../../src/cli/demo.js';

describe('okno demo loads the sample exports only', () => {
  it('takes CSV and XLSX, not a rejects file a load of the samples by hand left beside them', () => {
    const names = ['1-amocrm-export-2026-10-02.csv', '1-amocrm-export-2026-10-02.rejects.csv', '2-amocrm-export-2026-11-03.xlsx', 'README.md', 'x.REJECTS.CSV'];
    expect(names.filter(isSampleExport)).toEqual(['1-amocrm-export-2026-10-02.csv', '2-amocrm-export-2026-11-03.xlsx']);
  });
});
