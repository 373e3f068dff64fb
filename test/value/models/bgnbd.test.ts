import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { runMetric } from "../../../src/metric.ts";
import {
  type BgNbdFit,
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdMetric,
  bgNbdProbabilityAlive,
  bgNbdPurchaseProbability,
  emptyBgNbdTally,
  fitBgNbd,
  fitBgNbdFromTally,
  mergeBgNbdTallies,
  safeFitBgNbd,
} from "../../../src/value/models/bgnbd.ts";
import { rfmSummary } from "../../../src/value/models/rfm.ts";
import {
  cdnowOrders,
  cdnowSummary,
  centralHessian,
  deepFreeze,
  expectInputError,
  gaussJordan,
  inputErrorOf,
} from "./helpers.ts";

const rows = deepFreeze(cdnowSummary());
// Fitted in beforeAll, not at import: mutation runs switch a mutant on before the first test
// (see docs/mutation.md), so a fit computed while the file loads would never see it.
let fit: BgNbdFit;
beforeAll(() => {
  fit = fitBgNbd(rows, { timeUnit: "week" });
});
// Fader, Hardie & Lee (2005), table/text: r = 0.243, α = 4.414, a = 0.793, b = 2.426.
const paper: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("fitBgNbd: CDNOW, 2,357 customers (Fader, Hardie & Lee 2005; lifetimes 0.11.3)", () => {
  it("matches the paper's estimates and log-likelihood", () => {
    expect(fit.converged).toBe(true);
    expect(fit.params?.r).toBeCloseTo(0.243, 3);
    expect(fit.params?.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params?.a).toBeCloseTo(0.793, 3);
    expect(fit.params?.b).toBeCloseTo(2.426, 3);
    // Paper: −9582.4; lifetimes: −9582.43.
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);
  });

  it("matches lifetimes' 4-digit values r=0.2426, alpha=4.4135, a=0.7929, b=2.4258", () => {
    expect(fit.params?.r).toBeCloseTo(0.2426, 4);
    expect(fit.params?.alpha).toBeCloseTo(4.4135, 4);
    expect(fit.params?.a).toBeCloseTo(0.7929, 4);
    expect(fit.params?.b).toBeCloseTo(2.4258, 4);
  });

  it("states n, distinct rows, unit and no warnings; JSON-safe", () => {
    expect(fit.n).toBe(2357);
    expect(fit.distinctRows).toBeLessThan(2357);
    expect(fit.timeUnit).toBe("week");
    expect(fit.warnings).toEqual([]);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it("gives standard errors equal to an independent Hessian from second differences of ln L", () => {
    // Independent: central second differences of Σ bgNbdLogLikelihood (function values only,
    // no gradients), step 1e-4 relative, inverted with the 4×4 adjugate-free Gauss-Jordan below.
    const p = fit.params as BgNbdParams;
    const keys = ["r", "alpha", "a", "b"] as const;
    const ll = (q: BgNbdParams) => rows.reduce((s, row) => s + bgNbdLogLikelihood(q, row), 0);
    // The Hessian of −ln L (negating each value is exact: the same numbers as −(second differences
    // of ln L)).
    const inverse = gaussJordan(centralHessian(keys, p, (q) => -ll(q)));
    keys.forEach((k, i) => {
      const se = Math.sqrt(inverse[i]?.[i] as number);
      expect(Math.abs((fit.standardErrors?.[k] as number) / se - 1)).toBeLessThan(1e-3);
    });
  });

  it("fits the same from an rfmSummary of the raw orders", () => {
    const summary = rfmSummary(cdnowOrders(), {
      observationEnd: "1997-09-30T00:00:00Z",
      timeUnit: "week",
      grain: "day",
    });
    const fromOrders = fitBgNbd(summary);
    expect(fromOrders.timeUnit).toBe("week");
    // Unrounded recency/T differ from the csv's 2 decimals: same estimates to 3 decimals.
    expect(fromOrders.params?.r).toBeCloseTo(0.243, 3);
    expect(fromOrders.params?.alpha).toBeCloseTo(4.414, 2);
    expect(fromOrders.params?.a).toBeCloseTo(0.793, 3);
    expect(fromOrders.params?.b).toBeCloseTo(2.426, 2);
  });
});

describe("BG/NBD predictions: published values", () => {
  it("E[X(t)] matches Hardie's spreadsheet (lifetimes test, fitted parameters, 3 decimals)", () => {
    const p = fit.params as BgNbdParams;
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => {
      const e = bgNbdExpectedPurchases(p, t);
      expect(e.reason).toBeNull();
      expect(e.value).toBeCloseTo(expected[i] as number, 3);
    });
  });

  it("E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 (Hardie's spreadsheet, lifetimes test)", () => {
    const p = fit.params as BgNbdParams;
    const e = bgNbdConditionalExpectedPurchases(p, { frequency: 2, recency: 30.43, T: 38.86 }, 39);
    expect(e.value).toBeCloseTo(1.226, 3);
  });

  it("P(X(t) = k) matches R BTYD bgnbd.pmf with the paper's parameters", () => {
    // R BTYD: bgnbd.pmf(c(0.243, 4.414, 0.793, 2.426), t, x), quoted in lifetimes' tests.
    expect(bgNbdPurchaseProbability(paper, 10, 2)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbdPurchaseProbability(paper, 0, 39)).toBeCloseTo(0.5737864, 7);
    const pmf30 = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902,
      0.0004361913, 0.0003467171, 0.0002769613, 0.000222226,
    ];
    pmf30.forEach((v, i) => {
      expect(bgNbdPurchaseProbability(paper, 11 + i, 30)).toBeCloseTo(v, 9);
    });
  });

  it("P(alive) by hand: x = 2, t_x = 30.43, T = 38.86", () => {
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) with the paper's parameters:
    //   a/(b+1) = 0.793/3.426 = 0.231465; 43.274/34.844 = 1.241935, ln = 0.216670,
    //   × 2.243 = 0.485991, e^ = 1.625781; × 0.231465 = 0.376312 → 1 / 1.376312 = 0.72658
    const v = bgNbdProbabilityAlive(paper, { frequency: 2, recency: 30.43, T: 38.86 });
    expect(v).toBeCloseTo(0.72658, 4);
    expect(bgNbdProbabilityAlive(paper, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
  });

  it("a new customer's expectation equals Σ k·P(X(t) = k) (independent formula, no 2F1)", () => {
    for (const t of [1, 10, 52]) {
      let mean = 0;
      for (let k = 1; k < 300; k++) mean += k * bgNbdPurchaseProbability(paper, k, t);
      expect(bgNbdExpectedPurchases(paper, t).value).toBeCloseTo(mean, 9);
    }
  });

  it("is 0 at t = 0 and null with a reason where the formula is undefined", () => {
    expect(bgNbdExpectedPurchases(paper, 0)).toEqual({ value: 0, reason: null });
    expect(bgNbdExpectedPurchases({ ...paper, a: 1 }, 5)).toEqual({
      value: null,
      reason: "parameter-out-of-range",
    });
    expect(bgNbdExpectedPurchases({ ...paper, a: 0.3, b: 0.5 }, 5).reason).toBe(
      "parameter-out-of-range",
    );
    expect(bgNbdPurchaseProbability(paper, 0, 0)).toBe(1);
    expect(bgNbdPurchaseProbability(paper, 3, 0)).toBe(0);
  });
});

describe("BG/NBD: overflow (Hardie, 'Overcoming the BG/NBD model's #NUM! error problem')", () => {
  const heavy = { frequency: 200, recency: 38, T: 40 };
  it("a customer with x = 200, t_x = 38, T = 40 has a finite log-likelihood", () => {
    const ll = bgNbdLogLikelihood(paper, heavy);
    // The naive product form overflows: Γ(r+x) alone is about e^858, (α+T)^(r+x) e^760.
    expect(Number.isFinite(ll)).toBe(true);
    expect(Number.isFinite(bgNbdLogLikelihood(paper, { frequency: 2000, recency: 5, T: 40 }))).toBe(
      true,
    );
  });

  it("equals the naive product form where that does not overflow (x = 20)", () => {
    // FHL (2005) eq. (6) with Γ(r+x)/Γ(r) = Π_{j<x}(r+j), B(a,b+x)/B(a,b) = Π_{j<x}(b+j)/(a+b+j)
    // and B(a+1,b+x−1)/B(a,b) = a/(b+x−1) · B(a,b+x)/B(a,b): plain products, no logs.
    const { r, alpha, a, b } = paper;
    const [x, tx, T] = [20, 30, 38];
    let gammaRatio = 1;
    let betaRatio = 1;
    for (let j = 0; j < x; j++) {
      gammaRatio *= r + j;
      betaRatio *= (b + j) / (a + b + j);
    }
    const common = gammaRatio * alpha ** r;
    const naive =
      betaRatio * (common / (alpha + T) ** (r + x)) +
      (a / (b + x - 1)) * betaRatio * (common / (alpha + tx) ** (r + x));
    expect(bgNbdLogLikelihood(paper, { frequency: x, recency: tx, T })).toBeCloseTo(
      Math.log(naive),
      10,
    );
  });

  it("predictions stay finite and in range for such customers", () => {
    const e = bgNbdConditionalExpectedPurchases(paper, heavy, 52);
    expect(e.reason).toBeNull();
    expect(Number.isFinite(e.value)).toBe(true);
    expect(e.value).toBeGreaterThan(0);
    const far = bgNbdConditionalExpectedPurchases(
      paper,
      { frequency: 2000, recency: 38, T: 40 },
      5000,
    );
    expect(far.reason).toBeNull();
    expect(Number.isFinite(far.value)).toBe(true);
    const alive = bgNbdProbabilityAlive(paper, { frequency: 2000, recency: 1, T: 40 });
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThan(1e-100);
  });

  it("a fit with many heavy buyers converges", () => {
    const many = [
      ...rows,
      ...Array.from({ length: 300 }, (_, i) => ({
        frequency: 150 + (i % 100),
        recency: 30 + (i % 8),
        T: 39,
      })),
    ];
    const heavyFit = fitBgNbd(many, { timeUnit: "week" });
    expect(heavyFit.converged).toBe(true);
    expect(Number.isFinite(heavyFit.logLikelihood)).toBe(true);
  });
});

describe("BG/NBD: properties", () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
    a: fc.double({ min: 0.05, max: 5, noNaN: true }),
    b: fc.double({ min: 0.05, max: 10, noNaN: true }),
  });
  const history = fc
    .tuple(
      fc.integer({ min: 0, max: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 200, noNaN: true }),
    )
    .map(([x, share, T]) => ({ frequency: x, recency: x === 0 ? 0 : share * T, T }));

  test.prop([params, history])("P(alive) is in [0, 1] and ln L is finite", (p, h) => {
    const v = bgNbdProbabilityAlive(p, h);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
    expect(Number.isFinite(bgNbdLogLikelihood(p, h))).toBe(true);
  });

  test.prop([
    params,
    history,
    fc.double({ min: 0.1, max: 100, noNaN: true }),
    fc.double({ min: 1.01, max: 3, noNaN: true }),
  ])("expected purchases rise with t", (p, h, t, factor) => {
    fc.pre(Math.abs(p.a - 1) > 1e-3);
    const e1 = bgNbdConditionalExpectedPurchases(p, h, t);
    const e2 = bgNbdConditionalExpectedPurchases(p, h, t * factor);
    fc.pre(e1.value !== null && e2.value !== null);
    expect(e2.value as number).toBeGreaterThanOrEqual((e1.value as number) * (1 - 1e-9));
  });

  test.prop([params, fc.double({ min: 0.1, max: 20, noNaN: true })], { numRuns: 25 })(
    "the purchase probabilities add up to 1",
    (p, t) => {
      let total = 0;
      for (let k = 0; k < 200; k++) total += bgNbdPurchaseProbability(p, k, t);
      fc.pre(bgNbdPurchaseProbability(p, 199, t) < 1e-12);
      expect(total).toBeCloseTo(1, 6);
    },
  );
});

describe("fitBgNbd: weights, grouping, tallies, penalty", () => {
  const small = deepFreeze(rows.slice(0, 400));
  let base: BgNbdFit;
  beforeAll(() => {
    base = fitBgNbd(small, { timeUnit: "week" });
  });

  it("weights of grouped rows give the same fit as the rows themselves", () => {
    const groups = new Map<string, { frequency: number; recency: number; T: number; n: number }>();
    for (const r of small) {
      const key = `${r.frequency}|${r.recency}|${r.T}`;
      const g = groups.get(key);
      if (g === undefined)
        groups.set(key, { frequency: r.frequency, recency: r.recency, T: r.T, n: 1 });
      else g.n++;
    }
    const weighted = fitBgNbd([...groups.values()], { weight: "n", timeUnit: "week" });
    expect(weighted.n).toBe(400);
    expect(weighted.params?.r).toBeCloseTo(base.params?.r as number, 8);
    expect(weighted.params?.b).toBeCloseTo(base.params?.b as number, 6);
    expect(weighted.logLikelihood).toBeCloseTo(base.logLikelihood as number, 7);
  });

  it("reads other field names through accessors (the csv's x, t_x)", () => {
    const renamed = small.map((r) => ({ x: r.frequency, t_x: r.recency, age: r.T }));
    const f = fitBgNbd(renamed, { frequency: "x", recency: "t_x", T: (row) => row.age });
    expect(f.params?.a).toBeCloseTo(base.params?.a as number, 10);
    expect(f.timeUnit).toBeNull();
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 400, maxLength: 400 })], {
    numRuns: 5,
  })(
    "tallies of random groups merged equal the tally of the whole (and fit the same)",
    (assign) => {
      const metric = bgNbdMetric({ timeUnit: "week" });
      const tallies = [0, 1, 2, 3].map((g) => {
        const state = metric.init();
        small.forEach((row, i) => {
          if (assign[i] === g) metric.add(state, row, i);
        });
        return metric.tally(state);
      });
      const merged = tallies.reduce(mergeBgNbdTallies, emptyBgNbdTally());
      const merged2 = mergeBgNbdTallies(emptyBgNbdTally(), merged);
      expect(merged2.rows.length).toBe(merged.rows.length);
      const whole = runMetric(metric, small);
      const fromTally = fitBgNbdFromTally(merged);
      expect(fromTally.n).toBe(whole.n);
      expect(fromTally.distinctRows).toBe(whole.distinctRows);
      expect(fromTally.logLikelihood).toBeCloseTo(whole.logLikelihood as number, 6);
    },
  );

  it("a penalty shrinks the parameters (lifetimes' penalizer test)", () => {
    const light = fitBgNbd(small, { penalty: 0.1 });
    const heavy = fitBgNbd(small, { penalty: 10 });
    const keys = ["r", "alpha", "a", "b"] as const;
    for (const k of keys) {
      expect(light.params?.[k]).toBeLessThan(base.params?.[k] as number);
      expect(heavy.params?.[k]).toBeLessThan(light.params?.[k] as number);
    }
    expect(light.penalty).toBe(0.1);
  });

  it("returns null params with a reason for empty input or no repeat buyer", () => {
    const empty = fitBgNbd([]);
    expect(empty.params).toBeNull();
    expect(empty.reason).toBe("empty");
    expect(empty.logLikelihood).toBeNull();
    const none = fitBgNbd([{ frequency: 0, recency: 0, T: 5 }]);
    expect(none.reason).toBe("insufficient-data");
    expect(JSON.parse(JSON.stringify(none))).toEqual(none);
  });
});

describe("fitBgNbd: bad input", () => {
  const ok = { frequency: 1, recency: 2, T: 5 };
  const check = (input: unknown, path: (string | number)[], options?: unknown) =>
    expectInputError(
      // @ts-expect-error: invalid on purpose
      () => fitBgNbd(input, options),
      // @ts-expect-error: invalid on purpose
      () => safeFitBgNbd(input, options),
      path,
    );

  it("names the row and field", () => {
    check([ok, { ...ok, frequency: 1.5 }], [1, "frequency"]);
    check([ok, { ...ok, frequency: -1 }], [1, "frequency"]);
    check([{ ...ok, recency: Number.NaN }], [0, "recency"]);
    check([{ ...ok, T: Number.POSITIVE_INFINITY }], [0, "T"]);
    check([{ ...ok, recency: 6 }], [0, "recency"]);
    check([{ frequency: 0, recency: 1, T: 5 }], [0, "recency"]);
    check([{ recency: 1, T: 5 }], [0, "frequency"]);
    check([null], [0, "frequency"]);
    check([ok], [0, "w"], { weight: "w" });
    check([{ ...ok, w: -1 }], [0, "w"], { weight: "w" });
  });

  it("rejects invalid summaries and options", () => {
    check({ customers: [] }, []);
    check("rows", []);
    check([ok], ["options"], { unknown: 1 });
    check([ok], ["options", "penalty"], { penalty: -1 });
    check([ok], ["options", "timeUnit"], { timeUnit: "year" });
    const summary = rfmSummary([], { observationEnd: "2025-01-01T00:00:00Z", timeUnit: "day" });
    check(summary, ["options", "timeUnit"], { timeUnit: "week" });
    expect(() => fitBgNbdFromTally({ rows: [[1, 9, 5, 1]], timeUnit: null })).toThrow(
      "rows[0].recency",
    );
  });

  it("rejects bad parameters and times in predictions", () => {
    expect(
      inputErrorOf(() => bgNbdProbabilityAlive({ ...paper, r: -1 }, ok)).issues[0]?.path,
    ).toEqual(["params", "r"]);
    expect(inputErrorOf(() => bgNbdExpectedPurchases(paper, -1)).issues[0]?.path).toEqual(["t"]);
    expect(inputErrorOf(() => bgNbdPurchaseProbability(paper, 1.5, 2)).issues[0]?.path).toEqual([
      "k",
    ]);
    expect(
      inputErrorOf(() =>
        bgNbdConditionalExpectedPurchases(paper, { frequency: 1, recency: 9, T: 5 }, 1),
      ).issues[0]?.path,
    ).toEqual([0, "recency"]);
  });
});
