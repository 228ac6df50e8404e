import path from 'node:path';
import type { PrKit } from '../pr/write.js';
import { frequentTopics, satisfiedShare } from './pr-kit.js';
import { countOf, formatNumber } from '../text/russian.js';

/** The kit on the terminal: the figures, where the files are, the social text to paste. Paths relative to `cwd`. */
export function renderPrKit(kit: PrKit, cwd: string): string {
  const f = kit.figures;
  const shown = (file: string) => path.relative(cwd, file) || file;
  const lines: string[] = [];
  lines.push(`Материалы для публикации ${f.phrases.for}: ${shown(kit.dir)}${path.sep}`);
  if (kit.warning) lines.push(`Внимание: ${kit.warning} Материалы сделаны с --force: проверьте цифры перед публикацией.`);
  if (f.partial) lines.push(`Внимание: месяц ещё не закончился — цифры ${f.phrases.for}, к концу месяца они изменятся.`);
  lines.push('');
  lines.push(`  Консультаций          ${formatNumber(f.consultations)}`);
  lines.push(`  Организаций           ${formatNumber(f.organisations)}`);
  // One decimal always, as in the note: «0,0», «1,0».
  lines.push(`  Часов                 ${formatNumber(f.hours, 1, { fixed: true })}`);
  lines.push(`  Новых клиентов        ${formatNumber(f.newClients)}`);
  if (f.satisfaction) {
    lines.push(`  Оценки                ${satisfiedShare(f.satisfaction)}`);
  } else lines.push('  Оценки                — (отзывов с оценкой нет)');
  const frequent = frequentTopics(f.topics);
  const tied = frequent.tied && `${countOf(frequent.tied.topics, ['тема', 'темы', 'тем'])} по ${formatNumber(frequent.tied.consultations)}`;
  const named = frequent.named.map((t) => `${t.name} (${formatNumber(t.consultations)})`);
  if (named.length > 0 || tied) lines.push(`  Частые темы           ${[...named, ...(tied ? [`${named.length > 0 ? 'следом ' : ''}${tied}`] : [])].join(', ')}`);
  lines.push('');
  lines.push(`Тексты для сайта и соцсетей, альтернативный текст: ${shown(kit.markdown)}`);
  const kinds = [...new Set(kit.images.map((i) => i.kind))];
  lines.push(`Изображения (${countOf(kit.images.length, ['файл', 'файла', 'файлов'])}): ${kinds.map((k) => `${k}-*.png`).join(', ')} — квадрат 1080×1080, широкое 1200×675, сторис 1080×1920`);
  lines.push('');
  lines.push('Текст для соцсетей:');
  lines.push(kit.texts.social);
  return lines.join('\n');
}
