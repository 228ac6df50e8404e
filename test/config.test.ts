import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../src/config.js';
import { fixture, withTempDir } from './helpers.js';

describe('okno.config.json', () => {
  it('defaults when there is no file', async () => {
    await withTempDir(async (dir) => {
      expect(await loadConfig(undefined, dir)).toEqual({
        timeZone: 'Europe/Moscow',
        columns: {},
        stages: {},
        feedback: { linkDays: 14, columns: {} },
        reviews: { from: null },
        pr: { organisation: null, logo: null, colors: { primary: '#4C78A8', accent: '#F58518', background: '#FFFFFF', text: '#1F2933' }, showDissatisfied: true },
        calendar: { initials: {} },
        note: { organisation: null, position: 'Исполнительный директор', name: null },
        source: null,
      });
    });
  });

  it('reads ./okno.config.json when present', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.config.json');
      await writeFile(
        file,
        JSON.stringify({
          timeZone: 'Asia/Novosibirsk',
          columns: { consultant: 'Эксперт' },
          stages: { Думает: 'accepted' },
          feedback: { linkDays: 7, columns: { organisation: ['Ваша НКО'] } },
          reviews: { from: '2026-01-01' },
          pr: { organisation: 'Ресурсный центр «Окно»', logo: 'brand/logo.png', colors: { primary: '#1f6fb2', text: '#000000' }, showDissatisfied: false },
          calendar: { initials: { 'и.и.': 'Иванова  Ирина', ОП: 'Петров Олег' } },
        }),
      );
      expect(await loadConfig(undefined, dir)).toEqual({
        timeZone: 'Asia/Novosibirsk',
        columns: { consultant: ['Эксперт'] },
        stages: { Думает: 'accepted' },
        feedback: { linkDays: 7, columns: { organisation: ['Ваша НКО'] } },
        reviews: { from: '2026-01-01' },
        // The logo is relative to the settings file; colours not given keep their defaults.
        pr: {
          organisation: 'Ресурсный центр «Окно»',
          logo: path.join(dir, 'brand/logo.png'),
          colors: { primary: '#1F6FB2', accent: '#F58518', background: '#FFFFFF', text: '#000000' },
          showDissatisfied: false,
        },
        // Initials in upper case without dots; names with spaces collapsed.
        calendar: { initials: { ИИ: 'Иванова Ирина', ОП: 'Петров Олег' } },
        // Without «note», the note's documents carry the organisation of «pr».
        note: { organisation: 'Ресурсный центр «Окно»', position: 'Исполнительный директор', name: null },
        source: file,
      });
    });
  });

  it.each([
    [{ timeZone: 'Moscow/Kremlin' }, 'timeZone «Moscow/Kremlin» — не часовой пояс (пример: "Europe/Moscow").'],
    [{ columns: { expert: 'Эксперт' } }, /^в columns неизвестное поле «expert»; допустимы: deal_id, name, /],
    [{ columns: { consultant: '' } }, 'columns.consultant: нужен заголовок столбца или список заголовков.'],
    [{ stages: { Думает: 'thinking' } }, /^stages\["Думает"\]: код «thinking» неизвестен; допустимы: unsorted, /],
    [{ timezone: 'Europe/Moscow' }, 'неизвестный ключ «timezone» (допустимы: timeZone, columns, stages, feedback, reviews, pr, calendar, note).'],
    [{ calendar: { initials: { 'Иванова': 'Иванова Ирина' } } }, 'calendar.initials: «Иванова» — не инициалы (нужны 1–4 буквы, например "ИИ").'],
    [{ calendar: { initials: { ИИ: '' } } }, 'calendar.initials["ИИ"]: нужно имя консультанта, как в карточках.'],
    [{ calendar: { slots: 3 } }, 'неизвестный ключ calendar.slots (допустим: initials).'],
    [{ pr: { colors: { primary: 'blue' } } }, 'pr.colors.primary «blue» — нужен цвет в виде #RRGGBB, например "#1F6FB2".'],
    [{ pr: { colors: { primary: '#12345' } } }, 'pr.colors.primary «#12345» — нужен цвет в виде #RRGGBB, например "#1F6FB2".'],
    [{ pr: { colors: { border: '#123456' } } }, 'неизвестный цвет pr.colors.border (допустимы: primary, accent, background, text).'],
    [{ pr: { logo: '' } }, 'pr.logo: нужна непустая строка.'],
    [{ note: { name: '' } }, 'note.name: нужна непустая строка.'],
    [{ note: { signer: 'И. И. Иванова' } }, 'неизвестный ключ note.signer (допустимы: organisation, position, name).'],
    [{ note: 'директор' }, 'note должен быть объектом { "organisation": "…", "position": "Исполнительный директор", "name": "…" }.'],
    [{ pr: { site: 'x' } }, 'неизвестный ключ pr.site (допустимы: organisation, logo, colors, showDissatisfied).'],
    [{ pr: { showDissatisfied: 'нет' } }, 'pr.showDissatisfied: нужно true или false.'],
    [{ pr: 'Окно' }, 'pr должен быть объектом { "organisation": "…", "logo": "logo.png", "colors": { … }, "showDissatisfied": true }.'],
    [{ feedback: { linkDays: -1 } }, 'feedback.linkDays «-1» — нужно целое число дней от 0 до 366.'],
    [{ feedback: { columns: { rating: 7 } } }, 'feedback.columns.rating: нужен заголовок столбца или список заголовков.'],
    [{ feedback: { days: 7 } }, 'неизвестный ключ feedback.days (допустимы: linkDays, columns).'],
    [{ reviews: { from: '2026-02-30' } }, 'reviews.from «2026-02-30» — нужна дата ГГГГ-ММ-ДД.'],
    [{ reviews: { from: '2026-13-01' } }, 'reviews.from «2026-13-01» — нужна дата ГГГГ-ММ-ДД.'],
    [[], 'ожидается объект { … }.'],
    // Wrong kinds of value, worded by key as the hand-written checks did.
    ['Europe/Moscow', 'ожидается объект { … }.'],
    [{ timeZone: 3 }, 'timeZone «3» — не часовой пояс (пример: "Europe/Moscow").'],
    [{ timeZone: 'Europe/Moskva' }, 'timeZone «Europe/Moskva» — не часовой пояс (пример: "Europe/Moscow").'],
    [{ columns: 'Эксперт' }, 'columns должен быть объектом { "поле": "заголовок" }.'],
    [{ columns: { consultant: [] } }, 'columns.consultant: нужен заголовок столбца или список заголовков.'],
    [{ columns: { consultant: ['Эксперт', ' '] } }, 'columns.consultant: нужен заголовок столбца или список заголовков.'],
    [{ stages: ['accepted'] }, 'stages должен быть объектом { "название этапа": "код" }.'],
    [{ stages: { Думает: 3 } }, /^stages\["Думает"\]: код «3» неизвестен; допустимы: unsorted, new, accepted, no_answer, scheduled, held, feedback_requested, success, lost\.$/],
    [{ feedback: [] }, 'feedback должен быть объектом { "linkDays": 14, "columns": { … } }.'],
    [{ feedback: { linkDays: 367 } }, 'feedback.linkDays «367» — нужно целое число дней от 0 до 366.'],
    [{ feedback: { linkDays: 1.5 } }, 'feedback.linkDays «1.5» — нужно целое число дней от 0 до 366.'],
    [{ feedback: { linkDays: '14' } }, 'feedback.linkDays «14» — нужно целое число дней от 0 до 366.'],
    [{ feedback: { columns: { grade: 'Оценка' } } }, /^в feedback\.columns неизвестное поле «grade»; допустимы: submitted_at, deal_id, organisation, /],
    [{ reviews: '2026-01-01' }, 'reviews должен быть объектом { "from": "ГГГГ-ММ-ДД" }.'],
    [{ reviews: { from: '01.01.2026' } }, 'reviews.from «01.01.2026» — нужна дата ГГГГ-ММ-ДД.'],
    [{ pr: { colors: '#123456' } }, 'pr.colors должен быть объектом { "primary": "#RRGGBB", … }.'],
    [{ pr: { colors: { text: 0x123456 } } }, 'pr.colors.text «1193046» — нужен цвет в виде #RRGGBB, например "#1F6FB2".'],
    [{ pr: { organisation: 5 } }, 'pr.organisation: нужна непустая строка.'],
    [{ calendar: [] }, 'calendar должен быть объектом { "initials": { "ИИ": "Иванова Ирина" } }.'],
    [{ calendar: { initials: 'ИИ' } }, 'calendar должен быть объектом { "initials": { "ИИ": "Иванова Ирина" } }.'],
    [{ $schema: 5 }, '$schema: нужна строка, а не 5.'],
    // Several problems: every one, in one message, so the file is fixed in one go.
    [
      { timeZone: 'UTC+3', pr: { colors: { primary: 'blue', accent: 'red' } }, stage: {} },
      'timeZone «UTC+3» — не часовой пояс (пример: "Europe/Moscow"). pr.colors.primary «blue» — нужен цвет в виде #RRGGBB, например "#1F6FB2". ' +
        'pr.colors.accent «red» — нужен цвет в виде #RRGGBB, например "#1F6FB2". неизвестный ключ «stage» (допустимы: timeZone, columns, stages, feedback, reviews, pr, calendar, note).',
    ],
  ])('refuses %j', (json, expected) => {
    let message = '';
    try {
      parseConfig(json, 'okno.config.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith('Файл настроек okno.config.json: ')).toBe(true);
    const rest = message.slice('Файл настроек okno.config.json: '.length);
    if (typeof expected === 'string') expect(rest).toBe(expected);
    else expect(rest).toMatch(expected);
  });

  it('accepts "$schema" (editors complete the file from it) and "comment"', () => {
    const config = parseConfig({ $schema: './docs/okno.config.schema.json', comment: ['для бухгалтерии'], timeZone: 'Asia/Omsk' }, 'okno.config.json');
    expect([config.timeZone, config.source, config.columns]).toEqual(['Asia/Omsk', 'okno.config.json', {}]);
  });

  it('shows no English text of the validation library, whatever the mistake', () => {
    const wrong: unknown[] = [
      null, 5, 'x', { timeZone: null }, { columns: { consultant: { a: 1 } } }, { stages: null }, { feedback: { linkDays: null } },
      { reviews: { from: 20260101 } }, { pr: { logo: ['a'] } }, { pr: { colors: null } }, { calendar: { initials: { ИИ: 5 } } },
      { comment: undefined, $schema: {} },
    ];
    for (const json of wrong) {
      let message = '';
      try {
        parseConfig(json, 'okno.config.json');
      } catch (e) {
        message = (e as Error).message;
      }
      // Latin words in a message are only the keys and values it quotes (zod says «Invalid input: expected …»).
      expect([json, message]).not.toEqual([json, expect.stringMatching(/Invalid|expected|received|Unrecognized|Too (small|big)/)]);
      expect(message).toMatch(/^Файл настроек okno\.config\.json: /);
    }
  });

  // fixtures/config: files as people write them, one mistake each; the whole message, as the terminal shows it.
  it.each([
    ['key-in-lower-case.json', 'неизвестный ключ «timezone» (допустимы: timeZone, columns, stages, feedback, reviews, pr, calendar, note).'],
    ['time-zone-misspelt.json', 'timeZone «Europe/Moskow» — не часовой пояс (пример: "Europe/Moscow").'],
    ['colour-without-hash.json', 'pr.colors.primary «1F6FB2» — нужен цвет в виде #RRGGBB, например "#1F6FB2".'],
    ['stage-code-in-russian.json', 'stages["Клиент думает"]: код «думает» неизвестен; допустимы: unsorted, new, accepted, no_answer, scheduled, held, feedback_requested, success, lost.'],
    ['link-days-over-a-year.json', 'feedback.linkDays «400» — нужно целое число дней от 0 до 366.'],
    ['numbers-and-dates-as-text.json', 'feedback.linkDays «14» — нужно целое число дней от 0 до 366. reviews.from «01.01.2026» — нужна дата ГГГГ-ММ-ДД.'],
  ])('refuses fixtures/config/%s', async (name, problem) => {
    const file = fixture(`config/${name}`);
    await expect(loadConfig(file)).rejects.toMatchObject({
      message: `Файл настроек ${file}: ${problem}`,
      hint: 'Формат описан в руководстве docs/guide.md, раздел «Файл настроек».',
    });
  });

  it('reads fixtures/config/with-schema-and-comment.json', async () => {
    const file = fixture('config/with-schema-and-comment.json');
    expect((await loadConfig(file)).columns).toEqual({ consultant: ['Эксперт проекта'] });
  });

  it('refuses a file that is not JSON, naming it', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'okno.config.json');
      await writeFile(file, '{ "timeZone": "Europe/Moscow", }');
      // The «}» after the trailing comma, column 32 of line 1; JSON.parse's English never reaches the user.
      await expect(loadConfig(file)).rejects.toThrow(`Файл настроек ${file} — не JSON: ошибка синтаксиса в строке 1, столбце 32.`);
    });
  });
});
