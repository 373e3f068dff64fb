// Repeat rate, repeat purchase rate, ARPU, AOV and purchase frequency per month on real orders:
// UCI Online Retail 2010-12 to 2011-12 (fixture orders_2010_2011.csv, CC BY 4.0).
//
// Returns: amounts must be >= 0, so the 3,590 pseudo-orders flagged is_return and the 21 mixed
// ones whose lines net to a negative amount are dropped before anything is computed (in the
// test and in the SQL alike); the 13 zero-amount orders stay (they are orders).
// Timestamps in the file have no offset: they are the shop's wall-clock time. The test reads
// them once as UTC with UTC months, and once as Europe/London time with London months (BST
// from 27 March to 30 October 2011; no order falls near a DST change or midnight). Both
// bucket by wall clock, so both must equal one DuckDB query that compares the naive timestamps
// with naive month starts. Expected values come from that SQL, never from the library.
import { join } from "node:path";
import { TZDate } from "@date-fns/tz";
import { beforeAll, describe, expect, it } from "vitest";
import {
  arpu,
  arpuMetric,
  averageOrderValue,
  mergeOrderValueTallies,
  type Order,
  purchaseFrequency,
  repeatPurchaseRate,
  repeatRateFromOrders,
} from "../../src/index.ts";
import { deepFreeze, FIXTURES, readSimpleCsv, sql, sqlPath } from "./helpers.ts";

const CSV = join(FIXTURES, "online-retail", "orders_2010_2011.csv");

interface MonthRow {
  readonly month: string;
  readonly prior: number;
  readonly repeat: number;
  readonly customers: number;
  readonly twice: number;
  readonly orders: number;
  readonly revenue: number;
}

const QUERY = `
WITH o AS (
  SELECT customer_id, date, amount::DECIMAL(18, 2) AS amount
  FROM read_csv(${sqlPath(CSV)})
  WHERE NOT is_return AND amount >= 0
),
months AS (
  SELECT unnest(generate_series(TIMESTAMP '2010-12-01', TIMESTAMP '2011-12-01', INTERVAL 1 MONTH)) AS m
),
per AS (
  SELECT m, customer_id,
    bool_or(date < m) AS prior,
    count(*) FILTER (WHERE date >= m AND date < m + INTERVAL 1 MONTH) AS n_in,
    sum(amount) FILTER (WHERE date >= m AND date < m + INTERVAL 1 MONTH) AS rev_in
  FROM months CROSS JOIN o
  GROUP BY m, customer_id
)
SELECT strftime(m, '%Y-%m') AS month,
  count(*) FILTER (WHERE prior) AS prior,
  count(*) FILTER (WHERE prior AND n_in > 0) AS repeat,
  count(*) FILTER (WHERE n_in > 0) AS customers,
  count(*) FILTER (WHERE n_in >= 2) AS twice,
  sum(n_in) AS orders,
  coalesce(sum(rev_in), 0)::VARCHAR AS revenue
FROM per GROUP BY m ORDER BY m`;

type Reader = (wall: string) => number;

const asUtc: Reader = (wall) => Date.parse(`${wall.replace(" ", "T")}Z`);
const asLondon: Reader = (wall) => {
  const [d, t] = wall.split(" ");
  const [y, mo, da] = (d ?? "").split("-").map(Number);
  const [h, mi, s] = (t ?? "").split(":").map(Number);
  return new TZDate(
    y ?? 0,
    (mo ?? 1) - 1,
    da ?? 1,
    h ?? 0,
    mi ?? 0,
    s ?? 0,
    "Europe/London",
  ).getTime();
};

function loadOrders(read: Reader): Order[] {
  const out: Order[] = [];
  for (const row of readSimpleCsv(CSV, ["customer_id", "date", "amount", "is_return"])) {
    const amount = Number(row.amount);
    if (row.is_return === "true" || amount < 0) continue;
    out.push({ customerId: row.customer_id, date: read(row.date), amount });
  }
  return out;
}

function monthPeriod(month: string, timeZone: string) {
  const [y, m] = month.split("-").map(Number);
  return {
    start: new TZDate(y ?? 0, (m ?? 1) - 1, 1, timeZone).getTime(),
    end: new TZDate(y ?? 0, m ?? 1, 1, timeZone).getTime(),
  };
}

let expected: MonthRow[] = [];

beforeAll(async () => {
  const columns = ["month", "prior", "repeat", "customers", "twice", "orders", "revenue"] as const;
  expected = (await sql(QUERY, columns)).map((r) => ({
    month: String(r.month),
    prior: Number(r.prior),
    repeat: Number(r.repeat),
    customers: Number(r.customers),
    twice: Number(r.twice),
    orders: Number(r.orders),
    revenue: Number(r.revenue),
  }));
});

describe.each([
  ["UTC", asUtc],
  ["Europe/London", asLondon],
] as const)("Online Retail per month, timestamps read in %s", (timeZone, read) => {
  let orders: readonly Order[] = [];
  beforeAll(() => {
    orders = deepFreeze(loadOrders(read));
  });

  it("keeps the 18,423 non-negative pseudo-orders", () => {
    expect(orders.length).toBe(18_423);
    expect(expected.length).toBe(13);
  });

  it("repeat rate and repeat purchase rate equal SQL for every month", () => {
    for (const e of expected) {
      const period = monthPeriod(e.month, timeZone);
      const r = repeatRateFromOrders(orders, { period, timeZone });
      expect(r.priorCustomers, e.month).toBe(e.prior);
      expect(r.repeatCustomers, e.month).toBe(e.repeat);
      expect(r.periodCustomers, e.month).toBe(e.customers);
      if (e.prior === 0) expect(r).toMatchObject({ value: null, reason: "zero-denominator" });
      else expect(r.value ?? Number.NaN).toBeCloseTo(e.repeat / e.prior, 12);
      const p = repeatPurchaseRate(orders, { period, timeZone });
      expect(p.customers, e.month).toBe(e.customers);
      expect(p.repeatCustomers, e.month).toBe(e.twice);
      expect(p.value ?? Number.NaN).toBeCloseTo(e.twice / e.customers, 12);
    }
    // December 2010 opens the data: nobody had bought before it.
    expect(expected[0]).toMatchObject({ month: "2010-12", prior: 0 });
  });

  it("ARPU, AOV and purchase frequency equal SQL for every month", () => {
    for (const e of expected) {
      const period = monthPeriod(e.month, timeZone);
      const a = arpu(orders, { period, timeZone });
      expect(a.customers, e.month).toBe(e.customers);
      expect(a.orders, e.month).toBe(e.orders);
      // The SQL sums exact decimals; the compensated sum must agree to the cent and beyond.
      expect(a.revenue).toBeCloseTo(e.revenue, 6);
      expect(a.value ?? Number.NaN).toBeCloseTo(e.revenue / e.customers, 9);
      expect(averageOrderValue(orders, { period, timeZone }).value ?? Number.NaN).toBeCloseTo(
        e.revenue / e.orders,
        9,
      );
      expect(purchaseFrequency(orders, { period, timeZone }).value ?? Number.NaN).toBeCloseTo(
        e.orders / e.customers,
        12,
      );
    }
  });

  it("reports each month's bounds in the zone (BST in summer)", () => {
    const july = arpu(orders, { period: monthPeriod("2011-07", timeZone), timeZone });
    expect(july.period?.start).toBe(
      timeZone === "UTC" ? "2011-07-01T00:00:00.000+00:00" : "2011-07-01T00:00:00.000+01:00",
    );
  });

  it("tallies of a customer partition merge to the whole year", () => {
    // Split customers by id parity: the halves partition customers, so tallies add up.
    const period = {
      start: monthPeriod("2011-01", timeZone).start,
      end: monthPeriod("2011-12", timeZone).start,
    };
    const metric = arpuMetric({ period, timeZone });
    const even = metric.init();
    const odd = metric.init();
    orders.forEach((o, i) => {
      metric.add(Number(o.customerId) % 2 === 0 ? even : odd, o, i);
    });
    const merged = metric.finalize(mergeOrderValueTallies(metric.tally(even), metric.tally(odd)));
    const whole = arpu(orders, { period, timeZone });
    expect(merged.customers).toBe(whole.customers);
    expect(merged.orders).toBe(whole.orders);
    expect(merged.value ?? Number.NaN).toBeCloseTo(whole.value ?? Number.NaN, 9);
  });
});
