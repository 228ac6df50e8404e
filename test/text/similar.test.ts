import { describe, expect, it } from 'vitest';
import { closeNames, editDistance } from '../../src/text/similar.js';

const people = ['Иванова Мария', 'Иванов Пётр', 'Петров Олег', 'Петрова Светлана', 'Смирнова Анна'].map((name) => ({
  name,
  key: name.toLowerCase().replace(/ё/g, 'е'),
}));
const close = (wanted: string) => closeNames(wanted, people).map((p) => p.name);

describe('close names', () => {
  it.each([
    ['', '', 0], ['кот', 'кот', 0], ['кот', 'кит', 1], ['кот', 'кто', 2], ['', 'анна', 4], ['смирнов ана', 'смирнова анна', 2], ['петров', 'петрова', 1],
  ])('edit distance %s → %s is %i', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('a typo: names at most max(2, a quarter of the length) edits away, closest first', () => {
    // «смирнов ана» (11 characters, 2 allowed) is 2 from «смирнова анна».
    expect(close('смирнов ана')).toEqual(['Смирнова Анна']);
    // «петров олеш» is 1 from «петров олег»; «петрова светлана» is far.
    expect(close('петров олеш')).toEqual(['Петров Олег']);
  });

  it('a surname alone, a beginning, or the words swapped: every word begins its own word of the name', () => {
    expect(close('петров')).toEqual(['Петров Олег', 'Петрова Светлана']);
    expect(close('анна смирнова')).toEqual(['Смирнова Анна']);
    expect(close('иванов')).toEqual(['Иванов Пётр', 'Иванова Мария']);
    // The same word cannot begin two words: «анна анна» is no one.
    expect(close('анна анна')).toEqual([]);
  });

  it('nothing close: nothing listed; at most five', () => {
    expect(close('кузнецов')).toEqual([]);
    const many = Array.from({ length: 8 }, (_, i) => ({ name: `Орлов ${i}`, key: `орлов ${i}` }));
    expect(closeNames('орлов', many).map((p) => p.name)).toEqual(['Орлов 0', 'Орлов 1', 'Орлов 2', 'Орлов 3', 'Орлов 4']);
  });
});
