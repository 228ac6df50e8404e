// Charts for the monthly note and the PR images: chart.js 4 drawn on @napi-rs/canvas with a bundled font,
// so a PNG looks the same on every machine. Configs are built as plain data (testable without a canvas);
// only renderChart/renderCharts load the heavy libraries, lazily, so the CLI starts fast.
import { createRequire } from 'node:module';
import type { Chart, ChartConfiguration, ChartType, Plugin } from 'chart.js';
import { formatNumber } from '../text/russian.js';

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartOptions {
  title: string;
  /** Bars along the x axis with categories down the y axis (default): long Russian topic names stay legible. */
  horizontal?: boolean;
  /** Title of the value axis, e.g. «Консультаций». */
  valueLabel?: string;
  color?: string;
  /** Text, grid and background colours (the PR kit's brand); default okno's palette. */
  theme?: Partial<ChartTheme>;
  /** Multiplies the type sizes (PR images are read on phones); default 1. */
  textScale?: number;
}

export interface LineChartOptions {
  title: string;
  valueLabel?: string;
  color?: string;
  theme?: Partial<ChartTheme>;
  textScale?: number;
}

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  background: string;
}

export interface RenderSize {
  width: number;
  height: number;
  /** Pixel ratio: the PNG is width·scale × height·scale with the same layout. Default 1. */
  scale?: number;
  /** Background colour; default white. */
  background?: string;
}

export interface ChartJob extends RenderSize {
  config: ChartConfiguration;
}

/**
 * Each @fontsource subset is registered as its own family and the chart font is a list of both. Registering both
 * subsets under ONE name does not work with @napi-rs/canvas 1.0.x: Skia picks one typeface per family and style and
 * draws its .notdef box (PT Sans has a visible one) for every glyph that subset lacks, so digits came out as boxes
 * whenever the Cyrillic file won. A family list gets real per-glyph fallback from the first family to the next.
 */
export const CHART_FONT_FAMILIES = { cyrillic: 'okno PT Sans Cyrillic', latin: 'okno PT Sans Latin' } as const;
export const CHART_FONT = `"${CHART_FONT_FAMILIES.cyrillic}", "${CHART_FONT_FAMILIES.latin}", sans-serif`;

const palette = {
  bar: '#4C78A8',
  text: '#1F2933',
  muted: '#52606D',
  grid: '#E4E7EB',
  background: '#FFFFFF',
};

/** Label wrapping widths: horizontal bars have the whole left side for a label, columns only their own width. */
const WRAP_HORIZONTAL = 28;
const WRAP_VERTICAL = 16;
const WRAP_TITLE = 48;

/** A bar's label: «1 234», «4,8» (formatNumber to one decimal). */
export function formatValue(value: number): string {
  return formatNumber(value, 1);
}

/**
 * Splits text on spaces into lines of at most maxChars characters. A single word longer than that stays whole
 * on its own line: cutting a Russian word without a hyphenation dictionary reads worse than a wide line.
 */
export function wrapLabel(text: string, maxChars: number): string[] {
  // No-break spaces hold: «50 %», «4,8 часа» never split across lines.
  const words = text.trim().split(/[^\S\u00a0\u202f]+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Type sizes follow the image size so a chart reads the same at 800×450 in a workbook and at 1080 on a phone.
 * The unit is the width, capped by a 16:9 height so a very flat image does not get type its height cannot hold.
 */
function typeScale(chart: { width: number; height: number }, factor = 1) {
  const unit = Math.min(chart.width, (chart.height * 16) / 9) / 1080;
  return {
    unit,
    title: Math.round(factor * Math.max(40 * unit, (28 * chart.width) / 1080)),
    tick: Math.round(26 * unit * factor),
    value: Math.round(26 * unit * factor),
    axisTitle: Math.round(22 * unit * factor),
    pad: Math.round(28 * unit),
  };
}

function themeOf(theme: Partial<ChartTheme> | undefined): ChartTheme {
  return { text: palette.text, muted: palette.muted, grid: palette.grid, background: palette.background, ...theme };
}

type Sized = { width: number; height: number };

/**
 * A scriptable option sized from the chart. chart.js hands every scriptable option a context that carries the chart
 * at run time, although some of its type declarations (scale titles) leave `chart` out.
 */
function bySize<T>(fn: (chart: Sized, s: ReturnType<typeof typeScale>) => T, factor = 1): (ctx: object) => T {
  return (ctx) => {
    const chart = (ctx as { chart: Sized }).chart;
    return fn(chart, typeScale(chart, factor));
  };
}

/** Month labels «ноя 2025» become two lines, the year shown only where it changes, so 12 months fit across. */
function monthTicks(labels: string[]): string[][] {
  let lastYear = '';
  return labels.map((label) => {
    const match = /^(\S+)\s+(\d{4})$/.exec(label.trim());
    if (!match) return wrapLabel(label, 10);
    const [, month, year] = match as unknown as [string, string, string];
    const shown = year === lastYear ? '' : year;
    lastYear = year;
    return [month, shown];
  });
}

/** Draws each value at the end of its bar, or above its point: the reader should not have to read the grid. */
function valueLabels(placement: 'bar-end-x' | 'above', fontSize: (chart: Sized) => number, color: string): Plugin {
  return {
    id: 'oknoValueLabels',
    afterDatasetsDraw(chart: Chart) {
      const { ctx } = chart;
      const s = typeScale(chart);
      const gap = Math.round(10 * s.unit);
      ctx.save();
      ctx.font = `700 ${fontSize(chart)}px ${CHART_FONT}`;
      ctx.fillStyle = color;
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((element, j) => {
          const value = dataset.data[j];
          if (typeof value !== 'number' || !Number.isFinite(value)) return;
          const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
          const text = formatValue(value);
          if (placement === 'bar-end-x') {
            ctx.textAlign = value < 0 ? 'right' : 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, value < 0 ? x - gap : x + gap, y);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(text, x, y - gap);
          }
        });
      });
      ctx.restore();
    },
  };
}

function titleOptions(title: string, theme: ChartTheme, factor: number) {
  return {
    display: true,
    text: wrapLabel(title, wrapTitle(factor)),
    align: 'start' as const,
    color: theme.text,
    font: bySize((_, s) => ({ size: s.title, weight: 'bold' as const, lineHeight: 1.15 }), factor),
    // Scriptable at run time (the title plugin declares all its options scriptable); the types only say number.
    padding: bySize((_, s) => ({ top: 0, bottom: s.pad })) as unknown as number,
  };
}

/** Larger type fits fewer characters on a title line. */
const wrapTitle = (factor: number) => Math.floor(WRAP_TITLE / factor);

function axisTitle(text: string | undefined, fontSize: (chart: Sized) => number, color: string) {
  return {
    display: text !== undefined && text !== '',
    text: text ?? '',
    color,
    font: bySize((chart) => ({ size: fontSize(chart) })),
  };
}

const layoutPadding = bySize((_, { pad }) => ({ top: pad, right: pad * 1.5, bottom: pad, left: pad }));

export function barChartConfig(data: BarDatum[], options: BarChartOptions): ChartConfiguration<'bar', number[], string[]> {
  const horizontal = options.horizontal ?? true;
  const factor = options.textScale ?? 1;
  const theme = themeOf(options.theme);
  const labels = data.map((d) => wrapLabel(d.label, Math.floor((horizontal ? WRAP_HORIZONTAL : WRAP_VERTICAL) / Math.sqrt(factor))));
  const color = options.color ?? palette.bar;
  const maxLines = Math.max(1, ...labels.map((l) => l.length));
  const titleLines = wrapLabel(options.title, wrapTitle(factor)).length;

  // Many wrapped categories in a short image: shrink the category labels until every one fits in its band,
  // because chart.js would otherwise silently skip labels (we switch autoSkip off) or let them overlap.
  const categorySize = (chart: Sized): number => {
    const s = typeScale(chart, factor);
    if (!horizontal) return s.tick;
    const reserved = titleLines * s.title * 1.15 + s.pad * 3 + s.tick * 1.2 + s.axisTitle * 1.6 + s.pad;
    const band = (chart.height - reserved) / Math.max(1, labels.length);
    const fit = Math.floor((band * 0.92) / (maxLines * 1.15));
    return Math.max(10, Math.min(s.tick, fit));
  };
  const categoryFont = bySize((chart) => ({ size: categorySize(chart), lineHeight: 1.15 }));
  // Value ticks no larger than the category labels, or a shrunken chart looks lopsided.
  const valueFont = bySize((chart) => ({ size: categorySize(chart) }));

  const categoryAxis = {
    type: 'category' as const,
    grid: { display: false },
    border: { color: theme.muted },
    ticks: { color: theme.text, font: categoryFont, autoSkip: false, maxRotation: 0, minRotation: 0 },
  };
  const valueAxis = {
    type: 'linear' as const,
    beginAtZero: true,
    // Room beyond the longest bar for its value label.
    grace: '12%',
    grid: { color: theme.grid },
    border: { display: false },
    ticks: { color: theme.muted, font: valueFont, precision: 0, callback: (v: number | string) => formatValue(Number(v)) },
    title: axisTitle(options.valueLabel, (chart) => Math.min(typeScale(chart, factor).axisTitle, categorySize(chart)), theme.muted),
  };

  return {
    type: 'bar',
    data: {
      labels,
      datasets: [{
        label: options.valueLabel ?? options.title,
        data: data.map((d) => d.value),
        backgroundColor: color,
        borderRadius: 3,
        maxBarThickness: 90,
        categoryPercentage: 0.8,
        barPercentage: 0.85,
      }],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      ...staticChart(options.title, theme, factor),
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
    plugins: [horizontal ? valueLabels('bar-end-x', categorySize, theme.text) : valueLabels('above', (c) => typeScale(c, factor).value, theme.text)],
  };
}

/** What every okno chart shares: drawn once (no animation, fixed size), a title, no legend or tooltips. */
function staticChart(title: string, theme: ChartTheme, factor: number) {
  return {
    animation: false as const,
    responsive: false,
    layout: { padding: layoutPadding },
    plugins: {
      title: titleOptions(title, theme, factor),
      legend: { display: false },
      tooltip: { enabled: false },
    },
  };
}

export function lineChartConfig(points: { label: string; value: number }[], options: LineChartOptions): ChartConfiguration<'line', number[], string[]> {
  const color = options.color ?? palette.bar;
  const factor = options.textScale ?? 1;
  const theme = themeOf(options.theme);
  const fill = /^#[0-9a-f]{6}$/i.test(color) ? `${color}1F` : false;
  const tickFont = bySize((_, s) => ({ size: s.tick, lineHeight: 1.15 }), factor);
  const pointRadius = bySize((_, s) => Math.round(6 * s.unit));
  return {
    type: 'line',
    data: {
      labels: monthTicks(points.map((p) => p.label)),
      datasets: [{
        label: options.valueLabel ?? options.title,
        data: points.map((p) => p.value),
        borderColor: color,
        backgroundColor: fill === false ? color : fill,
        fill: fill !== false ? 'origin' : false,
        borderWidth: 4,
        tension: 0,
        pointRadius,
        pointBackgroundColor: color,
        pointBorderColor: theme.background,
        pointBorderWidth: 2,
      }],
    },
    options: {
      ...staticChart(options.title, theme, factor),
      scales: {
        x: {
          type: 'category',
          // Half a band of room at both ends, so the first and last value labels clear the axes.
          offset: true,
          grid: { display: false },
          border: { color: theme.muted },
          ticks: { color: theme.text, font: tickFont, autoSkip: false, maxRotation: 0, minRotation: 0 },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          // Room above the highest point for its value label.
          grace: '15%',
          grid: { color: theme.grid },
          border: { display: false },
          ticks: { color: theme.muted, font: tickFont, precision: 0, callback: (v: number | string) => formatValue(Number(v)) },
          title: axisTitle(options.valueLabel, (c) => typeScale(c, factor).axisTitle, theme.muted),
        },
      },
    },
    plugins: [valueLabels('above', (c) => typeScale(c, factor).value, theme.text)],
  };
}

type ChartJsModule = typeof import('chart.js');
type CanvasModule = typeof import('@napi-rs/canvas');
interface Libs {
  Chart: ChartJsModule['Chart'];
  createCanvas: CanvasModule['createCanvas'];
}

let libs: Promise<Libs> | undefined;

/** Registers the PT Sans files (both subsets, both weights); idempotent. Returns the font files registered. */
export async function registerChartFont(): Promise<string[]> {
  const { GlobalFonts } = await import('@napi-rs/canvas');
  return registerFonts(GlobalFonts);
}

let fontFiles: string[] | undefined;

function registerFonts(fonts: CanvasModule['GlobalFonts']): string[] {
  if (fontFiles) return fontFiles;
  const require = createRequire(import.meta.url);
  const files: string[] = [];
  for (const subset of ['cyrillic', 'latin'] as const) {
    for (const weight of [400, 700]) {
      const file = require.resolve(`@fontsource/pt-sans/files/pt-sans-${subset}-${weight}-normal.woff2`);
      if (!fonts.registerFromPath(file, CHART_FONT_FAMILIES[subset])) throw new Error(`Could not register chart font ${file}`);
      files.push(file);
    }
  }
  fontFiles = files;
  return files;
}

/** Loads chart.js and the canvas (once) ahead of the first chart, e.g. while a caller waits on the database. */
export async function loadChartLibraries(): Promise<void> {
  await loadLibs();
}

function loadLibs(): Promise<Libs> {
  libs ??= (async () => {
    const [chartjs, canvas] = await Promise.all([import('chart.js'), import('@napi-rs/canvas')]);
    chartjs.Chart.register(...chartjs.registerables);
    registerFonts(canvas.GlobalFonts);
    chartjs.Chart.defaults.font.family = CHART_FONT;
    chartjs.Chart.defaults.color = palette.text;
    return { Chart: chartjs.Chart, createCanvas: canvas.createCanvas };
  })().catch((error: unknown) => {
    libs = undefined; // let a later call retry rather than cache the failure
    throw error;
  });
  return libs;
}

function background(color: string): Plugin {
  return {
    id: 'oknoBackground',
    beforeDraw(chart: Chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
}

/** Renders one chart to PNG bytes. Drawing is synchronous; the PNG encoding runs off the main thread. */
export async function renderChart<T extends ChartType>(config: ChartConfiguration<T, number[], string[]> | ChartConfiguration, size: RenderSize): Promise<Buffer> {
  return (await renderChartAs(config as ChartConfiguration, size, ['png']))[0]!;
}

/**
 * One chart drawn once, encoded in each format asked: PNG for workbooks and Word, JPEG (quality 95) for the PDF —
 * pdfkit embeds a JPEG as it is, while a PNG with an alpha channel (the canvas always writes one) it decodes pixel
 * by pixel in JavaScript.
 */
async function renderChartAs(config: ChartConfiguration, size: RenderSize, formats: readonly ('png' | 'jpeg')[]): Promise<Buffer[]> {
  const { Chart, createCanvas } = await loadLibs();
  const scale = size.scale ?? 1;
  const canvas = createCanvas(size.width, size.height);
  // A shallow copy: the caller's config stays reusable, and these options are not negotiable in Node.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: scale },
    plugins: [...(config.plugins ?? []), background(size.background ?? palette.background)],
  });
  try {
    return await Promise.all(formats.map((f) => (f === 'png' ? canvas.encode('png') : canvas.encode('jpeg', 95))));
  } finally {
    chart.destroy();
  }
}

/** Renders several charts; each PNG encodes on the libuv pool while the next chart draws. */
export function renderCharts(jobs: ChartJob[]): Promise<Buffer[]> {
  return Promise.all(jobs.map((job) => renderChart(job.config, job)));
}

/** The charts as PNG and as JPEG (see renderChartAs), each drawn once. */
export async function renderChartsForPrint(jobs: ChartJob[]): Promise<{ png: Buffer; jpeg: Buffer }[]> {
  const images = await Promise.all(jobs.map((job) => renderChartAs(job.config, job, ['png', 'jpeg'])));
  return images.map(([png, jpeg]) => ({ png: png!, jpeg: jpeg! }));
}
