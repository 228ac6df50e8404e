import { describe, expect, it } from 'vitest';
import { decimalValue, formatNumber } from '../../src/text/russian.js';

// formatNumber writes numbers itself (src/text/russian.ts says why); ICU's ru-RU format is the oracle it must match
// character for character, after the two substitutions okno has always made (U+00A0 between thousands, U+2212).
const formats = new Map<string, Intl.NumberFormat>();
function icu(n: number, fractionDigits: number, fixed: boolean): string {
  const key = `${fractionDigits}${fixed}`;
  const format = formats.get(key) ?? new Intl.NumberFormat('ru-RU', { minimumFractionDigits: fixed ? fractionDigits : 0, maximumFractionDigits: fractionDigits, useGrouping: true });
  formats.set(key, format);
  return format.format(decimalValue(n)).replace(/[\u202f\u2009 ]/g, '\u00a0').replace('-', '\u2212');
}

/** A small deterministic generator (mulberry32): the same values on every run and machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('formatNumber', () => {
  it('writes what the figures in the README show', () => {
    expect(formatNumber(1234567)).toBe('1\u00a0234\u00a0567');
    expect(formatNumber(4.8, 1)).toBe('4,8');
    expect(formatNumber(5, 1)).toBe('5');
    expect(formatNumber(14, 1, { fixed: true })).toBe('14,0');
    expect(formatNumber(-2.5)).toBe('\u22123');
    expect(formatNumber(23 / 40 * 100)).toBe('58'); // 57.49999999999999 in floating point, 57.5 as written
    expect(formatNumber(0.15, 1)).toBe('0,2');
    expect(formatNumber(1.005, 2)).toBe('1,01');
    expect(formatNumber(999.96, 1)).toBe('1\u00a0000');
    expect(formatNumber(-0.4)).toBe('\u22120');
    expect(formatNumber(1234)).toBe('1\u00a0234');
  });

  it('matches ICU on halves, edges and 20,000 generated values, at 0–3 fraction digits, fixed or not', () => {
    const values = [0, -0, 0.5, -0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 1.005, 2.675, 1.45, 9.995, 99.95, 999.5, 999999.5, 0.000001, 0.0000015,
      1e15, 123456789012345.6, 9007199254740993, 1e20, 99999999999999999999, 1e-6, 4.35, 57.49999999999999, 1 / 3, 2 / 3, -1 / 3, NaN, Infinity, -Infinity, 1e21, 1e-7];
    const next = random(20261202);
    for (let i = 0; i < 5000; i++) {
      const scale = 10 ** Math.floor(next() * 12 - 3);
      const sign = next() < 0.3 ? -1 : 1;
      values.push(sign * next() * scale);
      values.push(sign * Math.round(next() * scale * 1000) / 1000);
      values.push(sign * (Math.floor(next() * 100000) + 0.5) / 10 ** Math.floor(next() * 4));
      values.push(sign * Math.floor(next() * scale * 100));
    }
    const mismatches: string[] = [];
    for (const v of values) {
      for (const digits of [0, 1, 2, 3]) {
        for (const fixed of [false, true]) {
          const [ours, theirs] = [formatNumber(v, digits, { fixed }), icu(v, digits, fixed)];
          if (ours !== theirs) mismatches.push(`${v} (${digits}${fixed ? ', fixed' : ''}): ${ours} ≠ ${theirs}`);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('leaves a count of digits that is not a whole 0–20 to ICU, as before: the same text, or its RangeError', () => {
    expect(formatNumber(12.34, 1.5)).toBe(icu(12.34, 1.5, false));
    expect(formatNumber(0.5, 0.5)).toBe(icu(0.5, 0.5, false));
    expect(() => formatNumber(5, -1)).toThrow(RangeError);
    expect(() => formatNumber(5, 21)).toThrow(RangeError);
    expect(() => formatNumber(5, Number.NaN)).toThrow(RangeError);
  });
});
