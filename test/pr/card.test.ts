import { describe, expect, it } from 'vitest';
import type { HeadlineContent } from '../../src/render/pr-kit.js';
import { presetNames, presets } from '../../src/render/pr-kit.js';
import { canvasMeasure, cardLayout, fitText, type Box, type CardLayout, type Measure } from '../../src/render/pr-card.js';

const nb = '\u00a0';
const october: HeadlineContent = {
  organisation: 'Ресурсный центр «Окно»',
  period: 'В октябре 2026 года',
  number: '6',
  caption: 'консультаций',
  stats: [`3${nb}организации получили помощь`, `4,8${nb}часа консультаций`, `1${nb}новый клиент`],
};
const crowded: HeadlineContent = {
  organisation: 'Автономная некоммерческая организация «Ресурсный центр поддержки общественных инициатив Новосибирской области»',
  period: 'С 1 по 21 ноября 2026 года',
  number: `1${nb}234${nb}567`,
  caption: 'консультаций',
  stats: [`21${nb}121${nb}организация получила помощь`, `1${nb}234${nb}567,5${nb}часа консультаций`, `11${nb}112${nb}новых клиентов`],
};

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function checkFits(layout: CardLayout, measure: Measure) {
  const { width: W, height: H, margin } = layout;
  const all: Box[] = [...layout.boxes, ...(layout.logo ? [layout.logo] : [])];
  for (const b of all) {
    expect(b.x).toBeGreaterThanOrEqual(margin);
    expect(b.y).toBeGreaterThanOrEqual(margin);
    expect(b.x + b.width).toBeLessThanOrEqual(W - margin);
    expect(b.y + b.height).toBeLessThanOrEqual(H - margin);
  }
  for (const t of layout.boxes) {
    expect(t.height).toBeGreaterThanOrEqual(t.lines.length * t.fontSize * t.lineHeight);
    for (const line of t.lines) expect(measure(line, t.fontSize, t.weight)).toBeLessThanOrEqual(t.width);
  }
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlap(all[i]!, all[j]!)).toBe(false);
  // The band is decoration along the top edge, above every box.
  for (const b of all) expect(b.y).toBeGreaterThanOrEqual(layout.band.height);
}

describe('headline card layout', () => {
  const cases = presetNames.flatMap((preset) =>
    [
      ['October', october, null],
      ['October with a wide logo', october, 4],
      ['crowded, tall logo', crowded, 1 / 3],
      ['crowded, no organisation', { ...crowded, organisation: null }, null],
    ].map(([name, content, aspect]) => [preset, name, content, aspect] as const),
  );

  it.each(cases)('%s: %s — every text fits, nothing overlaps or leaves the margins', async (preset, _name, content, aspect) => {
    const measure = await canvasMeasure();
    const layout = cardLayout(content as HeadlineContent, presets[preset], aspect as number | null, measure);
    expect(layout.boxes.map((b) => b.role)).toEqual([
      ...((content as HeadlineContent).organisation ? ['organisation'] : []), 'period', 'number', 'caption', 'stat', 'stat', 'stat',
    ]);
    checkFits(layout, measure);
    // Readable on a phone: no text below 3 % of the short side (32 px at 1080, 20 px at 675).
    const U = Math.min(presets[preset].width, presets[preset].height);
    for (const b of layout.boxes) expect(b.fontSize).toBeGreaterThanOrEqual(Math.floor(0.03 * U) - 1);
  });

  it('sizes at their maximum when there is room (square, October, no organisation)', async () => {
    const layout = cardLayout({ ...october, organisation: null }, presets.square, null, await canvasMeasure());
    const sizes = Object.fromEntries(layout.boxes.map((b) => [b.role, b.fontSize]));
    // 0.065, 0.30, 0.085, 0.052 of 1080.
    expect(sizes).toEqual({ period: 70, number: 324, caption: 91, stat: 56 });
    expect(layout.boxes.find((b) => b.role === 'period')!.lines).toEqual(['В октябре 2026 года']);
    expect(layout.margin).toBe(81);
  });

  it('wraps a long organisation name within three lines, every word kept', async () => {
    const measure = await canvasMeasure();
    const layout = cardLayout(crowded, presets.square, null, measure);
    const org = layout.boxes.find((b) => b.role === 'organisation')!;
    expect(org.lines.length).toBeLessThanOrEqual(3);
    expect(org.lines.join(' ')).toBe(crowded.organisation);
  });
});

describe('fitText', () => {
  // A fake font: every character 10 px wide at size 20 (0.5 em).
  const measure: Measure = (text, size) => [...text].length * size * 0.5;
  it('keeps the largest size that fits the lines', () => {
    expect(fitText('aaaa bbbb', 100, 20, 10, 1, 400, measure)).toEqual({ lines: ['aaaa bbbb'], size: 20 });
    expect(fitText('aaaa bbbb', 80, 20, 10, 2, 400, measure)).toEqual({ lines: ['aaaa', 'bbbb'], size: 20 });
    // One line allowed: shrinks until 9 characters fit 80 px (size 17: 76.5 px).
    expect(fitText('aaaa bbbb', 80, 20, 10, 1, 400, measure)).toEqual({ lines: ['aaaa bbbb'], size: 17 });
  });
  it('shrinks below the minimum rather than cut a word', () => {
    const { lines, size } = fitText('Администрирование', 60, 20, 10, 1, 400, measure);
    expect(lines).toEqual(['Администрирование']);
    expect(measure(lines[0]!, size, 400)).toBeLessThanOrEqual(60);
    expect(size).toBe(7);
  });
});
