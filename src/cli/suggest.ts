/** Edit distance with adjacent transpositions (`wiat` is one step from `wait`), for "did you mean" hints. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/** The candidate nearest to `name`, when it is near enough to be the likely intent. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  // Very long input is no typo of a short name, and would cost a quadratic table.
  if (name.length > 100) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

/** ` (did you mean --instance-id?)` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hint = nearest(name, candidates);
  return hint === undefined ? '' : ` (did you mean ${hint}?)`;
}
