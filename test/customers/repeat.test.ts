import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  emptyRepeatPurchaseTally,
  emptyRepeatRateTally,
  MetricsInputError,
  mergeRepeatPurchaseTallies,
  mergeRepeatRateTallies,
  type Order,
  orderSchema,
  repeatPurchaseRate,
  repeatPurchaseRateFromCounts,
  repeatPurchaseRateMetric,
  repeatRate,
  repeatRateFromOrders,
  repeatRateMetric,
  safeRepeatPurchaseRate,
  safeRepeatPurchaseRateFromCounts,
  safeRepeatRate,
  safeRepeatRateFromOrders,
} from "../../src/index.ts";
import { deepFreeze } from "./helpers.ts";

const FEB = { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } as const;

function pathOf(run: () => unknown): (string | number)[] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsInputError) return [...(error.issues[0]?.path ?? [])];
    throw error;
  }
  return undefined;
}

// Hand example for February 2025:
// a: January and twice in February      -> prior, repeat, 2+ orders in Feb
// b: January only                        -> prior, no repeat
// c: February once (first order)         -> new, 1 order
// d: December and exactly at Feb 1 00:00 -> prior, repeat (start included), 1 order
// e: exactly at Mar 1 00:00 and January  -> prior, no repeat (end excluded)
// f: two orders in February, first ever  -> new, 2+ orders
const orders: Order[] = deepFreeze([
  { customerId: "a", date: "2025-01-10T09:00:00Z", amount: 10 },
  { customerId: "a", date: "2025-02-03T09:00:00Z", amount: 10 },
  { customerId: "a", date: "2025-02-20T09:00:00Z", amount: 10 },
  { customerId: "b", date: "2025-01-11T09:00:00Z", amount: 10 },
  { customerId: "c", date: "2025-02-12T09:00:00+01:00", amount: 10 },
  { customerId: "d", date: "2024-12-24T09:00:00Z", amount: 10 },
  { customerId: "d", date: "2025-02-01T00:00:00Z", amount: 10 },
  { customerId: "e", date: "2025-03-01T00:00:00Z", amount: 10 },
  { customerId: "e", date: "2025-01-15T00:00:00Z", amount: 10 },
  { customerId: "f", date: Date.UTC(2025, 1, 5), amount: 0 },
  { customerId: "f", date: new Date(Date.UTC(2025, 1, 6)), amount: 3 },
]);

describe("repeat (returning-customer) rate", () => {
  it("counts prior buyers who bought again in the period", () => {
    const r = repeatRateFromOrders(orders, { period: FEB });
    // prior = {a, b, d, e}; repeat = {a, d}
    expect(r).toMatchObject({
      metric: "repeatRate",
      value: 0.5,
      n: 4,
      priorCustomers: 4,
      repeatCustomers: 2,
      periodCustomers: 4,
      newCustomers: 2,
    });
    expect(r.period?.start).toBe("2025-02-01T00:00:00.000+00:00");
  });

  it("from counts", () => {
    const r = repeatRate({ priorCustomers: 200, repeatCustomers: 50 });
    expect(r.value).toBe(0.25);
    expect(r.periodCustomers).toBeNull();
    expect(repeatRate({ priorCustomers: 0, repeatCustomers: 0 }).reason).toBe("empty");
    expect(pathOf(() => repeatRate({ priorCustomers: 1, repeatCustomers: 2 }))).toEqual([
      "repeatCustomers",
    ]);
    expect(safeRepeatRate({ priorCustomers: 1.5, repeatCustomers: 0 }).ok).toBe(false);
  });

  it("no prior buyers: null with zero-denominator; no orders at all: empty", () => {
    const onlyNew = repeatRateFromOrders(
      [{ customerId: "x", date: "2025-02-02T00:00:00Z", amount: 1 }],
      {
        period: FEB,
      },
    );
    expect(onlyNew).toMatchObject({ value: null, reason: "zero-denominator" });
    expect(repeatRateFromOrders([], { period: FEB })).toMatchObject({
      value: null,
      reason: "empty",
    });
  });
});

describe("repeat purchase rate (the other meaning)", () => {
  it("counts period buyers with 2+ orders in the period", () => {
    const r = repeatPurchaseRate(orders, { period: FEB });
    // buyers in Feb = {a, c, d, f}; 2+ orders = {a, f}
    expect(r).toMatchObject({
      metric: "repeatPurchaseRate",
      value: 0.5,
      customers: 4,
      repeatCustomers: 2,
    });
  });

  it("differs from the repeat rate on the same orders", () => {
    const two: Order[] = [
      { customerId: "a", date: "2025-02-02T00:00:00Z", amount: 1 },
      { customerId: "a", date: "2025-02-03T00:00:00Z", amount: 1 },
    ];
    expect(repeatPurchaseRate(two, { period: FEB }).value).toBe(1);
    expect(repeatRateFromOrders(two, { period: FEB }).value).toBeNull();
  });

  it("from counts", () => {
    expect(repeatPurchaseRateFromCounts({ customers: 400, repeatCustomers: 100 }).value).toBe(0.25);
    expect(repeatPurchaseRateFromCounts({ customers: 0, repeatCustomers: 0 }).reason).toBe("empty");
    expect(
      pathOf(() => repeatPurchaseRateFromCounts({ customers: 1, repeatCustomers: 2 })),
    ).toEqual(["repeatCustomers"]);
    expect(safeRepeatPurchaseRateFromCounts({ customers: -1, repeatCustomers: 0 }).ok).toBe(false);
  });
});

describe("input errors", () => {
  const cases: [string, unknown[], (string | number)[]][] = [
    ["offset-less date", [{ customerId: "a", date: "2025-02-01 10:00", amount: 1 }], [0, "date"]],
    [
      "negative amount (a return)",
      [
        { customerId: "a", date: "2025-02-01T10:00:00Z", amount: 1 },
        { customerId: "a", date: "2025-02-01T10:00:00Z", amount: -5 },
      ],
      [1, "amount"],
    ],
    [
      "NaN amount",
      [{ customerId: "a", date: "2025-02-01T10:00:00Z", amount: Number.NaN }],
      [0, "amount"],
    ],
    [
      "margin > 1",
      [{ customerId: "a", date: "2025-02-01T10:00:00Z", amount: 1, margin: 2 }],
      [0, "margin"],
    ],
    ["missing customerId", [{ date: "2025-02-01T10:00:00Z", amount: 1 }], [0, "customerId"]],
    ["record is a number", [1], [0]],
  ];
  for (const [name, records, path] of cases) {
    it(`${name} -> ${JSON.stringify(path)}`, () => {
      expect(pathOf(() => repeatRateFromOrders(records as Order[], { period: FEB }))).toEqual(path);
      expect(pathOf(() => repeatPurchaseRate(records as Order[], { period: FEB }))).toEqual(path);
      expect(safeRepeatRateFromOrders(records as Order[], { period: FEB }).ok).toBe(false);
      expect(safeRepeatPurchaseRate(records as Order[], { period: FEB }).ok).toBe(false);
    });
  }

  it("orders after the period are still checked", () => {
    expect(
      pathOf(() =>
        repeatRateFromOrders([{ customerId: "a", date: "2030-01-01T00:00:00Z", amount: -1 }], {
          period: FEB,
        }),
      ),
    ).toEqual([0, "amount"]);
  });

  it("options", () => {
    expect(
      pathOf(() => repeatRateFromOrders([], { period: { start: FEB.end, end: FEB.start } })),
    ).toEqual(["options", "period", "end"]);
    expect(pathOf(() => repeatRateFromOrders([], { period: FEB, maxMargin: 0 }))).toEqual([
      "options",
      "maxMargin",
    ]);
    expect(
      pathOf(() =>
        repeatPurchaseRate([], { period: { start: "2025-02-01T00:00:00Z", end: 1e20 } }),
      ),
    ).toEqual(["options", "period", "end"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const ordersArb = fc
  .array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", 1, 2, 3),
      day: fc.integer({ min: 0, max: 90 }),
      amount: fc.double({ min: 0, max: 1000, noNaN: true }),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map(
      (r): Order => ({ customerId: r.customerId, date: T0 + r.day * DAY, amount: r.amount }),
    ),
  );
const period = { start: T0 + 31 * DAY, end: T0 + 59 * DAY };

describe("properties", () => {
  test.prop([ordersArb])("rates are in [0, 1] and the brute force agrees", (rows) => {
    const r = repeatRateFromOrders(rows, { period });
    const p = repeatPurchaseRate(rows, { period });
    const ids = [...new Set(rows.map((o) => o.customerId))];
    const t = (o: Order) => Number(o.date);
    const inP = (o: Order) => t(o) >= period.start && t(o) < period.end;
    const prior = ids.filter((id) => rows.some((o) => o.customerId === id && t(o) < period.start));
    const repeat = prior.filter((id) => rows.some((o) => o.customerId === id && inP(o)));
    const buyers = ids.filter((id) => rows.some((o) => o.customerId === id && inP(o)));
    const twice = buyers.filter(
      (id) => rows.filter((o) => o.customerId === id && inP(o)).length >= 2,
    );
    expect(r.priorCustomers).toBe(prior.length);
    expect(r.repeatCustomers).toBe(repeat.length);
    expect(p.customers).toBe(buyers.length);
    expect(p.repeatCustomers).toBe(twice.length);
    for (const v of [r.value, p.value]) {
      if (v === null) continue;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  test.prop([ordersArb, fc.integer({ min: 2, max: 4 })])(
    "group tallies merge to the whole",
    (rows, k) => {
      const rm = repeatRateMetric({ period });
      const pm = repeatPurchaseRateMetric({ period });
      const rs = Array.from({ length: k }, () => rm.init());
      const ps = Array.from({ length: k }, () => pm.init());
      const rWhole = rm.init();
      const pWhole = pm.init();
      rows.forEach((o, i) => {
        const g = String(o.customerId).charCodeAt(0) % k;
        const rsg = rs[g];
        const psg = ps[g];
        if (rsg === undefined || psg === undefined) throw new Error("group");
        rm.add(rsg, o, i);
        pm.add(psg, o, i);
        rm.add(rWhole, o, i);
        pm.add(pWhole, o, i);
      });
      expect(
        rs.map((s) => rm.tally(s)).reduce(mergeRepeatRateTallies, emptyRepeatRateTally()),
      ).toEqual(rm.tally(rWhole));
      expect(
        ps.map((s) => pm.tally(s)).reduce(mergeRepeatPurchaseTallies, emptyRepeatPurchaseTally()),
      ).toEqual(pm.tally(pWhole));
    },
  );

  test.prop([ordersArb])("does not depend on record order", (rows) => {
    const reversed = [...rows].reverse();
    expect(repeatRateFromOrders(reversed, { period })).toEqual(
      repeatRateFromOrders(rows, { period }),
    );
    expect(repeatPurchaseRate(reversed, { period })).toEqual(repeatPurchaseRate(rows, { period }));
  });

  const looseOrderArb = fc.record(
    {
      customerId: fc.oneof(fc.string({ maxLength: 3 }), fc.double(), fc.constant(null)),
      date: fc.oneof(
        fc.integer(),
        fc.double(),
        fc.date({ noInvalidDate: false }),
        fc.constantFrom("2025-02-10T00:00:00Z", "2025-02-10T00:00:00", "2025-02-30T00:00:00Z", ""),
      ),
      amount: fc.oneof(fc.double(), fc.constant("1")),
      margin: fc.oneof(fc.double({ min: -1, max: 2 }), fc.constant(undefined)),
      cost: fc.oneof(fc.double(), fc.constant(undefined)),
    },
    { requiredKeys: [] },
  );

  test.prop([fc.oneof(looseOrderArb, fc.anything())])(
    "the inline order check accepts exactly what orderSchema accepts",
    (value) => {
      const accepted = pathOf(() => repeatPurchaseRate([value as Order], { period })) === undefined;
      expect(accepted).toBe(z.safeParse(orderSchema, value).success);
    },
  );
});
