// Churn on real data: IBM Telco Customer Churn (7,043 subscribers, 1,869 with Churn=Yes).
// The data have no dates, only tenure (months) and a churn flag. As the dataset README says,
// subscriptions are start = asOf − tenure months and end = asOf only where Churn = Yes.
// With asOf = 2024-06-15 and the period June 2024, every churner ends inside the period,
// customers with tenure >= 1 started before it (start snapshot) and the 11 customers with
// tenure 0 start at asOf (new in the period). Expected counts come from DuckDB SQL on the
// fixture CSV, not from the library.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addIntervals,
  churnMetric,
  churnRateFromSubscriptions,
  customerRetentionRateFromSubscriptions,
  mrrChurnFromSubscriptions,
  type Subscription,
} from "../../src/index.ts";
import { deepFreeze, FIXTURES, readSimpleCsv, sql, sqlPath } from "./helpers.ts";

const CSV = join(FIXTURES, "telco-churn", "WA_Fn-UseC_-Telco-Customer-Churn.csv");
const AS_OF = Date.UTC(2024, 5, 15);
const PERIOD = { start: "2024-06-01T00:00:00Z", end: "2024-07-01T00:00:00Z" } as const;

interface TelcoSubscription extends Subscription {
  readonly contract: string;
}

function subscriptions(): TelcoSubscription[] {
  // The CSV has no quoted fields with commas (checked: 21 fields on every line).
  const columns = ["customerID", "tenure", "Churn", "MonthlyCharges", "Contract"] as const;
  return readSimpleCsv(CSV, columns).map((row) => {
    const tenure = Number(row.tenure);
    const churned = row.Churn === "Yes";
    return {
      customerId: row.customerID,
      start: addIntervals(AS_OF, "month", -tenure, "UTC"),
      end: churned ? AS_OF : null,
      mrr: Number(row.MonthlyCharges),
      contract: row.Contract,
    };
  });
}

interface Expected {
  readonly contract: string;
  readonly atStart: number;
  readonly churned: number;
  readonly newCustomers: number;
  readonly startingMrr: number;
  readonly churnedMrr: number;
  readonly endingMrr: number;
}

let subs: readonly TelcoSubscription[] = [];
let expectedByContract: Expected[] = [];
let expectedAll: Expected;

beforeAll(async () => {
  subs = deepFreeze(subscriptions());
  const q = (groupBy: string) => `
    SELECT ${groupBy} AS contract,
      count(*) FILTER (WHERE tenure >= 1) AS "atStart",
      count(*) FILTER (WHERE "Churn") AS churned,
      count(*) FILTER (WHERE tenure = 0) AS "newCustomers",
      sum("MonthlyCharges"::DECIMAL(12, 2)) FILTER (WHERE tenure >= 1)::DOUBLE AS "startingMrr",
      sum("MonthlyCharges"::DECIMAL(12, 2)) FILTER (WHERE "Churn")::DOUBLE AS "churnedMrr",
      sum("MonthlyCharges"::DECIMAL(12, 2)) FILTER (WHERE NOT "Churn")::DOUBLE AS "endingMrr"
    FROM read_csv(${sqlPath(CSV)})
    GROUP BY ALL ORDER BY contract`;
  const columns = [
    "contract",
    "atStart",
    "churned",
    "newCustomers",
    "startingMrr",
    "churnedMrr",
    "endingMrr",
  ] as const;
  const toExpected = (row: Record<(typeof columns)[number], string>): Expected => ({
    contract: String(row.contract),
    atStart: Number(row.atStart),
    churned: Number(row.churned),
    newCustomers: Number(row.newCustomers),
    startingMrr: Number(row.startingMrr),
    churnedMrr: Number(row.churnedMrr),
    endingMrr: Number(row.endingMrr),
  });
  expectedByContract = (await sql(q('"Contract"'), columns)).map(toExpected);
  const all = (await sql(q("'all'"), columns))[0];
  if (all === undefined) throw new Error("no rows");
  expectedAll = toExpected(all);
});

describe("Telco churn (IBM sample data)", () => {
  it("SQL agrees with the dataset README: 1,869 of 7,043 churned", () => {
    expect(expectedAll.churned).toBe(1869);
    expect(expectedAll.atStart + expectedAll.newCustomers).toBe(7043);
    expect(expectedAll.newCustomers).toBe(11);
  });

  it("overall churn, default rule: churned / customers at start (tenure >= 1)", () => {
    const r = churnRateFromSubscriptions(subs, { period: PERIOD });
    expect(r.customersAtStart).toBe(expectedAll.atStart);
    expect(r.churned).toBe(expectedAll.churned);
    expect(r.newCustomers).toBe(expectedAll.newCustomers);
    expect(r.value).toBeCloseTo(1869 / 7032, 12);
    expect(r.period).toEqual({
      start: "2024-06-01T00:00:00.000+00:00",
      end: "2024-07-01T00:00:00.000+00:00",
      timeZone: "UTC",
    });
  });

  it("overall churn, Stripe rule: 1,869 / 7,043 = 26.5% (the published share)", () => {
    const r = churnRateFromSubscriptions(subs, {
      period: PERIOD,
      denominator: "active-at-start-plus-new",
    });
    expect(r.n).toBe(7043);
    expect(r.value).toBeCloseTo(1869 / 7043, 12);
    expect(r.value).toBeCloseTo(0.265, 3);
  });

  it("churn by contract type equals SQL, and the segment tallies merge to the whole", () => {
    const metric = churnMetric<TelcoSubscription>({ period: PERIOD });
    const states = new Map<string, ReturnType<typeof metric.init>>();
    subs.forEach((s, i) => {
      let state = states.get(s.contract);
      if (state === undefined) states.set(s.contract, (state = metric.init()));
      metric.add(state, s, i);
    });
    expect([...states.keys()].sort()).toEqual(expectedByContract.map((e) => e.contract));
    let merged = metric.empty();
    for (const e of expectedByContract) {
      const state = states.get(e.contract);
      if (state === undefined) throw new Error(e.contract);
      const tally = metric.tally(state);
      const r = metric.finalize(tally);
      expect(r.customersAtStart).toBe(e.atStart);
      expect(r.churned).toBe(e.churned);
      expect(r.value).toBeCloseTo(e.churned / e.atStart, 12);
      merged = metric.merge(merged, tally);
    }
    // Month-to-month 1,655 / 3,875; one year 166 / 1,472; two year 48 / 1,685 (SQL above).
    expect(expectedByContract.map((e) => e.churned)).toEqual([1655, 166, 48]);
    expect(metric.finalize(merged)).toEqual(churnRateFromSubscriptions(subs, { period: PERIOD }));
  });

  it("customer retention rate = (E − N) / S = 1 − churn", () => {
    const r = customerRetentionRateFromSubscriptions(subs, { period: PERIOD });
    // E = 7,043 − 1,869 still active at the end; N = 11 new; S = 7,032.
    expect(r.customersAtEnd).toBe(7043 - 1869);
    expect(r.newCustomers).toBe(11);
    expect(r.value).toBeCloseTo((7043 - 1869 - 11) / 7032, 12);
  });

  it("MRR churn from MonthlyCharges equals SQL sums", () => {
    const r = mrrChurnFromSubscriptions(subs, { period: PERIOD });
    expect(r.startingMrr).toBeCloseTo(expectedAll.startingMrr, 6);
    expect(r.churnedMrr).toBeCloseTo(expectedAll.churnedMrr, 6);
    expect(r.endingMrr ?? Number.NaN).toBeCloseTo(expectedAll.endingMrr, 6);
    expect(r.expansionMrr).toBe(0);
    expect(r.contractionMrr).toBe(0);
    expect(r.grossMrrChurnRate).toBeCloseTo(expectedAll.churnedMrr / expectedAll.startingMrr, 12);
    expect(r.netRevenueRetention).toBeCloseTo(
      1 - expectedAll.churnedMrr / expectedAll.startingMrr,
      12,
    );
  });
});
