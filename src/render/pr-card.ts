// The PR kit's headline card, drawn directly on canvas: the month, a big number, its caption, a few lines of
// figures, the organisation and its logo. The layout is computed as data from a text-measuring function, so tests
// check with the real font that every text box fits the image and no two overlap, at every preset.
import type { PrSettings } from '../config.js';
import type { HeadlineContent } from './pr-kit.js';
import { CHART_FONT, registerChartFont } from './charts.js';

export type Weight = 400 | 700;
/** Width in pixels of `text` set in the chart font at `size` px and `weight`. */
export type Measure = (text: string, size: number, weight: Weight) => number;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextBox extends Box {
  role: 'organisation' | 'period' | 'number' | 'caption' | 'stat';
  lines: string[];
  fontSize: number;
  weight: Weight;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  color: keyof PrSettings['colors'];
}

export interface CardLayout {
  width: number;
  height: number;
  margin: number;
  /** Where the logo goes (its aspect ratio kept), or null without one. */
  logo: Box | null;
  /** The accent band along the top edge (decoration, outside the margins). */
  band: Box;
  boxes: TextBox[];
}

const LINE = 1.3;
// Digits have no descenders: the em box above the baseline is all the number needs.
const NUMBER_LINE = 1.05;

/** Greedy word wrap by measured width; no-break spaces keep «4,8 часа» together. A word wider than the line stays whole. */
export function wrapByWidth(text: string, maxWidth: number, size: number, weight: Weight, measure: Measure): string[] {
  const words = text.trim().split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line === '' || measure(candidate, size, weight) <= maxWidth) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The largest size from `maxSize` down at which the text wraps into at most `maxLines` lines that each fit
 * `maxWidth`. Below `minSize` the line limit is dropped and the text shrinks until every word fits: a smaller
 * line beats a cut one.
 */
export function fitText(text: string, maxWidth: number, maxSize: number, minSize: number, maxLines: number, weight: Weight, measure: Measure) {
  let size = Math.max(1, Math.floor(maxSize));
  for (;;) {
    const lines = wrapByWidth(text, maxWidth, size, weight, measure);
    const fits = lines.every((l) => measure(l, size, weight) <= maxWidth);
    if (fits && (lines.length <= maxLines || size <= minSize)) return { lines, size };
    if (size <= 6) return { lines, size };
    size = Math.max(6, size - Math.max(1, Math.round(size * 0.04)));
  }
}

/** The card's layout at a size. `logoAspect` is the logo's width ÷ height, or null without a logo. */
export function cardLayout(content: HeadlineContent, size: { width: number; height: number }, logoAspect: number | null, measure: Measure): CardLayout {
  const { width: W, height: H } = size;
  const U = Math.min(W, H);
  const margin = Math.round(0.075 * U);
  const cw = W - 2 * margin;
  const band: Box = { x: 0, y: 0, width: W, height: Math.round(0.025 * U) };

  // Header: the logo on the left, the organisation's name beside it (or across, without a logo).
  let logo: Box | null = null;
  let headerBottom = margin;
  const boxes: TextBox[] = [];
  let textX = margin;
  if (logoAspect !== null && logoAspect > 0) {
    let h = Math.round(0.12 * U);
    let w = Math.round(h * logoAspect);
    if (w > cw * 0.4) {
      w = Math.floor(cw * 0.4);
      h = Math.max(1, Math.floor(w / logoAspect));
    }
    logo = { x: margin, y: margin, width: w, height: h };
    headerBottom = margin + h;
    textX = margin + w + Math.round(0.03 * U);
  }
  if (content.organisation) {
    const maxWidth = W - margin - textX;
    const fit = fitText(content.organisation, maxWidth, 0.045 * U, 0.032 * U, 3, 700, measure);
    const height = Math.ceil(fit.lines.length * fit.size * LINE);
    // Centred on the logo when there is one.
    const y = logo ? margin + Math.max(0, Math.round((logo.height - height) / 2)) : margin;
    boxes.push({ role: 'organisation', lines: fit.lines, fontSize: fit.size, weight: 700, lineHeight: LINE, color: 'text', x: textX, y, width: maxWidth, height });
    headerBottom = Math.max(headerBottom, y + height);
  }
  const top = headerBottom === margin ? margin : headerBottom + Math.round(0.05 * U);
  const available = H - margin - top;

  // The main block at a scale s; shrunk until it fits the height left.
  const main = (s: number) => {
    const parts: { role: TextBox['role']; text: string; max: number; min: number; lines: number; weight: Weight; color: TextBox['color']; line: number; gapBefore: number }[] = [
      { role: 'period', text: content.period, max: 0.065 * U * s, min: 0.035 * U * s, lines: 2, weight: 700, color: 'accent', line: LINE, gapBefore: 0 },
      { role: 'number', text: content.number, max: (H > W ? 0.34 : 0.3) * U * s, min: 0.08 * U * s, lines: 1, weight: 700, color: 'primary', line: NUMBER_LINE, gapBefore: 0.01 * U * s },
      { role: 'caption', text: content.caption, max: 0.085 * U * s, min: 0.045 * U * s, lines: 2, weight: 700, color: 'text', line: LINE, gapBefore: 0 },
      ...content.stats.map((text, i) => ({
        role: 'stat' as const, text, max: 0.052 * U * s, min: 0.03 * U * s, lines: 2, weight: 400 as Weight, color: 'text' as const, line: LINE,
        gapBefore: (i === 0 ? 0.05 : 0.012) * U * s,
      })),
    ];
    let y = 0;
    const placed: TextBox[] = [];
    for (const p of parts) {
      const fit = fitText(p.text, cw, p.max, p.min, p.lines, p.weight, measure);
      y += Math.round(p.gapBefore);
      const height = Math.ceil(fit.lines.length * fit.size * p.line);
      placed.push({ role: p.role, lines: fit.lines, fontSize: fit.size, weight: p.weight, lineHeight: p.line, color: p.color, x: margin, y, width: cw, height });
      y += height;
    }
    return { placed, height: y };
  };
  let s = 1;
  let block = main(s);
  for (let i = 0; i < 20 && block.height > available; i++) {
    s *= Math.max(0.5, Math.min(0.97, available / block.height));
    block = main(s);
  }
  // Centred in the space under the header (a story leaves more room below than above: that is where the app's
  // reply field goes).
  const offset = top + Math.max(0, Math.round((available - block.height) / (H > W * 1.5 ? 2.6 : 2)));
  for (const b of block.placed) boxes.push({ ...b, y: b.y + offset });
  return { width: W, height: H, margin, logo, band, boxes };
}

type CanvasModule = typeof import('@napi-rs/canvas');
type LoadedImage = Awaited<ReturnType<CanvasModule['loadImage']>>;

/** Draws the card and encodes it as PNG. */
export async function renderCard(
  content: HeadlineContent,
  size: { width: number; height: number },
  colors: PrSettings['colors'],
  logo: LoadedImage | null,
): Promise<{ png: Buffer; layout: CardLayout }> {
  const { createCanvas } = await import('@napi-rs/canvas');
  await registerChartFont();
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  const measure: Measure = (text, px, weight) => {
    ctx.font = `${weight} ${px}px ${CHART_FONT}`;
    return ctx.measureText(text).width;
  };
  const layout = cardLayout(content, size, logo ? logo.width / logo.height : null, measure);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.fillStyle = colors.accent;
  ctx.fillRect(layout.band.x, layout.band.y, layout.band.width, layout.band.height);
  if (logo && layout.logo) ctx.drawImage(logo, layout.logo.x, layout.logo.y, layout.logo.width, layout.logo.height);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  for (const box of layout.boxes) {
    ctx.font = `${box.weight} ${box.fontSize}px ${CHART_FONT}`;
    ctx.fillStyle = colors[box.color];
    box.lines.forEach((line, i) => ctx.fillText(line, box.x, box.y + i * box.fontSize * box.lineHeight));
  }
  return { png: await canvas.encode('png'), layout };
}

/** A text measurer on a scratch canvas with the chart font registered (tests, and callers laying out without drawing). */
export async function canvasMeasure(): Promise<Measure> {
  const { createCanvas } = await import('@napi-rs/canvas');
  await registerChartFont();
  const ctx = createCanvas(1, 1).getContext('2d');
  return (text, px, weight) => {
    ctx.font = `${weight} ${px}px ${CHART_FONT}`;
    return ctx.measureText(text).width;
  };
}
