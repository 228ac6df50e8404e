// The printed sheet of code slips, laid out by a real browser (Chromium, when the machine has it): whatever the
// survey's title and the address, every piece of text and the QR code stay inside their slip's cut line, and the
// slips stay on the page.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { qrSvgMaker } from '../../src/render/qr.js';
import { renderCodeSheet } from '../../src/render/survey-codes.js';
import { withTempDir } from '../helpers.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => existsSync(c));

// Runs in the page: each text piece's and each QR code's box against its slip's box, and the grid against the page.
const measure = `<script>
addEventListener('load', () => {
  const problems = [];
  const page = document.body.getBoundingClientRect();
  const slips = [...document.querySelectorAll('.slip')];
  for (const [i, slip] of slips.entries()) {
    const s = slip.getBoundingClientRect();
    if (s.right > page.right + 0.5 || s.left < page.left - 0.5) problems.push('slip ' + i + ' off the page');
    const walker = document.createTreeWalker(slip, NodeFilter.SHOW_TEXT);
    const boxes = [...slip.querySelectorAll('svg')].map((svg) => ['QR', svg.getBoundingClientRect()]);
    for (let node; (node = walker.nextNode()); ) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) boxes.push([node.textContent.slice(0, 20), r]);
    }
    for (const [what, r] of boxes) {
      if (r.width === 0) continue;
      if (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) problems.push('slip ' + i + ': «' + what + '» crosses the cut line');
    }
  }
  document.title = JSON.stringify({ slips: slips.length, problems: problems.slice(0, 5) });
});
</script>`;

async function layout(html: string, dir: string, name: string): Promise<{ slips: number; problems: string[] }> {
  const file = path.join(dir, `${name}.html`);
  await writeFile(file, html.replace('</body>', `${measure}</body>`));
  // 794 × 1123 CSS pixels: an A4 page at 96 dpi, the width a print of it lays out in.
  const { stdout } = await promisify(execFile)(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--window-size=794,1123', '--virtual-time-budget=3000', '--dump-dom', `file://${file}`], {
    timeout: 60_000,
  });
  const title = /<title>([^<]*)<\/title>/.exec(stdout)?.[1] ?? '';
  return JSON.parse(title.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { slips: number; problems: string[] };
}

const longTitle =
  'Опрос ГБУ «Многофункциональныйцентрпредоставлениягосударственныхимуниципальныхуслуг» Республики Саха (Якутия): удовлетворённость внутренним взаимодействием подразделений, волна вторая (mfc-yakutia.ru/opros-sotrudnikov-2026)';

describe.skipIf(!chromium)('the sheet of code slips, in a browser', () => {
  it('keeps a long title, a long address and the notice inside each slip, with and without QR codes', async () => {
    await withTempDir(async (dir) => {
      const survey = { id: 2, title: longTitle, minGroup: 5 };
      const codes = Array.from({ length: 9 }, (_, i) => `1234${i}-6789${i}`);
      const link = { address: 'http://okno-opros-sotrudnikov.gbu-mfc-respubliki-saha-yakutiya.local:8080/', qr: await qrSvgMaker() };
      const [qr, plain] = await Promise.all([layout(renderCodeSheet(survey, codes, link), dir, 'qr'), layout(renderCodeSheet(survey, codes), dir, 'plain')]);
      expect(qr).toEqual({ slips: 9, problems: [] });
      expect(plain).toEqual({ slips: 9, problems: [] });
    });
  }, 90_000);
});
