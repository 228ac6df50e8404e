import path from 'node:path';
import type { PrKit } from '../pr/write.js';
import { countOf, formatNumber, formatPercent, nouns } from '../text/russian.js';

/** The kit on the terminal: the figures, where the files are, the social text to paste. Paths relative to `cwd`. */
export function renderPrKit(kit: PrKit, cwd: string): string {
  const f = kit.figures;
  const shown = (file: string) => path.relative(cwd, file) || file;
  const lines: string[] = [];
  lines.push(`Материалы для публикации ${f.phrases.for}: ${shown(kit.dir)}${path.sep}`);
  if (f.partial) lines.push(`Внимание: месяц ещё не закончился — цифры ${f.phrases.for}, к концу месяца они изменятся.`);
  lines.push('');
  lines.push(`  Консультаций          ${formatNumber(f.consultations)}`);
  lines.push(`  Организаций           ${formatNumber(f.organisations)}`);
  lines.push(`  Часов                 ${formatNumber(f.hours, 1)}`);
  lines.push(`  Новых клиентов        ${formatNumber(f.newClients)}`);
  if (f.satisfaction) {
    lines.push(`  Удовлетворены         ${formatPercent(f.satisfaction.satisfiedShare)} (${countOf(f.satisfaction.rated, nouns.rating)})`);
  } else lines.push('  Удовлетворены         — (отзывов с оценкой нет)');
  if (f.topics.length > 0) lines.push(`  Частые темы           ${f.topics.slice(0, 3).map((t) => `${t.name} (${formatNumber(t.consultations)})`).join(', ')}`);
  lines.push('');
  lines.push(`Тексты для сайта и соцсетей, альтернативный текст: ${shown(kit.markdown)}`);
  const kinds = [...new Set(kit.images.map((i) => i.kind))];
  lines.push(`Изображения (${countOf(kit.images.length, ['файл', 'файла', 'файлов'])}): ${kinds.map((k) => `${k}-*.png`).join(', ')} — квадрат 1080×1080, широкое 1200×675, сторис 1080×1920`);
  lines.push('');
  lines.push('Текст для соцсетей:');
  lines.push(kit.texts.social);
  return lines.join('\n');
}
