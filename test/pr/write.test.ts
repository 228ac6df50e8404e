import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { writePrKit } from '../../src/pr/write.js';
import { fixture, loadFeedbackFiles, withLoadedDb, withTempDir } from '../helpers.js';

const scenario = fixture('monthly/scenario-2025-10_2026-11.csv');

async function logoPng(width: number, height: number): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#2A9D8F';
  ctx.fillRect(0, 0, width, height);
  return canvas.encode('png');
}

describe('writePrKit', () => {
  it('writes every image in every preset, decodable at its size, and the Markdown', async () => {
    await withLoadedDb([scenario], async (db) => {
      await withTempDir(async (dir) => {
        const logo = path.join(dir, 'logo.png');
        await writeFile(logo, await logoPng(300, 100));
        const config: Config = { ...defaultConfig(), pr: { ...defaultConfig().pr, organisation: 'Ресурсный центр «Окно»', logo } };
        const kit = await writePrKit(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', config }, dir);
        expect(kit.dir).toBe(path.join(dir, 'pr-2026-10'));
        expect((await readdir(kit.dir)).sort()).toEqual([
          'headline-square.png', 'headline-story.png', 'headline-wide.png', 'pr-2026-10.md',
          'topics-square.png', 'topics-story.png', 'topics-wide.png', 'trend-square.png', 'trend-story.png', 'trend-wide.png',
        ]);
        // No staging folder left behind.
        expect((await readdir(dir)).sort()).toEqual(['logo.png', 'pr-2026-10']);
        for (const image of kit.images) {
          const decoded = await loadImage(await readFile(image.file));
          expect([image.kind, image.preset, decoded.width, decoded.height]).toEqual([image.kind, image.preset, image.width, image.height]);
          expect(image.alt).toBe(kit.texts.alt[image.kind]);
        }
        expect(kit.images.map((i) => `${i.kind}-${i.preset} ${i.width}×${i.height}`)).toEqual([
          'headline-square 1080×1080', 'headline-wide 1200×675', 'headline-story 1080×1920',
          'topics-square 1080×1080', 'topics-wide 1200×675', 'topics-story 1080×1920',
          'trend-square 1080×1080', 'trend-wide 1200×675', 'trend-story 1080×1920',
        ]);
        const md = await readFile(kit.markdown, 'utf8');
        expect(md.startsWith('# Ресурсный центр «Окно»: консультации за октябрь 2026 года\n\n## Для сайта\n\n')).toBe(true);
        expect(md).toContain(kit.texts.site);
        expect(md).toContain(`## Для социальных сетей\n\n${kit.texts.social}\n`);
        expect(md).toContain(`- \`headline-square.png\`, \`headline-wide.png\`, \`headline-story.png\`\n  ${kit.texts.alt.headline}`);
      });
    });
  });

  it('adds the satisfaction images when the month has rated feedback', async () => {
    await withLoadedDb([fixture('feedback/consultations-2026-10.csv')], async (db) => {
      await loadFeedbackFiles(db, [fixture('feedback/google-forms-reexport.csv')]);
      await withTempDir(async (dir) => {
        // The fixture's latest «Дата редактирования» is 29.10.2026 12:00: before October's end, so only with --force.
        const kit = await writePrKit(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', config: defaultConfig(), force: true }, dir);
        expect([kit.forced, kit.recorded]).toEqual([true, { kitId: 1, madeAt: '2026-11-21T12:00:00+03:00' }]);
        const satisfaction = kit.images.filter((i) => i.kind === 'satisfaction');
        expect(satisfaction.map((i) => [path.basename(i.file), i.width, i.height])).toEqual([
          ['satisfaction-square.png', 1080, 1080], ['satisfaction-wide.png', 1200, 675], ['satisfaction-story.png', 1080, 1920],
        ]);
        for (const image of satisfaction) {
          const decoded = await loadImage(await readFile(image.file));
          expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
        }
        expect(kit.figures.satisfaction?.satisfiedShare).toBe(0.5);
        // Without an organisation the title is the sentence alone; made with --force, the reason comes first.
        expect((await readFile(kit.markdown, 'utf8')).split('\n').slice(0, 3)).toEqual([
          '# Консультации за октябрь 2026 года',
          '',
          '> Внимание: данные за месяц явно неполные — самая поздняя «Дата редактирования» в загруженных выгрузках 29.10.2026 12:00, ' +
            'раньше конца месяца (последняя выгрузка — consultations-2026-10.csv, загружена 21.11.2026 12:00). ' +
            'Материалы сделаны с --force: проверьте цифры перед публикацией.',
        ]);
      });
    });
  });

  it.each([
    ['missing', null, /^Логотип .*nope\.png не найден или недоступен\.$/],
    ['not a PNG', Buffer.from('GIF89a……'), /^Логотип .*nope\.png — не PNG\.$/],
  ])('refuses a logo that is %s, writing nothing', async (_what, bytes, message) => {
    await withLoadedDb([scenario], async (db) => {
      await withTempDir(async (dir) => {
        const logo = path.join(dir, 'nope.png');
        if (bytes) await writeFile(logo, bytes);
        const config: Config = { ...defaultConfig(), pr: { ...defaultConfig().pr, logo } };
        const out = path.join(dir, 'out');
        const error = await writePrKit(db, { month: '2026-10', today: '2026-11-21', timeZone: 'Europe/Moscow', config }, out).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(message);
        expect(await readdir(dir)).toEqual(bytes ? ['nope.png'] : []);
      });
    });
  });
});
