import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import type { SafeResult } from "../../src/errors.ts";
import {
  bySegment,
  bySegmentOptionsSchema,
  type SegmentTable,
  safeBySegment,
  segmentKeySchema,
} from "../../src/group/index.ts";
import { runMetric } from "../../src/metric.ts";
import { type NpsResult, type NpsTally, nps, npsMetric } from "../../src/survey/nps.ts";
import {
  countMetric,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  prototypeSnapshot,
  type ShareResult,
  shareMetric,
} from "./helpers.ts";

interface Row {
  readonly region: string | number;
  readonly score: number;
  readonly ok: boolean;
  readonly w?: number;
}

const npsOf = npsMetric<Row>({ score: "score" });
const metrics = { nps: npsOf, share: shareMetric<Row>("ok") };

describe("bySegment: reference", () => {
  // Hand calculation:
  //   EU: scores 10, 9, 7, 3  -> 2 promoters, 1 passive, 1 detractor: NPS = 100 (2 - 1)/4 = 25
  //       ok: true, true, false, true -> share 3/4 = 0.75
  //   US: scores 0, 10        -> 1 promoter, 1 detractor: NPS = 0; ok: false, false -> 0
  //   total: 3 promoters, 1 passive, 2 detractors of 6 -> NPS = 100 (3 - 2)/6 = 16.666…
  //          share 3/6 = 0.5
  const rows: readonly Row[] = deepFreeze([
    { region: "EU", score: 10, ok: true },
    { region: "US", score: 0, ok: false },
    { region: "EU", score: 9, ok: true },
    { region: "EU", score: 7, ok: false },
    { region: "US", score: 10, ok: false },
    { region: "EU", score: 3, ok: true },
  ]);

  it("gives each segment's values, n, and a total row from merged tallies", () => {
    const table = bySegment(rows, "region", metrics);
    expect(table.grouping).toBe("segments");
    expect(table.metrics).toEqual(["nps", "share"]);
    expect(table.segments.map((s) => s.key)).toEqual(["EU", "US"]);
    const [eu, us] = table.segments;
    expect(eu?.n).toBe(4);
    expect(eu?.results.nps.value).toBeCloseTo(25, 12);
    expect(eu?.results.share.value).toBe(0.75);
    expect(eu?.tallies.nps).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 1,
      responses: 4,
      sumSquaredWeights: 4,
    });
    expect(us?.n).toBe(2);
    expect(us?.results.nps.value).toBe(0);
    expect(us?.results.share.value).toBe(0);
    expect(table.total.n).toBe(6);
    expect(table.total.results.nps.value).toBeCloseTo(100 / 6, 12);
    expect(table.total.results.share.value).toBe(0.5);
    // The total equals the ungrouped metric.
    expect(table.total.results.nps).toEqual(nps(rows, { score: "score" }));
  });

  it("flags segments below minN (default 30) with a small-group warning", () => {
    const table = bySegment(rows, "region", metrics);
    expect(table.minN).toBe(30);
    expect(table.segments.every((s) => s.flagged)).toBe(true);
    expect(table.segments[0]?.warnings.map((w) => w.code)).toEqual(["small-group"]);
    // n = minN is not flagged; n = minN - 1 is.
    const edge = bySegment(rows, "region", metrics, { minN: 2 });
    expect(edge.segments.map((s) => s.flagged)).toEqual([false, false]);
    expect(edge.segments.map((s) => s.warnings)).toEqual([[], []]);
    const edge3 = bySegment(rows, "region", metrics, { minN: 3 });
    expect(edge3.segments.map((s) => [s.key, s.flagged])).toEqual([
      ["EU", false],
      ["US", true],
    ]);
    const many = Array.from({ length: 30 }, () => ({ region: "A", score: 9, ok: true }));
    const big = bySegment(
      [...many, ...many.slice(1).map((r) => ({ ...r, region: "B" }))],
      "region",
      {
        nps: npsOf,
      },
    );
    expect(big.segments.map((s) => [s.key, s.n, s.flagged])).toEqual([
      ["A", 30, false],
      ["B", 29, true],
    ]);
  });

  it("takes a key function with the record's index", () => {
    const table = bySegment(rows, (_, i) => i % 2, { nps: npsOf });
    // Even indexes: 10, 9, 10 -> 3 promoters of 3 = 100; odd: 0, 7, 3 -> (0 - 2)/3 = -66.67.
    expect(table.segments.map((s) => [s.key, s.n])).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(table.segments[0]?.results.nps.value).toBe(100);
    expect(table.segments[1]?.results.nps.value).toBeCloseTo(-200 / 3, 12);
  });

  it("keeps 1 and '1' apart and sorts numbers before strings", () => {
    const mixed = deepFreeze([
      { region: "1", score: 10, ok: true },
      { region: 1, score: 0, ok: true },
      { region: 10, score: 0, ok: true },
      { region: 2, score: 0, ok: true },
    ]);
    const table = bySegment(mixed, "region", { nps: npsOf });
    expect(table.segments.map((s) => s.key)).toEqual([1, 2, 10, "1"]);
  });

  it("gives an empty table and an empty total for no records", () => {
    const table = bySegment([] as Row[], "region", metrics);
    expect(table.segments).toEqual([]);
    expect(table.total.n).toBe(0);
    expect(table.total.results.nps.value).toBeNull();
    expect(table.total.results.nps.reason).toBe("empty");
    expect(table.total.results.share.value).toBeNull();
    expect(table.total.flagged).toBe(true);
  });

  it("is plain JSON and leaves frozen input alone", () => {
    const table = bySegment(rows, "region", metrics);
    expect(jsonRoundTrip(table)).toEqual(table);
  });

  it("infers the record type for metrics built inline", () => {
    const table = bySegment(rows, "region", { nps: npsMetric({ score: "score" }) });
    expectTypeOf(table.total.results.nps).toEqualTypeOf<NpsResult>();
    expect(table.total.results.nps.value).toBeCloseTo(100 / 6, 12);
  });

  it("types results and tallies per metric name", () => {
    const table = bySegment(rows, "region", metrics);
    expectTypeOf(table).toEqualTypeOf<SegmentTable<typeof metrics>>();
    expectTypeOf(table.segments[0]!.results.nps).toEqualTypeOf<NpsResult>();
    expectTypeOf(table.segments[0]!.results.share).toEqualTypeOf<ShareResult>();
    expectTypeOf(table.total.tallies.nps).toEqualTypeOf<NpsTally>();
  });
});

describe("bySegment: sort", () => {
  const rows: readonly Row[] = deepFreeze([
    { region: "b", score: 10, ok: true },
    { region: "B", score: 0, ok: true },
    { region: "a", score: 9, ok: true },
    { region: "é", score: 7, ok: true },
    { region: "a", score: 0, ok: true },
    { region: "Z", score: 10, ok: true },
    { region: "Z", score: 10, ok: true },
    { region: "Z", score: 3, ok: true },
  ]);

  it('"key" is UTF-16 code-unit order, not the locale\'s', () => {
    // Code units: "B" 0x42 < "Z" 0x5A < "a" 0x61 < "b" 0x62 < "é" 0xE9.
    const keys = bySegment(rows, "region", { nps: npsOf }).segments.map((s) => s.key);
    expect(keys).toEqual(["B", "Z", "a", "b", "é"]);
  });

  it('"n-desc" and "n-asc" sort by records, ties by key', () => {
    const desc = bySegment(rows, "region", { nps: npsOf }, { sort: "n-desc" });
    expect(desc.segments.map((s) => [s.key, s.n])).toEqual([
      ["Z", 3],
      ["a", 2],
      ["B", 1],
      ["b", 1],
      ["é", 1],
    ]);
    const asc = bySegment(rows, "region", { nps: npsOf }, { sort: "n-asc" });
    expect(asc.segments.map((s) => s.key)).toEqual(["B", "b", "é", "a", "Z"]);
  });

  it("sorts by a metric's value, nulls last in both directions", () => {
    // NPS: B -100, Z (2 - 1)/3 = 33.3, a (1 - 1)/2 = 0, b 100, é 0 (passive).
    // With weights, "é" has weight 0: no weighted answers, so its NPS is null.
    const weighted = rows.map((r) => ({ ...r, w: r.region === "é" ? 0 : 1 }));
    const m = { nps: npsMetric<Row>({ score: "score", weight: "w" }) };
    const desc = bySegment(weighted, "region", m, { sort: { metric: "nps" } });
    expect(desc.segments.map((s) => s.key)).toEqual(["b", "Z", "a", "B", "é"]);
    expect(desc.segments.at(-1)?.results.nps.value).toBeNull();
    const asc = bySegment(weighted, "region", m, { sort: { metric: "nps", direction: "asc" } });
    expect(asc.segments.map((s) => s.key)).toEqual(["B", "a", "Z", "b", "é"]);
  });

  it("sorts by an explicit key list (others after, by key) or a comparator", () => {
    const listed = bySegment(rows, "region", { nps: npsOf }, { sort: ["é", "a", "missing", "a"] });
    expect(listed.segments.map((s) => s.key)).toEqual(["é", "a", "B", "Z", "b"]);
    const custom = bySegment(
      rows,
      "region",
      { nps: npsOf },
      // n descending, then key descending (code units).
      { sort: (x, y) => y.n - x.n || (x.key < y.key ? 1 : -1) },
    );
    expect(custom.segments.map((s) => s.key)).toEqual(["Z", "a", "é", "b", "B"]);
  });

  it("does not change the total with the sort", () => {
    const a = bySegment(rows, "region", metrics);
    const b = bySegment(rows, "region", metrics, { sort: "n-desc" });
    expect(b.total).toEqual(a.total);
  });
});

describe("bySegment: prototype safety", () => {
  it("takes __proto__, constructor, toString, hasOwnProperty as keys, polluting nothing", () => {
    const before = prototypeSnapshot();
    const keys = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
    const rows = deepFreeze(
      keys.flatMap((key, i) => [
        JSON.parse(`{"region": ${JSON.stringify(key)}, "score": ${i}, "ok": true}`) as Row,
        { region: key, score: 10, ok: false },
      ]),
    );
    const table = bySegment(rows, "region", metrics);
    expect(table.segments.map((s) => s.key)).toEqual([...keys].sort());
    for (const segment of table.segments) {
      expect(segment.n).toBe(2);
      expect(segment.results.share.value).toBe(0.5);
    }
    expect(table.total.n).toBe(10);
    expect(prototypeSnapshot()).toBe(before);
    expect(Reflect.get({}, "polluted")).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(jsonRoundTrip(table)).toEqual(table);
  });

  it("reads a key field named __proto__ or constructor only as an own property", () => {
    const rows = deepFreeze([
      JSON.parse('{"__proto__": "x", "score": 10, "ok": true}') as Record<string, unknown>,
      { constructor: "y", score: 10, ok: true },
    ]);
    const byProto = bySegment(rows.slice(0, 1), "__proto__", {
      nps: npsMetric<Record<string, unknown>>({ score: "score" }),
    });
    expect(byProto.segments.map((s) => s.key)).toEqual(["x"]);
    // A record without its own "constructor" must not be keyed by Object.
    expectInputError(
      () => bySegment([{ score: 1 }], "constructor" as never, { nps: npsMetric() }),
      () => safeBySegment([{ score: 1 }], "constructor" as never, { nps: npsMetric() }),
      [0, "constructor"],
    );
  });

  it("names metrics __proto__ or constructor as own properties of results", () => {
    const before = prototypeSnapshot();
    const weird = Object.fromEntries([
      ["__proto__", npsOf],
      ["constructor", shareMetric<Row>("ok")],
    ]);
    const rows = deepFreeze([{ region: "a", score: 10, ok: true }]);
    const table = bySegment(rows, "region", weird);
    const results = table.segments[0]?.results ?? {};
    expect(Object.keys(results)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(results)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(results, "__proto__")?.value).toMatchObject({
      value: 100,
    });
    expect(prototypeSnapshot()).toBe(before);
  });
});

describe("bySegment: properties", () => {
  const record = fc.record({
    region: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom("a", "b", "__proto__", "")),
    score: fc.integer({ min: 0, max: 10 }),
    ok: fc.boolean(),
  });

  test.prop([fc.array(record, { maxLength: 200 })])(
    "merged segment tallies equal the ungrouped metric; n adds up",
    (rows) => {
      deepFreeze(rows);
      const table = bySegment(rows, "region", metrics);
      const whole = { nps: runMetric(npsOf, rows), share: runMetric(metrics.share, rows) };
      expect(table.total.results).toEqual(whole);
      let tallyNps = npsOf.empty();
      let tallyShare = metrics.share.empty();
      let n = 0;
      for (const s of [...table.segments].reverse()) {
        tallyNps = npsOf.merge(tallyNps, s.tallies.nps);
        tallyShare = metrics.share.merge(tallyShare, s.tallies.share);
        n += s.n;
        expect(s.n).toBe(rows.filter((r) => Object.is(r.region, s.key)).length);
      }
      expect(npsOf.finalize(tallyNps)).toEqual(whole.nps);
      expect(metrics.share.finalize(tallyShare)).toEqual(whole.share);
      expect(n).toBe(rows.length);
      expect(new Set(table.segments.map((s) => s.key)).size).toBe(table.segments.length);
    },
  );

  test.prop([fc.array(record, { maxLength: 100 }), fc.integer({ min: 0, max: 10_000 })])(
    "does not depend on record order (segment values and total)",
    (rows, seed) => {
      const shuffled = [...rows].sort(
        (a, b) => ((a.score * 7919 + seed) % 13) - ((b.score * 7919 + seed) % 13),
      );
      const a = bySegment(rows, "region", { nps: npsOf, count: countMetric<Row>() });
      const b = bySegment(shuffled, "region", { nps: npsOf, count: countMetric<Row>() });
      expect(b.segments.map((s) => [s.key, s.n, s.tallies])).toEqual(
        a.segments.map((s) => [s.key, s.n, s.tallies]),
      );
      expect(b.total.results).toEqual(a.total.results);
    },
  );

  test.prop([fc.oneof(fc.anything(), fc.double(), fc.constantFrom(Number.NaN, Infinity, -0))])(
    "the inline key check accepts exactly what segmentKeySchema accepts",
    (key) => {
      const ok = safeBySegment([{ k: key }], "k", { count: countMetric() }).ok;
      expect(ok).toBe(z.safeParse(segmentKeySchema, key).success);
    },
  );
});

describe("bySegment: bad input", () => {
  const rows: readonly Row[] = deepFreeze([
    { region: "a", score: 10, ok: true },
    { region: "b", score: 3, ok: true },
  ]);

  it("names the record of a bad key", () => {
    for (const bad of [null, undefined, Number.NaN, Infinity, {}, true]) {
      const input = [...rows, { region: bad, score: 1, ok: true }] as unknown as Row[];
      expectInputError(
        () => bySegment(input, "region", metrics),
        () => safeBySegment(input, "region", metrics),
        [2, "region"],
      );
    }
    const error = expectInputError(
      () => bySegment(rows, () => null as unknown as string, metrics),
      () => safeBySegment(rows, () => null as unknown as string, metrics),
      [0],
    );
    expect(error.message).toMatch(/^\[0\]: /);
  });

  it("passes a metric's own record error through, with its path", () => {
    const input = [...rows, { region: "c", score: 11, ok: true }];
    expectInputError(
      () => bySegment(input, "region", metrics),
      () => safeBySegment(input, "region", metrics),
      [2, "score"],
      "[2].score: expected an integer 0-10",
    );
  });

  it("rejects bad records, accessors, metrics and options", () => {
    const bad: [() => unknown, () => SafeResult<unknown>, (string | number)[]][] = [
      [
        () => bySegment("x" as unknown as Row[], "region", metrics),
        () => safeBySegment("x" as unknown as Row[], "region", metrics),
        [],
      ],
      [
        () => bySegment(rows, 5 as never, metrics),
        () => safeBySegment(rows, 5 as never, metrics),
        ["keyOf"],
      ],
      [() => bySegment(rows, "region", {}), () => safeBySegment(rows, "region", {}), ["metrics"]],
      [
        () => bySegment(rows, "region", { nps: 5 } as never),
        () => safeBySegment(rows, "region", { nps: 5 } as never),
        ["metrics", "nps"],
      ],
      [
        () => bySegment(rows, "region", metrics, { minN: -1 }),
        () => safeBySegment(rows, "region", metrics, { minN: -1 }),
        ["options", "minN"],
      ],
      [
        () => bySegment(rows, "region", metrics, { minN: Number.NaN }),
        () => safeBySegment(rows, "region", metrics, { minN: Number.NaN }),
        ["options", "minN"],
      ],
      [
        () => bySegment(rows, "region", metrics, { sort: "up" as never }),
        () => safeBySegment(rows, "region", metrics, { sort: "up" as never }),
        ["options", "sort"],
      ],
      [
        () => bySegment(rows, "region", metrics, { sort: { metric: "csat" } }),
        () => safeBySegment(rows, "region", metrics, { sort: { metric: "csat" } }),
        ["options", "sort", "metric"],
      ],
      [
        () => bySegment(rows, "region", metrics, { minn: 3 } as never),
        () => safeBySegment(rows, "region", metrics, { minn: 3 } as never),
        ["options"],
      ],
    ];
    for (const [compute, safe, path] of bad) expectInputError(compute, safe, path);
  });

  it("exports an options schema that accepts the documented forms", () => {
    for (const options of [
      {},
      { sort: "key" },
      { sort: "n-desc" },
      { sort: { metric: "nps", direction: "asc" } },
      { sort: ["a", 1] },
      { sort: () => 0 },
      { minN: 0 },
    ]) {
      expect(z.safeParse(bySegmentOptionsSchema, options).success).toBe(true);
    }
    expect(z.safeParse(bySegmentOptionsSchema, { sort: { metric: "nps", extra: 1 } }).success).toBe(
      false,
    );
  });
});
