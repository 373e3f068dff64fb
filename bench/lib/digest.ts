// A short digest of per-group counts, so the orchestrator can check that every engine computed
// the same answer before comparing their times.

/** FNV-1a over a string, as 8 hex digits. */
export function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Digest of `[label, promoters, passives, detractors]` rows, in label order. */
export function npsDigest(rows: readonly (readonly [string, number, number, number])[]): string {
  const sorted = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return fnv(JSON.stringify(sorted.map(([l, p, s, d]) => [l, Number(p), Number(s), Number(d)])));
}

/** Digest of cohort cells `[cohortStartMs, k, customers]`, sorted. */
export function cohortDigest(cells: readonly (readonly [number, number, number])[]): string {
  const sorted = cells
    .map(([c, k, n]) => [Number(c), Number(k), Number(n)] as const)
    .filter(([, , n]) => n > 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return fnv(JSON.stringify(sorted));
}
