// Debian's Chromium, driven by puppeteer-core (no browser is downloaded): for the tests that answer the survey's
// pages as people do. Without Chromium those tests are skipped with a message, except in CI (CI set), where a
// missing browser fails them: .ci/run installs it.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

// OKNO_CHROMIUM names another binary (and only that one: set to a missing file, it shows what a machine without
// Chromium does).
const candidates = process.env.OKNO_CHROMIUM ? [process.env.OKNO_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary, or undefined. */
export const chromium = candidates.find((p) => existsSync(p));

/** Why the browser tests do not run here (undefined: they run). In CI a missing browser is a failure, not a skip. */
export const chromiumMissing =
  chromium === undefined && !process.env.CI
    ? `skipped: no Chromium at ${candidates.join(' or ')} (apt-get install chromium, or set OKNO_CHROMIUM)`
    : undefined;

if (chromiumMissing) console.warn(`The browser tests are ${chromiumMissing}.`);

export async function launchChromium(): Promise<Browser> {
  if (chromium === undefined) {
    throw new Error(`CI is set and no Chromium was found at ${candidates.join(' or ')}: .ci/run installs Debian's chromium package.`);
  }
  return puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // The test worker's signals stay vitest's: puppeteer would otherwise add handlers to the shared process.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Root (a CI container) cannot use Chromium's sandbox; the pages are okno's own, served on loopback.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--lang=ru-RU', '--font-render-hinting=none'],
  });
}

/** Clicks what starts a page load (a submit button, a label that does not) and waits for the next page. */
export async function submitWith(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

/** The page's visible state: heading, progress line, alert, the question's legend or label. */
export async function pageSays(page: Page): Promise<string[]> {
  return page.$$eval('h1, h2, .progress, .problem, legend, label[for="answer"]', (nodes) => nodes.map((n) => (n.textContent ?? '').trim()));
}

/**
 * A screenshot of the whole page, kept where OKNO_SCREENSHOTS points (to look at); returns its size in pixels, read
 * from the PNG's header.
 */
export async function screenshot(page: Page, name: string): Promise<{ width: number; height: number }> {
  const png = Buffer.from(await page.screenshot({ fullPage: true }));
  const dir = process.env.OKNO_SCREENSHOTS;
  if (dir) {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), png);
  }
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${name}: not a PNG`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
