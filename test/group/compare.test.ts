import { beforeAll, describe, expect, it } from "vitest";
import {
  bySegment,
  compareSegments,
  type SegmentTable,
  safeCompareSegments,
} from "../../src/group/index.ts";
import { compareProportions, holmAdjust } from "../../src/stats/compare.ts";
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
  readonly score: number;
  readonly ok: boolean;
}

/** `count` records of segment g, the first `yes` of them with ok = true, score 10. */
function rowsOf(g: string, count: number, yes: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ g, score: 10, ok: i < yes }));
}

function scores(g: string, promoters: number, passives: number, detractors: number): Row[] {
  return [
    ...Array.from({ length: promoters }, () => ({ g, score: 9, ok: true })),
    ...Array.from({ length: passives }, () => ({ g, score: 8, ok: true })),
    ...Array.from({ length: detractors }, () => ({ g, score: 2, ok: true })),
  ];
}

const share = shareMetric<Row>("ok");
const nps = npsMetric<Row>({ score: "score" });

describe("compareSegments: proportions against the rest", () => {
  // A: 56/70, B: 24/40, C: 24/40. The rest of A is B + C = 48/80, so A vs rest is the
  // published example 56/70 - 48/80 (hand z-test in test/stats/compare.test.ts:
  // d = 0.2, z = 2.65017, p = 0.008045; Newcombe 1998 Table II (a): [0.0524, 0.3339]).
  const rows = deepFreeze([...rowsOf("A", 70, 56), ...rowsOf("B", 40, 24), ...rowsOf("C", 40, 24)]);
  const metrics = { share };
  // Built in beforeAll, not while the file loads (see docs/mutation.md).
  let table: SegmentTable<typeof metrics>;
  beforeAll(() => {
    table = bySegment(rows, "g", metrics);
  });

  it("compares a segment with all other segments merged, not with the total", () => {
    const result = compareSegments(table, { metrics });
    expect(result.grouping).toBe("segment-comparison");
    expect(result.against).toBe("rest");
    const a = result.comparisons.find((row) => row.segment === "A");
    expect(a?.baselineKey).toBeNull();
    expect(a?.n).toBe(70);
    expect(a?.baselineN).toBe(80);
    expect(a?.value).toBeCloseTo(0.8, 12);
    expect(a?.baselineValue).toBeCloseTo(0.6, 12);
    expect(a?.difference).toBeCloseTo(0.2, 12);
    expect(a?.z).toBeCloseTo(2.65017, 4);
    expect(a?.pValue).toBeCloseTo(0.008045, 5);
    expect(a?.interval?.lower).toBeCloseTo(0.0524, 4);
    expect(a?.interval?.upper).toBeCloseTo(0.3339, 4);
    // B vs rest: 24/40 vs (56 + 24)/(70 + 40) = 80/110.
    const b = result.comparisons.find((row) => row.segment === "B");
    expect(b).toMatchObject(
      compareProportions({ successes: 24, n: 40 }, { successes: 80, n: 110 }) as object,
    );
  });

  it("adjusts p-values with Holm over every comparison, keeping the raw ones", () => {
    const result = compareSegments(table, { metrics });
    expect(result.adjust).toBe("holm");
    const raw = result.comparisons.map((row) => row.pValue);
    expect(result.comparisons.map((row) => row.adjustedPValue)).toEqual(holmAdjust(raw));
    // The smallest of m = 3 p-values is multiplied by 3 (Holm's first step).
    const a = result.comparisons.find((row) => row.segment === "A");
    expect(a?.adjustedPValue).toBeCloseTo(3 * 0.008045081, 8);
    expect(result.warnings.map((w) => w.code)).toEqual(["multiple-comparisons"]);
    const none = compareSegments(table, { metrics, adjust: "none" });
    expect(none.comparisons.map((row) => row.adjustedPValue)).toEqual(raw);
  });

  it("compares with a baseline segment, skipping the baseline itself", () => {
    const result = compareSegments(table, { metrics, against: { segment: "B" } });
    expect(result.comparisons.map((row) => row.segment)).toEqual(["A", "C"]);
    const a = result.comparisons[0];
    expect(a?.baselineKey).toBe("B");
    expect(a?.baselineN).toBe(40);
    expect(a).toMatchObject(
      compareProportions({ successes: 56, n: 70 }, { successes: 24, n: 40 }) as object,
    );
    // C and B are equal: difference 0, p = 1.
    expect(result.comparisons[1]?.difference).toBe(0);
    expect(result.comparisons[1]?.pValue).toBeCloseTo(1, 12);
  });

  it("works on a stored (JSON) table, and its result is plain JSON", () => {
    const stored = jsonRoundTrip(table) as SegmentTable<typeof metrics>;
    const result = compareSegments(stored, { metrics });
    expect(result).toEqual(compareSegments(table, { metrics }));
    expect(jsonRoundTrip(result)).toEqual(result);
  });
});

describe("compareSegments: NPS", () => {
  // Hand calculation (SE of the NPS as in R package NPS, nps.var):
  //   A: 6 promoters, 2 passives, 2 detractors, n = 10: p = .6, d = .2, NPS = 40,
  //      Var1 = (p + d) - (p - d)^2 = 0.8 - 0.16 = 0.64
  //   rest = B (1, 2, 2) + C (1, 1, 3) = 2 promoters, 3 passives, 5 detractors, n = 10:
  //      p = .2, d = .5, NPS = -30, Var1 = 0.7 - 0.09 = 0.61
  //   difference = 70 points; SE = 100 sqrt(0.64/10 + 0.61/10) = 100 sqrt(0.125) = 35.3553
  //   z = 70 / 35.3553 = 1.97990; p = 2(1 - Phi(1.9799)) = 0.04771
  //   95% interval: 70 -/+ 1.959964 * 35.3553 = [0.7048, 139.2952]
  const rows = deepFreeze([
    ...scores("A", 6, 2, 2),
    ...scores("B", 1, 2, 2),
    ...scores("C", 1, 1, 3),
  ]);
  const metrics = { nps, count: countMetric<Row>() };

  it("uses the metric's own compare (compareNps) on merged tallies", () => {
    const result = compareSegments(bySegment(rows, "g", metrics), { metrics });
    expect(result.notCompared).toEqual(["count"]);
    const a = result.comparisons.find((row) => row.segment === "A");
    expect(a?.metric).toBe("nps");
    expect(a?.value).toBeCloseTo(40, 10);
    expect(a?.baselineValue).toBeCloseTo(-30, 10);
    expect(a?.difference).toBeCloseTo(70, 10);
    expect(a?.standardError).toBeCloseTo(35.3553, 4);
    expect(a?.z).toBeCloseTo(1.9799, 4);
    expect(a?.pValue).toBeCloseTo(0.04771, 5);
    expect(a?.interval?.lower).toBeCloseTo(0.7048, 4);
    expect(a?.interval?.upper).toBeCloseTo(139.2952, 4);
    expect(a?.flagged).toBe(true);
    expect(result.comparisons).toHaveLength(3);
  });

  it("gives nulls, not errors, when the rest is empty", () => {
    const one = rows.filter((row) => row.g === "A");
    const result = compareSegments(bySegment(one, "g", metrics), { metrics });
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]).toMatchObject({
      difference: null,
      reason: "empty",
      pValue: null,
      adjustedPValue: null,
      baselineN: 0,
      baselineValue: null,
    });
    expect(result.warnings).toEqual([]);
  });

  it("compares only the metrics passed in options.metrics", () => {
    const both = { nps, share };
    const table = bySegment(rows, "g", both);
    const result = compareSegments(table, { metrics: { share } });
    expect(result.comparisons.every((row) => row.metric === "share")).toBe(true);
    expect(result.notCompared).toEqual(["nps"]);
  });
});

describe("compareSegments: bad input", () => {
  const rows = deepFreeze([...rowsOf("A", 3, 1), ...rowsOf("B", 3, 2)]);
  const metrics = { share };
  // Built in beforeAll, not while the file loads (see docs/mutation.md).
  let table: SegmentTable<typeof metrics>;
  beforeAll(() => {
    table = bySegment(rows, "g", metrics);
  });

  it("names the problem", () => {
    const noTallies = jsonRoundTrip(table) as { segments: { tallies: unknown }[] };
    (noTallies.segments[1] as { tallies: unknown }).tallies = {};
    const cases: [unknown, unknown, (string | number)[]][] = [
      [{ grouping: "periods" }, { metrics }, []],
      [null, { metrics }, []],
      [table, {}, ["options", "metrics"]],
      [table, { metrics: { csat: share } }, ["options", "metrics", "csat"]],
      [table, { metrics, against: { segment: "Z" } }, ["options", "against", "segment"]],
      [table, { metrics, against: "total" }, ["options", "against"]],
      [table, { metrics, level: 95 }, ["options", "level"]],
      [table, { metrics, adjust: "bonferroni" }, ["options", "adjust"]],
      [noTallies, { metrics }, ["segments", 1, "tallies", "share"]],
    ];
    for (const [input, options, path] of cases) {
      expectInputError(
        () => compareSegments(input as never, options as never),
        () => safeCompareSegments(input as never, options as never),
        path,
      );
    }
  });
});
