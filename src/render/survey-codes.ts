// The printable sheet of access codes: slips to cut apart, shuffle and hand out. Plain HTML, printed from a browser.
import type { Survey } from '../surveys/store.js';
import { escapeHtml as escape } from '../text/html.js';
import type { QrSvg } from './qr.js';
import { countOf, nouns } from '../text/russian.js';


/** Where `okno survey serve` answers, for the slips' QR code: the code rides in the address's fragment. */
export interface SlipLink {
  /** http://host:port/ */
  address: string;
  qr: QrSvg;
}

export function renderCodeSheet(survey: Pick<Survey, 'id' | 'title' | 'minGroup'>, codes: string[], link?: SlipLink): string {
  const title = escape(survey.title);
  const note = `Ответы хранятся без имени, без кода и без времени; итоги видны только по группам от ${countOf(survey.minGroup, nouns.personGen)}.`;
  const slips = codes
    .map((code) => {
      if (!link) {
        return `<div class="slip"><div class="t">${title}</div><div class="c">${code}</div>` +
          `<div class="n">Код одноразовый. Введите его на компьютере для опроса. ${note}</div></div>`;
      }
      // The fragment (#code=…) is never sent to the server: the page's script reads it and fills the field.
      const url = `${link.address}#code=${code.replace(/\D/g, '')}`;
      return `<div class="slip q"><div><div class="t">${title}</div><div class="c">${code}</div>` +
        `<div class="n">Код одноразовый. Наведите камеру телефона на QR-код или откройте в браузере <b>${escape(link.address)}</b> и введите код. ${note}</div></div>` +
        `<div class="qr">${link.qr(url, 'QR-код: адрес опроса с этим кодом')}</div></div>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Коды опроса № ${survey.id}</title>
<style>
  body { font-family: "PT Sans", Arial, sans-serif; margin: 12mm; color: #1F2933; }
  .head { font-size: 11pt; margin-bottom: 6mm; }
  /* Columns of equal width whatever the text (minmax(0, …): a long word never widens its column past the page). */
  .grid { display: grid; grid-template-columns: repeat(${link ? 2 : 3}, minmax(0, 1fr)); }
  /* A slip is as tall as its text needs (no fixed height): the text never crosses the dashed cut line. */
  .slip { border: 1px dashed #9AA5B1; padding: 4mm; min-height: 34mm; box-sizing: border-box; break-inside: avoid; overflow-wrap: anywhere; }
  .slip.q { display: flex; gap: 3mm; align-items: center; justify-content: space-between; }
  .slip.q > div:first-child { flex: 1 1 auto; min-width: 0; }
  .qr { flex: none; }
  .qr svg { width: 26mm; height: 26mm; display: block; }
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
