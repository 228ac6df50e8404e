/** Names close to one that matched nothing: what a person most likely meant (a typo, a surname alone, words swapped). */

/** Levenshtein distance by code point: insertions, deletions and substitutions of one character each cost 1. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The candidates close to `wanted`, closest first, at most `limit`; keys are compared as given (normalise them
 * first, as okno_key does). Close: every word of `wanted` begins a different word of the candidate («смирнова»,
 * «анна смирнова», «смирн а» for «смирнова анна»), or the whole keys are at most max(2, a quarter of
 * `wanted`'s length) edits apart («смирнов ана»). Ties in closeness go by name.
 */
export function closeNames<T extends { name: string; key: string }>(wanted: string, candidates: T[], limit = 5): T[] {
  const words = wanted.split(' ').filter((w) => w !== '');
  const allowed = Math.max(2, Math.floor([...wanted].length / 4));
  return candidates
    .map((c) => ({ c, score: beginsWords(words, c.key.split(' ')) ? 0 : editDistance(wanted, c.key) }))
    .filter((x) => x.score <= allowed)
    .sort((a, b) => a.score - b.score || a.c.name.localeCompare(b.c.name, 'ru'))
    .slice(0, limit)
    .map((x) => x.c);
}

/** Each word of `words` is the start of its own word of `of` (no word of `of` used twice). */
function beginsWords(words: string[], of: string[]): boolean {
  if (words.length === 0) return false;
  const free = [...of];
  return words.every((w) => {
    const i = free.findIndex((o) => o.startsWith(w));
    if (i === -1) return false;
    free.splice(i, 1);
    return true;
  });
}
