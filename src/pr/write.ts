// okno pr: the kit for a month written to <out>/pr-YYYY-MM/ — the images in every preset and the Markdown texts —
// and recorded in `pr_kits`. Everything is rendered in memory and written to a temporary folder first, then moved
// into place in the transaction that records it: a failure leaves no half-written kit and no record (and an earlier
// kit for the month stays until the new one is whole and recorded).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { isoInstant, monthLabel, type Month } from '../time/period.js';
import { capitalise, ruDate } from '../text/russian.js';
import { buildMonthlyReport } from '../monthly/report.js';
import { makeDir, saveFolder, writeSynced } from '../files/atomic.js';
import {
  imageKinds, incompleteReason, prFigures, prMarkdown, prTexts, type ImageKind, type PresetName, type PrFigures, type PrTexts,
} from '../render/pr-kit.js';

export interface PrImage {
  kind: ImageKind;
  preset: PresetName;
  /** Path of the PNG, relative to the kit's folder's parent as given (`<out>/pr-YYYY-MM/<kind>-<preset>.png`). */
  file: string;
  width: number;
  height: number;
  alt: string;
}

export interface PrKit {
  month: Month;
  partial: boolean;
  /** Why the month's data plainly cannot be complete (the kit was then made with --force), or null. */
  warning: string | null;
  forced: boolean;
  /** The record in `pr_kits`: its id and when it was made (ISO 8601 with the account's offset). */
  recorded: { kitId: number; madeAt: string };
  /** The folder written: `<out>/pr-YYYY-MM`. */
  dir: string;
  /** The Markdown file with the texts and alt texts. */
  markdown: string;
  figures: PrFigures;
  texts: PrTexts;
  images: PrImage[];
}

export interface PrKitOptions {
  month: Month;
  today: string;
  timeZone: string;
  linkDays?: number;
  config: Config;
  /** Make the kit even when the month's data plainly cannot be complete. */
  force?: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads and decodes the configured logo; a missing file or one that is not a PNG is the user's to fix. */
async function loadLogo(file: string | null) {
  if (file === null) return null;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UserError(`Логотип ${file} не найден или недоступен.`, {
      hint: 'Путь в pr.logo файла настроек указывается относительно самого файла настроек.',
      cause: error,
    });
  }
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new UserError(`Логотип ${file} — не PNG.`, { hint: 'Сохраните логотип в формате PNG и укажите его в pr.logo.' });
  }
  const { loadImage } = await import('@napi-rs/canvas');
  try {
    return await loadImage(bytes);
  } catch (error) {
    throw new UserError(`Логотип ${file} повреждён: PNG не читается.`, { cause: error });
  }
}

/** The first month with data (README «Тексты PR»): of the earliest held consultation; null when there is none. */
export async function firstDataMonth(db: Db): Promise<Month | null> {
  return (await db.one<{ month: Month | null }>('pr/first_month'))?.month ?? null;
}

/**
 * Builds the month's note (the figures' only source), renders the kit's images concurrently and writes the kit to
 * `<outDir>/pr-YYYY-MM/`. Paths in the result are as `outDir` was given (relative stays relative).
 */
export async function writePrKit(db: Db, options: PrKitOptions, outDir: string): Promise<PrKit> {
  if (options.month > options.today.slice(0, 7)) {
    throw new UserError(`${capitalise(monthLabel(options.month))} ещё не начался (сегодня ${ruDate(options.today)}).`, {
      hint: 'PR-материалы делаются за месяц, который уже начался (текущий — за его первые дни); без --month — за прошлый месяц.',
    });
  }
  const settings = options.config.pr;
  const logo = await loadLogo(settings.logo);
  const report = await buildMonthlyReport(db, {
    month: options.month,
    today: options.today,
    timeZone: options.timeZone,
    linkDays: options.linkDays ?? options.config.feedback.linkDays,
  });
  const dataFrom = await firstDataMonth(db);
  const figures = prFigures(report, dataFrom);
  const warning = incompleteReason(report, dataFrom);
  if (warning && !options.force) {
    const again = `okno pr --month ${options.month}`;
    throw new UserError(`PR-материалы ${figures.phrases.for} не сделаны: ${warning}`, {
      hint:
        `Загрузите свежую выгрузку из amoCRM (okno load consultations <файл>) и повторите ${again}; ` +
        `или сделайте материалы всё равно: ${again} --force (предупреждение будет в тексте и в терминале).`,
    });
  }
  const texts = prTexts(figures, settings);
  const { imageJobs, renderPrImages } = await import('../render/pr-images.js');
  const jobs = imageJobs(imageKinds(figures));
  const pngs = await renderPrImages(jobs, figures, settings, logo);

  const name = `pr-${options.month}`;
  const dir = path.join(outDir, name);
  const images: PrImage[] = jobs.map((j) => ({
    kind: j.kind,
    preset: j.preset,
    file: path.join(dir, `${j.kind}-${j.preset}.png`),
    width: j.width,
    height: j.height,
    alt: texts.alt[j.kind]!,
  }));
  const markdownName = `${name}.md`;
  const markdown = prMarkdown(figures, texts, images.map((i) => ({ ...i, file: path.basename(i.file) })), settings, warning);

  await makeDir(outDir);
  const forced = warning !== null;
  const now = db.now();
  const madeAt = isoInstant(new Date(now), options.timeZone);
  const kitId = await saveFolder(
    dir,
    async (staging) => {
      await Promise.all([
        ...images.map((image, i) => writeSynced(path.join(staging, path.basename(image.file)), pngs[i]!)),
        writeSynced(path.join(staging, markdownName), markdown),
      ]);
    },
    (moveIntoPlace) =>
      db.transaction(async () => {
        const { kit_id } = (await db.one<{ kit_id: number }>('pr/kit_insert', {
          month: options.month,
          now,
          tz: options.timeZone,
          dir,
          partial: figures.partial,
          forced,
          warning,
          figures: JSON.stringify(figures),
        }))!;
        await moveIntoPlace();
        return kit_id;
      }),
  );
  return {
    month: options.month,
    partial: figures.partial,
    warning,
    forced,
    recorded: { kitId, madeAt },
    dir,
    markdown: path.join(dir, markdownName),
    figures,
    texts,
    images,
  };
}
