// Aligned plain-text tables for the terminal (status, reports, checks). Pure: the caller prints the string.
import { formatNumber } from './russian.js';

/** A column of numbers as formatNumber writes them: «1 234», «−3», «14,0». */
const numberCell = /^[-\u2212]?[\d\u00a0\u202f ]+(,\d+)?$/;

/** An aligned text table; number cells (and number-looking strings) right-aligned. */
export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const cells = all.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length))) ?? [];
  const body = header ? rows : all;
  const numeric = (body[0] ?? []).map((_, i) => body.every((r) => typeof r[i] === 'number' || numberCell.test(String(r[i]))));
  return cells
    .map((r) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i]! - [...c].length);
          return numeric[i] ? pad + c : c + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
