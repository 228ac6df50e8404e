// The prompts a survey question is answered with on a terminal, on @inquirer/core. Unlike @inquirer/select (whose
// digit key goes to the N-th item of the list and whose first item is highlighted, so that Enter alone answers):
// nothing is chosen until the person chooses, a digit picks the choice labelled with it, Esc goes back a question,
// and a comment takes several lines. Every key press is reported (onKey), so a kiosk can tell a person still there.
import { styleText } from 'node:util';
import { createPrompt, isBackspaceKey, isDownKey, isEnterKey, isSpaceKey, isUpKey, useEffect, useKeypress, useRef, useState, type KeypressEvent } from '@inquirer/core';
import { BACK, type Back, type Choice } from './deps.js';

interface Common {
  message: string;
  /** Esc returns BACK (not on the first question). */
  back?: boolean;
  onKey?: () => void;
}

const prefix = { idle: styleText('blue', '?'), done: styleText('green', '✔') };
const help = (parts: string[]) => styleText('dim', parts.join(' • '));
const isEscape = (key: KeypressEvent) => key.name === 'escape';
const backHelp = (back?: boolean) => (back ? ['Esc — назад'] : []);
/** The answer as the done line shows it: «3. Телефон» without its number. */
const answerName = (name: string) => name.replace(/^\d+\. /, '');
const doneLine = (message: string, answer: string) => `${prefix.done} ${styleText('bold', message)} ${styleText('cyan', answer)}`;
const backLine = (message: string) => `${styleText('dim', '↩')} ${styleText('bold', message)} ${styleText('dim', '(назад)')}`;

type ChooseConfig = Common & { choices: Choice<string>[]; default?: string; problem?: string };

/** One answer of a list. A digit picks the choice whose key it is; ↑↓ move; Enter answers only once one is chosen. */
export const choosePrompt = createPrompt<string | Back, ChooseConfig>((config, done) => {
  const [active, setActive] = useState(config.default === undefined ? -1 : config.choices.findIndex((c) => c.value === config.default));
  const [status, setStatus] = useState<'idle' | 'done' | 'back'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  useKeypress((key, rl) => {
    config.onKey?.();
    if (status !== 'idle') return;
    const count = config.choices.length;
    if (isEnterKey(key)) {
      if (active === -1) return setError(config.problem ?? 'Выберите ответ: нажмите его цифру или стрелку ↓, потом Enter.');
      setStatus('done');
      return done(config.choices[active]!.value);
    }
    if (isEscape(key) && config.back) {
      setStatus('back');
      return done(BACK);
    }
    setError(undefined);
    if (isUpKey(key)) setActive(active <= 0 ? count - 1 : active - 1);
    else if (isDownKey(key)) setActive(active === -1 || active === count - 1 ? 0 : active + 1);
    else {
      const picked = config.choices.findIndex((c) => c.key !== undefined && c.key === key.name);
      if (picked !== -1) setActive(picked);
    }
    rl.clearLine(0);
  });
  if (status === 'done') return doneLine(config.message, answerName(config.choices[active]!.name));
  if (status === 'back') return backLine(config.message);
  const lines = config.choices.map((c, i) => (i === active ? styleText('cyan', `❯ (•) ${c.name}`) : `  ( ) ${c.name}`));
  const keys = help(['цифра или ↑↓ — выбрать', 'Enter — ответить', ...backHelp(config.back)]);
  return [`${prefix.idle} ${styleText('bold', config.message)}\n${lines.join('\n')}`, [error ? styleText('red', `> ${error}`) : '', keys].filter(Boolean).join('\n')];
});

type ChooseManyConfig = Common & { choices: Choice<string>[]; default?: string[]; required: boolean };

/** Several answers of a list. A digit (or Space on the highlighted one) ticks and unticks. */
export const chooseManyPrompt = createPrompt<string[] | Back, ChooseManyConfig>((config, done) => {
  const [active, setActive] = useState(-1);
  const [ticked, setTicked] = useState<readonly string[]>(config.default ?? []);
  const [status, setStatus] = useState<'idle' | 'done' | 'back'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const toggle = (value: string) => setTicked(ticked.includes(value) ? ticked.filter((v) => v !== value) : [...ticked, value]);
  useKeypress((key, rl) => {
    config.onKey?.();
    if (status !== 'idle') return;
    const count = config.choices.length;
    if (isEnterKey(key)) {
      if (config.required && ticked.length === 0) return setError('Отметьте хотя бы один вариант: его цифрой или пробелом.');
      setStatus('done');
      // In the list's order, whatever order they were ticked in.
      return done(config.choices.map((c) => c.value).filter((v) => ticked.includes(v)));
    }
    if (isEscape(key) && config.back) {
      setStatus('back');
      return done(BACK);
    }
    setError(undefined);
    if (isUpKey(key)) setActive(active <= 0 ? count - 1 : active - 1);
    else if (isDownKey(key)) setActive(active === -1 || active === count - 1 ? 0 : active + 1);
    else if (isSpaceKey(key)) {
      if (active !== -1) toggle(config.choices[active]!.value);
    } else {
      const picked = config.choices.findIndex((c) => c.key !== undefined && c.key === key.name);
      if (picked !== -1) {
        setActive(picked);
        toggle(config.choices[picked]!.value);
      }
    }
    rl.clearLine(0);
  });
  if (status === 'done') {
    const names = config.choices.filter((c) => ticked.includes(c.value)).map((c) => answerName(c.name));
    return doneLine(config.message, names.length === 0 ? 'нет ответа' : names.join('; '));
  }
  if (status === 'back') return backLine(config.message);
  const lines = config.choices.map((c, i) => {
    const box = ticked.includes(c.value) ? '[x]' : '[ ]';
    return i === active ? styleText('cyan', `❯ ${box} ${c.name}`) : `  ${box} ${c.name}`;
  });
  const keys = help(['цифра или пробел — отметить', '↑↓ — выбор', 'Enter — готово', ...backHelp(config.back)]);
  return [`${prefix.idle} ${styleText('bold', `${config.message} (можно несколько)`)}\n${lines.join('\n')}`, [error ? styleText('red', `> ${error}`) : '', keys].filter(Boolean).join('\n')];
});

type TextConfig = Common & { default?: string; validate?: (value: string) => true | string; onBack?: (draft: string) => void };

const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

/**
 * Text of several lines: Enter ends a line, Enter on an empty line ends the answer (an answer with nothing typed
 * is «no answer»). Pasted text keeps its line breaks and blank lines (the terminal's bracketed paste tells a paste
 * from typing). Backspace at the start of an empty line goes back into the line above.
 */
export const textPrompt = createPrompt<string | Back, TextConfig>((config, done) => {
  const [lines, setLines] = useState<readonly string[]>(config.default ? config.default.split('\n') : []);
  const [current, setCurrent] = useState('');
  const [status, setStatus] = useState<'idle' | 'done' | 'back'>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const pasting = useRef(false);
  useEffect((rl) => {
    const output = rl.output as unknown as { unmute(): void; mute(): void; write(s: string): void };
    const write = (s: string) => (output.unmute(), output.write(s), output.mute());
    write(BRACKETED_PASTE_ON);
    return () => write(BRACKETED_PASTE_OFF);
  }, []);
  useKeypress((key, rl) => {
    config.onKey?.();
    if (status !== 'idle') return;
    if (key.name === 'paste-start' || key.name === 'paste-end') {
      pasting.current = key.name === 'paste-start';
      return;
    }
    if (isEnterKey(key)) {
      // readline has already taken the line: `current` is what was typed on it.
      if (current !== '' || pasting.current) {
        setLines([...lines, current]);
        setCurrent('');
        return;
      }
      const answer = lines.join('\n').trim();
      const valid = config.validate?.(answer) ?? true;
      if (valid !== true) return setError(valid);
      setStatus('done');
      return done(answer);
    }
    if (isEscape(key) && config.back) {
      // What was typed is not lost by going back: it is the draft the question shows again.
      config.onBack?.([...lines, current].join('\n').trim());
      setStatus('back');
      return done(BACK);
    }
    setError(undefined);
    if (isBackspaceKey(key) && current === '' && rl.line === '' && lines.length > 0) {
      const previous = lines[lines.length - 1]!;
      setLines(lines.slice(0, -1));
      rl.write(previous);
      setCurrent(previous);
      return;
    }
    setCurrent(rl.line);
  });
  if (status === 'done') {
    const text = lines.join('\n').trim();
    return doneLine(config.message, text === '' ? 'нет ответа' : text.split('\n').join('\n  '));
  }
  if (status === 'back') return backLine(config.message);
  const typed = lines.map((l) => `  ${l}`).join('\n');
  const keys = help(['Enter — новая строка', 'Enter на пустой строке — готово', ...backHelp(config.back)]);
  return [
    `${prefix.idle} ${styleText('bold', config.message)}\n${typed === '' ? '' : `${typed}\n`}  ${current}`,
    [error ? styleText('red', `> ${error}`) : '', keys].filter(Boolean).join('\n'),
  ];
});
