import { describe, expect, it } from 'vitest';
import { appliedAnswers, effectiveAnswers, parseAnswer, satisfactionAnswers, solvedAnswers } from '../../src/model/reviews.js';

describe('a review answer as a person types it (README «okno review load»)', () => {
  it('да / нет in the words load feedback reads too, in any case; a dash or a digit is no answer', () => {
    expect(['да', ' ДА ', 'Да.', 'yes', 'Д', 'true', 'Истина'].map((v) => parseAnswer(effectiveAnswers, v))).toEqual([true, true, true, true, true, true, true]);
    expect(['нет', 'No', 'н', 'FALSE', 'ложь'].map((v) => parseAnswer(solvedAnswers, v))).toEqual(['no', 'no', 'no', 'no', 'no']);
    expect(['-', '+', '1', '0', 'ага'].map((v) => parseAnswer(effectiveAnswers, v))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('«удовлетворён» in any gender or number, with ё or е', () => {
    expect(['Удовлетворена', 'удовлетворены', 'удовлетворено', 'удовлетворён'].map((v) => parseAnswer(satisfactionAnswers, v))).toEqual(['satisfied', 'satisfied', 'satisfied', 'satisfied']);
    expect(['Частично удовлетворена', 'не удовлетворены', 'Не удовлетворён.'].map((v) => parseAnswer(satisfactionAnswers, v))).toEqual(['partly', 'dissatisfied', 'dissatisfied']);
    expect(parseAnswer(appliedAnswers, 'Частично')).toBe('partial');
  });
});
