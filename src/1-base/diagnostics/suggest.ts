// "Did you mean" for misspelled names: the closest candidates by edit distance, if close enough.
// Message builders use it to fill a diagnostic's hint, its `candidates` and its quick fix.

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The candidate nearest to `name`, when it is within a third of the name's length (at least 1, at most 3). */
export function closest(name: string, candidates: Iterable<string>, limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)))): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(name, candidate);
    // On a tie, a candidate with the same first letter reads as the likelier intent (`hr` -> `hour`).
    const sameStart = (c: string | undefined) => c !== undefined && c[0]?.toLowerCase() === name[0]?.toLowerCase();
    if (d <= limit && (d < bestDistance || (d === bestDistance && sameStart(candidate) && !sameStart(best)))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Every candidate within the limit, the likeliest first (the one `closest` picks heads the list). */
export function nearest(name: string, candidates: Iterable<string>, limit?: number): string[] {
  const list = [...new Set(candidates)].filter((c) => c !== name);
  const best = closest(name, list, limit);
  if (best === undefined) return [];
  const within = limit ?? Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const rest = list
    .filter((c) => c !== best)
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter((x) => x.d <= within)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .map((x) => x.c);
  return [best, ...rest];
}
