// QR codes as inline SVG (one path of dark modules, a quiet zone of 4), for the printed code slips. The encoder is
// qrcode's; it is loaded only when a sheet with QR codes is written.
import { escapeHtml } from '../text/html.js';

/** Makes the SVG of a QR code for a text; `label` is what a screen reader says for it. */
export type QrSvg = (text: string, label: string) => string;

export async function qrSvgMaker(): Promise<QrSvg> {
  const { create } = await import('qrcode');
  return (text, label) => {
    const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
    const quiet = 4;
    let path = '';
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (!data[y * size + x]) continue;
        let run = 1;
        while (x + run < size && data[y * size + x + run]) run++;
        path += `M${x + quiet} ${y + quiet}h${run}v1h-${run}z`;
        x += run - 1;
      }
    }
    const side = size + 2 * quiet;
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  };
}
