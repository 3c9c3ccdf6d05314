// Pure logic of the command palette, kept apart from the component so it is easy to test.

export type PaletteAction = { id: string; label: string; group: string; keywords?: string; shortcut?: string; run: () => void };

function normalise(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * Scores how well `query` matches `text`: word starts beat substrings beat scattered letters
 * ("np" finds "New person"); 0 means no match.
 */
export function matchScore(text: string, query: string): number {
  const q = normalise(query.trim());
  if (q === "") return 1;
  const s = normalise(text);
  if (s.startsWith(q)) return 100;
  if (s.split(/[\s\-/]+/).some((w) => w.startsWith(q))) return 80;
  if (s.includes(q)) return 60;
  const initials = s.split(/[\s\-/]+/).map((w) => w[0] ?? "").join("");
  if (initials.startsWith(q)) return 50;
  let at = 0;
  for (const ch of q) {
    at = s.indexOf(ch, at);
    if (at === -1) return 0;
    at += 1;
  }
  return 10;
}

/** Actions that match, best first; ties keep their given order. */
export function filterActions(actions: PaletteAction[], query: string): PaletteAction[] {
  return actions
    .map((a, i) => ({ a, i, score: Math.max(matchScore(a.label, query), a.keywords ? matchScore(a.keywords, query) * 0.9 : 0) }))
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score || x.i - y.i)
    .map((x) => x.a);
}

/** Arrow-key movement through `count` items, wrapping at both ends. */
export function moveSelection(index: number, delta: number, count: number): number {
  if (count === 0) return 0;
  return (((index + delta) % count) + count) % count;
}
