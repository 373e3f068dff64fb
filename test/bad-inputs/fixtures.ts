// Valid baselines the bad-input corpus corrupts one field at a time, and a deep freeze that
// skips what cannot be frozen (typed arrays, huge arrays, functions' internals).

/** A period of January 2025, half-open. */
export const JANUARY = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } as const;

/** An order in January 2025; `fields` override or add fields. */
export function order(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 10, ...fields };
}

/** Two valid orders in January 2025, then `extra` (usually one bad order, at index 2). */
export function orders(...extra: unknown[]): unknown[] {
  return [order(), order({ customerId: "b", date: "2025-01-05T00:00:00Z", amount: 20 }), ...extra];
}

/** A subscription active since June 2024; `fields` override or add fields. */
export function subscription(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { customerId: "a", start: "2024-06-01T00:00:00Z", mrr: 50, ...fields };
}

/** Two valid subscriptions (one churns in January 2025), then `extra`. */
export function subscriptions(...extra: unknown[]): unknown[] {
  return [subscription(), subscription({ customerId: "b", end: "2025-01-15T00:00:00Z" }), ...extra];
}

/** BG/NBD parameters of Fader, Hardie & Lee (2005) on CDNOW. */
export const CDNOW_BG_NBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;

/** A fitted BG/NBD model as `customerLifetimeValue` and `evaluateHoldout` take it. */
export function transactionModel(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { metric: "bgNbd", params: { ...CDNOW_BG_NBD }, timeUnit: "week", ...fields };
}

/** A fitted Gamma-Gamma model (Fader & Hardie 2013 on CDNOW). */
export function spendModel(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { metric: "gammaGamma", params: { p: 6.25, q: 3.74, v: 15.44 }, ...fields };
}

/** One RFM row (customer 1 of CDNOW); `fields` override. */
export function rfmRow(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35, ...fields };
}

/** Valid input of `customerLifetimeValue`; `fields` override. */
export function clvInput(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionModel: transactionModel(),
    spendModel: spendModel(),
    customers: [rfmRow()],
    horizon: { value: 12, unit: "month" },
    discountRate: { rate: 0.01, per: "month" },
    ...fields,
  };
}

/** Tidy rows as `toRows` gives them, for the display helpers. */
export function tidyRows(...extra: unknown[]): unknown[] {
  return [
    { segment: "North", metric: "nps", value: 30, lower: 19.2, upper: 40.8, n: 200 },
    { segment: "South", metric: "nps", value: -5, lower: -20, upper: 10, n: 80 },
    ...extra,
  ];
}

/** Arrays longer than this are not frozen (freezing 10M elements costs more than the test). */
const FREEZE_LIMIT = 100_000;

/**
 * Freezes `value` and everything reachable from it, in place, and returns it. Typed arrays and
 * array buffers cannot be frozen (V8 throws) and are left as they are, as are arrays longer than
 * 100,000 elements.
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  const object = value as object;
  if (seen.has(object)) return value;
  seen.add(object);
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return value;
  if (Array.isArray(object) && object.length > FREEZE_LIMIT) return value;
  for (const key of Reflect.ownKeys(object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
    if (descriptor !== undefined && "value" in descriptor) deepFreeze(descriptor.value, seen);
  }
  Object.freeze(object);
  return value;
}
