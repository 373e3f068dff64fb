import { describe, expect, it } from "vitest";
import {
  byPeriod,
  bySegment,
  cohortRetention,
  compareSegments,
  safeToRows,
  type TidyRow,
  toRows,
} from "../../src/group/index.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import {
  countMetric,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  shareMetric,
} from "./helpers.ts";

interface Row {
  readonly g: string;
  readonly at: string;
  readonly score: number;
  readonly ok: boolean;
}

const rows: readonly Row[] = deepFreeze([
  { g: "a", at: "2025-01-05T00:00:00Z", score: 10, ok: true },
  { g: "a", at: "2025-03-05T00:00:00Z", score: 0, ok: false },
  { g: "b", at: "2025-01-06T00:00:00Z", score: 8, ok: true },
]);
const metrics = {
  nps: npsMetric<Row>({ score: "score" }),
  share: shareMetric<Row>("ok"),
  count: countMetric<Row>(),
};

/** No key may hold undefined: absent keys are omitted. */
function expectNoUndefined(out: readonly TidyRow[]): void {
  for (const row of out) {
    for (const value of Object.values(row)) expect(value).not.toBeUndefined();
  }
  expect(jsonRoundTrip(out)).toEqual(out);
}

describe("toRows", () => {
  it("gives one row per segment and metric, with interval bounds or nulls", () => {
    const table = bySegment(rows, "g", metrics);
    const out = toRows(table);
    expectNoUndefined(out);
    expect(out).toHaveLength(6);
    const a = table.segments[0]!;
    expect(out[0]).toEqual({
      segment: "a",
      metric: "nps",
      value: 0,
      lower: a.results.nps.interval?.lower,
      upper: a.results.nps.interval?.upper,
      n: 2,
    });
    expect(out[1]).toMatchObject({ segment: "a", metric: "share", value: 0.5, n: 2 });
    expect(out[1]?.lower).toBeCloseTo(a.results.share.interval!.lower, 15);
    // A plain-number result: value is the number, no interval, n is the group's.
    expect(out[2]).toEqual({
      segment: "a",
      metric: "count",
      value: 2,
      lower: null,
      upper: null,
      n: 2,
    });
    expect(out.map((r) => r.segment)).toEqual(["a", "a", "a", "b", "b", "b"]);
    expect(Object.keys(out[0]!)).not.toContain("period");
  });

  it("adds the total rows on request", () => {
    const out = toRows(bySegment(rows, "g", metrics), { total: true });
    expect(out).toHaveLength(9);
    expect(out.slice(6).map((r) => [r.total, r.metric, r.value])).toEqual([
      // 10, 0, 8: one promoter, one detractor of three.
      [true, "nps", 0],
      [true, "share", 2 / 3],
      [true, "count", 3],
    ]);
    expect(Object.keys(out[6]!)).not.toContain("segment");
  });

  it("gives period rows with the period start, empty periods as null", () => {
    const series = byPeriod(rows, { date: "at", interval: "month" }, { nps: metrics.nps });
    const out = toRows(series);
    expectNoUndefined(out);
    expect(out).toEqual([
      expect.objectContaining({
        period: "2025-01-01T00:00:00.000+00:00",
        metric: "nps",
        value: 50,
        n: 2,
      }),
      {
        period: "2025-02-01T00:00:00.000+00:00",
        metric: "nps",
        value: null,
        lower: null,
        upper: null,
        n: 0,
      },
      expect.objectContaining({ period: "2025-03-01T00:00:00.000+00:00", value: -100, n: 1 }),
    ]);
  });

  it("gives two rows per cohort cell: retention and retained", () => {
    const orders = [
      { customerId: 1, date: "2025-01-05T00:00:00Z", amount: 1 },
      { customerId: 2, date: "2025-01-09T00:00:00Z", amount: 1 },
      { customerId: 1, date: "2025-02-05T00:00:00Z", amount: 1 },
    ];
    const matrix = cohortRetention(orders, { kind: "orders", asOf: "2025-02-10T00:00:00Z" });
    const out = toRows(matrix);
    expectNoUndefined(out);
    const cohort = "2025-01-01T00:00:00.000+00:00";
    expect(out).toEqual([
      { cohort, k: 0, metric: "retention", value: 1, lower: null, upper: null, n: 2 },
      { cohort, k: 0, metric: "retained", value: 2, lower: null, upper: null, n: 2 },
      // February has begun, not ended: count 1, no fraction yet.
      { cohort, k: 1, metric: "retention", value: null, lower: null, upper: null, n: 2 },
      { cohort, k: 1, metric: "retained", value: 1, lower: null, upper: null, n: 2 },
    ]);
  });

  it("gives comparison rows with the difference, its interval and both p-values", () => {
    const table = bySegment(rows, "g", metrics);
    const rest = toRows(compareSegments(table, { metrics }));
    expectNoUndefined(rest);
    expect(rest.map((r) => [r.segment, r.metric])).toEqual([
      ["a", "nps"],
      ["a", "share"],
      ["b", "nps"],
      ["b", "share"],
    ]);
    expect(Object.keys(rest[0]!)).not.toContain("baseline");
    const c = compareSegments(table, { metrics }).comparisons[1]!;
    expect(rest[1]).toEqual({
      segment: "a",
      metric: "share",
      value: c.difference,
      lower: c.interval?.lower,
      upper: c.interval?.upper,
      n: 2,
      pValue: c.pValue,
      adjustedPValue: c.adjustedPValue,
    });
    const vsB = toRows(compareSegments(table, { metrics, against: { segment: "b" } }));
    expect(vsB.map((r) => [r.segment, r.baseline])).toEqual([
      ["a", "b"],
      ["a", "b"],
    ]);
  });

  it("rejects anything else", () => {
    for (const bad of [null, 3, {}, { grouping: "nope" }]) {
      expectInputError(
        () => toRows(bad as never),
        () => safeToRows(bad as never),
        bad !== null && typeof bad === "object" ? ["grouping"] : [],
      );
    }
    expectInputError(
      () => toRows(bySegment(rows, "g", metrics), { total: "yes" } as never),
      () => safeToRows(bySegment(rows, "g", metrics), { total: "yes" } as never),
      ["options", "total"],
    );
  });
});
