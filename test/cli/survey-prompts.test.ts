// The survey's terminal prompts driven by the keys people press, through a stream in place of the keyboard.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BACK, type SurveyPrompts } from '../../src/cli/deps.js';
import { surveyPrompts } from '../../src/cli/prompts.js';

const ENTER = '\r';
const ESC = '\x1b';
const UP = '\x1b[A';
const DOWN = '\x1b[B';

async function keyboard() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const prompts: SurveyPrompts = await surveyPrompts({ input, output });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    prompts,
    /** Each key is sent on its own, as a person types them. */
    async press(...keys: string[]) {
      for (const key of keys) {
        input.write(key);
        await tick();
      }
    },
    screen: () => screen,
  };
}

const scale = [1, 2, 3, 4, 5].map((v) => ({ name: String(v), value: String(v), key: String(v) }));

describe('survey prompts, driven by keys', () => {
  it('a digit on a 1–5 scale picks that value, not the N-th line', async () => {
    for (const digit of ['5', '4', '1']) {
      const k = await keyboard();
      const answer = k.prompts.choose({ message: 'Оценка', choices: scale });
      await k.press(digit, ENTER);
      expect(await answer).toBe(digit);
    }
  });

  it('nothing is chosen until the person chooses: Enter alone answers nothing and says what to do', async () => {
    const k = await keyboard();
    const answer = k.prompts.choose({ message: 'Оценка', choices: scale, problem: 'Нажмите цифру от 1 до 5.' });
    let settled = false;
    void answer.then(() => (settled = true));
    await k.press(ENTER);
    expect(settled).toBe(false);
    expect(k.screen()).toContain('Нажмите цифру от 1 до 5.');
    // ↓ from nothing goes to the first line, ↑ from the first to the last.
    await k.press(DOWN, UP, ENTER);
    expect(await answer).toBe('5');
  });

  it('a previous answer is where the person left it; Esc goes back', async () => {
    const k = await keyboard();
    const again = k.prompts.choose({ message: 'Оценка', choices: scale, default: '2', back: true });
    await k.press(ENTER);
    expect(await again).toBe('2');
    const k2 = await keyboard();
    const back = k2.prompts.choose({ message: 'Оценка', choices: scale, back: true });
    await k2.press(ESC);
    expect(await back).toBe(BACK);
  });

  it('without a way back (the first question) Esc does nothing', async () => {
    const k = await keyboard();
    const answer = k.prompts.choose({ message: 'Ваш отдел', choices: scale });
    await k.press(ESC);
    await new Promise((resolve) => setTimeout(resolve, 600)); // readline tells a lone Esc after 500 ms
    await k.press('3', ENTER);
    expect(await answer).toBe('3');
  });

  it('several choices: digits tick and untick, Space ticks the highlighted one, the list order is kept', async () => {
    const options = ['Договоры', 'Проверки', 'Кадры'].map((o, i) => ({ name: `${i + 1}. ${o}`, value: o, key: String(i + 1) }));
    const k = await keyboard();
    const answer = k.prompts.chooseMany({ message: 'Темы', choices: options, required: true });
    await k.press('3', '1', '2', '2', ENTER);
    expect(await answer).toEqual(['Договоры', 'Кадры']);
    const k2 = await keyboard();
    const none = k2.prompts.chooseMany({ message: 'Темы', choices: options, required: true });
    await k2.press(ENTER);
    expect(k2.screen()).toContain('Отметьте хотя бы один вариант');
    await k2.press(DOWN, DOWN, ' ', ENTER);
    expect(await none).toEqual(['Проверки']);
  });

  it('text takes several lines; Enter on an empty line ends it; a paste keeps its blank lines', async () => {
    const k = await keyboard();
    const typed = k.prompts.text({ message: 'Что делать иначе?' });
    await k.press(...'Первая', ENTER, ...'Вторая', ENTER, ENTER);
    expect(await typed).toBe('Первая\nВторая');
    const k2 = await keyboard();
    const pasted = k2.prompts.text({ message: 'Что делать иначе?' });
    await k2.press('\x1b[200~', ...'Абзац', ENTER, ENTER, ...'Ещё', '\x1b[201~', ENTER, ENTER);
    expect(await pasted).toBe('Абзац\n\nЕщё');
    // The terminal is asked for bracketed paste while the prompt runs, and released after.
    expect(k2.screen()).toContain('\x1b[?2004h');
    expect(k2.screen()).toContain('\x1b[?2004l');
  });

  it('text: Esc goes back and hands over what was typed, so it is not lost', async () => {
    const k = await keyboard();
    const drafts: string[] = [];
    const answer = k.prompts.text({ message: 'Комментарий', back: true, onBack: (d) => drafts.push(d) });
    await k.press(...'раз', ENTER, ...'два', ESC);
    expect(await answer).toBe(BACK);
    expect(drafts).toEqual(['раз\nдва']);
  });

  it('text: Backspace on an empty line goes back into the line above; a required answer must not be empty', async () => {
    const k = await keyboard();
    const typed = k.prompts.text({ message: 'Комментарий', validate: (v) => (v === '' ? 'Нужен ответ.' : true) });
    await k.press(ENTER);
    expect(k.screen()).toContain('Нужен ответ.');
    await k.press(...'абв', ENTER, '\x7f', '\x7f', ...'ю', ENTER, ENTER);
    expect(await typed).toBe('абю');
  });

  it('every key press is reported, and an aborted signal ends the prompt', async () => {
    const k = await keyboard();
    let keys = 0;
    const stop = new AbortController();
    const answer = k.prompts.text({ message: 'Комментарий', onKey: () => keys++, signal: stop.signal });
    await k.press('а', 'б');
    stop.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortPromptError' });
    expect(keys).toBe(2);
  });
});
