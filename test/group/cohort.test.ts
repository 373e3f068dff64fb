import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TZDate } from "@date-fns/tz";
import { DuckDBInstance } from "@duckdb/node-api";
import { fc, test } from "@fast-check/vitest";
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  type Day,
  startOfDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from "date-fns";
import { describe, expect, it } from "vitest";
import { cohortRetentionColumns } from "../../src/columnar/cohort.ts";
import type { Order, Subscription } from "../../src/customers/records.ts";
import { cohortRetentionGeneral } from "../../src/group/cohort.ts";
import {
  type CohortRetention,
  cohortRetention,
  safeCohortRetention,
} from "../../src/group/index.ts";
import { deepFreeze, expectInputError, jsonRoundTrip } from "./helpers.ts";

const FIXTURE = join(
  import.meta.dirname,
  "..",
  "fixtures",
  "online-retail-cohort",
  "orders_ii_2009_2010.csv",
);

function row(matrix: CohortRetention, start: string) {
  const found = matrix.cohorts.find((c) => c.cohort.start === start);
  if (found === undefined) throw new Error(`no cohort ${start}`);
  return found;
}

describe("cohortRetention: Online Retail II against DuckDB", () => {
  // The independent reference: monthly cohorts in SQL, date_trunc('month') of each customer's
  // first order, and the count of distinct customers ordering in month k after it.
  async function sqlMatrix(): Promise<{
    sizes: Map<string, number>;
    counts: Map<string, number>;
  }> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const path = FIXTURE.replaceAll("'", "''");
    await connection.run(`
      CREATE TABLE o AS
        SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(date AS TIMESTAMP) AS t
        FROM read_csv('${path}', header = true)
        WHERE NOT is_cancellation`);
    const sizes = await connection.runAndReadAll(`
      SELECT strftime(date_trunc('month', min(t)), '%Y-%m') AS cohort, customer_id
      FROM o GROUP BY customer_id`);
    const cells = await connection.runAndReadAll(`
      WITH f AS (SELECT customer_id, date_trunc('month', min(t)) AS cohort FROM o GROUP BY 1),
      a AS (
        SELECT DISTINCT o.customer_id, f.cohort,
               date_diff('month', f.cohort, date_trunc('month', o.t)) AS k
        FROM o JOIN f USING (customer_id))
      SELECT strftime(cohort, '%Y-%m') AS cohort, k::INTEGER AS k, count(*)::INTEGER AS n
      FROM a GROUP BY ALL ORDER BY ALL`);
    const sizeMap = new Map<string, number>();
    for (const { cohort } of sizes.getRowObjectsJson()) {
      const key = String(cohort);
      sizeMap.set(key, (sizeMap.get(key) ?? 0) + 1);
    }
    const countMap = new Map<string, number>();
    for (const { cohort, k, n } of cells.getRowObjectsJson()) {
      countMap.set(`${cohort}/${k}`, Number(n));
    }
    connection.closeSync();
    instance.closeSync();
    return { sizes: sizeMap, counts: countMap };
  }

  function readOrders(): Order[] {
    const lines = readFileSync(FIXTURE, "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,invoice,date,amount,is_cancellation");
    const orders: Order[] = [];
    for (const line of lines.slice(1)) {
      const [customerId, , date, amount, cancelled] = line.split(",");
      if (cancelled === "true") continue;
      orders.push({
        customerId: String(customerId),
        date: `${String(date).replace(" ", "T")}Z`,
        amount: Number(amount),
      });
    }
    return deepFreeze(orders);
  }

  it("gives the same sizes and monthly counts as SQL; the partial last month is null", async () => {
    const orders = readOrders();
    expect(orders).toHaveLength(19_215);
    const reference = await sqlMatrix();
    const matrix = cohortRetention(orders, { kind: "orders", interval: "month" });
    expect(matrix.asOf).toBe("2010-12-09T20:01:00.001+00:00");
    expect(matrix.customers).toBe(4_314);
    expect(matrix.excluded).toBe(0);
    // 13 monthly cohorts, December 2009 to December 2010, and 13 columns.
    expect(matrix.cohorts).toHaveLength(13);
    expect(matrix.periods).toBe(13);
    let cells = 0;
    matrix.cohorts.forEach((cohort, c) => {
      const month = cohort.cohort.start.slice(0, 7);
      expect(cohort.size).toBe(reference.sizes.get(month));
      for (let k = 0; k < matrix.periods; k++) {
        if (k < 13 - c) {
          // Begun by asOf: the count is SQL's (0 where SQL has no row).
          expect(cohort.retained[k], `${month} k=${k}`).toBe(
            reference.counts.get(`${month}/${k}`) ?? 0,
          );
          cells++;
        } else expect(cohort.retained[k]).toBeNull();
        // Complete periods get a fraction; December 2010 (k = 12 - c) is only partly observed.
        if (k < 12 - c) {
          expect(cohort.retention[k]).toBeCloseTo((cohort.retained[k] as number) / cohort.size, 15);
        } else expect(cohort.retention[k]).toBeNull();
      }
    });
    expect(cells).toBe(91);
    // Every SQL cell was checked.
    expect(reference.counts.size).toBe(91);
    expect(row(matrix, "2009-12-01T00:00:00.000+00:00").retention[0]).toBe(1);
  }, 60_000);

  it("completes December 2010 with asOf = 2011-01-01, and leaves out orders after asOf", () => {
    const orders = readOrders();
    const full = cohortRetention(orders, { kind: "orders", asOf: "2011-01-01T00:00:00Z" });
    expect(
      full.cohorts.every(
        (c) => c.retention.filter((v) => v !== null).length === 13 - full.cohorts.indexOf(c),
      ),
    ).toBe(true);
    const june = cohortRetention(orders, { kind: "orders", asOf: "2010-06-01T00:00:00Z" });
    expect(june.cohorts).toHaveLength(6);
    expect(june.periods).toBe(6);
    expect(june.excluded).toBe(orders.filter((o) => String(o.date) >= "2010-06-01").length);
    // The June matrix is the December one cut at May 2010.
    june.cohorts.forEach((cohort, c) => {
      const later = full.cohorts[c];
      expect(cohort.size).toBe(later?.size);
      expect(cohort.retained).toEqual(
        later?.retained.slice(0, 6).map((v, k) => (k < 6 - c ? v : null)),
      );
    });
  });
});

describe("cohortRetention: orders, by hand", () => {
  // a: first order 31 January 10:00; then 27 February 12:00 and 30 March 00:00.
  // b: first order 1 January 00:00; then 15 March.
  const orders = deepFreeze([
    { customerId: "a", date: "2025-02-27T12:00:00Z", amount: 5 },
    { customerId: "b", date: "2025-01-01T00:00:00Z", amount: 5 },
    { customerId: "a", date: "2025-01-31T10:00:00Z", amount: 5 },
    { customerId: "a", date: "2025-03-30T00:00:00Z", amount: 5 },
    { customerId: "b", date: "2025-03-15T00:00:00Z", amount: 5 },
  ]);
  const asOf = "2025-06-01T00:00:00Z";

  it('"calendar": the cohort\'s calendar months', () => {
    // January cohort, size 2. Feb: a; Mar: a and b; Apr, May: nobody. All five months have
    // ended by 1 June.
    const m = cohortRetention(orders, { kind: "orders", asOf });
    expect(m.cohorts).toHaveLength(1);
    const jan = m.cohorts[0];
    expect(jan?.cohort).toEqual({
      start: "2025-01-01T00:00:00.000+00:00",
      end: "2025-02-01T00:00:00.000+00:00",
      timeZone: "UTC",
    });
    expect(jan?.size).toBe(2);
    expect(jan?.retained).toEqual([2, 1, 2, 0, 0]);
    expect(jan?.retention).toEqual([1, 0.5, 1, 0, 0]);
    expect(jan?.complete).toEqual([true, true, true, true, true]);
  });

  it('"exact": personal months from each first order, computed from it in one step', () => {
    // a's months start 31 Jan 10:00, 28 Feb 10:00 (clamped), 31 Mar 10:00 (not 28 Mar, which
    // stepping from 28 Feb would give), 30 Apr, 31 May: 27 Feb 12:00 is month 0 and 30 Mar is
    // month 1. b's months start on the 1st: 15 Mar is month 2.
    // Counts: k0 2, k1 1 (a), k2 1 (b), k3 0, k4 0. Month 4 ends for a on 30 June > asOf.
    const m = cohortRetention(orders, { kind: "orders", mode: "exact", asOf });
    const jan = m.cohorts[0];
    expect(jan?.retained).toEqual([2, 1, 1, 0, 0]);
    expect(jan?.retention).toEqual([1, 0.5, 0.5, 0, null]);
    expect(jan?.complete).toEqual([true, true, true, true, false]);
  });

  it('"unbounded": active in personal month k or later', () => {
    // a's last order (30 Mar) is in its month 1: retained in k = 0, 1. b's (15 Mar) is in its
    // month 2: retained in k = 0, 1, 2.
    const m = cohortRetention(orders, { kind: "orders", mode: "unbounded", asOf });
    expect(m.cohorts[0]?.retained).toEqual([2, 2, 1, 0, 0]);
    expect(m.cohorts[0]?.retention).toEqual([1, 1, 0.5, 0, null]);
  });

  it("takes periods (columns), weeks, zones; empty input gives an empty matrix", () => {
    const m = cohortRetention(orders, { kind: "orders", asOf, periods: 7 });
    expect(m.periods).toBe(7);
    expect(m.cohorts[0]?.retained).toEqual([2, 1, 2, 0, 0, null, null]);
    const two = cohortRetention(orders, { kind: "orders", asOf, periods: 2 });
    expect(two.cohorts[0]?.retention).toEqual([1, 0.5]);
    // In Asia/Tokyo (UTC+9), b's first order (1 Jan 00:00Z) is 1 Jan 09:00; a's 31 Jan 10:00Z
    // is 31 Jan 19:00; same January cohort, bounds at +09:00.
    const tokyo = cohortRetention(orders, { kind: "orders", asOf, timeZone: "Asia/Tokyo" });
    expect(tokyo.cohorts[0]?.cohort.start).toBe("2025-01-01T00:00:00.000+09:00");
    expect(tokyo.cohorts[0]?.size).toBe(2);
    // Weeks (Monday): b's first order is Wednesday 1 Jan -> week of 30 Dec 2024.
    const weeks = cohortRetention(orders, { kind: "orders", interval: "week", asOf });
    expect(weeks.cohorts.map((c) => [c.cohort.start, c.size])).toEqual([
      ["2024-12-30T00:00:00.000+00:00", 1],
      ["2025-01-27T00:00:00.000+00:00", 1],
    ]);
    const empty = cohortRetention([], { kind: "orders" });
    expect(empty).toMatchObject({ cohorts: [], customers: 0, asOf: null, periods: 0 });
    expect(jsonRoundTrip(m)).toEqual(m);
  });
});

describe("cohortRetention: subscriptions, by hand", () => {
  const subscriptions: readonly Subscription[] = deepFreeze([
    { customerId: "x", start: "2025-01-15T00:00:00Z", end: "2025-02-10T00:00:00Z" },
    { customerId: "x", start: "2025-04-05T00:00:00Z", end: null },
    { customerId: "y", start: "2025-01-20T00:00:00Z", end: "2025-01-20T00:00:00Z" },
    { customerId: "z", start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" },
  ]);
  const asOf = "2025-05-01T00:00:00Z";

  it('"calendar": a subscription overlapping the month; zero-length is active at its start', () => {
    // January cohort {x, y}: Jan x and y (y's zero-length subscription), Feb x (to 10 Feb),
    // Mar nobody, Apr x (from 5 Apr, still running at asOf).
    // February cohort {z}: Feb z; its end 1 March is exclusive, so March has nobody.
    const m = cohortRetention(subscriptions, { kind: "subscriptions", asOf });
    expect(m.cohorts.map((c) => c.cohort.start)).toEqual([
      "2025-01-01T00:00:00.000+00:00",
      "2025-02-01T00:00:00.000+00:00",
    ]);
    expect(m.periods).toBe(4);
    expect(m.cohorts[0]?.retained).toEqual([2, 1, 0, 1]);
    expect(m.cohorts[0]?.retention).toEqual([1, 0.5, 0, 0.5]);
    expect(m.cohorts[1]?.retained).toEqual([1, 0, 0, null]);
    expect(m.cohorts[1]?.retention).toEqual([1, 0, 0, null]);
  });

  it('"exact": personal months from each first start', () => {
    // x: months from 15 Jan: [15 Jan, 15 Feb) has the first subscription (k0); the second,
    // [5 Apr, asOf), overlaps [15 Mar, 15 Apr) and [15 Apr, 15 May): k2 and k3.
    // y: k0. Complete while month k + 1 of the latest member (y, 20 Jan) starts by asOf:
    // 20 Feb, 20 Mar, 20 Apr yes; 20 May no.
    // z: [1 Feb, 1 Mar) is k0.
    const m = cohortRetention(subscriptions, { kind: "subscriptions", mode: "exact", asOf });
    expect(m.cohorts[0]?.retained).toEqual([2, 0, 1, 1]);
    expect(m.cohorts[0]?.retention).toEqual([1, 0, 0.5, null]);
    expect(m.cohorts[1]?.retained).toEqual([1, 0, 0, null]);
    expect(m.cohorts[1]?.retention).toEqual([1, 0, 0, null]);
  });

  it('"unbounded": active at or after the start of personal month k', () => {
    // x is active until asOf: months 0-3 have begun before it. y: month 0 only. z: its
    // subscription ends exactly when its month 1 starts: month 0 only.
    const m = cohortRetention(subscriptions, { kind: "subscriptions", mode: "unbounded", asOf });
    expect(m.cohorts[0]?.retained).toEqual([2, 1, 1, 1]);
    expect(m.cohorts[0]?.retention).toEqual([1, 0.5, 0.5, null]);
    expect(m.cohorts[1]?.retained).toEqual([1, 0, 0, null]);
  });

  it("defaults asOf to just after the latest start or end, and leaves out later starts", () => {
    const m = cohortRetention(subscriptions, { kind: "subscriptions" });
    expect(m.asOf).toBe("2025-04-05T00:00:00.001+00:00");
    const early = cohortRetention(subscriptions, {
      kind: "subscriptions",
      asOf: "2025-02-01T00:00:00Z",
    });
    expect(early.excluded).toBe(2);
    expect(early.cohorts.map((c) => [c.size, c.retained])).toEqual([[2, [2]]]);
  });
});

describe("cohortRetention: properties against a brute-force reference (UTC months)", () => {
  const DAY = 86_400_000;
  const T0 = Date.UTC(2024, 0, 1);
  const order = fc.record({
    customerId: fc.integer({ min: 1, max: 12 }),
    date: fc.integer({ min: 0, max: 500 * 24 }).map((h) => T0 + h * (DAY / 24)),
    amount: fc.constant(1),
  });

  /** Months from the start of 1970 of a UTC instant. */
  const monthIndex = (t: number) => {
    const d = new Date(t);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  /** date-fns addMonths in UTC, written out: same day, clamped to the month's length. */
  const addMonthsUtc = (t: number, k: number) => {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + k;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes());
  };
  const personalK = (first: number, t: number) => {
    let k = 0;
    while (addMonthsUtc(first, k + 1) <= t) k++;
    return k;
  };

  test.prop([fc.array(order, { minLength: 1, maxLength: 80 })])(
    "calendar, exact and unbounded counts match the definitions",
    (orders) => {
      deepFreeze(orders);
      const byCustomer = new Map<number, number[]>();
      for (const o of orders)
        byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o.date]);
      const expected = {
        calendar: new Map<string, number>(),
        exact: new Map<string, number>(),
        unbounded: new Map<string, number>(),
      };
      const sizes = new Map<number, number>();
      const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
      for (const dates of byCustomer.values()) {
        const first = Math.min(...dates);
        const last = Math.max(...dates);
        const cohort = monthIndex(first);
        sizes.set(cohort, (sizes.get(cohort) ?? 0) + 1);
        for (const k of new Set(dates.map((t) => monthIndex(t) - cohort)))
          bump(expected.calendar, `${cohort}/${k}`);
        for (const k of new Set(dates.map((t) => personalK(first, t))))
          bump(expected.exact, `${cohort}/${k}`);
        for (let k = 0; k <= personalK(first, last); k++)
          bump(expected.unbounded, `${cohort}/${k}`);
      }
      for (const mode of ["calendar", "exact", "unbounded"] as const) {
        const m = cohortRetention(orders, { kind: "orders", mode, asOf: T0 + 800 * DAY });
        expect(m.cohorts.map((c) => c.size)).toEqual(
          [...sizes.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]),
        );
        for (const c of m.cohorts) {
          const cohort = monthIndex(Date.parse(c.cohort.start));
          c.retained.forEach((count, k) => {
            if (count !== null)
              expect(count, `${mode} ${cohort}/${k}`).toBe(
                expected[mode].get(`${cohort}/${k}`) ?? 0,
              );
            const r = c.retention[k];
            if (r !== null && r !== undefined) {
              expect(r).toBeGreaterThanOrEqual(0);
              expect(r).toBeLessThanOrEqual(1);
            }
          });
          expect(c.retained[0]).toBe(c.size);
        }
      }
    },
  );
});

describe("cohortRetention: calendar orders in any zone and unit, against date-fns directly", () => {
  const HOUR = 3_600_000;
  // 2016-2019: Sao Paulo still had DST, starting at midnight (2018-11-04 00:00 -> 01:00), and
  // Lord Howe moves by 30 minutes.
  const T0 = Date.UTC(2016, 0, 1);
  const ZONES = [
    "UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
  ] as const;
  const INTERVALS = ["day", "week", "month", "quarter", "year"] as const;
  // Ids of every kind the table-or-map coding must keep apart or together: small integers,
  // 0 and -0 (one customer, as in a Map), large integers, fractions, strings that look like
  // numbers.
  const id = fc.oneof(
    fc.integer({ min: 0, max: 40 }),
    fc.constantFrom(-0, 1e9, 2 ** 31, 2 ** 40, 7.5, "7", "0", "a"),
  );
  const order = fc.record({
    customerId: id,
    date: fc.integer({ min: 0, max: 4 * 365 * 24 }).map((h) => T0 + h * HOUR + (h % 7) * 60_000),
    amount: fc.constant(1),
  });

  /** Period start of an instant, read in the zone with date-fns (the definition). */
  const startOf = (t: number, interval: (typeof INTERVALS)[number], zone: string, week: Day) => {
    const d = new TZDate(t, zone);
    if (interval === "day") return startOfDay(d).getTime();
    if (interval === "week") return startOfWeek(d, { weekStartsOn: week }).getTime();
    if (interval === "month") return startOfMonth(d).getTime();
    if (interval === "quarter") return startOfQuarter(d).getTime();
    return startOfYear(d).getTime();
  };

  test.prop(
    [
      fc.array(order, { minLength: 1, maxLength: 60 }),
      fc.constantFrom(...ZONES),
      fc.constantFrom(...INTERVALS),
      fc.constantFrom<Day>(0, 1, 6),
    ],
    // 120 cases take ~13 s (the day grids over four years in date-fns); a mutation run, which
    // repeats this test for every mutant of cohort.ts, takes 30 (test/setup/stryker.ts).
    { numRuns: process.env.MUTATION_RUN === "1" ? 30 : 120 },
  )("sizes and per-period counts match the definition", (orders, zone, interval, week) => {
    deepFreeze(orders);
    // Customers as a Map keys them (SameValueZero: 0 and -0 are one customer, 7 and "7" two).
    const byCustomer = new Map<unknown, Set<number>>();
    for (const o of orders) {
      const set = byCustomer.get(o.customerId) ?? new Set<number>();
      set.add(startOf(o.date, interval, zone, week));
      byCustomer.set(o.customerId, set);
    }
    // The calendar from the oldest period on: each next start is the start of the period one
    // unit after (date-fns add), so grid index = calendar distance.
    const all = [...byCustomer.values()].flatMap((set) => [...set]);
    const grid = [Math.min(...all)];
    const add = {
      day: addDays,
      week: addWeeks,
      month: addMonths,
      quarter: addQuarters,
      year: addYears,
    }[interval];
    while ((grid[grid.length - 1] as number) < Math.max(...all)) {
      const next = add(new TZDate(grid[grid.length - 1] as number, zone), 1).getTime();
      grid.push(startOf(next, interval, zone, week));
    }
    const expected = new Map<string, number>();
    const sizes = new Map<number, number>();
    for (const starts of byCustomer.values()) {
      const ks = [...starts].map((s) => grid.indexOf(s));
      const cohort = Math.min(...ks);
      sizes.set(cohort, (sizes.get(cohort) ?? 0) + 1);
      for (const g of ks)
        expected.set(`${cohort}/${g - cohort}`, (expected.get(`${cohort}/${g - cohort}`) ?? 0) + 1);
    }
    const m = cohortRetention(orders, {
      kind: "orders",
      interval,
      timeZone: zone,
      weekStartsOn: week,
      asOf: T0 + 5 * 365 * 24 * HOUR,
    });
    expect(m.customers).toBe(byCustomer.size);
    // The general path (the one-pass path's fallback past 256 MB of bits) gives the same matrix.
    expect(
      cohortRetentionGeneral(orders, {
        kind: "orders",
        interval,
        timeZone: zone,
        weekStartsOn: week,
        asOf: T0 + 5 * 365 * 24 * HOUR,
      }),
    ).toEqual(m);
    expect(m.cohorts.map((c) => [Date.parse(c.cohort.start), c.size])).toEqual(
      [...sizes.entries()].sort((a, b) => a[0] - b[0]).map(([g, n]) => [grid[g], n]),
    );
    for (const c of m.cohorts) {
      const g = grid.indexOf(Date.parse(c.cohort.start));
      c.retained.forEach((count, k) => {
        if (count !== null) expect(count, `${g}/${k}`).toBe(expected.get(`${g}/${k}`) ?? 0);
      });
    }
  });

  it("keeps an integer id that arrived before its table slot existed as one customer", () => {
    // By hand: 70,000 first comes when the id table is far smaller (kept in the map); 700 small
    // ids and 69,000 grow the table past it; 70,000 again (February) must be the same customer,
    // "70000" (a string) another. January cohort: 70,000, 1-700, 69,000 = 702 customers, one of
    // them back in February; February cohort: "70000" alone.
    const jan = "2025-01-10T00:00:00Z";
    const feb = "2025-02-10T00:00:00Z";
    const orders = [
      { customerId: 70_000, date: jan, amount: 1 },
      ...Array.from({ length: 700 }, (_, i) => ({ customerId: i + 1, date: jan, amount: 1 })),
      { customerId: 69_000, date: jan, amount: 1 },
      { customerId: 70_000, date: feb, amount: 1 },
      { customerId: "70000", date: feb, amount: 1 },
    ];
    const m = cohortRetention(deepFreeze(orders), { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
    expect(m.customers).toBe(703);
    expect(m.cohorts.map((c) => [c.size, c.retained])).toEqual([
      [702, [702, 1]],
      [1, [1, null]],
    ]);
  });
});

describe("cohortRetention: bad input", () => {
  const orders = deepFreeze([{ customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 }]);

  it("caps the matrix at maxPeriods columns, naming the outlying record", () => {
    // January and February 2025: two monthly columns for the January cohort (by hand).
    const two = deepFreeze([
      { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 },
      { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 1 },
      { customerId: "a", date: "2025-02-03T00:00:00Z", amount: 1 },
    ]);
    expect(cohortRetention(two, { kind: "orders", maxPeriods: 2 }).periods).toBe(2);
    expectInputError(
      () => cohortRetention(two, { kind: "orders", maxPeriods: 1 }),
      () => safeCohortRetention(two, { kind: "orders", maxPeriods: 1 }),
      [2, "date"],
    );
    expectInputError(
      () => cohortRetention(two, { kind: "orders", asOf: "2026-01-01T00:00:00Z", maxPeriods: 6 }),
      () =>
        safeCohortRetention(two, { kind: "orders", asOf: "2026-01-01T00:00:00Z", maxPeriods: 6 }),
      ["options", "asOf"],
    );
    expectInputError(
      () => cohortRetention(two, { kind: "orders", periods: 3, maxPeriods: 2 }),
      () => safeCohortRetention(two, { kind: "orders", periods: 3, maxPeriods: 2 }),
      ["options", "periods"],
    );
    // Year 9999 in a daily matrix: an error at once (an early outlier, 1025, likewise).
    const began = performance.now();
    const late = [...two, { customerId: "c", date: "9999-01-01T00:00:00Z", amount: 1 }];
    expectInputError(
      () => cohortRetention(late, { kind: "orders", interval: "day" }),
      () => safeCohortRetention(late, { kind: "orders", interval: "day" }),
      [3, "date"],
    );
    const early = [{ customerId: "c", date: "1025-01-01T00:00:00Z", amount: 1 }, ...two];
    expectInputError(
      () => cohortRetention(early, { kind: "orders", interval: "day" }),
      () => safeCohortRetention(early, { kind: "orders", interval: "day" }),
      [0, "date"],
    );
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it("names the bad record and field", () => {
    const bad = [...orders, { customerId: "b", date: "2025-01-02", amount: 1 }];
    expectInputError(
      () => cohortRetention(bad, { kind: "orders" }),
      () => safeCohortRetention(bad, { kind: "orders" }),
      [1, "date"],
    );
    const negative = [...orders, { customerId: "b", date: "2025-01-02T00:00:00Z", amount: -1 }];
    expectInputError(
      () => cohortRetention(negative, { kind: "orders" }),
      () => safeCohortRetention(negative, { kind: "orders" }),
      [1, "amount"],
    );
    const backwards = [
      { customerId: "a", start: "2025-02-01T00:00:00Z", end: "2025-01-01T00:00:00Z" },
    ];
    expectInputError(
      () => cohortRetention(backwards, { kind: "subscriptions" }),
      () => safeCohortRetention(backwards, { kind: "subscriptions" }),
      [0, "end"],
    );
    // Orders handed over as subscriptions: no start.
    expectInputError(
      () => cohortRetention(orders, { kind: "subscriptions" }),
      () => safeCohortRetention(orders, { kind: "subscriptions" }),
      [0, "start"],
    );
  });

  it("names bad options", () => {
    const cases: [unknown, (string | number)[]][] = [
      [{}, ["options", "kind"]],
      [{ kind: "invoices" }, ["options", "kind"]],
      [{ kind: "orders", mode: "rolling" }, ["options", "mode"]],
      [{ kind: "orders", interval: "hour" }, ["options", "interval"]],
      [{ kind: "orders", periods: 0 }, ["options", "periods"]],
      [{ kind: "orders", periods: 2.5 }, ["options", "periods"]],
      [{ kind: "orders", asOf: "soon" }, ["options", "asOf"]],
      [{ kind: "orders", timeZone: "Nowhere/City" }, ["options", "timeZone"]],
      [{ kind: "orders", weekStartsOn: -1 }, ["options", "weekStartsOn"]],
      [{ kind: "orders", cohorts: 3 }, ["options"]],
    ];
    for (const [options, path] of cases) {
      expectInputError(
        () => cohortRetention(orders, options as never),
        () => safeCohortRetention(orders, options as never),
        path,
      );
    }
    expectInputError(
      () => cohortRetention("orders" as never, { kind: "orders" }),
      () => safeCohortRetention("orders" as never, { kind: "orders" }),
      [],
    );
  });
});

describe("cohortRetention across a DST change at midnight", () => {
  it("starts the day after a day that begins at 01:00 at midnight (both paths, columns)", () => {
    // America/Sao_Paulo, 2016-10-16: clocks went from 00:00 -03:00 to 01:00 -02:00 (tz
    // database), so that day begins at 01:00. One customer orders at 01:02 on the 16th
    // (03:02Z) and at 00:04 on the 17th (02:04Z): day cohort 16 Oct, active in k = 0 and k = 1.
    // asOf 00:00 on the 19th: k = 0, 1, 2 have ended -> retained [1, 1, 0], retention [1, 1, 0].
    // (Period 1 computed as add(16 Oct 01:00, 1 day) would begin at 01:00 on the 17th and put the
    // second order in period 0: retained 2 on the one-pass path, 1 on the general one.)
    const orders = deepFreeze([
      { customerId: "a", date: "2016-10-16T03:02:00Z", amount: 1 },
      { customerId: "a", date: "2016-10-17T02:04:00Z", amount: 1 },
    ]);
    const options = {
      kind: "orders",
      interval: "day",
      timeZone: "America/Sao_Paulo",
      asOf: "2016-10-19T00:00:00-02:00",
    } as const;
    for (const m of [cohortRetention(orders, options), cohortRetentionGeneral(orders, options)]) {
      expect(m.cohorts.map((c) => [c.cohort.start, c.cohort.end, c.size])).toEqual([
        ["2016-10-16T01:00:00.000-02:00", "2016-10-17T00:00:00.000-02:00", 1],
      ]);
      expect(m.cohorts[0]?.retained).toEqual([1, 1, 0]);
      expect(m.cohorts[0]?.retention).toEqual([1, 1, 0]);
    }
    const columns = cohortRetentionColumns(
      { customerId: ["a", "a"], date: orders.map((o) => Date.parse(o.date)) },
      options,
    );
    expect(columns.cohorts[0]?.retained).toEqual([1, 1, 0]);
  });
});

describe("cohortRetention in years 0001-0099", () => {
  it("steps UTC years from year 0001 (Date.UTC would read year 2 as 1902)", () => {
    // One customer, first order in year 0001, active again in 0002 and 0003; asOf 0004-01-01.
    // Calendar years in UTC: cohort [0001-01-01, 0002-01-01), periods k = 0, 1, 2 complete,
    // retained 1 in each (hand count), retention [1, 1, 1].
    const orders = deepFreeze([
      { customerId: "a", date: "0001-03-01T00:00:00Z", amount: 1 },
      { customerId: "a", date: "0002-05-01T00:00:00Z", amount: 1 },
      { customerId: "a", date: "0003-06-01T00:00:00Z", amount: 1 },
    ]);
    const matrix = cohortRetention(orders, {
      kind: "orders",
      interval: "year",
      asOf: "0004-01-01T00:00:00Z",
    });
    expect(matrix.cohorts).toHaveLength(1);
    expect(matrix.cohorts[0]?.cohort.start).toBe("0001-01-01T00:00:00.000+00:00");
    expect(matrix.cohorts[0]?.cohort.end).toBe("0002-01-01T00:00:00.000+00:00");
    expect(matrix.cohorts[0]?.retained).toEqual([1, 1, 1]);
    expect(matrix.cohorts[0]?.retention).toEqual([1, 1, 1]);
  });
});
