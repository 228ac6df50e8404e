// Small-group suppression: which departments' figures may be shown.
//
// A department is shown only when at least k people of it answered. Hiding one department is not enough when the
// total is shown: total minus the shown departments IS the hidden one. So whenever anything is hidden, okno hides
// more, smallest first, until the hidden departments are at least two AND together hold at least k people; what can
// then be computed by subtraction is the hidden departments' combined figure, itself a group of at least k.
// The rule looks at counts only, never at answers, so which departments are hidden says nothing about what anyone
// answered.

export interface GroupCount {
  name: string;
  n: number;
}

/**
 * The groups to hide. `forced` are hidden whatever their count (a department hidden for the survey as a whole stays
 * hidden in every question). Deterministic: ties on count go by name.
 */
export function hiddenGroups(groups: readonly GroupCount[], k: number, forced: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set(groups.filter((g) => g.n < k || forced.has(g.name)).map((g) => g.name));
  if (hidden.size === 0) return hidden;
  const shown = groups
    .filter((g) => !hidden.has(g.name))
    .sort((a, b) => a.n - b.n || a.name.localeCompare(b.name, 'ru'));
  let hiddenTotal = groups.filter((g) => hidden.has(g.name)).reduce((sum, g) => sum + g.n, 0);
  while ((hidden.size === 1 || hiddenTotal < k) && shown.length > 0) {
    const next = shown.shift()!;
    hidden.add(next.name);
    hiddenTotal += next.n;
  }
  return hidden;
}
