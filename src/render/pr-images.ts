// The PR kit's images: the headline card (pr-card.ts) and three charts (chart.js, charts.ts) in every preset,
// rendered and PNG-encoded concurrently.
import type { ChartConfiguration } from 'chart.js';
import type { PrSettings } from '../config.js';
import { monthShortLabel } from '../time/period.js';
import {
  headlineContent, presets, satisfactionBars, satisfiedShareShort, topicBars, topicsShown, type ImageKind, type PresetName, type PrFigures,
} from './pr-kit.js';
import { barChartConfig, lineChartConfig, renderChart } from './charts.js';
import { renderCard } from './pr-card.js';

/** Type on PR images is larger than in the workbook: they are read on phones. */
export const PR_TEXT_SCALE = 1.4;

export interface ImageJob {
  kind: ImageKind;
  preset: PresetName;
  width: number;
  height: number;
}

/** A muted colour for axes and grid: the text colour at partial opacity over the background. */
function theme(colors: PrSettings['colors']) {
  return { text: colors.text, muted: `${colors.text}B3`, grid: `${colors.text}26`, background: colors.background };
}

/** The chart.js config of a chart image (everything but the headline card), as data. */
export function prChartConfig(kind: Exclude<ImageKind, 'headline'>, figures: PrFigures, preset: PresetName, settings: PrSettings): ChartConfiguration {
  const common = { theme: theme(settings.colors), textScale: PR_TEXT_SCALE, color: settings.colors.primary };
  switch (kind) {
    case 'topics':
      return barChartConfig(topicBars(figures, topicsShown[preset]), {
        ...common,
        title: `Темы консультаций: ${figures.phrases.title}`,
        valueLabel: 'Консультаций',
      }) as unknown as ChartConfiguration;
    case 'trend':
      return lineChartConfig(
        figures.trend.map((m) => ({ label: monthShortLabel(m.month), value: m.consultations })),
        { ...common, title: 'Консультации по месяцам', valueLabel: 'Консультаций' },
      ) as unknown as ChartConfiguration;
    case 'satisfaction':
      return barChartConfig(satisfactionBars(figures, settings), {
        ...common,
        title: `Оценки клиентов: ${figures.phrases.title} — ${satisfiedShareShort(figures.satisfaction!)}`,
        valueLabel: 'Оценок',
      }) as unknown as ChartConfiguration;
  }
}

export function imageJobs(kinds: ImageKind[]): ImageJob[] {
  return kinds.flatMap((kind) => (Object.keys(presets) as PresetName[]).map((preset) => ({ kind, preset, ...presets[preset] })));
}

type LoadedImage = Awaited<ReturnType<typeof import('@napi-rs/canvas')['loadImage']>>;

/** Renders every job; each PNG encodes on the libuv pool while the next image draws. */
export function renderPrImages(jobs: ImageJob[], figures: PrFigures, settings: PrSettings, logo: LoadedImage | null): Promise<Buffer[]> {
  const headline = headlineContent(figures, settings);
  return Promise.all(
    jobs.map(async (job) => {
      const size = { width: job.width, height: job.height };
      if (job.kind === 'headline') return (await renderCard(headline, size, settings.colors, logo)).png;
      return renderChart(prChartConfig(job.kind, figures, job.preset, settings), { ...size, background: settings.colors.background });
    }),
  );
}
