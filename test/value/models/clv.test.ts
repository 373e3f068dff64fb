import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { bgNbdConditionalExpectedPurchases, fitBgNbd } from "../../../src/value/models/bgnbd.ts";
import {
  type ClvResult,
  customerLifetimeValue,
  safeCustomerLifetimeValue,
} from "../../../src/value/models/clv.ts";
import { fitGammaGamma, gammaGammaExpectedSpend } from "../../../src/value/models/gamma-gamma.ts";
import { rfmSummary } from "../../../src/value/models/rfm.ts";
import {
  CDNOW_BG_NBD_MODEL,
  CDNOW_GAMMA_GAMMA_MODEL,
  cdnowWithSpend,
  deepFreeze,
  expectInputError,
} from "./helpers.ts";

const bg = CDNOW_BG_NBD_MODEL;
const gg = CDNOW_GAMMA_GAMMA_MODEL;
const customers = deepFreeze(cdnowWithSpend().slice(0, 30));

/** lifetimes' `_customer_lifetime_value` loop, written out with the verified predictions. */
function reference(
  row: (typeof customers)[number],
  steps: number,
  stepLength: number,
  rate: number,
): number {
  const spend = gammaGammaExpectedSpend(gg.params, row).value as number;
  let clv = 0;
  for (let i = 1; i <= steps; i++) {
    const now = bgNbdConditionalExpectedPurchases(bg.params, row, i * stepLength).value as number;
    const before = bgNbdConditionalExpectedPurchases(bg.params, row, (i - 1) * stepLength)
      .value as number;
    clv += (spend * (now - before)) / (1 + rate) ** i;
  }
  return clv;
}

describe("customerLifetimeValue", () => {
  // Computed in beforeAll, not while the file loads (see docs/mutation.md).
  let result: ClvResult;
  beforeAll(() => {
    result = customerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers,
      horizon: { value: 12, unit: "month" },
      discountRate: { rate: 0.01, per: "month" },
    });
  });

  it("sums monthly steps of 365.25/12/7 weeks, discounted, as lifetimes' loop", () => {
    expect(result.stepLength).toBeCloseTo(365.25 / 12 / 7, 14);
    expect(result.steps).toBe(12);
    expect(result.conversion).toContain("1 month = 4.348214 weeks");
    customers.forEach((row, i) => {
      expect(result.customers[i]?.clv).toBeCloseTo(reference(row, 12, 365.25 / 12 / 7, 0.01), 10);
    });
    const sum = result.customers.reduce((s, c) => s + (c.clv ?? 0), 0);
    expect(result.total).toBeCloseTo(sum, 9);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("reports P(alive), expected purchases over the horizon and expected spend", () => {
    const first = result.customers[0];
    // Customer 1 (x = 2, t_x = 30.43, T = 38.86): P(alive) 0.72658 by hand (bgnbd test).
    expect(first?.probabilityAlive).toBeCloseTo(0.72658, 4);
    expect(first?.expectedSpend).toBeCloseTo(24.663714, 5);
    expect(first?.expectedPurchases).toBeCloseTo(
      bgNbdConditionalExpectedPurchases(bg.params, customers[0] as never, 52.178571)
        .value as number,
      5,
    );
    expect(first?.customerId).toBeNull();
    expect(first?.index).toBe(0);
  });

  it("converts a yearly horizon into discount months, and ends with a partial period", () => {
    const yearly = customerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers,
      horizon: { value: 1, unit: "year" },
      discountRate: { rate: 0.01, per: "month" },
    });
    expect(yearly.steps).toBe(12);
    expect(yearly.customers[3]?.clv).toBeCloseTo(result.customers[3]?.clv as number, 12);
    const partial = customerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers: customers.slice(0, 1),
      horizon: { value: 6, unit: "week" },
      discountRate: { rate: 0.05, per: "month" },
    });
    // 6 weeks = 42 / 30.4375 = 1.3799 months: one whole month and a partial one ending at 6 weeks.
    expect(partial.steps).toBeCloseTo(42 / 30.4375, 12);
    const row = customers[0] as (typeof customers)[number];
    const spend = gammaGammaExpectedSpend(gg.params, row).value as number;
    const e1 = bgNbdConditionalExpectedPurchases(bg.params, row, 30.4375 / 7).value as number;
    const e2 = bgNbdConditionalExpectedPurchases(bg.params, row, 6).value as number;
    const expected = (spend * e1) / 1.05 + (spend * (e2 - e1)) / 1.05 ** (42 / 30.4375);
    expect(partial.customers[0]?.clv).toBeCloseTo(expected, 10);
  });

  it("applies the margin and takes ids from rfmSummary rows", () => {
    const summary = rfmSummary(
      [
        { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 10 },
        { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 30 },
        { customerId: "b", date: "2025-01-05T00:00:00Z", amount: 20 },
      ],
      { observationEnd: "2025-03-01T00:00:00Z", timeUnit: "week" },
    );
    const full = customerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers: summary,
      horizon: { value: 6, unit: "month" },
      discountRate: { rate: 0.01, per: "month" },
    });
    const half = customerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers: summary,
      horizon: { value: 6, unit: "month" },
      discountRate: { rate: 0.01, per: "month" },
      margin: 0.5,
    });
    expect(full.customers.map((c) => c.customerId)).toEqual(["a", "b"]);
    expect(half.customers[0]?.clv).toBeCloseTo((full.customers[0]?.clv as number) / 2, 12);
    expect(half.margin).toBe(0.5);
  });

  const rate = fc.double({ min: 0, max: 0.5, noNaN: true });
  test.prop([rate, rate, fc.integer({ min: 0, max: 29 })])(
    "CLV falls as the discount rate rises",
    (r1, r2, i) => {
      const [low, high] = r1 <= r2 ? [r1, r2] : [r2, r1];
      const at = (r: number) =>
        customerLifetimeValue({
          transactionModel: bg,
          spendModel: gg,
          customers: [customers[i] as (typeof customers)[number]],
          horizon: { value: 12, unit: "month" },
          discountRate: { rate: r, per: "month" },
        }).customers[0]?.clv as number;
      expect(at(high)).toBeLessThanOrEqual(at(low) * (1 + 1e-12));
      expect(at(high)).toBeGreaterThanOrEqual(0);
    },
  );

  test.prop([fc.integer({ min: 1, max: 36 }), fc.integer({ min: 1, max: 36 })])(
    "CLV grows with the horizon",
    (h1, h2) => {
      const at = (h: number) =>
        customerLifetimeValue({
          transactionModel: bg,
          spendModel: gg,
          customers: customers.slice(0, 3),
          horizon: { value: h, unit: "month" },
          discountRate: { rate: 0.01, per: "month" },
        }).total;
      if (h1 <= h2) expect(at(h1)).toBeLessThanOrEqual(at(h2) * (1 + 1e-12));
    },
  );

  it("works end to end with fitted models on CDNOW", () => {
    const all = cdnowWithSpend();
    const r = customerLifetimeValue({
      transactionModel: fitBgNbd(all, { timeUnit: "week" }),
      spendModel: fitGammaGamma(all),
      customers: all,
      horizon: { value: 12, unit: "month" },
      discountRate: { rate: 0.01, per: "month" },
    });
    expect(r.n).toBe(2357);
    expect(r.warnings).toEqual([]);
    expect(r.customers.every((c) => c.clv !== null && c.clv >= 0)).toBe(true);
  });
});

describe("customerLifetimeValue: units are never guessed", () => {
  const base = {
    transactionModel: bg,
    spendModel: gg,
    customers,
    horizon: { value: 12, unit: "month" },
    discountRate: { rate: 0.01, per: "month" },
  } as const;
  const check = (input: unknown, path: (string | number)[]) =>
    expectInputError(
      // @ts-expect-error: invalid on purpose
      () => customerLifetimeValue(input),
      // @ts-expect-error: invalid on purpose
      () => safeCustomerLifetimeValue(input),
      path,
    );

  it("rejects a summary in days with a model fitted in weeks", () => {
    const days = rfmSummary([{ customerId: 1, date: "2025-01-01T00:00:00Z", amount: 5 }], {
      observationEnd: "2025-02-01T00:00:00Z",
      timeUnit: "day",
    });
    const e = check({ ...base, customers: days }, ["customers", "timeUnit"]);
    expect(e.message).toContain('"day" does not match "week"');
    check({ ...base, timeUnit: "day" }, ["timeUnit"]);
  });

  it("requires a time unit when nothing states one", () => {
    check({ ...base, transactionModel: { metric: "bgNbd", params: bg.params } }, ["timeUnit"]);
    const ok = customerLifetimeValue({
      ...base,
      transactionModel: { metric: "bgNbd", params: bg.params },
      timeUnit: "week",
    });
    expect(ok.timeUnit).toBe("week");
  });

  it("rejects bad models, horizons, rates and rows", () => {
    check({ ...base, transactionModel: { metric: "bgNbd", params: null, reason: "empty" } }, [
      "transactionModel",
      "params",
    ]);
    check({ ...base, spendModel: { metric: "gammaGamma", params: { p: 1, q: -1, v: 1 } } }, [
      "spendModel",
      "params",
      "q",
    ]);
    check({ ...base, spendModel: bg }, ["spendModel"]);
    check({ ...base, horizon: { value: 0, unit: "month" } }, ["horizon", "value"]);
    check({ ...base, horizon: { value: 12, unit: "months" } }, ["horizon", "unit"]);
    check({ ...base, discountRate: { rate: -0.1, per: "month" } }, ["discountRate", "rate"]);
    check({ ...base, discountRate: 0.01 }, ["discountRate"]);
    check({ ...base, margin: 2 }, ["margin"]);
    check({ ...base, customers: [{ frequency: 2, recency: 1, T: 5, monetary: 0 }] }, [
      "customers",
      0,
      "monetary",
    ]);
    check({ ...base, customers: [{ frequency: 2, recency: 9, T: 5, monetary: 3 }] }, [
      "customers",
      0,
      "recency",
    ]);
  });
});
