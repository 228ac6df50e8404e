// The printable sheet of access codes: slips to cut apart, shuffle and hand out. Plain HTML, printed from a browser.
import type { Survey } from '../surveys/store.js';
import { escapeHtml as escape } from '../text/html.js';
import { countOf, nouns } from '../text/russian.js';


export function renderCodeSheet(survey: Pick<Survey, 'id' | 'title' | 'minGroup'>, codes: string[]): string {
  const title = escape(survey.title);
  const slips = codes
    .map(
      (code) => `<div class="slip"><div class="t">${title}</div><div class="c">${code}</div>` +
        `<div class="n">Код одноразовый. Введите его на компьютере для опроса. Ответы хранятся без имени, без кода и без времени; ` +
        `итоги видны только по группам от ${countOf(survey.minGroup, nouns.personGen)}.</div></div>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Коды опроса № ${survey.id}</title>
<style>
  body { font-family: "PT Sans", Arial, sans-serif; margin: 12mm; color: #1F2933; }
  .head { font-size: 11pt; margin-bottom: 6mm; }
  .grid { display: grid; grid-template-columns: repeat(3, 1fr); }
  .slip { border: 1px dashed #9AA5B1; padding: 4mm; height: 34mm; box-sizing: border-box; break-inside: avoid; }
  .t { font-size: 9pt; }
  .c { font: bold 18pt "Courier New", monospace; letter-spacing: 1px; margin: 2mm 0; }
  .n { font-size: 7.5pt; color: #52606D; }
  @media print { .head { display: none; } body { margin: 8mm; } }
</style></head><body>
<div class="head">Опрос № ${survey.id} «${title}»: ${codes.length} кодов. Разрежьте лист по пунктиру и <b>перемешайте листочки</b>, прежде чем раздавать:
никто, и вы тоже, не должен знать, какой код у кого. Этот лист не хранится в базе — после раздачи уничтожьте остатки. (Эта строка не печатается.)</div>
<div class="grid">
${slips}
</div>
</body></html>
`;
}
