// Issue 19, «tested as people use it»: `okno survey serve` answered in a real browser (Debian's Chromium through
// puppeteer-core) — on a desktop, on a phone-sized touch screen and from the keyboard alone — through every page of
// the built-in template: the code, the department, each question with its conditional ones, «Назад», the review with
// «Изменить», the thank-you. The server runs in this process on a loopback port, its clock pinned (testClock); the
// database file is read directly afterwards. Answers reach the file only in batches of min-group (3 here) or at
// the stop: each case stops the server (as Ctrl+C) and then finds exactly the sheet it sent.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTempDir } from '../helpers.js';
import { chromiumMissing, launchChromium, pageSays, screenshot, submitWith } from './chromium.js';
import { okno } from './cli.js';
import { get, post, said, serve, stored, tokenOf, type Serving } from './survey-serve-client.js';

const title = 'Удовлетворенность внутренним взаимодействием';
const departments = ['Отдел кадров', 'Бухгалтерия'];

/** The built-in template, min-group 3, and `count` codes. */
async function create(cwd: string, count = 3): Promise<string[]> {
  const created = await okno(['survey', 'create', '--departments', departments.join(','), '--min-group', '3', '--min-comments', '3'], { cwd });
  expect([created.code, created.stderr]).toEqual([0, '']);
  const issued = await okno(['survey', 'codes', '1', '--count', String(count), '--out', 'codes.txt', '--json'], { cwd });
  return (JSON.parse(issued.stdout) as { codes: string[] }).codes;
}

const label = (text: string) => `::-p-xpath(//label[normalize-space()=${JSON.stringify(text)}])`;
const button = (text: string) => `::-p-xpath(//button[normalize-space()=${JSON.stringify(text)}])`;
const checked = (page: Page) => page.$$eval('input:checked', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
/** Nothing on the page is wider than the window: no sideways scrolling. */
const overflow = (page: Page) => page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, window: window.innerWidth }));
/** The rendered heights, in CSS pixels, of the page's elements that `selector` matches. */
const targetHeights = (page: Page, selector: string) => page.$$eval(selector, (all) => all.map((el) => el.getBoundingClientRect().height));

let browser: Browser;
let context: BrowserContext;

describe.skipIf(chromiumMissing !== undefined)(`okno survey serve in Chromium${chromiumMissing ? ` — ${chromiumMissing}` : ''}`, () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function person(s: Serving, viewport: { width: number; height: number; isMobile?: boolean; hasTouch?: boolean; deviceScaleFactor?: number }): Promise<Page> {
    // A context of its own for each person: no cache, no history shared with the one before.
    context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(viewport);
    await page.goto(s.url, { waitUntil: 'load' });
    return page;
  }

  it('on a desktop: the whole template with its conditional questions, «Назад», the review and «Изменить»; the file holds exactly that sheet', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const [code] = await create(cwd);
      const s = await serve(cwd, 1);
      const page = await person(s, { width: 1280, height: 800 });
      const click = (selector: string) => page.click(selector);
      const next = () => submitWith(page, () => click(button('Далее')));
      expect(await pageSays(page)).toEqual([title]);
      await page.type('#code', code!);
      await page.select('#department', 'Отдел кадров');
      await submitWith(page, () => click(button('Начать')));
      // Without a channel chosen the progress counts the 8 questions always asked.
      expect(await pageSays(page)).toEqual([title, 'Вопрос 1 из 8', 'Какими способами вы взаимодействуете с коллегами из других подразделений?']);
      expect((await screenshot(page, 'desktop-question.png')).width).toBe(1280);
      await next();
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 1 из 8', 'Выберите ответ, чтобы продолжить.', 'Какими способами вы взаимодействуете с коллегами из других подразделений?']);
      await click(label('СЭД'));
      await click(label('Телефон'));
      await next();
      // Two channels chosen: a question about each of them, 10 in all.
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 2 из 10', 'Насколько вы удовлетворены взаимодействием через канал «СЭД»?']);
      await click(label('4'));
      await next();
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 3 из 10', 'Насколько вы удовлетворены взаимодействием через канал «Телефон»?']);
      await submitWith(page, () => click(button('Назад')));
      expect((await pageSays(page)).slice(1, 2)).toEqual(['Вопрос 2 из 10']);
      expect(await checked(page)).toEqual(['4']);
      await next();
      await click(label('2'));
      await next();
      for (const [progress, answer] of [
        ['Вопрос 4 из 10', 'Чаще в срок'],
        ['Вопрос 5 из 10', 'Всегда в срок'],
        ['Вопрос 6 из 10', '5 — полностью согласен(на)'],
        ['Вопрос 7 из 10', '4'],
      ]) {
        expect((await pageSays(page))[1]).toBe(progress);
        await click(label(answer!));
        await next();
      }
      // The knowledge base is optional: skipped.
      expect((await pageSays(page))[1]).toBe('Вопрос 8 из 10');
      expect(await page.$eval('form', (f) => f.textContent)).toContain('Этот вопрос можно пропустить.');
      await next();
      await click(label('4'));
      await next();
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 10 из 10', 'Что стоит улучшить во внутреннем взаимодействии?']);
      await page.type('#answer', 'Меньше бумажных\nслужебных записок');
      await next();

      const review = () => page.$$eval('.review li', (items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s*Изменить$/, '').replace(/\n+/g, ' | ')));
      expect((await pageSays(page)).slice(1)).toEqual(['Проверьте ответы']);
      expect(await review()).toEqual([
        'Отдел | Отдел кадров',
        '1. Какими способами вы взаимодействуете с коллегами из других подразделений? | СЭД | Телефон',
        '2. Насколько вы удовлетворены взаимодействием через канал «СЭД»? | 4',
        '3. Насколько вы удовлетворены взаимодействием через канал «Телефон»? | 2',
        '4. Ответ на письменное обращение или запрос (служебную записку, запрос в СЭД) вы получаете не позднее 30 дней? | Чаще в срок',
        '5. Ответ на устное обращение вы получаете сразу или не позднее трёх рабочих дней? | Всегда в срок',
        '6. Когда вы обращаетесь к коллегам, вас внимательно выслушивают и задают уточняющие вопросы. | 5',
        '7. Коллеги общаются с вами вежливо и доброжелательно. | 4',
        '8. Насколько полезна внутренняя база знаний (положения, порядки, регламенты, инструкции, шаблоны)? Пропустите, если не пользуетесь. | нет ответа',
        '9. В целом насколько вы удовлетворены внутренним взаимодействием в организации? | 4',
        '10. Что стоит улучшить во внутреннем взаимодействии? | Меньше бумажных | служебных записок',
      ]);
      // «Изменить» beside the first answer: the telephone is dropped and the АРМ added, so the question about the
      // telephone is no longer asked and the one about the АРМ is, and «Далее» leads to it, then back to the review.
      await submitWith(page, () => click('button[aria-label="Изменить ответ на вопрос 1"]'));
      expect((await pageSays(page))[1]).toBe('Вопрос 1 из 10');
      expect(await checked(page)).toEqual(['СЭД', 'Телефон']);
      await click(label('Телефон'));
      await click(label('АРМ'));
      await next();
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 2 из 10', 'Насколько вы удовлетворены взаимодействием через канал «АРМ»?']);
      await click(label('3'));
      await next();
      expect((await pageSays(page))[1]).toBe('Проверьте ответы');
      expect((await review()).slice(1, 4)).toEqual([
        '1. Какими способами вы взаимодействуете с коллегами из других подразделений? | АРМ | СЭД',
        '2. Насколько вы удовлетворены взаимодействием через канал «АРМ»? | 3',
        '3. Насколько вы удовлетворены взаимодействием через канал «СЭД»? | 4',
      ]);
      await submitWith(page, () => click(button('Отправить ответы')));
      expect((await pageSays(page)).slice(1)).toEqual(['Спасибо! Ответ принят.']);
      await context.close();

      // One sheet waits for its batch of three: the file has nothing of it until the stop.
      const file = path.join(cwd, 'okno.duckdb');
      expect(await stored(file)).toEqual({ respondents: [], answers: [], used: 0 });
      expect(await s.stop()).toBe(0);
      const after = await stored(file);
      expect([after.respondents, after.used, after.answers.sort()]).toEqual([
        ['Отдел кадров'],
        1,
        [
          'Отдел кадров channel_arm 3',
          'Отдел кадров channel_sed 4',
          'Отдел кадров channels АРМ+СЭД',
          'Отдел кадров courtesy 4',
          'Отдел кадров improve Меньше бумажных\nслужебных записок',
          'Отдел кадров listened 5',
          'Отдел кадров oral_on_time Всегда в срок',
          'Отдел кадров overall 4',
          'Отдел кадров written_on_time Чаще в срок',
        ],
      ]);
      expect(s.err).toEqual([]);
    });
  });
  it('on a phone: tapped through on a 390×844 touch screen, nothing wider than the screen on any page', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const [code] = await create(cwd);
      const s = await serve(cwd, 1);
      const page = await person(s, { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const widths: { scroll: number; window: number }[] = [];
      const tap = async (selector: string, navigates = false) => {
        widths.push(await overflow(page));
        if (navigates) await submitWith(page, () => page.tap(selector));
        else await page.tap(selector);
      };
      expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      await page.tap('#code');
      await page.keyboard.type(code!);
      await page.select('#department', 'Бухгалтерия');
      await tap(button('Начать'), true);
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 1 из 8', 'Какими способами вы взаимодействуете с коллегами из других подразделений?']);
      // The longest option, whose question is then asked: tapped where a thumb lands, anywhere in its box.
      const box = (await (await page.$(`::-p-xpath(//p[@class="choice"][normalize-space()="Служебные и докладные записки"])`))!.boundingBox())!;
      widths.push(await overflow(page));
      // Every target a thumb aims at is at least 44 CSS pixels high (WCAG 2.5.5): the options' boxes and the buttons.
      expect(Math.min(...(await targetHeights(page, '.choice, button')))).toBeGreaterThanOrEqual(44);
      await page.touchscreen.tap(box.x + box.width - 12, box.y + box.height / 2);
      expect(await checked(page)).toEqual(['Служебные и докладные записки']);
      // At the phone's two device pixels per CSS pixel.
      expect((await screenshot(page, 'phone-question.png')).width).toBe(780);
      await tap(button('Далее'), true);
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 2 из 9', 'Насколько вы удовлетворены взаимодействием через канал «Служебные и докладные записки»?']);
      await tap(label('1 — совсем не удовлетворён(а)'));
      expect((await screenshot(page, 'phone-scale.png')).width).toBe(780);
      await tap(button('Далее'), true);
      for (const answer of ['Почти всегда с опозданием', 'Чаще с опозданием', '2', '3', '5 — очень полезна', '2']) {
        await tap(label(answer));
        await tap(button('Далее'), true);
      }
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 9 из 9', 'Что стоит улучшить во внутреннем взаимодействии?']);
      await page.tap('#answer');
      await page.keyboard.type('Отвечать на записки в срок');
      await tap(button('Далее'), true);
      expect((await pageSays(page)).slice(1)).toEqual(['Проверьте ответы']);
      expect((await screenshot(page, 'phone-review.png')).width).toBe(780);
      // «Изменить» beside each answer, «Отправить ответы»: a thumb's size too.
      expect(Math.min(...(await targetHeights(page, 'button')))).toBeGreaterThanOrEqual(44);
      await tap(button('Отправить ответы'), true);
      expect((await pageSays(page)).slice(1)).toEqual(['Спасибо! Ответ принят.']);
      widths.push(await overflow(page));
      expect(widths).toHaveLength(20);
      expect(widths.filter((w) => w.scroll > w.window)).toEqual([]);
      expect(new Set(widths.map((w) => w.window))).toEqual(new Set([390]));
      await context.close();

      expect(await s.stop()).toBe(0);
      const after = await stored(path.join(cwd, 'okno.duckdb'));
      expect([after.respondents, after.used, after.answers.sort()]).toEqual([
        ['Бухгалтерия'],
        1,
        [
          'Бухгалтерия channel_memo 1',
          'Бухгалтерия channels Служебные и докладные записки',
          'Бухгалтерия courtesy 3',
          'Бухгалтерия improve Отвечать на записки в срок',
          'Бухгалтерия knowledge_base 5',
          'Бухгалтерия listened 2',
          'Бухгалтерия oral_on_time Чаще с опозданием',
          'Бухгалтерия overall 2',
          'Бухгалтерия written_on_time Почти всегда с опозданием',
        ],
      ]);
    });
  });

  it('a wrong code, a used one and one whose sheet waits in the server: each told in Russian, the field marked, the department kept', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const codes = await create(cwd);
      await writeFile(path.join(cwd, 'a.json'), JSON.stringify({ department: 'Отдел кадров', answers: { channels: ['СЭД'], channel_sed: 4, written_on_time: 'Всегда в срок', oral_on_time: 'Всегда в срок', listened: 4, courtesy: 4, overall: 4 } }));
      expect((await okno(['survey', 'take', '1', '--code', codes[2]!, '--answers', 'a.json'], { cwd })).code).toBe(0);
      const s = await serve(cwd, 1);
      const page = await person(s, { width: 1280, height: 800 });
      const tryCode = async (code: string) => {
        await page.goto(s.url, { waitUntil: 'load' });
        await page.type('#code', code);
        await page.select('#department', 'Бухгалтерия');
        await submitWith(page, () => page.click(button('Начать')));
        const field = await page.$eval('#code', (f) => ({ invalid: f.getAttribute('aria-invalid'), describedBy: f.getAttribute('aria-describedby'), value: (f as HTMLInputElement).value }));
        return { says: await pageSays(page), field, department: await page.$eval('#department', (d) => (d as HTMLSelectElement).value) };
      };
      const refused = (problem: string) => ({ says: [title, `Код не подошёл: ${problem}`], field: { invalid: 'true', describedBy: 'problem', value: '' }, department: 'Бухгалтерия' });
      expect(await tryCode('12345-67890')).toEqual(refused('в коде опечатка: проверьте цифры.'));
      expect(await tryCode('12345-67897')).toEqual(refused('такого кода у этого опроса нет.'));
      expect(await tryCode(codes[2]!)).toEqual(refused('этот код уже использован: по одному коду отвечают один раз.'));
      // The alert is announced: the page's accessibility tree has it with its text.
      expect(await page.$$eval('[role="alert"]', (a) => a.map((e) => `${e.id}: ${e.textContent}`))).toEqual(['problem: Код не подошёл: этот код уже использован: по одному коду отвечают один раз.']);

      // A sheet sent and waiting for its batch: its code cannot start another.
      await page.goto(s.url, { waitUntil: 'load' });
      await page.type('#code', codes[0]!);
      await page.select('#department', 'Отдел кадров');
      await submitWith(page, () => page.click(button('Начать')));
      await page.click(label('АРМ'));
      await submitWith(page, () => page.click(button('Далее')));
      await page.click(label('3'));
      await submitWith(page, () => page.click(button('Далее')));
      for (const answer of ['Всегда в срок', 'Всегда в срок', '4', '4']) {
        await page.click(label(answer));
        await submitWith(page, () => page.click(button('Далее')));
      }
      await submitWith(page, () => page.click(button('Далее')));
      await page.click(label('5 — полностью удовлетворён(а)'));
      await submitWith(page, () => page.click(button('Далее')));
      await submitWith(page, () => page.click(button('Далее')));
      expect((await pageSays(page)).slice(1)).toEqual(['Проверьте ответы']);
      await submitWith(page, () => page.click(button('Отправить ответы')));
      expect((await pageSays(page)).slice(1)).toEqual(['Спасибо! Ответ принят.']);
      // The sheet waits in memory for its batch (the file has nothing of it), and its code counts as used.
      expect((await stored(path.join(cwd, 'okno.duckdb'))).used).toBe(1);
      expect(await tryCode(codes[0]!)).toEqual(refused('этот код уже использован: по одному коду отвечают один раз.'));
      await context.close();
      expect(await s.stop()).toBe(0);
      const after = await stored(path.join(cwd, 'okno.duckdb'));
      expect([after.respondents.sort(), after.used]).toEqual([['Отдел кадров', 'Отдел кадров'], 2]);
    });
  });

  it('from the keyboard alone: Tab, Space, arrows and Enter through a sheet; focus always visible; every field named', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const [code] = await create(cwd);
      const s = await serve(cwd, 1);
      const page = await person(s, { width: 1280, height: 800 });
      const keys = page.keyboard;
      /** What has the focus: its tag, its label's text (or its own), and whether a focus ring shows. */
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> };
          const style = getComputedStyle(el);
          const ring = el.matches(':focus-visible') && style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2;
          return { tag: el.tagName.toLowerCase(), what: (el.labels?.[0] ?? el).textContent?.trim() ?? '', ring };
        });
      const tabTo = async (what: string) => {
        for (let i = 0; i < 20; i++) {
          await keys.press('Tab');
          const f = await focused();
          expect(f.ring, `focus ring on ${f.tag} ${f.what}`).toBe(true);
          if (f.what === what) return;
        }
        throw new Error(`Tab never reached ${what}`);
      };
      const enter = () => submitWith(page, () => keys.press('Enter'));
      /** The accessible names of the page's fields, as a screen reader announces them. */
      const named = async (role: string) => {
        const tree = await page.accessibility.snapshot();
        const found: string[] = [];
        const walk = (n: { role?: string; name?: string; children?: unknown[] } | null) => {
          if (!n) return;
          if (n.role === role) found.push(n.name ?? '');
          for (const c of n.children ?? []) walk(c as typeof n);
        };
        walk(tree);
        return found;
      };

      await keys.press('Tab');
      expect(await focused()).toEqual({ tag: 'input', what: 'Код с листочка', ring: true });
      expect(await named('textbox')).toEqual(['Код с листочка']);
      expect(await named('combobox')).toEqual(['Ваш отдел']);
      await keys.type(code!);
      await keys.press('Tab');
      await keys.press('ArrowDown');
      await keys.press('ArrowDown');
      expect(await page.$eval('#department', (d) => (d as HTMLSelectElement).value)).toBe('Бухгалтерия');
      await tabTo('Начать');
      await enter();

      // Checkboxes: Tab from one to the next, Space to tick.
      expect((await pageSays(page))[1]).toBe('Вопрос 1 из 8');
      expect(await named('checkbox')).toEqual(['АРМ', 'СЭД', 'Электронная почта', 'Телефон', 'Служебные и докладные записки']);
      expect(await page.$('aria/Какими способами вы взаимодействуете с коллегами из других подразделений?[role="group"]')).not.toBeNull();
      await tabTo('Электронная почта');
      await keys.press('Space');
      await tabTo('Далее');
      await enter();
      // Radios: Tab into the group, Space to choose, the arrows to move the choice.
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 2 из 9', 'Насколько вы удовлетворены взаимодействием через канал «Электронная почта»?']);
      expect(await named('radio')).toEqual(['1 — совсем не удовлетворён(а)', '2', '3', '4', '5 — полностью удовлетворён(а)']);
      await keys.press('Tab');
      expect(await focused()).toEqual({ tag: 'input', what: '1 — совсем не удовлетворён(а)', ring: true });
      await keys.press('Space');
      await keys.press('ArrowDown');
      await keys.press('ArrowDown');
      expect(await checked(page)).toEqual(['3']);
      await tabTo('Далее');
      await enter();
      // «Назад» from the keyboard: the answer given is kept.
      await tabTo('Назад');
      await enter();
      expect(await checked(page)).toEqual(['3']);
      await tabTo('Далее');
      await enter();
      for (const steps of [1, 2, 3, 3, 0, 4]) {
        // The first option takes Space; each ArrowDown moves one further. 0: the optional question skipped.
        if (steps > 0) {
          await keys.press('Tab');
          await keys.press('Space');
          for (let i = 1; i < steps; i++) await keys.press('ArrowDown');
        }
        await tabTo('Далее');
        await enter();
      }
      expect((await pageSays(page)).slice(1)).toEqual(['Вопрос 9 из 9', 'Что стоит улучшить во внутреннем взаимодействии?']);
      expect(await named('textbox')).toEqual(['Что стоит улучшить во внутреннем взаимодействии?']);
      await keys.press('Tab');
      expect(await focused()).toEqual({ tag: 'textarea', what: 'Что стоит улучшить во внутреннем взаимодействии?', ring: true });
      await keys.type('Чаще');
      await keys.press('Enter');
      await keys.type('отвечать письменно');
      await tabTo('Далее');
      await enter();

      // The review: every «Изменить» is named after its answer; one is used from the keyboard.
      expect((await pageSays(page)).slice(1)).toEqual(['Проверьте ответы']);
      expect((await named('button')).filter((n) => n.startsWith('Изменить'))).toEqual(['Изменить отдел', ...Array.from({ length: 9 }, (_, i) => `Изменить ответ на вопрос ${i + 1}`)]);
      await tabTo('Изменить');
      expect(await page.evaluate(() => document.activeElement!.getAttribute('aria-label'))).toBe('Изменить отдел');
      await enter();
      expect(await named('radio')).toEqual(departments);
      await keys.press('Tab');
      await keys.press('ArrowUp');
      await tabTo('К проверке ответов');
      await enter();
      expect(await page.$eval('.review li .answer', (a) => a.textContent)).toBe('Отдел кадров');
      await tabTo('Отправить ответы');
      await enter();
      expect((await pageSays(page)).slice(1)).toEqual(['Спасибо! Ответ принят.']);
      await context.close();

      expect(await s.stop()).toBe(0);
      const after = await stored(path.join(cwd, 'okno.duckdb'));
      expect([after.respondents, after.answers.sort()]).toEqual([
        ['Отдел кадров'],
        [
          'Отдел кадров channel_email 3',
          'Отдел кадров channels Электронная почта',
          'Отдел кадров courtesy 3',
          'Отдел кадров improve Чаще\nотвечать письменно',
          'Отдел кадров listened 3',
          'Отдел кадров oral_on_time Чаще в срок',
          'Отдел кадров overall 4',
          'Отдел кадров written_on_time Всегда в срок',
        ],
      ]);
    });
  });
});

// Found by the browser above: under the pages' Referrer-Policy: no-referrer, Chromium (as the Fetch standard says)
// posts a form with `Origin: null`, and the server refused every such post as another site's («Запрос отклонён»).
describe('a form post as browsers send it', () => {
  it('with Origin: null from this site (Sec-Fetch-Site: same-origin, or none sent) is taken; from another site it is not', { timeout: 60_000 }, async () => {
    await withTempDir(async (cwd) => {
      const [code] = await create(cwd);
      const s = await serve(cwd, 1);
      const start = async (headers: Record<string, string>) => {
        const page = await post(s.url, '/start', { token: tokenOf((await get(s.url)).html), code: code!, department: 'Отдел кадров' }, headers);
        return [page.status, said(page.html)[1] ?? said(page.html)[0]];
      };
      expect(await start({ Origin: 'null', 'Sec-Fetch-Site': 'cross-site' })).toEqual([403, 'Запрос отклонён']);
      expect(await start({ Origin: 'null', 'Sec-Fetch-Site': 'same-site' })).toEqual([403, 'Запрос отклонён']);
      expect(await start({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })).toEqual([200, 'Вопрос 1 из 8']);
      expect(await start({ Origin: 'null' })).toEqual([200, 'Вопрос 1 из 8']);
      expect(await s.stop()).toBe(0);
    });
  });
});
