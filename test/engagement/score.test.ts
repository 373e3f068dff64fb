import { DuckDBInstance } from "@duckdb/node-api";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import {
  type EngagementComponent,
  engagementValueSchema,
} from "../../src/engagement/components.ts";
import { type EngagementScale, fitEngagementScale } from "../../src/engagement/scale.ts";
import {
  type EngagementScoreResult,
  engagementScore,
  safeEngagementScore,
} from "../../src/engagement/score.ts";
import { anyValue, deepFreeze, expectInputError, jsonRoundTrip } from "./helpers.ts";

// ---------------------------------------------------------------------------------------------
// A small population, used by the reference vectors. Hand calculations are next to each test.

interface Customer {
  readonly id: string;
  readonly dwell: number;
  readonly openRate: number | null;
  readonly sessions: number;
  readonly complaints: number;
}

const customers: readonly Customer[] = deepFreeze([
  { id: "a", dwell: 10, openRate: 0.2, sessions: 3, complaints: 0 },
  { id: "b", dwell: 20, openRate: 0.5, sessions: 3, complaints: 2 },
  { id: "c", dwell: 30, openRate: null, sessions: 5, complaints: 1 },
  { id: "d", dwell: 40, openRate: 0.1, sessions: 1, complaints: 0 },
  { id: "e", dwell: 50, openRate: 0.4, sessions: 3, complaints: 4 },
]);

function scoresOf(result: EngagementScoreResult): (number | null)[] {
  return result.rows.map((row) => row.score);
}

function expectScores(actual: readonly (number | null)[], expected: readonly (number | null)[]) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(actual[i]).toBeNull();
    else expect(actual[i]).toBeCloseTo(e, 9);
  });
}

function one(component: EngagementComponent<Customer>): EngagementScoreResult {
  return engagementScore(customers, { components: [component] });
}

const mix: readonly EngagementComponent<object>[] = deepFreeze([
  { name: "dwell", weight: 2, normalize: "min-max" },
  { name: "openRate", weight: 1, normalize: "target", target: 0.4 },
  { name: "sessions", weight: 1, normalize: "percentile" },
]);

describe("engagementScore: reference vectors, one normalisation at a time", () => {
  it("min-max: 100·(x − min)/(max − min)", () => {
    // dwell 10..50: (10−10)/40 = 0, 10/40 = 25, 20/40 = 50, 75, 100.
    expectScores(
      scoresOf(one({ name: "dwell", weight: 1, normalize: "min-max" })),
      [0, 25, 50, 75, 100],
    );
  });

  it("min-max, lower is better: 100 − 100·(x − min)/(max − min)", () => {
    // complaints 0..4: 0 -> 100, 2 -> 50, 1 -> 75, 0 -> 100, 4 -> 0.
    const r = one({ name: "complaints", weight: 1, normalize: "min-max", higherIsBetter: false });
    expectScores(scoresOf(r), [100, 50, 75, 100, 0]);
  });

  it("z-score: 100·Φ((x − mean)/sd), sample sd", () => {
    // dwell: mean 30, sd = √((400 + 100 + 0 + 100 + 400)/4) = √250 = 15.8113883;
    // z = −1.2649111, −0.6324555, 0, 0.6324555, 1.2649111.
    // Φ from scipy 1.17.1 stats.norm.cdf(z) · 100:
    const r = one({ name: "dwell", weight: 1, normalize: "z-score" });
    expectScores(
      scoresOf(r),
      [10.29516053660342, 26.354462843276906, 50, 73.6455371567231, 89.70483946339658],
    );
  });

  it("percentile: mid-rank, ties share the average rank", () => {
    // sessions 3, 3, 5, 1, 3 (sorted 1, 3, 3, 3, 5; n = 5):
    //   1 -> (0 below + 1/2 equal)/5 = 10;  3 -> (1 + 3/2)/5 = 50;  5 -> (4 + 1/2)/5 = 90.
    // scipy.stats.percentileofscore(sessions, x, kind="mean") gives 10, 50, 90.
    const r = one({ name: "sessions", weight: 1, normalize: "percentile" });
    expectScores(scoresOf(r), [50, 50, 90, 10, 50]);
  });

  it("target: 100·min(x / target, 1); a missing value leaves the customer unscored", () => {
    // openRate / 0.4: 0.2 -> 50, 0.5 -> capped 100, null -> missing, 0.1 -> 25, 0.4 -> 100.
    const r = one({ name: "openRate", weight: 1, normalize: "target", target: 0.4 });
    expectScores(scoresOf(r), [50, 100, null, 25, 100]);
    expect(r.rows[2]?.reason).toBe("empty");
    expect(r.scored).toBe(4);
    expect(r.warnings.map((w) => w.code)).toEqual(["missing-values", "unscored"]);
  });

  it("target, lower is better: 100 up to the target, then 100·target/x", () => {
    // complaints, target 1: 0 -> 100, 2 -> 50, 1 -> 100, 0 -> 100, 4 -> 25.
    const r = one({
      name: "complaints",
      weight: 1,
      normalize: "target",
      target: 1,
      higherIsBetter: false,
    });
    expectScores(scoresOf(r), [100, 50, 100, 100, 25]);
  });
});

describe("engagementScore: weights, missing values, summary and tiers", () => {
  it("weights 2, 1, 1 normalise to 0.5, 0.25, 0.25; skip-and-reweight", () => {
    // Component scores (from the tests above): dwell 0, 25, 50, 75, 100; openRate 50, 100, —,
    // 25, 100; sessions 50, 50, 90, 10, 50.
    //   a = (2·0 + 50 + 50)/4 = 25        b = (2·25 + 100 + 50)/4 = 50
    //   c = (2·50 + 90)/(2 + 1) = 63.333… (openRate missing: its weight is dropped)
    //   d = (2·75 + 25 + 10)/4 = 46.25    e = (2·100 + 100 + 50)/4 = 87.5
    const r = engagementScore(customers, { components: mix, id: "id" });
    expect(r.weights).toEqual([
      { name: "dwell", weight: 2, normalized: 0.5 },
      { name: "openRate", weight: 1, normalized: 0.25 },
      { name: "sessions", weight: 1, normalized: 0.25 },
    ]);
    expectScores(scoresOf(r), [25, 50, 190 / 3, 46.25, 87.5]);
    expect(r.rows.map((row) => row.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(r.missing).toBe("skip-and-reweight");
    const c = r.rows[2];
    expect(c?.components).toEqual([
      {
        name: "dwell",
        value: 30,
        score: 50,
        weight: 2 / 3,
        contribution: expect.closeTo(100 / 3, 9),
      },
      { name: "openRate", value: null, score: null, weight: 0, contribution: 0 },
      { name: "sessions", value: 5, score: 90, weight: 1 / 3, contribution: expect.closeTo(30, 9) },
    ]);
    expect(r.warnings).toEqual([
      {
        code: "missing-values",
        message:
          "1 of 5 customers have no openRate: their scores use the other components, reweighted.",
      },
    ]);
  });

  it('missing: "zero" scores the missing component 0 at its full weight', () => {
    // c = (2·50 + 1·0 + 1·90)/4 = 47.5; the others are unchanged.
    const r = engagementScore(customers, { components: mix, missing: "zero" });
    expectScores(scoresOf(r), [25, 50, 47.5, 46.25, 87.5]);
    expect(r.rows[2]?.components[1]).toEqual({
      name: "openRate",
      value: null,
      score: null,
      weight: 0.25,
      contribution: 0,
    });
  });

  it("summary: mean and type-7 quartiles", () => {
    // Sorted scores 25, 46.25, 50, 63.333…, 87.5; mean = 272.0833…/5 = 54.4166…
    // Type 7: h = (n − 1)p = 1, 2, 3 -> q1 = 46.25, median = 50, q3 = 63.333…
    // numpy.percentile(scores, [25, 50, 75], method="linear") gives the same.
    const r = engagementScore(customers, { components: mix });
    expect(r.value).toBeCloseTo(54.41666666666667, 9);
    expect(r.summary).toEqual({
      mean: expect.closeTo(54.41666666666667, 9),
      min: 25,
      q1: 46.25,
      median: 50,
      q3: expect.closeTo(63.333333333333336, 9),
      max: 87.5,
    });
    expect(r.n).toBe(5);
    expect(r.scored).toBe(5);
    expect(r.reason).toBeNull();
  });

  it("type-7 quartiles interpolate: 0, 10, 20, 30 -> 7.5, 15, 22.5 (numpy linear)", () => {
    const r = engagementScore([{ x: 0 }, { x: 10 }, { x: 20 }, { x: 30 }], {
      components: [{ name: "x", weight: 1, normalize: "target", target: 100 }],
    });
    expect(r.summary.q1).toBeCloseTo(7.5, 12);
    expect(r.summary.median).toBeCloseTo(15, 12);
    expect(r.summary.q3).toBeCloseTo(22.5, 12);
  });

  it("tiers by thresholds: a score at a cut point goes up", () => {
    const r = engagementScore(customers, { components: mix, tiers: { thresholds: [40, 60] } });
    expect(r.rows.map((row) => row.tier)).toEqual(["low", "medium", "high", "medium", "high"]);
    expect(r.tiers).toEqual({
      method: "thresholds",
      quantiles: null,
      cutPoints: [40, 60],
      labels: ["low", "medium", "high"],
      counts: [1, 2, 2],
    });
    const tie = engagementScore(customers, {
      components: mix,
      tiers: { thresholds: [50], labels: ["cold", "warm"] },
    });
    // b scores exactly 50.
    expect(tie.rows.map((row) => row.tier)).toEqual(["cold", "warm", "warm", "cold", "warm"]);
  });

  it("tiers by quantiles: cut points are type-7 quantiles of the scores", () => {
    const r = engagementScore(customers, { components: mix, tiers: { quantiles: [0.5] } });
    // The median is 50 (b): b and above are "high".
    expect(r.tiers?.cutPoints).toEqual([50]);
    expect(r.tiers?.quantiles).toEqual([0.5]);
    expect(r.rows.map((row) => row.tier)).toEqual(["low", "high", "high", "low", "high"]);
    expect(r.tiers?.counts).toEqual([2, 3]);
    const four = engagementScore(customers, {
      components: mix,
      tiers: { quantiles: [0.25, 0.5, 0.75] },
    });
    expect(four.tiers?.labels).toEqual(["tier 1", "tier 2", "tier 3", "tier 4"]);
  });

  it("a fitted scale scores new customers, clamping values outside it", () => {
    // Scale from the five customers: dwell 10..50; sessions 1, 3, 3, 3, 5.
    //   new 1: dwell 60 -> clamped 100; openRate 0.8 -> 100; sessions 4 -> (4 below)/5 = 80
    //          -> (2·100 + 100 + 80)/4 = 95
    //   new 2: dwell 0 -> 0; openRate 0 -> 0; sessions 0 -> 0 -> 0
    //   new 3: dwell 35 -> 62.5; openRate missing; sessions 6 -> 100 -> (125 + 100)/3 = 75
    const scale = fitEngagementScale(customers, { components: mix });
    const fresh = deepFreeze([
      { dwell: 60, openRate: 0.8, sessions: 4 },
      { dwell: 0, openRate: 0, sessions: 0 },
      { dwell: 35, openRate: null, sessions: 6 },
    ]);
    const r = engagementScore(fresh, { components: mix, scale });
    expectScores(scoresOf(r), [95, 0, 75]);
    expect(r.scale).toBe(scale);
    expect(r.warnings.filter((w) => w.code === "out-of-range").map((w) => w.message)).toEqual([
      "2 values of dwell lie outside the fitted range [10, 50]; their scores are clamped to 0-100.",
      "2 values of sessions lie outside the fitted range [1, 5]; their scores are clamped to 0-100.",
    ]);
    // A z-score against the fitted mean 30 and sd √250: Φ(5/15.8113883)·100 = 62.4085183 (scipy).
    const z = engagementScore([{ dwell: 35 }], {
      components: [{ name: "dwell", weight: 1, normalize: "z-score" }],
      scale: fitEngagementScale(customers, {
        components: [{ name: "dwell", weight: 1, normalize: "z-score" }],
      }),
    });
    expect(z.rows[0]?.score).toBeCloseTo(62.40851829770754, 9);
    // The scale survives JSON.
    const again = engagementScore(fresh, {
      components: mix,
      scale: JSON.parse(JSON.stringify(scale)) as EngagementScale,
    });
    expect(scoresOf(again)).toEqual(scoresOf(r));
  });

  it("percentile ranks and quartiles agree with an independent DuckDB query", async () => {
    // 40 values with many ties; DuckDB's quantile_cont is the type-7 quantile.
    const values = Array.from({ length: 40 }, (_, i) => (i * 7) % 11);
    const rows = values.map((v) => ({ v }));
    const r = engagementScore(rows, {
      components: [{ name: "v", weight: 1, normalize: "percentile" }],
    });
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `WITH t AS (SELECT unnest([${values.join(",")}]) AS v, generate_subscripts([${values.join(",")}], 1) AS i)
       SELECT i, (100.0 * ((SELECT count(*) FROM t u WHERE u.v < t.v)
                        + 0.5 * (SELECT count(*) FROM t u WHERE u.v = t.v)) / 40)::DOUBLE AS pr
       FROM t ORDER BY i`,
    );
    const expected = reader.getRows().map((row) => Number(row[1]));
    expectScores(scoresOf(r), expected);
    const quartiles = await connection.runAndReadAll(
      `WITH s AS (SELECT unnest([${scoresOf(r).join(",")}])::DOUBLE AS s)
       SELECT quantile_cont(s, 0.25), quantile_cont(s, 0.5), quantile_cont(s, 0.75), avg(s) FROM s`,
    );
    const [q1, median, q3, mean] = (quartiles.getRows()[0] ?? []).map(Number);
    expect(r.summary.q1).toBeCloseTo(q1 ?? Number.NaN, 9);
    expect(r.summary.median).toBeCloseTo(median ?? Number.NaN, 9);
    expect(r.summary.q3).toBeCloseTo(q3 ?? Number.NaN, 9);
    expect(r.summary.mean).toBeCloseTo(mean ?? Number.NaN, 9);
    connection.closeSync();
  });
});

describe("engagementScore: edge cases", () => {
  it("no customers: empty result, not an error", () => {
    const r = engagementScore([], { components: mix, tiers: { quantiles: [0.5] } });
    expect(r.value).toBeNull();
    expect(r.reason).toBe("empty");
    expect(r.rows).toEqual([]);
    expect(r.summary.median).toBeNull();
    expect(r.tiers?.cutPoints).toBeNull();
    expect(r.tiers?.counts).toEqual([0, 0]);
    expect(r.warnings.map((w) => w.code)).toContain("empty");
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("one customer, constant components: 50, with a warning", () => {
    const r = engagementScore([{ x: 3, y: 7 }], {
      components: [
        { name: "x", weight: 1, normalize: "min-max" },
        { name: "y", weight: 1, normalize: "z-score" },
      ],
    });
    expect(r.rows[0]?.score).toBe(50);
    expect(r.warnings.map((w) => w.code)).toEqual(["constant-component", "constant-component"]);
    // Against that one-value scale, lower is 0, higher 100.
    const scored = engagementScore([{ x: 2, y: 8 }], {
      components: [
        { name: "x", weight: 1, normalize: "min-max" },
        { name: "y", weight: 1, normalize: "z-score" },
      ],
      scale: r.scale,
    });
    expect(scored.rows[0]?.components.map((c) => c.score)).toEqual([0, 100]);
  });

  it("customers with no value, or only zero-weight values, are unscored", () => {
    const r = engagementScore([{ x: 1, y: 5 }, { x: null, y: 3 }, { y: 4 }, { x: 2, y: 1 }], {
      components: [
        { name: "x", weight: 1, normalize: "min-max" },
        { name: "y", weight: 0, normalize: "min-max" },
      ],
    });
    expect(r.rows.map((row) => row.reason)).toEqual([
      null,
      "zero-denominator",
      "zero-denominator",
      null,
    ]);
    expect(r.rows.map((row) => row.score)).toEqual([0, null, null, 100]);
    const none = engagementScore([{ x: null }], {
      components: [{ name: "x", weight: 1, normalize: "min-max" }],
    });
    expect(none.rows[0]?.reason).toBe("empty");
    expect(none.reason).toBe("insufficient-data");
    expect(none.warnings.map((w) => w.code)).toEqual([
      "missing-values",
      "no-scale-data",
      "unscored",
    ]);
    // Under "zero", a customer without values scores 0.
    const zero = engagementScore([{ x: null }, { x: 1 }], {
      components: [{ name: "x", weight: 1, normalize: "target", target: 2 }],
      missing: "zero",
    });
    expect(zero.rows.map((row) => row.score)).toEqual([0, 50]);
  });

  it("function accessors and ids", () => {
    const r = engagementScore([[1, "p"] as const, [3, "q"] as const], {
      components: [{ name: "first", value: (row) => row[0], weight: 1, normalize: "min-max" }],
      id: (row) => row[1],
    });
    expect(r.rows.map((row) => [row.id, row.score])).toEqual([
      ["p", 0],
      ["q", 100],
    ]);
  });

  it("has the documented types", () => {
    expectTypeOf(engagementScore<Customer>).returns.toEqualTypeOf<EngagementScoreResult>();
    expectTypeOf<EngagementScoreResult["rows"][number]["score"]>().toEqualTypeOf<number | null>();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const normalizations = ["min-max", "z-score", "percentile", "target"] as const;

const componentArb = fc.record({
  weight: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true })),
  higherIsBetter: fc.boolean(),
  normalize: fc.constantFrom(...normalizations),
});

/** 1–4 components (some weight > 0) and customers with values or gaps. */
const populationArb = fc
  .array(componentArb, { minLength: 1, maxLength: 4 })
  .filter((cs) => cs.some((c) => c.weight > 0))
  .chain((cs) => {
    const components: EngagementComponent<Record<string, number | null>>[] = cs.map((c, k) => ({
      name: `c${k}`,
      weight: c.weight,
      higherIsBetter: c.higherIsBetter,
      normalize: c.normalize,
      ...(c.normalize === "target" ? { target: 50 } : {}),
    }));
    const value = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: -100, max: 200 }) },
      { weight: 3, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const customer = fc.tuple(...components.map(() => value)).map((vs) => {
      const row: Record<string, number | null> = {};
      vs.forEach((v, k) => {
        row[`c${k}`] = v;
      });
      return row;
    });
    return fc.record({
      components: fc.constant(components),
      customers: fc.array(customer, { minLength: 1, maxLength: 25 }),
      missing: fc.constantFrom("skip-and-reweight" as const, "zero" as const),
    });
  });

describe("engagementScore: properties", () => {
  test.prop([populationArb])(
    "every score is in [0, 100] and the contributions add up to it",
    (p) => {
      const r = engagementScore(p.customers, { components: p.components, missing: p.missing });
      for (const row of r.rows) {
        if (row.score === null) continue;
        expect(row.score).toBeGreaterThanOrEqual(0);
        expect(row.score).toBeLessThanOrEqual(100);
        const sum = row.components.reduce((s, c) => s + c.contribution, 0);
        expect(sum).toBeCloseTo(row.score, 9);
        const weights = row.components.reduce((s, c) => s + c.weight, 0);
        expect(weights).toBeCloseTo(1, 12);
        for (const c of row.components) {
          if (c.score !== null) {
            expect(c.score).toBeGreaterThanOrEqual(0);
            expect(c.score).toBeLessThanOrEqual(100);
          }
        }
      }
      expect(jsonRoundTrip(r)).toEqual(r);
    },
  );

  test.prop([populationArb, fc.nat(), fc.nat(), fc.double({ min: 0, max: 500, noNaN: true })])(
    "with a fixed scale, raising a higher-is-better value never lowers that customer's score",
    (p, pick, pickComponent, raise) => {
      const scale = fitEngagementScale(p.customers, { components: p.components });
      const i = pick % p.customers.length;
      const k = pickComponent % p.components.length;
      const component = p.components[k];
      const name = `c${k}`;
      const customer = p.customers[i];
      if (component === undefined || customer === undefined) return;
      const value = customer[name];
      if (component.higherIsBetter === false || value === null || value === undefined) return;
      const options = { components: p.components, missing: p.missing, scale };
      const before = engagementScore(p.customers, options).rows[i]?.score ?? null;
      const raised = p.customers.map((c, j) => (j === i ? { ...c, [name]: value + raise } : c));
      const after = engagementScore(raised, options).rows[i]?.score ?? null;
      if (before === null) expect(after).toBeNull();
      else expect(after).toBeGreaterThanOrEqual(before - 1e-9);
    },
  );

  test.prop([populationArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "multiplying every weight by a positive constant leaves the scores unchanged",
    (p, factor) => {
      const scaled = p.components.map((c) => ({ ...c, weight: c.weight * factor }));
      const a = engagementScore(p.customers, { components: p.components, missing: p.missing });
      const b = engagementScore(p.customers, { components: scaled, missing: p.missing });
      a.rows.forEach((row, i) => {
        const other = b.rows[i]?.score ?? null;
        if (row.score === null) expect(other).toBeNull();
        else expect(other).toBeCloseTo(row.score, 9);
      });
      b.weights.forEach((w, k) => {
        expect(w.normalized).toBeCloseTo(a.weights[k]?.normalized ?? Number.NaN, 12);
      });
    },
  );

  test.prop([
    populationArb.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.shuffledSubarray(
          p.customers.map((c, i) => ({ ...c, id: i })),
          { minLength: p.customers.length, maxLength: p.customers.length },
        ),
      ),
    ),
  ])("row order does not matter: scores follow their rows", ([p, shuffled]) => {
    const withIds = p.customers.map((c, i) => ({ ...c, id: i }));
    const options = { components: p.components, missing: p.missing, id: "id" } as const;
    const a = engagementScore(withIds, options);
    const b = engagementScore(deepFreeze(shuffled), options);
    const byId = new Map(b.rows.map((row) => [row.id, row.score]));
    for (const row of a.rows) {
      const other = byId.get(row.id) ?? null;
      if (row.score === null) expect(other).toBeNull();
      else expect(other).toBeCloseTo(row.score, 9);
    }
    expect(b.summary.median ?? 0).toBeCloseTo(a.summary.median ?? 0, 9);
  });

  test.prop([populationArb])(
    "scoring against the population's own fitted scale changes nothing",
    (p) => {
      const scale = fitEngagementScale(p.customers, { components: p.components });
      const inSample = engagementScore(p.customers, {
        components: p.components,
        missing: p.missing,
      });
      const fitted = engagementScore(p.customers, {
        components: p.components,
        missing: p.missing,
        scale,
      });
      expect(fitted.rows).toEqual(inSample.rows);
      expect(fitted.scale).toEqual(inSample.scale);
      expect(fitted.warnings.filter((w) => w.code === "out-of-range")).toEqual([]);
    },
  );

  test.prop([anyValue])(
    "the inline value check accepts exactly what engagementValueSchema accepts",
    (v) => {
      const ok = safeEngagementScore([{ x: v }], {
        components: [{ name: "x", weight: 1, normalize: "min-max" }],
      }).ok;
      expect(ok).toBe(z.safeParse(engagementValueSchema, v).success);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Bad input

describe("engagementScore: bad input", () => {
  const components = [{ name: "dwell", weight: 1, normalize: "min-max" }] as const;

  it("bad values name the customer and field", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, "5", true, {}]) {
      const rows = [{ dwell: 1 }, { dwell: 2 }, { dwell: 3 }, { dwell: bad }];
      expectInputError(
        () => engagementScore(rows, { components }),
        () => safeEngagementScore(rows, { components }),
        [3, "dwell"],
        "[3].dwell: expected a finite number, or null/undefined when missing",
      );
    }
    expectInputError(
      () =>
        engagementScore([{ d: 1 }], {
          components: [{ name: "x", value: () => Number.NaN, weight: 1, normalize: "min-max" }],
        }),
      () =>
        safeEngagementScore([{ d: 1 }], {
          components: [{ name: "x", value: () => Number.NaN, weight: 1, normalize: "min-max" }],
        }),
      [0],
    );
    expectInputError(
      () => engagementScore([{ dwell: 1 }, null], { components }),
      () => safeEngagementScore([{ dwell: 1 }, null], { components }),
      [1],
    );
    expectInputError(
      () => engagementScore([{ dwell: 1, id: "" }], { components, id: "id" }),
      () => safeEngagementScore([{ dwell: 1, id: "" }], { components, id: "id" }),
      [0, "id"],
    );
    expectInputError(
      () => engagementScore("rows" as unknown as object[], { components }),
      () => safeEngagementScore("rows" as unknown as object[], { components }),
      [],
    );
    const frozen = deepFreeze([{ dwell: 1 }]);
    expect(engagementScore(frozen, { components }).rows[0]?.score).toBe(50);
  });

  it("bad components", () => {
    const rows = [{ dwell: 1, other: 2 }];
    const cases: [unknown, (string | number)[]][] = [
      [[], ["options", "components"]],
      [
        [{ name: "dwell", weight: -1, normalize: "min-max" }],
        ["options", "components", 0, "weight"],
      ],
      [
        [{ name: "dwell", weight: Number.NaN, normalize: "min-max" }],
        ["options", "components", 0, "weight"],
      ],
      [[{ name: "dwell", weight: 0, normalize: "min-max" }], ["options", "components"]],
      [
        [
          { name: "dwell", weight: 1, normalize: "min-max" },
          { name: "dwell", weight: 1, normalize: "z-score" },
        ],
        ["options", "components", 1, "name"],
      ],
      [[{ name: "", weight: 1, normalize: "min-max" }], ["options", "components", 0, "name"]],
      [
        [{ name: "dwell", weight: 1, normalize: "rank" }],
        ["options", "components", 0, "normalize"],
      ],
      [[{ name: "dwell", weight: 1, normalize: "target" }], ["options", "components", 0, "target"]],
      [
        [{ name: "dwell", weight: 1, normalize: "target", target: 0 }],
        ["options", "components", 0, "target"],
      ],
      [
        [{ name: "dwell", weight: 1, normalize: "min-max", target: 3 }],
        ["options", "components", 0, "target"],
      ],
      [
        [{ name: "dwell", weight: 1, normalize: "min-max", extra: 1 }],
        ["options", "components", 0],
      ],
    ];
    for (const [bad, path] of cases) {
      const options = { components: bad } as { components: EngagementComponent<object>[] };
      expectInputError(
        () => engagementScore(rows, options),
        () => safeEngagementScore(rows, options),
        path,
      );
    }
  });

  it("bad policy, tiers and scale", () => {
    const rows = [{ dwell: 1 }];
    const cases: [object, (string | number)[]][] = [
      [{ missing: "drop" }, ["options", "missing"]],
      [{ tiers: {} }, ["options", "tiers"]],
      [{ tiers: { thresholds: [40], quantiles: [0.5] } }, ["options", "tiers"]],
      [{ tiers: { thresholds: [60, 40] } }, ["options", "tiers", "thresholds", 1]],
      [{ tiers: { thresholds: [40, 40] } }, ["options", "tiers", "thresholds", 1]],
      [{ tiers: { thresholds: [101] } }, ["options", "tiers", "thresholds", 0]],
      [{ tiers: { quantiles: [1] } }, ["options", "tiers", "quantiles", 0]],
      [{ tiers: { thresholds: [50], labels: ["a"] } }, ["options", "tiers", "labels"]],
      [{ tiers: { thresholds: [50], labels: ["a", "a"] } }, ["options", "tiers", "labels", 1]],
      [{ scale: { version: 2, components: [] } }, ["options", "scale", "version"]],
      [{ scale: { version: 1, components: [] } }, ["options", "scale", "components"]],
      [
        {
          scale: {
            version: 1,
            components: [
              { name: "dwell", n: 2, min: 3, max: 1, mean: 2, sd: 1, distribution: null },
            ],
          },
        },
        ["options", "scale", "components", 0, "max"],
      ],
      [
        {
          scale: {
            version: 1,
            components: [
              { name: "dwell", n: 0, min: 1, max: null, mean: null, sd: null, distribution: null },
            ],
          },
        },
        ["options", "scale", "components", 0, "n"],
      ],
      [{ id: 5 }, ["options", "id"]],
      [{ extra: true }, ["options"]],
    ];
    for (const [extra, path] of cases) {
      const options = {
        components: [{ name: "dwell", weight: 1, normalize: "min-max" }],
        ...extra,
      } as { components: EngagementComponent<object>[] };
      expectInputError(
        () => engagementScore(rows, options),
        () => safeEngagementScore(rows, options),
        path,
      );
    }
  });

  it("a scale must fit the components", () => {
    const rows = [{ dwell: 1 }];
    const minMax = fitEngagementScale([{ dwell: 1 }, { dwell: 3 }], {
      components: [{ name: "dwell", weight: 1, normalize: "min-max" }],
    });
    const asPercentile = {
      components: [{ name: "dwell", weight: 1, normalize: "percentile" }],
      scale: minMax,
    } as const;
    expectInputError(
      () => engagementScore(rows, asPercentile),
      () => safeEngagementScore(rows, asPercentile),
      ["options", "scale", "components", 0, "distribution"],
      /fit the scale with normalize "percentile"/,
    );
    const broken = {
      components: [{ name: "dwell", weight: 1, normalize: "percentile" }],
      scale: {
        version: 1,
        components: [
          {
            name: "dwell",
            n: 3,
            min: 1,
            max: 3,
            mean: 2,
            sd: 1,
            distribution: { values: [1, 3], counts: [1, 1] },
          },
        ],
      },
    } as const;
    expectInputError(
      () => engagementScore(rows, broken),
      () => safeEngagementScore(rows, broken),
      ["options", "scale", "components", 0, "distribution"],
      /add up to 2/,
    );
  });
});
