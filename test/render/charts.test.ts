import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import {
  barChartConfig, CHART_FONT, CHART_FONT_FAMILIES, formatValue, lineChartConfig, registerChartFont, renderChart, renderCharts,
  wrapLabel,
} from '../../src/render/charts.js';

const topics = [
  { label: 'Администрирование конкурсов (грантмейкинг)', value: 42 },
  { label: 'Бухгалтерский учёт и отчётность в Минюст', value: 29 },
  { label: 'PR и SMM', value: 6 },
];

describe('wrapLabel', () => {
  it.each([
    ['Администрирование конкурсов (грантмейкинг)', 28, ['Администрирование конкурсов', '(грантмейкинг)']],
    ['Бухгалтерский учёт и отчётность в Минюст', 28, ['Бухгалтерский учёт и', 'отчётность в Минюст']],
    ['Проектная заявка на Фонд президентских грантов', 16, ['Проектная заявка', 'на Фонд', 'президентских', 'грантов']],
    ['Фандрайзинг', 28, ['Фандрайзинг']],
    // A word longer than the limit stays whole rather than being cut.
    ['Администрирование НКО', 10, ['Администрирование', 'НКО']],
    ['aaaa bbbb', 9, ['aaaa bbbb']],
    ['aaaa bbbb', 8, ['aaaa', 'bbbb']],
    ['  PR   и\tSMM ', 28, ['PR и SMM']],
    ['', 28, ['']],
    // A no-break space does not break.
    ['Оценки: 50\u00a0% удовлетворены', 10, ['Оценки:', '50\u00a0%', 'удовлетворены']],
  ])('%j at %i', (text, max, lines) => expect(wrapLabel(text, max)).toEqual(lines));
});

describe('formatValue', () => {
  it('groups thousands with a no-break space', () => {
    expect(formatValue(1342)).toBe('1\u00a0342');
    expect(formatValue(7)).toBe('7');
  });
});

describe('barChartConfig', () => {
  it('lays long topics out as horizontal bars with wrapped labels', () => {
    const config = barChartConfig(topics, { title: 'Консультации по темам, октябрь 2025', valueLabel: 'Консультаций' });
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual([
      ['Администрирование конкурсов', '(грантмейкинг)'],
      ['Бухгалтерский учёт и', 'отчётность в Минюст'],
      ['PR и SMM'],
    ]);
    expect(config.data.datasets[0]!.data).toEqual([42, 29, 6]);
    const options = config.options!;
    expect(options.indexAxis).toBe('y');
    expect(options.animation).toBe(false);
    expect(options.responsive).toBe(false);
    expect(options.plugins!.title!.text).toEqual(['Консультации по темам, октябрь 2025']);
    expect(options.plugins!.legend!.display).toBe(false);
    const x = options.scales!.x as { type: string; ticks: { precision: number }; title: { text: string; display: boolean } };
    expect(x.type).toBe('linear');
    expect(x.ticks.precision).toBe(0);
    expect(x.title).toMatchObject({ display: true, text: 'Консультаций' });
    expect((options.scales!.y as { type: string; ticks: { autoSkip: boolean } }).type).toBe('category');
    // No category label may be skipped to save room.
    expect((options.scales!.y as { ticks: { autoSkip: boolean } }).ticks.autoSkip).toBe(false);
    expect(config.plugins!.map((p) => p.id)).toEqual(['oknoValueLabels']);
  });

  it('draws columns with narrower labels when asked', () => {
    const config = barChartConfig(topics, { title: 'Темы', horizontal: false, color: '#aa3355' });
    expect(config.options!.indexAxis).toBe('x');
    expect((config.options!.scales!.x as { type: string }).type).toBe('category');
    expect((config.options!.scales!.y as { type: string; title: { display: boolean } }).title.display).toBe(false);
    expect(config.data.labels![0]).toEqual(['Администрирование', 'конкурсов', '(грантмейкинг)']);
    expect(config.data.datasets[0]!.backgroundColor).toBe('#aa3355');
  });

  it('wraps a long title', () => {
    const title = 'Консультации по темам за октябрь 2025 года в разрезе проектов и форматов';
    expect(barChartConfig(topics, { title }).options!.plugins!.title!.text)
      .toEqual(['Консультации по темам за октябрь 2025 года в', 'разрезе проектов и форматов']);
  });
});

describe('lineChartConfig', () => {
  it('shows months on two lines, the year only where it changes', () => {
    const config = lineChartConfig(
      [{ label: 'ноя 2025', value: 98 }, { label: 'дек 2025', value: 1342 }, { label: 'янв 2026', value: 87 }],
      { title: 'Консультации за 12 месяцев', valueLabel: 'Консультаций' },
    );
    expect(config.type).toBe('line');
    expect(config.data.labels).toEqual([['ноя', '2025'], ['дек', ''], ['янв', '2026']]);
    expect(config.data.datasets[0]!.data).toEqual([98, 1342, 87]);
    const y = config.options!.scales!.y as { type: string; beginAtZero: boolean; ticks: { precision: number } };
    expect(y).toMatchObject({ type: 'linear', beginAtZero: true, ticks: { precision: 0 } });
    expect(config.options!.plugins!.title!.text).toEqual(['Консультации за 12 месяцев']);
  });
});

async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

function countColor(data: Uint8ClampedArray, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
  return n;
}

describe('renderChart', () => {
  it('renders a PNG of the requested size on white, with the bars in their colour', async () => {
    const config = barChartConfig([{ label: 'Один', value: 10 }], { title: 'Проверка', color: '#d62728' });
    const png = await renderChart(config, { width: 800, height: 450 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const { width, height, data } = await pixels(png);
    expect([width, height]).toEqual([800, 450]);
    expect([...data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    // One bar on a 0…11 axis fills most of the plot width and its band's height: well over a tenth of the image.
    expect(countColor(data, [0xd6, 0x27, 0x28])).toBeGreaterThan(800 * 450 * 0.1);
  });

  it('scales the pixels, not the layout, and leaves the config reusable', async () => {
    const config = lineChartConfig([{ label: 'окт 2025', value: 3 }, { label: 'ноя 2025', value: 5 }], { title: 'Тренд' });
    const [one, two] = await Promise.all([
      renderChart(config, { width: 400, height: 225 }),
      renderChart(config, { width: 400, height: 225, scale: 2 }),
    ]);
    expect((await pixels(one!)).width).toBe(400);
    const doubled = await pixels(two!);
    expect([doubled.width, doubled.height]).toEqual([800, 450]);
    expect(config.plugins!.map((p) => p.id)).toEqual(['oknoValueLabels']);
  });

  it('renders several charts in order', async () => {
    const pngs = await renderCharts([
      { config: barChartConfig(topics, { title: 'А' }), width: 640, height: 360 },
      { config: lineChartConfig([{ label: 'окт 2025', value: 1 }], { title: 'Б' }), width: 300, height: 300 },
    ]);
    expect(await Promise.all(pngs.map(async (p) => [(await pixels(p)).width, (await pixels(p)).height])))
      .toEqual([[640, 360], [300, 300]]);
  });
});

describe('chart font', () => {
  it('registers both subsets and both weights of PT Sans', async () => {
    const files = await registerChartFont();
    expect(files.map((f) => f.replace(/.*\//, ''))).toEqual([
      'pt-sans-cyrillic-400-normal.woff2', 'pt-sans-cyrillic-700-normal.woff2',
      'pt-sans-latin-400-normal.woff2', 'pt-sans-latin-700-normal.woff2',
    ]);
    for (const name of Object.values(CHART_FONT_FAMILIES)) {
      const family = GlobalFonts.families.find((f) => f.family === name);
      expect(family?.styles.map((s) => s.weight).sort()).toEqual([400, 700]);
    }
  });

  it('takes Cyrillic from one subset and digits and Latin from the other', async () => {
    await registerChartFont();
    const ctx = createCanvas(10, 10).getContext('2d');
    const width = (font: string, text: string) => {
      ctx.font = `100px ${font}`;
      return ctx.measureText(text).width;
    };
    const cyrillicOnly = `"${CHART_FONT_FAMILIES.cyrillic}"`;
    const latinOnly = `"${CHART_FONT_FAMILIES.latin}"`;
    expect(width(CHART_FONT, 'Привет')).toBe(width(cyrillicOnly, 'Привет'));
    expect(width(CHART_FONT, '0123456789 PR')).toBe(width(latinOnly, '0123456789 PR'));
    // The Cyrillic file alone draws digits as its .notdef box, which is wider: the trap the family list avoids.
    expect(width(cyrillicOnly, '0123456789')).not.toBe(width(latinOnly, '0123456789'));
  });
});
