// Tests written against mutants that survived in src/group/compare.ts and the helpers it shares
// in src/group/route.ts (Stryker, 2026-11-24): each pins a behaviour no other test did. The
// tables are hand-built stored tables (plain objects, as read back from JSON) so that each field
// can be set or broken on its own; expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { bySegment, compareSegments, safeCompareSegments } from "../../src/group/index.ts";
import type { Metric } from "../../src/metric.ts";
import { countMetric, expectInputError, shareMetric } from "../group/helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: stored tables are hand-built, possibly malformed.
type Loose = any;

interface Row {
  readonly ok: boolean;
}

const share = { share: shareMetric<Row>("ok") };

/** A stored segment row with a share tally of `successes` out of `n` (n records too). */
function seg(key: unknown, successes: number, n: number): Record<string, unknown> {
  return { key, n, tallies: { share: { successes, n } } };
}

/** A stored bySegment table of the share metric. */
function table(segments: unknown, extra: Record<string, unknown> = {}): unknown {
  return { grouping: "segments", metrics: ["share"], minN: 2, segments, ...extra };
}

/** compareSegments and its safe form both fail with this path and message. */
function fails(
  t: unknown,
  options: Record<string, unknown>,
  path: readonly (string | number)[],
  message: string,
): void {
  expectInputError(
    () => compareSegments(t as Loose, options as Loose),
    () => safeCompareSegments(t as Loose, options as Loose),
    path,
    message,
  );
}

describe("compareSegments: a stored table of the wrong shape", () => {
  it("rejects a result that is not a bySegment table", () => {
    fails(
      { ...(table([]) as object), grouping: "periods" },
      { metrics: share },
      [],
      '(root): expected a table from bySegment ({ grouping: "segments", ... })',
    );
  });

  it("rejects metric names that are not all strings", () => {
    const msg = "metrics: expected the table's metric names";
    fails(table([], { metrics: ["share", 1] }), { metrics: share }, ["metrics"], msg);
    fails(table([], { metrics: [1] }), { metrics: share }, ["metrics"], msg);
    fails(table([], { metrics: "share" }), { metrics: share }, ["metrics"], msg);
  });

  it("rejects segments that are not an array", () => {
    fails(table({}), { metrics: share }, ["segments"], "segments: expected an array of segments");
  });

  it("rejects keys that are neither strings nor finite numbers, at segments[i].key", () => {
    const msg = "segments[1].key: expected a segment key: a string or a finite number";
    for (const key of [Number.NaN, Number.POSITIVE_INFINITY, true, null]) {
      fails(
        table([seg("a", 1, 2), seg(key, 1, 2)]),
        { metrics: share },
        ["segments", 1, "key"],
        msg,
      );
    }
    // A finite number key is kept.
    const c = compareSegments(table([seg(7, 1, 2), seg("b", 0, 2)]) as Loose, { metrics: share });
    expect(c.comparisons.map((row) => row.segment)).toEqual([7, "b"]);
  });

  it("rejects counts that are not non-negative integers, at segments[i].n", () => {
    const msg = "segments[0].n: expected a non-negative integer count";
    for (const n of ["2", -1, 1.5, Number.NaN]) {
      fails(table([{ ...seg("a", 0, 0), n }]), { metrics: share }, ["segments", 0, "n"], msg);
    }
    // 0 is a count: a segment with no records compares (with a null difference).
    const c = compareSegments(table([seg("a", 0, 0), seg("b", 1, 2)]) as Loose, {
      metrics: share,
    });
    expect(c.comparisons[0]?.n).toBe(0);
    expect(c.comparisons[0]?.difference).toBeNull();
  });

  it("rejects tallies that are not an object, or lack the metric's tally", () => {
    const path = ["segments", 0, "tallies"];
    for (const tallies of [null, "x"]) {
      fails(
        table([{ key: "a", n: 1, tallies }]),
        { metrics: share },
        path,
        "segments[0].tallies: expected an object of tallies by metric name",
      );
    }
    fails(
      table([{ key: "a", n: 1, tallies: { other: 1 } }]),
      { metrics: share },
      [...path, "share"],
      "segments[0].tallies.share: expected a tally",
    );
  });

  it("rejects a tally that is not an object before comparing it", () => {
    for (const tally of [null, 5]) {
      fails(
        table([{ key: "a", n: 1, tallies: { share: tally } }]),
        { metrics: share },
        ["segments", 0, "tallies", "share"],
        "segments[0].tallies.share: expected a tally of this metric (an object)",
      );
    }
  });
});

describe("compareSegments: options.metrics", () => {
  it("rejects metrics that are not an object of metrics, at options.metrics", () => {
    const msg = "options.metrics: expected an object of metrics, e.g. { nps: npsMetric() }";
    for (const metrics of [null, 5, [shareMetric<Row>("ok")]]) {
      fails(table([seg("a", 1, 2)]), { metrics }, ["options", "metrics"], msg);
    }
  });

  it("rejects a metric the table does not have", () => {
    fails(
      table([seg("a", 1, 2)]),
      { metrics: { ...share, other: shareMetric<Row>("ok") } },
      ["options", "metrics", "other"],
      "options.metrics.other: expected a metric of the table",
    );
  });

  it("lists the table's metrics not passed, or without compare, in notCompared", () => {
    // The table has share and count; only share is passed, then share and count (which has no
    // compare): count is not compared either way.
    const t = table(
      [
        { key: "a", n: 2, tallies: { share: { successes: 1, n: 2 }, count: { n: 2 } } },
        { key: "b", n: 2, tallies: { share: { successes: 2, n: 2 }, count: { n: 2 } } },
      ],
      { metrics: ["share", "count"] },
    );
    const only = compareSegments(t as Loose, { metrics: share });
    expect(only.notCompared).toEqual(["count"]);
    expect(only.comparisons.map((row) => row.metric)).toEqual(["share", "share"]);
    const both = compareSegments(t as Loose, {
      metrics: { ...share, count: countMetric<Row>() },
    });
    expect(both.notCompared).toEqual(["count"]);
    expect(both.comparisons).toHaveLength(2);
  });

  it("rejects a baseline key that is not a segment", () => {
    fails(
      table([seg("a", 1, 2)]),
      { metrics: share, against: { segment: "zz" } },
      ["options", "against", "segment"],
      "options.against.segment: expected the key of a segment of the table",
    );
  });
});

describe("compareSegments: minN and flags", () => {
  // minN 2; a and b have 2 records each, c has 1.
  const segments = [seg("a", 1, 2), seg("b", 2, 2), seg("c", 0, 1)];

  it("flags a side with fewer than minN records, not one with exactly minN", () => {
    // Against a (n 2): b has 2 and a has 2, not flagged; c has 1 < 2, flagged.
    const vsA = compareSegments(table(segments) as Loose, {
      metrics: share,
      against: { segment: "a" },
    });
    expect(vsA.comparisons.map((row) => [row.segment, row.baselineN, row.flagged])).toEqual([
      ["b", 2, false],
      ["c", 2, true],
    ]);
    // Against c (n 1): a and b have 2, but the baseline has 1 < 2: flagged.
    const vsC = compareSegments(table(segments) as Loose, {
      metrics: share,
      against: { segment: "c" },
    });
    expect(vsC.comparisons.map((row) => [row.segment, row.flagged])).toEqual([
      ["a", true],
      ["b", true],
    ]);
  });

  it("uses the default minN 30 when the stored table has no number minN", () => {
    // Without minN (or with a string) every side has fewer than 30 records: all flagged.
    for (const minN of [undefined, "2"]) {
      const c = compareSegments(table(segments, { minN }) as Loose, {
        metrics: share,
        against: { segment: "a" },
      });
      expect(c.comparisons.map((row) => row.flagged)).toEqual([true, true]);
    }
  });
});

describe("compareSegments: the multiple-comparisons warning", () => {
  // Three segments of 1/2 and one with no records. Against the rest: a, b and d each compare
  // 1/2 with 1/2 + 0/0 = 2/4 (p-value 1); c's share is empty, its difference and p-value null.
  // 3 p-values: 3 × 0.05 = 0.15, rounded to one decimal 0.2.
  const segments = [seg("a", 1, 2), seg("b", 1, 2), seg("c", 0, 0), seg("d", 1, 2)];

  it("counts only the p-values computed, and names the adjustment", () => {
    const holm = compareSegments(table(segments) as Loose, { metrics: share });
    expect(holm.comparisons.map((row) => row.pValue)).toEqual([1, 1, null, 1]);
    expect(holm.warnings).toEqual([
      {
        code: "multiple-comparisons",
        message:
          "3 comparisons: at a 5% level about 0.2 would look significant by chance alone; read adjustedPValue (Holm).",
      },
    ]);
    const none = compareSegments(table(segments) as Loose, { metrics: share, adjust: "none" });
    expect(none.warnings.map((w) => w.message)).toEqual([
      "3 comparisons: at a 5% level about 0.2 would look significant by chance alone; read adjustedPValue (no adjustment was requested).",
    ]);
  });

  it("rounds the expected count to one decimal", () => {
    // 7 segments of 1/2 against the rest: 7 × 0.05 = 0.35, to one decimal 0.4 (0.35 · 10 is
    // 3.5000000000000004 in floating point, rounded to 4).
    const seven = ["a", "b", "c", "d", "e", "f", "g"].map((k) => seg(k, 1, 2));
    const c = compareSegments(table(seven) as Loose, { metrics: share });
    expect(c.warnings[0]?.message).toBe(
      "7 comparisons: at a 5% level about 0.4 would look significant by chance alone; read adjustedPValue (Holm).",
    );
  });

  it("gives no warning for a single p-value", () => {
    // Against a, only b is compared: one p-value, nothing to warn about.
    const c = compareSegments(table([seg("a", 1, 2), seg("b", 2, 2)]) as Loose, {
      metrics: share,
      against: { segment: "a" },
    });
    expect(c.comparisons).toHaveLength(1);
    expect(c.warnings).toEqual([]);
  });
});

describe("compareSegments: checking stored tallies with the metric itself", () => {
  // A test-only metric whose tally is { v }: compare gives a.v − b.v and throws on a tally with
  // `bad`; finalize throws on a negative v.
  type T = { readonly v: number; readonly bad?: unknown };
  const probe: Metric<Row, { v: number }, T, number> = {
    name: "probe",
    init: () => ({ v: 0 }),
    add() {},
    tally: (s) => ({ v: s.v }),
    empty: () => ({ v: 0 }),
    merge: (a, b) => ({ v: a.v + b.v }),
    finalize(t) {
      if (t.v < 0) throw new Error("negative v");
      return t.v;
    },
    compare(a, b) {
      if (a.bad !== undefined) throw a.bad;
      return {
        difference: a.v - b.v,
        reason: null,
        standardError: null,
        z: null,
        pValue: null,
        interval: null,
      };
    },
  };
  const probeTable = (tally: unknown): unknown => ({
    grouping: "segments",
    metrics: ["probe"],
    minN: 1,
    segments: [
      { key: "a", n: 1, tallies: { probe: tally } },
      { key: "b", n: 1, tallies: { probe: { v: 1 } } },
    ],
  });
  const path = ["segments", 0, "tallies", "probe"];
  const prefix = "segments[0].tallies.probe: expected a tally of this metric";

  it("names what the metric's compare throws", () => {
    fails(
      probeTable({ v: 1, bad: new Error("no v") }),
      { metrics: { probe } },
      path,
      `${prefix} (no v)`,
    );
    fails(probeTable({ v: 1, bad: "plain" }), { metrics: { probe } }, path, `${prefix} (plain)`);
  });

  it("finalizes each tally too", () => {
    // compare accepts v −1 (difference −1 − 0), finalize does not.
    fails(probeTable({ v: -1 }), { metrics: { probe } }, path, `${prefix} (negative v)`);
  });

  it("rejects a tally whose difference with the empty tally is not finite", () => {
    fails(
      probeTable({ v: Number.POSITIVE_INFINITY }),
      { metrics: { probe } },
      path,
      `${prefix} (a non-finite difference)`,
    );
  });

  it("accepts good tallies: a − rest", () => {
    // a: 2, b: 1. Against the rest: a − b = 1, b − a = −1.
    const c = compareSegments(probeTable({ v: 2 }) as Loose, { metrics: { probe } });
    expect(c.comparisons.map((row) => row.difference)).toEqual([1, -1]);
  });
});

describe("bySegment: small-group warnings (route.ts)", () => {
  it("says how many records a small group has, and that an empty one has none", () => {
    // minN 3: segment a has 2 records, the total 2; an empty input's total has 0.
    const t = bySegment([{ g: "a" }, { g: "a" }], "g", { count: countMetric() }, { minN: 3 });
    expect(t.segments[0]?.warnings).toEqual([
      {
        code: "small-group",
        message: "Only 2 records in this group (fewer than 3): treat its results as indicative.",
      },
    ]);
    const empty = bySegment([] as { g: string }[], "g", { count: countMetric() });
    expect(empty.total.warnings).toEqual([
      { code: "small-group", message: "No records in this group." },
    ]);
  });
});
