// What "a plain JSON result" means for the reliability gates: only null, booleans, finite numbers,
// strings, arrays and plain objects, with no undefined-valued keys. JSON.stringify would silently
// turn NaN and Infinity into null, drop undefined keys and turn a Date into a string; this walk
// names the first offender instead.

/** The first place in `value` that is not plain JSON, as `"$.rows[3].score: NaN"`, or `null`. */
export function firstNonJson(
  value: unknown,
  at = "$",
  seen: Set<object> = new Set(),
): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at}: ${value}`;
  if (typeof value !== "object") return `${at}: a ${typeof value}`;
  if (seen.has(value)) return `${at}: a cycle`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) return `${at}[${i}]: a hole`;
        const bad = firstNonJson(value[i], `${at}[${i}]`, seen);
        if (bad !== null) return bad;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${at}: a ${proto?.constructor?.name ?? "non-plain"} object`;
    }
    if (Object.getOwnPropertySymbols(value).length > 0) return `${at}: a symbol key`;
    for (const key of Object.keys(value)) {
      const bad = firstNonJson((value as Record<string, unknown>)[key], `${at}.${key}`, seen);
      if (bad !== null) return bad;
    }
    return null;
  } finally {
    seen.delete(value);
  }
}
