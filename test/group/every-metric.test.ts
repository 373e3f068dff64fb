// The reference property of the group layer, for every metric the library has: route records
// to random segments with bySegment, and the merge of the segment tallies (the total row) must
// equal the ungrouped metric (runMetric). Customer-level metrics (churn, repeat rate, ARPU, ...)
// document that merging is valid when segments partition customers, so their records are split
// by customer; record-level metrics are split record by record.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import * as api from "../../src/index.ts";
import type { AnyMetric } from "../../src/metric.ts";
import { deepFreeze, shareMetric } from "./helpers.ts";

interface Case {
  readonly name: string;
  readonly metric: AnyMetric<never>;
  readonly records: fc.Arbitrary<unknown[]>;
  /** "customer": segments are a function of customerId. */
  readonly split: "record" | "customer";
  readonly runs?: number;
  readonly label?: string;
  /**
   * Tallies whose merge is order-sensitive but equal as multisets (BG/NBD's grouped rows):
   * compared after this canonical form, since the fit of a tiny sample can move with row order.
   */
  readonly canonical?: (tally: unknown) => unknown;
}

const PERIOD = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" };
const T0 = Date.UTC(2024, 9, 1);
const DAY = 86_400_000;
const instant = fc.integer({ min: 0, max: 180 }).map((d) => new Date(T0 + d * DAY).toISOString());
const customerId = fc.integer({ min: 1, max: 9 });

const orders = fc.array(
  fc.record({
    customerId,
    date: instant,
    amount: fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100),
  }),
  { maxLength: 60 },
);
const subscriptions = fc.array(
  fc
    .tuple(
      customerId,
      fc.integer({ min: 0, max: 150 }),
      fc.option(fc.integer({ min: 0, max: 120 })),
    )
    .map(([id, start, length]) => ({
      customerId: id,
      start: new Date(T0 + start * DAY).toISOString(),
      end: length === null ? null : new Date(T0 + (start + length) * DAY).toISOString(),
      mrr: (id * 7) % 50,
    })),
  { maxLength: 40 },
);
const counts = <K extends string>(big: K, small: K) =>
  fc.array(
    fc
      .integer({ min: 0, max: 200 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n })))
      .map(([n, k]) => ({ [big]: n, [small]: k }) as Record<K, number>),
    { maxLength: 40 },
  );

/** Grouped-row tallies (BG/NBD, Gamma-Gamma) with their rows in a canonical order. */
function sortRows(tally: unknown): unknown {
  const rows: unknown = Reflect.get(tally as object, "rows");
  const sorted = Array.isArray(rows)
    ? [...rows].sort((x, y) => (String(x) < String(y) ? -1 : 1))
    : rows;
  return { ...(tally as object), rows: sorted };
}

/** Builds a case only when the factory exists (other modules are written in parallel). */
function metricCase(
  name: string,
  build: (factory: (options?: unknown) => AnyMetric<never>) => AnyMetric<never>,
  records: fc.Arbitrary<unknown[]>,
  split: Case["split"] = "record",
  runs?: number,
): Case[] {
  const factory: unknown = Reflect.get(api, name);
  if (typeof factory !== "function") return [];
  const metric = build((options) => Reflect.apply(factory, undefined, [options]));
  return [{ name, metric, records, split, ...(runs === undefined ? {} : { runs }) }];
}

const cases: Case[] = [
  // Test-only metric (no knowledge of the group layer).
  {
    name: "share (test metric)",
    metric: shareMetric("ok") as AnyMetric<never>,
    records: fc.array(fc.record({ ok: fc.boolean() }), { maxLength: 80 }),
    split: "record",
  },
  ...metricCase(
    "npsMetric",
    (f) => f({ score: "score" }),
    fc.array(fc.record({ score: fc.integer({ min: 0, max: 10 }) }), { maxLength: 80 }),
  ),
  ...metricCase(
    "npsMetric",
    (f) => f({ score: "score", weight: "w" }),
    fc.array(
      fc.record({
        score: fc.integer({ min: 0, max: 10 }),
        w: fc.integer({ min: 0, max: 8 }).map((w) => w / 4),
      }),
      { maxLength: 80 },
    ),
  ).map((c) => ({ ...c, label: "npsMetric, weighted" })),
  ...metricCase(
    "csatMetric",
    (f) => f({ rating: "rating" }),
    fc.array(fc.record({ rating: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 }),
  ),
  ...metricCase(
    "cesMetric",
    (f) => f({ score: "score" }),
    fc.array(fc.record({ score: fc.integer({ min: 1, max: 7 }) }), { maxLength: 80 }),
  ),
  ...metricCase(
    "reviewSummaryMetric",
    (f) => f({ rating: "stars" }),
    fc.array(fc.record({ stars: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 }),
  ),
  ...metricCase("conversionRateMetric", (f) => f(), counts("visitors", "conversions")),
  ...metricCase("clickThroughRateMetric", (f) => f(), counts("impressions", "clicks")),
  ...metricCase("referralRateMetric", (f) => f(), counts("customers", "referred")),
  ...metricCase(
    "openRateMetric",
    (f) => f({ sent: "sent" }),
    counts("sent", "opens").map((rows) => rows.map((r) => ({ ...r, bounced: 0 }))),
  ),
  ...metricCase(
    "snsEngagementRateMetric",
    (f) => f({ base: "reach" }),
    fc.array(
      fc.record({
        likes: fc.nat(50),
        comments: fc.nat(20),
        reach: fc.integer({ min: 70, max: 500 }),
      }),
      { maxLength: 40 },
    ),
  ),
  ...metricCase("churnMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("retentionMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("customerRetentionMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("mrrChurnMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("repeatRateMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("repeatPurchaseRateMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("arpuMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("averageOrderValueMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("purchaseFrequencyMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase(
    "ltvMetric",
    (f) => f({ period: PERIOD, unit: "month", lifespan: 12 }),
    orders,
    "customer",
  ),
  ...metricCase(
    "bgNbdMetric",
    (f) => f(),
    fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 38 }))
        .map(([frequency, t]) => ({ frequency, recency: frequency === 0 ? 0 : t, T: 39 })),
      { minLength: 8, maxLength: 30 },
    ),
    "record",
    10,
  ).map((c) => ({ ...c, canonical: sortRows })),
  ...metricCase(
    "gammaGammaMetric",
    (f) => f(),
    fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 40 }))
        .map(([frequency, m]) => ({ frequency, monetary: frequency === 0 ? 0 : m * 2.5 })),
      { minLength: 6, maxLength: 30 },
    ),
    "record",
    10,
  ).map((c) => ({ ...c, canonical: sortRows })),
  ...metricCase(
    "sbgMetric",
    (f) => f(),
    fc.array(
      fc
        .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
        .map(([a, b]) => ({ recency: Math.min(a, b), T: Math.max(a, b) })),
      { minLength: 4, maxLength: 40 },
    ),
    "record",
    10,
  ),
  ...metricCase("churnSqlMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("retentionSqlMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("repeatRateSqlMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase(
    "npsSqlMetric",
    (f) => f({ score: "score", weight: "w" }),
    fc.array(
      fc.record({
        score: fc.integer({ min: 0, max: 10 }),
        w: fc.integer({ min: 0, max: 8 }).map((w) => w / 4),
      }),
      { maxLength: 80 },
    ),
  ),
  ...metricCase(
    "csatSqlMetric",
    (f) => f({ rating: "rating" }),
    fc.array(fc.record({ rating: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 }),
  ),
  ...metricCase(
    "cesSqlMetric",
    (f) => f({ score: "score", weight: "w" }),
    fc.array(
      fc.record({ score: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 0, max: 4 }) }),
      { maxLength: 80 },
    ),
  ),
  ...metricCase(
    "reviewSummarySqlMetric",
    (f) => f({ rating: "stars" }),
    fc.array(fc.record({ stars: fc.integer({ min: 1, max: 5 }) }), { maxLength: 80 }),
  ),
  ...metricCase("conversionRateSqlMetric", (f) => f(), counts("visitors", "conversions")),
  ...metricCase("clickThroughRateSqlMetric", (f) => f(), counts("impressions", "clicks")),
  ...metricCase("referralRateSqlMetric", (f) => f(), counts("customers", "referred")),
  ...metricCase(
    "openRateSqlMetric",
    (f) => f({ sent: "sent" }),
    counts("sent", "opens").map((rows) => rows.map((r) => ({ ...r, bounced: 0 }))),
  ),
  ...metricCase(
    "snsEngagementRateSqlMetric",
    (f) => f({ base: "reach" }),
    fc.array(
      fc.record({
        likes: fc.nat(50),
        comments: fc.nat(20),
        reach: fc.integer({ min: 70, max: 500 }),
      }),
      { maxLength: 40 },
    ),
  ),
  ...metricCase(
    "customerRetentionSqlMetric",
    (f) => f({ period: PERIOD }),
    subscriptions,
    "customer",
  ),
  ...metricCase("mrrChurnSqlMetric", (f) => f({ period: PERIOD }), subscriptions, "customer"),
  ...metricCase("repeatPurchaseRateSqlMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("arpuSqlMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("averageOrderValueSqlMetric", (f) => f({ period: PERIOD }), orders, "customer"),
  ...metricCase("purchaseFrequencySqlMetric", (f) => f({ period: PERIOD }), orders, "customer"),
];

/** Deep equality with numbers equal to 1e-9 relative (merge order may move the last bits of sums). */
function expectClose(actual: unknown, expected: unknown, path = "result"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      1e-9 * scale,
    );
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(actual !== null && typeof actual === "object", path).toBe(true);
    const keys = Object.keys(expected);
    expect(Object.keys(actual as object).sort(), path).toEqual([...keys].sort());
    for (const key of keys) {
      expectClose(Reflect.get(actual as object, key), Reflect.get(expected, key), `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

describe("bySegment: the total of every metric equals the ungrouped metric", () => {
  test("the registry holds every metric factory of the library", () => {
    // Every exported `xxxMetric` factory must have a case here (bgNbdMetric once exported).
    const factories = Object.keys(api).filter(
      (name) => /^[a-z]\w*Metric$/.test(name) && !name.startsWith("safe"),
    );
    const covered = new Set(cases.map((c) => c.name));
    expect(factories.filter((name) => !covered.has(name) && name !== "runMetric")).toEqual([]);
    for (const name of [
      "npsMetric",
      "csatMetric",
      "cesMetric",
      "churnMetric",
      "repeatRateMetric",
      "arpuMetric",
      "conversionRateMetric",
    ]) {
      expect(covered.has(name), name).toBe(true);
    }
  });

  for (const c of cases) {
    test.prop(
      [
        c.records,
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(1_000), { minLength: 1, maxLength: 100 }),
      ],
      { numRuns: c.runs ?? 60 },
    )(`${c.label ?? c.name} (${c.split} split)`, (records, segments, draws) => {
      deepFreeze(records);
      const keyOf =
        c.split === "customer"
          ? (r: unknown) =>
              (Number(Reflect.get(r as object, "customerId")) * 31 + (draws[0] ?? 0)) % segments
          : (_: unknown, i: number) => (draws[i % draws.length] ?? 0) % segments;
      // The factories are looked up by name, so their record types are not known here.
      const metric = c.metric as unknown as AnyMetric<unknown>;
      const table = api.bySegment(records, keyOf, { m: metric });
      const whole = api.runMetric(metric, records);
      expect(table.total.n).toBe(records.length);
      expect(table.segments.reduce((sum, s) => sum + s.n, 0)).toBe(records.length);
      let merged = c.metric.empty();
      for (const s of [...table.segments].reverse()) merged = c.metric.merge(merged, s.tallies.m);
      if (c.canonical !== undefined) {
        const state = c.metric.init();
        records.forEach((r, i) => {
          metric.add(state, r, i);
        });
        const wholeTally = c.canonical(c.metric.tally(state));
        expect(c.canonical(table.total.tallies.m)).toEqual(wholeTally);
        expect(c.canonical(merged)).toEqual(wholeTally);
      } else {
        expectClose(table.total.results.m, whole);
        // Merging in another order gives the same result (associative, commutative).
        expectClose(c.metric.finalize(merged), whole);
      }
      // Metrics with a `compare` plug into compareSegments: p-values are probabilities, Holm ≥ raw.
      if (typeof c.metric.compare === "function") {
        const comparison = api.compareSegments(table, { metrics: { m: c.metric } });
        expect(comparison.notCompared).toEqual([]);
        for (const row of comparison.comparisons) {
          if (row.pValue === null) expect(row.adjustedPValue).toBeNull();
          else {
            expect(row.pValue).toBeGreaterThanOrEqual(0);
            expect(row.pValue).toBeLessThanOrEqual(1);
            expect(row.adjustedPValue as number).toBeGreaterThanOrEqual(row.pValue);
          }
        }
      }
      // Tallies survive JSON (they are meant to be stored and merged later).
      expect(JSON.parse(JSON.stringify(table.total.tallies.m))).toEqual(table.total.tallies.m);
    });
  }
});
