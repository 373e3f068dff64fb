// Tests written against mutants that survived in src/group/cohort.ts (Stryker, group area): the
// one-pass bitset when rows are re-laid wider (more than 32 periods) and when it grows past
// 1,024 customers after that, the sparse cell map (more than 2,048 periods), the customer-code
// table's edges (negative ids, an id equal to the table's length), UTC weeks that start on the
// 1st, the off-grid fallback of the UTC calendar, empty and all-excluded inputs, the record blamed
// for a too-wide matrix (ties, the median), zero-length, unordered and overlapping
// subscriptions, and the personal grids of the "exact" and "unbounded" modes.
// Expected values are worked out by hand in the comments, or come from a brute-force count
// written here, or from `cohortRetentionGeneral` (the general path, documented to give the same
// matrix as the one-pass path).
import { describe, expect, it } from "vitest";
import {
  type CohortCounts,
  type CohortRetention,
  type CohortRetentionOptions,
  cohortMatrix,
  cohortRetention,
  cohortRetentionGeneral,
} from "../../src/group/cohort.ts";
import { deepFreeze, inputErrorOf } from "../group/helpers.ts";

const day = 86_400_000;
const D0 = Date.UTC(2025, 0, 1);
const iso = (t: number): string => new Date(t).toISOString().replace("Z", "+00:00");
const rows = (m: CohortRetention) =>
  m.cohorts.map((c) => [c.cohort.start, c.size, c.retained] as const);

interface Row {
  readonly customerId: string | number;
  readonly date: number;
  readonly amount: number;
}
const order = (customerId: string | number, date: number): Row => ({ customerId, date, amount: 1 });

/**
 * Brute force for daily calendar cohorts in UTC: a customer's cohort is the day of their first
 * order; retained[k] counts the cohort's customers with an order on day cohort + k, for the days
 * begun before asOf (null after); as many columns as the oldest cohort has begun.
 */
function bruteDaily(orders: readonly Row[], asOf: number) {
  const days = new Map<string | number, Set<number>>();
  for (const o of orders) {
    if (o.date >= asOf) continue;
    let set = days.get(o.customerId);
    if (set === undefined) days.set(o.customerId, (set = new Set()));
    set.add(Math.floor(o.date / day));
  }
  const cohorts = new Map<number, Set<number>[]>();
  for (const set of days.values()) {
    const first = Math.min(...set);
    const list = cohorts.get(first) ?? [];
    list.push(set);
    cohorts.set(first, list);
  }
  const starts = [...cohorts.keys()].sort((a, b) => a - b);
  const begun = (d: number) => Math.ceil((asOf - d * day) / day);
  const columns = Math.max(...starts.map(begun));
  return starts.map((d) => {
    const members = cohorts.get(d) as Set<number>[];
    const retained: (number | null)[] = [];
    for (let k = 0; k < columns; k++) {
      retained.push(k < begun(d) ? members.filter((s) => s.has(d + k)).length : null);
    }
    return [iso(d * day), members.length, retained] as const;
  });
}

const pathOf = (compute: () => unknown) => inputErrorOf(compute).issues[0]?.path;

describe("one-pass calendar orders: rows re-laid wider, then grown past 1,024 customers", () => {
  it("matches a brute-force count and the general path", () => {
    // 300 customers x0..x299 on day 1 (codes 0..299, set before any widening), then a on each
    // of days 0..69 (70 distinct days: the rows are re-laid at the 33rd and the 65th period met),
    // b on days 0, 33, 66, c on days 2 and 40, d on days 35 and 68, then 800 customers y0..y799
    // on day 69 (codes past 1,024 arrive with 4 words per row: the rows grow to 2,048). asOf:
    // day 70.
    // By hand: cohort day 0 = {a, b}: retained[k] = 1 (a) + (b on k = 0, 33, 66) → 2 there,
    // else 1; cohort day 1 = 300 x's: retained[0] = 300, then a is not in it: 0 …; cohort day 2
    // = {c}: 1 at k = 0 and k = 38; day 35 = {d}: 1 at k = 0 and 33; day 69: 800 at k = 0.
    const orders: Row[] = [];
    for (let i = 0; i < 300; i++) orders.push(order(`x${i}`, D0 + day + 3_600_000));
    for (let d = 0; d < 70; d++) orders.push(order("a", D0 + d * day));
    for (const d of [0, 33, 66]) orders.push(order("b", D0 + d * day + 60_000));
    for (const d of [2, 40]) orders.push(order("c", D0 + d * day));
    for (const d of [35, 68]) orders.push(order("d", D0 + d * day));
    // 1,700 more orders of a on day 0: the y's start at record 2,077, in the second block of
    // 2,048 records, after the first block's rows were re-laid 4 words wide.
    for (let i = 0; i < 1700; i++) orders.push(order("a", D0 + i));
    for (let i = 0; i < 800; i++) orders.push(order(`y${i}`, D0 + 69 * day));
    deepFreeze(orders);
    const options: CohortRetentionOptions = {
      kind: "orders",
      interval: "day",
      asOf: D0 + 70 * day,
    };
    const m = cohortRetention(orders, options);
    const expected = bruteDaily(orders, D0 + 70 * day);
    expect(rows(m)).toEqual(expected);
    expect(m.customers).toBe(4 + 300 + 800);
    expect(m.periods).toBe(70);
    const first = m.cohorts[0]?.retained ?? [];
    expect([first[0], first[1], first[33], first[66], first[69]]).toEqual([2, 1, 2, 2, 1]);
    expect(m.cohorts.map((c) => c.size)).toEqual([2, 300, 1, 1, 800]);
    expect(m).toEqual(cohortRetentionGeneral(orders, options));
  });
});

describe("cohort cells in a map past 2,048 periods", () => {
  it("counts the cells of a sparse matrix", () => {
    // a orders on day 0 and day 2,100; b on day 1; asOf day 2,101. The grid has 2,101 periods
    // (2,101² = 4,414,201 cells > 4,194,304 = 2^22: the map). Cohort day 0 = {a}: retained 1 at
    // k = 0 and k = 2,100, 0 between (2,101 columns, all begun). Cohort day 1 = {b}: 1 at k = 0,
    // 0 up to k = 2,099 (2,100 days begun), null at k = 2,100.
    const orders = deepFreeze([
      order("a", D0),
      order("b", D0 + day),
      order("a", D0 + 2100 * day + 5),
    ]);
    const options = { kind: "orders", interval: "day", asOf: D0 + 2101 * day } as const;
    const m = cohortRetention(orders, options);
    expect(m.periods).toBe(2101);
    const [a, b] = m.cohorts;
    const ra = a?.retained ?? [];
    expect([ra.length, ra[0], ra[1], ra[2099], ra[2100]]).toEqual([2101, 1, 0, 0, 1]);
    expect(ra.reduce((s: number, x) => s + (x ?? 0), 0)).toBe(2);
    const rb = b?.retained ?? [];
    expect([rb[0], rb[1], rb[2099], rb[2100]]).toEqual([1, 0, 0, null]);
    expect(rb.reduce((s: number, x) => s + (x ?? 0), 0)).toBe(1);
    expect(m).toEqual(cohortRetentionGeneral(orders, options));
  });
});

describe("customer codes", () => {
  it("keeps negative integer ids as one customer each", () => {
    // -5 orders on 10 January and 10 February, -7 on 12 January; asOf 1 March. One January
    // cohort of 2: k = 0 both, k = 1 only -5.
    const orders = deepFreeze([
      order(-5, Date.UTC(2025, 0, 10)),
      order(-7, Date.UTC(2025, 0, 12)),
      order(-5, Date.UTC(2025, 1, 10)),
    ]);
    const m = cohortRetention(orders, { kind: "orders", asOf: Date.UTC(2025, 2, 1) });
    expect(m.customers).toBe(2);
    expect(rows(m)).toEqual([["2025-01-01T00:00:00.000+00:00", 2, [2, 1]]]);
  });

  it("keeps an id equal to the table's length in the map", () => {
    // Table 1,024 entries, room 8 × (0 + 8,192) = 65,536: id 65,543 goes to the map (code 0).
    // Seen again: room 8 × (1 + 8,192) = 65,544, the table grows to min(65,544, 65,544) and
    // finds 65,543 in the map. Id 65,544 = the table's length, not < room: a new code (1), kept
    // in the map; seen again (room now 65,552) the table grows and must find it there. Two
    // customers, one January cohort of 2.
    const t = Date.UTC(2025, 0, 10);
    const orders = deepFreeze([
      order(65_543, t),
      order(65_543, t),
      order(65_544, t),
      order(65_544, t + 1),
    ]);
    const m = cohortRetention(orders, { kind: "orders", asOf: Date.UTC(2025, 1, 1) });
    expect(m.customers).toBe(2);
    expect(rows(m)).toEqual([["2025-01-01T00:00:00.000+00:00", 2, [2]]]);
  });

  it("puts each customer in the cohort of their own first period", () => {
    // a (code 0) orders on 10 February, b (code 1) on 5 January; asOf 1 March. Cohorts: January
    // {b}: [1, 0]; February {a}: [1, null] (one month begun).
    const orders = deepFreeze([
      order("a", Date.UTC(2025, 1, 10)),
      order("b", Date.UTC(2025, 0, 5)),
    ]);
    const m = cohortRetention(orders, { kind: "orders", asOf: Date.UTC(2025, 2, 1) });
    expect(rows(m)).toEqual([
      ["2025-01-01T00:00:00.000+00:00", 1, [1, 0]],
      ["2025-02-01T00:00:00.000+00:00", 1, [1, null]],
    ]);
  });
});

describe("UTC calendar steps of the one-pass path", () => {
  it("a week that starts on the 1st ends 7 days later", () => {
    // 1 September 2025 is a Monday: the week cohort is 1-8 September. Orders 1 and 10
    // September, asOf 22 September: weeks 1, 8, 15 September have begun and ended by then.
    const orders = deepFreeze([
      order("a", Date.UTC(2025, 8, 1, 9)),
      order("a", Date.UTC(2025, 8, 10)),
    ]);
    const m = cohortRetention(orders, {
      kind: "orders",
      interval: "week",
      asOf: Date.UTC(2025, 8, 22),
    });
    expect(m.cohorts[0]?.cohort.end).toBe("2025-09-08T00:00:00.000+00:00");
    expect(m.periods).toBe(3);
    expect(m.cohorts[0]?.retained).toEqual([1, 1, 0]);
    expect(m.cohorts[0]?.complete).toEqual([true, true, true]);
  });

  const counts = (start: number): CohortCounts => ({
    starts: [start],
    sizes: [1],
    active: (_c, k) => (k === 0 ? 1 : 0),
    customers: 1,
    excluded: 0,
  });

  it("a month grid off the 1st steps like addIntervals", () => {
    // Origin 15 January: periods start 15 February, 15 March, 15 April. asOf 20 March: 3
    // begun (15 Jan, 15 Feb, 15 Mar), the first two ended.
    const m = cohortMatrix(counts(Date.UTC(2025, 0, 15)), {
      interval: "month",
      timeZone: "UTC",
      asOf: Date.UTC(2025, 2, 20),
      periods: undefined,
    });
    expect(m.cohorts[0]?.cohort.end).toBe("2025-02-15T00:00:00.000+00:00");
    expect(m.periods).toBe(3);
    expect(m.cohorts[0]?.complete).toEqual([true, true, false]);
  });

  it("a month grid off midnight keeps the time of day", () => {
    // Origin 1 January 12:00: period 1 starts 1 February 12:00, period 2 1 March 12:00. asOf
    // 1 March 06:00: 2 begun, the first ended.
    const m = cohortMatrix(counts(Date.UTC(2025, 0, 1, 12)), {
      interval: "month",
      timeZone: "UTC",
      asOf: Date.UTC(2025, 2, 1, 6),
      periods: undefined,
    });
    expect(m.cohorts[0]?.cohort.end).toBe("2025-02-01T12:00:00.000+00:00");
    expect(m.periods).toBe(2);
    expect(m.cohorts[0]?.complete).toEqual([true, false]);
  });
});

describe("no customers", () => {
  const empty = (asOf: string | null, excluded: number, periods: number, kind = "orders") => ({
    grouping: "cohorts",
    kind,
    mode: "calendar",
    interval: "month",
    timeZone: "UTC",
    asOf,
    periods,
    customers: 0,
    excluded,
    cohorts: [],
  });

  it("no records and no asOf: asOf null", () => {
    expect(cohortRetention([], { kind: "orders" })).toEqual(empty(null, 0, 0));
    expect(cohortRetentionGeneral([], { kind: "orders" })).toEqual(empty(null, 0, 0));
    expect(cohortRetention([], { kind: "subscriptions", periods: 2 })).toEqual(
      empty(null, 0, 2, "subscriptions"),
    );
  });

  it("every record at or after asOf: all excluded", () => {
    const asOf = "2025-02-01T00:00:00Z";
    const orders = deepFreeze([order("a", Date.UTC(2025, 1, 1)), order("b", Date.UTC(2025, 5, 1))]);
    const want = empty("2025-02-01T00:00:00.000+00:00", 2, 3);
    expect(cohortRetention(orders, { kind: "orders", asOf, periods: 3 })).toEqual(want);
    expect(cohortRetentionGeneral(orders, { kind: "orders", asOf, periods: 3 })).toEqual(want);
    const subs = deepFreeze([{ customerId: "a", start: Date.UTC(2025, 2, 1) }]);
    expect(cohortRetention(subs, { kind: "subscriptions", asOf, periods: 3 })).toEqual(
      empty("2025-02-01T00:00:00.000+00:00", 1, 3, "subscriptions"),
    );
  });
});

describe("the record blamed for a too-wide matrix", () => {
  const both = (records: readonly unknown[], options: CohortRetentionOptions) => [
    pathOf(() => cohortRetention(records as never, options)),
    pathOf(() => cohortRetentionGeneral(records as never, options)),
  ];

  it("orders: the first of the latest, when the median first order is early", () => {
    // First orders: a day 0, b day 1, c day 2 (median day 1); then a, b, c at one instant on
    // day 20 (records 3, 4, 5). asOf = day 20 + 1 ms: 21 days > 5. asOf − median ≈ 19 days ≥
    // median − origin = 1 day: the latest record is blamed, the first of the three: 3.
    const t = D0 + 20 * day;
    const orders = deepFreeze([
      order("a", D0),
      order("b", D0 + day),
      order("c", D0 + 2 * day),
      order("a", t),
      order("b", t),
      order("c", t),
    ]);
    expect(both(orders, { kind: "orders", interval: "day", maxPeriods: 5 })).toEqual([
      [3, "date"],
      [3, "date"],
    ]);
  });

  it("orders: the first of the earliest, when the median first order is late", () => {
    // a, b at one instant on day 0 (records 0, 1); c, d, e on day 10. Median first: day 10;
    // asOf day 11: asOf − median = 1 day < 10 days: the earliest record, the first of the two.
    const orders = deepFreeze([
      order("a", D0),
      order("b", D0),
      order("c", D0 + 10 * day),
      order("d", D0 + 10 * day),
      order("e", D0 + 10 * day),
    ]);
    const options = {
      kind: "orders",
      interval: "day",
      maxPeriods: 5,
      asOf: D0 + 11 * day,
    } as const;
    expect(both(orders, options)).toEqual([
      [0, "date"],
      [0, "date"],
    ]);
  });

  it("orders: a tie between the two ends blames asOf", () => {
    // First orders day 0, 5, 9: median day 5; asOf day 10. asOf − median = 5 days = median −
    // origin: the late end (options.asOf).
    const orders = deepFreeze([order("a", D0), order("b", D0 + 5 * day), order("c", D0 + 9 * day)]);
    const options = {
      kind: "orders",
      interval: "day",
      maxPeriods: 3,
      asOf: D0 + 10 * day,
    } as const;
    expect(both(orders, options)).toEqual([
      ["options", "asOf"],
      ["options", "asOf"],
    ]);
  });

  it("subscriptions: the first of the latest starts", () => {
    // Open subscriptions starting day 0, 1, 2 (a, b, c) and day 20 (d, e: records 3, 4). Median
    // start day 2, asOf day 20 + 1 ms: the late end, record 3's start.
    const subs = deepFreeze(
      [0, 1, 2, 20, 20].map((d, i) => ({ customerId: `s${i}`, start: D0 + d * day })),
    );
    expect(
      pathOf(() =>
        cohortRetention(subs, { kind: "subscriptions", interval: "day", maxPeriods: 5 }),
      ),
    ).toEqual([3, "start"]);
  });

  it("subscriptions: the first of the latest ends", () => {
    // a [day 0, day 20), b [day 1, day 20), c open from day 2. Latest instant day 20, first
    // reached by record 0's end. Median start day 1: the late end is blamed.
    const subs = deepFreeze([
      { customerId: "a", start: D0, end: D0 + 20 * day },
      { customerId: "b", start: D0 + day, end: D0 + 20 * day },
      { customerId: "c", start: D0 + 2 * day },
    ]);
    expect(
      pathOf(() =>
        cohortRetention(subs, { kind: "subscriptions", interval: "day", maxPeriods: 5 }),
      ),
    ).toEqual([0, "end"]);
  });

  it("subscriptions: the first of the earliest starts", () => {
    // a, b open from day 0 (records 0, 1), c, d, e from day 10; asOf day 11: 11 days > 5 from
    // the oldest cohort (day 0). Median start day 10: the early end, record 0's start.
    const subs = deepFreeze(
      [0, 0, 10, 10, 10].map((d, i) => ({ customerId: `s${i}`, start: D0 + d * day })),
    );
    expect(
      pathOf(() =>
        cohortRetention(subs, {
          kind: "subscriptions",
          interval: "day",
          maxPeriods: 5,
          asOf: D0 + 11 * day,
        }),
      ),
    ).toEqual([0, "start"]);
  });
});

describe("subscriptions", () => {
  const subs = (list: readonly [string, number, number][]) =>
    deepFreeze(list.map(([customerId, start, end]) => ({ customerId, start, end })));
  const asOf = Date.UTC(2025, 3, 1);

  it("a subscription ending as it starts is active at its start instant", () => {
    // a: [10 Jan, 20 Jan) and [1 Mar, 1 Mar) (active at 1 March 00:00 only). Monthly, asOf 1
    // April: January, February, March begun; a active in k = 0 and k = 2.
    const m = cohortRetention(
      subs([
        ["a", Date.UTC(2025, 0, 10), Date.UTC(2025, 0, 20)],
        ["a", Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 1)],
      ]),
      { kind: "subscriptions", asOf },
    );
    expect(rows(m)).toEqual([["2025-01-01T00:00:00.000+00:00", 1, [1, 0, 1]]]);
  });

  it("a later record with an earlier start moves the customer's cohort", () => {
    // a: [5 Mar, 20 Mar), [5 Jan, 20 Jan), [5 Feb, 6 Feb): cohort January, active in all three
    // months. b: [10 Mar, 12 Mar) then [10 Jan, 12 Jan): cohort January, k = 0 and 2.
    const m = cohortRetention(
      subs([
        ["a", Date.UTC(2025, 2, 5), Date.UTC(2025, 2, 20)],
        ["b", Date.UTC(2025, 2, 10), Date.UTC(2025, 2, 12)],
        ["a", Date.UTC(2025, 0, 5), Date.UTC(2025, 0, 20)],
        ["b", Date.UTC(2025, 0, 10), Date.UTC(2025, 0, 12)],
        ["a", Date.UTC(2025, 1, 5), Date.UTC(2025, 1, 6)],
      ]),
      { kind: "subscriptions", asOf },
    );
    expect(rows(m)).toEqual([["2025-01-01T00:00:00.000+00:00", 2, [2, 1, 2]]]);
  });

  it("overlapping subscriptions count each month once", () => {
    // a: [5 Jan, 20 Mar) (k 0-2) and [5 Feb, 10 Feb) (k 1, inside); b: [6 Jan, 10 Feb) (k 0-1)
    // and [20 Feb, 10 Mar) (k 1-2, overlapping at k = 1). Both active in k = 0, 1, 2, once.
    const m = cohortRetention(
      subs([
        ["a", Date.UTC(2025, 0, 5), Date.UTC(2025, 2, 20)],
        ["a", Date.UTC(2025, 1, 5), Date.UTC(2025, 1, 10)],
        ["b", Date.UTC(2025, 0, 6), Date.UTC(2025, 1, 10)],
        ["b", Date.UTC(2025, 1, 20), Date.UTC(2025, 2, 10)],
      ]),
      { kind: "subscriptions", asOf },
    );
    expect(rows(m)).toEqual([["2025-01-01T00:00:00.000+00:00", 2, [2, 2, 2]]]);
  });

  it('"unbounded": the latest end, not the last record\'s', () => {
    // a: [5 Jan, 5 Jun) then [10 Jan, 1 Feb). Personal months from 5 January; the last activity
    // is just before 5 June, in personal month 4 (5 May - 5 Jun). asOf 1 July: personal months
    // 0-5 begun (5 June < 1 July). Retained k = 0..4, not k = 5.
    const m = cohortRetention(
      subs([
        ["a", Date.UTC(2025, 0, 5), Date.UTC(2025, 5, 5)],
        ["a", Date.UTC(2025, 0, 10), Date.UTC(2025, 1, 1)],
      ]),
      { kind: "subscriptions", mode: "unbounded", asOf: Date.UTC(2025, 6, 1) },
    );
    expect(m.cohorts[0]?.retained).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe("personal grids", () => {
  // Orders at noon: m 12 January (record 0), e 5 January (record 1), l 20 January (record 2),
  // and e again on 5 February 06:00, still in e's personal month 0 (5 Jan 12:00 - 5 Feb 12:00).
  // One January cohort of 3, each active in personal month 0 only. The columns begun are read
  // on the earliest member's grid (e: 5 Feb 12:00, 5 Mar 12:00, …), a column ends on the latest
  // member's grid (l: 20 Feb 12:00, 20 Mar 12:00, …).
  const orders = deepFreeze([
    order("m", Date.UTC(2025, 0, 12, 12)),
    order("e", Date.UTC(2025, 0, 5, 12)),
    order("l", Date.UTC(2025, 0, 20, 12)),
    order("e", Date.UTC(2025, 1, 5, 6)),
  ]);
  const exact = (asOf: number) =>
    cohortRetention(orders, { kind: "orders", mode: "exact", asOf }).cohorts[0];

  it("asOf 20 February 06:00: 2 begun, none ended", () => {
    // Begun: 5 Jan 12:00 and 5 Feb 12:00 < asOf. l's month 0 ends 20 Feb 12:00 > asOf.
    const row = exact(Date.UTC(2025, 1, 20, 6));
    expect(row?.retained).toEqual([3, 0]);
    expect(row?.complete).toEqual([false, false]);
  });

  it("asOf 5 March 06:00: 2 begun (e's month 2 starts at noon), the first ended", () => {
    const row = exact(Date.UTC(2025, 2, 5, 6));
    expect(row?.retained).toEqual([3, 0]);
    expect(row?.retention).toEqual([1, null]);
    expect(row?.complete).toEqual([true, false]);
  });

  it("asOf 10 March: 3 begun", () => {
    // e's month 2 starts 5 Mar 12:00 < 10 Mar; l's month 1 ends 20 Mar 12:00 > 10 Mar.
    const row = exact(Date.UTC(2025, 2, 10));
    expect(row?.retained).toEqual([3, 0, 0]);
    expect(row?.complete).toEqual([true, false, false]);
  });

  it('"unbounded" orders: an order at the start of a personal month counts in it', () => {
    // First order 10 January 10:00, second exactly 10 February 10:00 (personal month 1's
    // start); asOf 1 March: months 0 and 1 begun, retained in both.
    const m = cohortRetention(
      deepFreeze([order("a", Date.UTC(2025, 0, 10, 10)), order("a", Date.UTC(2025, 1, 10, 10))]),
      { kind: "orders", mode: "unbounded", asOf: Date.UTC(2025, 2, 1) },
    );
    expect(m.cohorts[0]?.retained).toEqual([1, 1]);
  });
});
