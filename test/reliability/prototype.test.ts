// Gate: field names, segment keys, metric names, customer ids and component names that exist on
// Object.prototype ("__proto__", "constructor", "toString", "hasOwnProperty") are plain data:
// read only as own properties, kept apart in results, and never written to a prototype.
// Records come from JSON.parse, which makes "__proto__" an own property (an object literal would
// set the prototype instead). Expected values are worked out by hand in the comments.
import { afterAll, describe, expect, it } from "vitest";
import {
  byPeriod,
  bySegment,
  bySegmentColumns,
  type ColumnRow,
  churnRateFromSubscriptions,
  cohortRetention,
  compareSegments,
  engagementScore,
  fitEngagementScale,
  fromSqlRows,
  MetricsInputError,
  mergeEngagementScales,
  nps,
  npsMetric,
  repeatRateFromOrders,
  reviewSummary,
  snsEngagementRateFromRecords,
  toHtmlTable,
  toRows,
} from "../../src/index.ts";
import { deepFreeze, JANUARY } from "../bad-inputs/fixtures.ts";
import { firstNonJson } from "./plain-json.ts";

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];

/** Every own property of `target` with its descriptor's parts, to compare by identity. */
function describeObject(target: object): unknown[][] {
  return Reflect.ownKeys(target).map((key) => {
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    return [key, d?.value, d?.get, d?.set, d?.writable, d?.enumerable, d?.configurable];
  });
}

function sameSnapshot(a: unknown[][], b: unknown[][]): boolean {
  return a.length === b.length && a.every((row, i) => row.every((x, j) => Object.is(x, b[i]?.[j])));
}

const before = PROTOTYPES.map(describeObject);
const names = ["__proto__", "constructor", "toString", "hasOwnProperty"] as const;

/** A record parsed from JSON: any field name, unknown values. */
type Row = Record<string, unknown>;

function json<T>(text: string): T {
  return deepFreeze(JSON.parse(text) as T);
}

function inputError(run: () => unknown): MetricsInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsInputError) return error;
    throw error;
  }
  throw new Error("expected a MetricsInputError");
}

describe("prototype-named fields and keys", () => {
  it("JSON.parse makes __proto__ an own property (the premise of these tests)", () => {
    const record = json<Record<string, unknown>>('{"__proto__": 9}');
    expect(Object.hasOwn(record, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });

  it("nps reads a score field named __proto__, constructor or toString", () => {
    // Scores 9, 3, 10: promoters 2, detractors 1 of 3: NPS = 100 · (2 − 1) / 3 = 33.33.
    for (const field of names) {
      const records = json<Row[]>(`[{"${field}": 9}, {"${field}": 3}, {"${field}": 10}]`);
      const result = nps(records, { score: field });
      expect(result.value, field).toBeCloseTo(100 / 3, 12);
      expect(result.n).toBe(3);
    }
  });

  it("an inherited member is never read as a value: a missing own field is an error", () => {
    for (const field of names) {
      const error = inputError(() => nps(deepFreeze<Row[]>([{ s: 9 }]), { score: field }));
      expect(error.issues[0]?.path).toEqual([0, field]);
    }
  });

  it("bySegment keeps segments keyed __proto__, constructor, toString, hasOwnProperty and '' apart", () => {
    const records = deepFreeze([
      { region: "__proto__", s: 10 },
      { region: "constructor", s: 0 },
      { region: "__proto__", s: 9 },
      { region: "toString", s: 3 },
      { region: "hasOwnProperty", s: 8 },
      { region: "constructor", s: 10 },
      { region: "", s: 9 },
    ]);
    const table = bySegment(records, "region", { nps: npsMetric<{ s: number }>({ score: "s" }) });
    // Keys sorted by UTF-16 code units: "" < "_" (0x5F) < "c" < "h" < "t".
    // __proto__: 10, 9 → 100; constructor: 0, 10 → 0; toString: 3 → −100;
    // hasOwnProperty: 8 → 0 (a passive); "": 9 → 100.
    expect(table.segments.map((row) => [row.key, row.n, row.results.nps.value])).toEqual([
      ["", 1, 100],
      ["__proto__", 2, 100],
      ["constructor", 2, 0],
      ["hasOwnProperty", 1, 0],
      ["toString", 1, -100],
    ]);
    // Total: promoters 10, 9, 10, 9 (4), detractors 0, 3 (2), passive 8, of 7: 100 · 2/7.
    expect(table.total.results.nps.value).toBeCloseTo(200 / 7, 12);
    expect(firstNonJson(table)).toBeNull();

    const rows = toRows(table, { total: true });
    expect(rows.map((row) => row.segment ?? "total")).toEqual([
      "",
      "__proto__",
      "constructor",
      "hasOwnProperty",
      "toString",
      "total",
    ]);
    const html = toHtmlTable(rows);
    expect(html).toContain("<td>__proto__</td>");
    expect(html).toContain("<td>constructor</td>");

    const compared = compareSegments(table, {
      metrics: { nps: npsMetric<{ s: number }>({ score: "s" }) },
      against: { segment: "__proto__" },
    });
    // Against __proto__ (NPS 100): constructor 0 − 100 = −100, toString −100 − 100 = −200.
    const byKey = new Map(compared.comparisons.map((row) => [row.segment, row.difference]));
    expect(byKey.get("constructor")).toBeCloseTo(-100, 12);
    expect(byKey.get("toString")).toBeCloseTo(-200, 12);
    expect(byKey.has("__proto__")).toBe(false);
  });

  it("bySegment reads a key field named __proto__, and metrics named after Object.prototype members", () => {
    const records = json<Row[]>(
      '[{"__proto__": "a", "s": 10}, {"__proto__": "b", "s": 9}, {"__proto__": "a", "s": 9}]',
    );
    // Object.fromEntries defines own properties, so a metric named "__proto__" is a real entry.
    const metrics = Object.fromEntries([
      ["__proto__", npsMetric<Row>({ score: "s" })],
      ["constructor", npsMetric<Row>({ score: "s", promoterMin: 10 })],
      ["toString", npsMetric<Row>({ score: "s", detractorMax: 0 })],
    ]);
    const table = bySegment(records, "__proto__", deepFreeze(metrics));
    expect(table.metrics).toEqual(["__proto__", "constructor", "toString"]);
    const a = table.segments[0];
    expect(a?.key).toBe("a");
    // Segment a: 10, 9. Default NPS 100; promoterMin 10: one promoter, one passive → 50;
    // detractorMax 0: both promoters → 100.
    expect(Object.hasOwn(a?.results ?? {}, "__proto__")).toBe(true);
    const value = (name: string) =>
      (Reflect.get(a?.results ?? {}, name) as { value: unknown }).value;
    expect(value("__proto__")).toBe(100);
    expect(value("constructor")).toBe(50);
    expect(value("toString")).toBe(100);
    expect(Object.getPrototypeOf(a?.results)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
    expect(toRows(table).map((row) => row.metric)).toEqual([
      "__proto__",
      "constructor",
      "toString",
      "__proto__",
      "constructor",
      "toString",
    ]);
    const error = inputError(() =>
      bySegment(deepFreeze<Row[]>([{ s: 9 }]), "toString", { nps: npsMetric<Row>({ score: "s" }) }),
    );
    expect(error.issues[0]?.path).toEqual([0, "toString"]);
  });

  it("engagementScore scores components named constructor, __proto__ and toString", () => {
    const records = json<Row[]>(
      '[{"id": "x", "constructor": 0, "__proto__": 10, "toString": 5},' +
        ' {"id": "y", "constructor": 10, "__proto__": 0, "toString": 5}]',
    );
    const components = deepFreeze([
      { name: "constructor", weight: 2, normalize: "min-max" },
      { name: "__proto__", weight: 1, normalize: "min-max" },
      { name: "toString", weight: 1, normalize: "min-max" },
    ] as const);
    const result = engagementScore(records, { id: "id", components });
    // Min-max: constructor x → 0, y → 100; __proto__ x → 100, y → 0; toString is constant (50).
    // x: (2·0 + 100 + 50) / 4 = 37.5; y: (2·100 + 0 + 50) / 4 = 62.5.
    expect(result.rows.map((row) => [row.id, row.score])).toEqual([
      ["x", 37.5],
      ["y", 62.5],
    ]);
    expect(result.rows[0]?.components.map((c) => c.name)).toEqual([
      "constructor",
      "__proto__",
      "toString",
    ]);
    expect(result.warnings.map((w) => w.code)).toContain("constant-component");

    // The fitted scale is plain JSON with those names and scores the same after a round trip.
    const scale = JSON.parse(JSON.stringify(fitEngagementScale(records, { components })));
    expect(scale.components.map((c: { name: string }) => c.name)).toEqual([
      "constructor",
      "__proto__",
      "toString",
    ]);
    const again = engagementScore(records, { id: "id", components, scale: deepFreeze(scale) });
    expect(again.rows.map((row) => row.score)).toEqual([37.5, 62.5]);
    const merged = mergeEngagementScales(scale, scale);
    expect(merged.components.map((c) => [c.name, c.n])).toEqual([
      ["constructor", 4],
      ["__proto__", 4],
      ["toString", 4],
    ]);

    // A record without those own fields has no values: inherited members are not read.
    const empty = engagementScore(deepFreeze<Row[]>([{ id: "z" }]), { id: "id", components });
    expect(empty.rows[0]?.score).toBeNull();
    expect(empty.rows[0]?.reason).toBe("empty");
  });

  it("customer ids named __proto__, constructor, toString are distinct customers", () => {
    const subscriptions = deepFreeze([
      { customerId: "__proto__", start: "2024-06-01T00:00:00Z" },
      { customerId: "constructor", start: "2024-06-01T00:00:00Z", end: "2025-01-15T00:00:00Z" },
      { customerId: "toString", start: "2024-06-01T00:00:00Z" },
      { customerId: "hasOwnProperty", start: "2025-01-10T00:00:00Z" },
    ]);
    // Three customers at the start of January, one (constructor) churned; hasOwnProperty is new.
    const churn = churnRateFromSubscriptions(subscriptions, { period: JANUARY });
    expect(churn.value).toBeCloseTo(1 / 3, 12);
    expect(churn.customersAtStart).toBe(3);

    const orders = deepFreeze([
      { customerId: "__proto__", date: "2024-12-05T00:00:00Z", amount: 5 },
      { customerId: "__proto__", date: "2025-01-02T00:00:00Z", amount: 5 },
      { customerId: "constructor", date: "2024-12-06T00:00:00Z", amount: 5 },
      { customerId: "toString", date: "2025-01-03T00:00:00Z", amount: 5 },
    ]);
    // Prior buyers: __proto__ and constructor; of them __proto__ bought again: 1/2.
    expect(repeatRateFromOrders(orders, { period: JANUARY }).value).toBe(0.5);

    const cohortOrders = deepFreeze([
      { customerId: "__proto__", date: "2025-01-05T10:00:00Z", amount: 10 },
      { customerId: "constructor", date: "2025-01-20T10:00:00Z", amount: 10 },
      { customerId: "__proto__", date: "2025-02-03T10:00:00Z", amount: 10 },
      { customerId: "toString", date: "2025-02-10T10:00:00Z", amount: 10 },
    ]);
    // January cohort {__proto__, constructor}: month 1 only __proto__ → [1, 0.5];
    // February cohort {toString}: [1, null] (month 1 not over at asOf).
    const matrix = cohortRetention(cohortOrders, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
    expect(matrix.cohorts.map((row) => [row.size, row.retention])).toEqual([
      [2, [1, 0.5]],
      [1, [1, null]],
    ]);
  });

  it("columns, SQL rows, periods, reviews and SNS posts with prototype-named fields", () => {
    const table = json<Record<string, (number | string)[]>>(
      '{"__proto__": [10, 3, 9], "constructor": ["a", "b", "a"]}',
    );
    // Segment a: 10, 9 → 100; b: 3 → −100.
    const columns = bySegmentColumns(table, "constructor", {
      nps: npsMetric<ColumnRow>({ score: "__proto__" }),
    });
    expect(columns.segments.map((row) => [row.key, row.results.nps.value])).toEqual([
      ["a", 100],
      ["b", -100],
    ]);

    const sql = fromSqlRows(
      npsMetric<ColumnRow>({ score: "score" }),
      deepFreeze([
        { segment: "__proto__", n: 2, nps__invalid: 0, nps__answer_10: 2 },
        { segment: "constructor", n: 1, nps__invalid: 0, nps__answer_0: 1 },
      ]),
      { groupBy: "region" },
    );
    expect(sql.segments.map((row) => [row.key, row.results.nps?.value])).toEqual([
      ["__proto__", 100],
      ["constructor", -100],
    ]);

    const dated = json<Row[]>(
      '[{"constructor": "2025-01-10T12:00:00Z", "s": 10}, {"constructor": "2025-03-02T09:00:00Z", "s": 0}]',
    );
    const series = byPeriod(
      dated,
      { date: "constructor", interval: "month" },
      { nps: npsMetric<Row>({ score: "s" }) },
    );
    expect(series.periods.map((row) => row.results.nps.value)).toEqual([100, null, -100]);

    // Ratings 5 and 3 read from "toString": mean 4.
    const reviews = json<Row[]>('[{"toString": 5}, {"toString": 3}]');
    expect(reviewSummary(reviews, { rating: "toString" }).value).toBe(4);

    // Likes read from "__proto__": (30 + 10) / (400 + 100) = 0.08.
    const posts = json<Row[]>('[{"__proto__": 30, "reach": 400}, {"__proto__": 10, "reach": 100}]');
    const sns = snsEngagementRateFromRecords(posts, {
      base: "reach",
      interactions: { likes: "__proto__" },
    });
    expect(sns.value).toBeCloseTo(0.08, 12);
  });

  afterAll(() => {
    // Nothing was added to or changed on the built-in prototypes.
    PROTOTYPES.forEach((target, i) => {
      expect(sameSnapshot(describeObject(target), before[i] ?? [])).toBe(true);
    });
    expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
    const probe: Record<string, unknown> = {};
    for (const key of ["a", "b", "x", "y", "nps", "polluted", "EU", "value"]) {
      expect(probe[key], key).toBeUndefined();
    }
  });
});
