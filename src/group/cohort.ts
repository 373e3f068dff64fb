import * as z from "zod/mini";
import {
  checkOrder,
  checkSubscription,
  type Order,
  type Subscription,
} from "../customers/records.js";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { readField } from "../metric.js";
import type { SchemaOutput } from "../stats/options.js";
import {
  type DateInput,
  dateInputSchema,
  requireEpochMs,
  toEpochMs,
  utcDate,
} from "../time/instant.js";
import {
  addIntervalsUnchecked,
  addPeriodsUnchecked,
  type BucketOptions,
  bucketStartUnchecked,
  type CalendarInterval,
  calendarIntervalSchema,
  createBucketerUnchecked,
  createBucketIndex,
  isoInZoneUnchecked,
  type PeriodBounds,
  resolveTimeZone,
} from "../time/period.js";
import {
  DEFAULT_MAX_PERIODS,
  exceedsPeriods,
  maxPeriodsSchema,
  weekStartsOnSchema,
  weightedMedian,
} from "./route.js";

// ---------------------------------------------------------------------------------------------
// Options and result types

/**
 * How "retained in period k" is read:
 * - `"calendar"`: active in the k-th calendar period after the cohort's period (k = 0 is the
 *   cohort's own period), the same grid for every member;
 * - `"exact"` (N-period retention): active in the k-th period counted from the customer's own
 *   first activity, `[first + k intervals, first + (k + 1) intervals)`;
 * - `"unbounded"`: active at or after the start of that personal period k (in period k or later).
 */
export type RetentionMode = "calendar" | "exact" | "unbounded";

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions {
  /** `"orders"` ({@link Order} records) or `"subscriptions"` ({@link Subscription} records). Required. */
  readonly kind: "orders" | "subscriptions";
  /** Calendar unit of cohorts and periods. Default `"month"`. */
  readonly interval?: CalendarInterval;
  /** IANA zone the calendar is read in. Default `"UTC"`. */
  readonly timeZone?: string;
  /** First day of a week, 0 Sunday … 6 Saturday. Default 1 (Monday). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Default `"calendar"`; see {@link RetentionMode}. */
  readonly mode?: RetentionMode;
  /** Number of columns, k = 0 … periods − 1. Default: as many as the oldest cohort has begun. */
  readonly periods?: number;
  /**
   * End of observation (exclusive): later orders and subscriptions starting later are left out,
   * and subscriptions still active count as active until then. Default: just after the latest
   * instant in the data (last order; latest subscription start or end). Pass the export time
   * for subscriptions that are still running.
   */
  readonly asOf?: DateInput;
  /**
   * The most columns (periods k) allowed, counted from the oldest cohort's start to `asOf`.
   * Default 100,000. One mistyped date (year 9999, a µs timestamp read as ms) would otherwise
   * make a daily matrix millions of columns wide: a longer one is an error naming the record
   * whose date stretched it (or `options.asOf` / `options.periods`).
   */
  readonly maxPeriods?: number;
}

const PERIODS_MESSAGE = "expected an integer number of periods >= 1";

/** Options of {@link cohortRetention}, as a schema (unknown keys are errors). */
export const cohortRetentionOptionsSchema: z.ZodMiniType<SchemaOutput<CohortRetentionOptions>> =
  /* @__PURE__ */ z.strictObject({
    kind: z.enum(["orders", "subscriptions"], { error: 'expected "orders" or "subscriptions"' }),
    interval: z.optional(calendarIntervalSchema),
    timeZone: z.optional(z.string()),
    weekStartsOn: weekStartsOnSchema,
    mode: z.optional(
      z.enum(["calendar", "exact", "unbounded"], {
        error: 'expected "calendar", "exact" or "unbounded"',
      }),
    ),
    periods: z.optional(
      z.int({ error: PERIODS_MESSAGE }).check(z.gte(1, { error: PERIODS_MESSAGE })),
    ),
    asOf: z.optional(dateInputSchema),
    maxPeriods: maxPeriodsSchema,
  });

/** One cohort: the customers whose first activity fell in one calendar period. */
export interface CohortRow {
  /** The cohort's calendar period (half-open, ISO strings in the zone). */
  readonly cohort: PeriodBounds;
  /** Customers in the cohort. */
  readonly size: number;
  /** Customers retained in period k; `null` when period k has not begun by `asOf` for any member. */
  readonly retained: readonly (number | null)[];
  /** `retained[k] / size` once period k has ended for every member by `asOf`, else `null`. */
  readonly retention: readonly (number | null)[];
  /** Whether period k has ended for every member by `asOf`. */
  readonly complete: readonly boolean[];
}

/** The result of {@link cohortRetention}: a cohorts × k matrix, plain JSON. */
export interface CohortRetention {
  readonly grouping: "cohorts";
  readonly kind: "orders" | "subscriptions";
  readonly mode: RetentionMode;
  readonly interval: CalendarInterval;
  readonly timeZone: string;
  /** End of observation, ISO in the zone; `null` when there are no records. */
  readonly asOf: string | null;
  /** Number of columns (k = 0 … periods − 1). */
  readonly periods: number;
  /** Customers in all cohorts. */
  readonly customers: number;
  /** Orders at or after `asOf` and subscriptions starting at or after it: checked, left out. */
  readonly excluded: number;
  /** Oldest cohort first. */
  readonly cohorts: readonly CohortRow[];
}

// ---------------------------------------------------------------------------------------------
// Period grids

const NOMINAL_MS: Readonly<Record<CalendarInterval, number>> = {
  day: 86_400_000,
  week: 604_800_000,
  month: 2_629_746_000,
  quarter: 7_889_238_000,
  year: 31_556_952_000,
};

/**
 * The periods `[start_k, start_{k+1})` with start_k = addIntervals(origin, interval, k),
 * each computed from the origin in one step (month ends do not drift), cached by k.
 */
interface Grid {
  startOf(k: number): number;
  /** The largest k with start_k ≤ t (t ≥ origin). */
  indexOf(t: number): number;
  /** The largest k with start_k < t (t > origin). */
  indexBefore(t: number): number;
}

/**
 * Period k's start is `add(origin, k)`: for calendar periods (`calendar`, origin a period start)
 * at the start of its day ({@link addPeriodsUnchecked}); for a customer's personal periods
 * (origin their first activity) the instant itself.
 */
function makeGrid(
  origin: number,
  interval: CalendarInterval,
  timeZone: string,
  calendar: boolean,
): Grid {
  const cache = new Map<number, number>();
  const nominal = NOMINAL_MS[interval];
  const add = calendar ? addPeriodsUnchecked : addIntervalsUnchecked;
  const startOf = (k: number): number => {
    if (k === 0) return origin;
    let start = cache.get(k);
    if (start === undefined) {
      start = add(origin, interval, k, timeZone);
      cache.set(k, start);
    }
    return start;
  };
  const indexOf = (t: number): number => {
    // Estimate from the nominal length, then step to the exact period (DST, month lengths).
    let k = Math.max(0, Math.floor((t - origin) / nominal));
    while (k > 0 && startOf(k) > t) k--;
    while (startOf(k + 1) <= t) k++;
    return k;
  };
  return {
    startOf,
    indexOf,
    indexBefore: (t) => {
      const k = indexOf(t);
      return k > 0 && startOf(k) === t ? k - 1 : k;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Accumulation

/** What one pass keeps per customer. */
interface CustomerState {
  /** First activity: first order instant or first subscription start. */
  first: number;
  /** Latest activity: last order instant, or latest subscription end. */
  last: number;
  /**
   * Orders: bucket starts ("calendar") or instants ("exact"). Subscriptions: flat
   * `[start, end, start, end, …]`. `null` in "unbounded" mode, which needs only first and last.
   */
  readonly marks: number[] | null;
}

interface CohortState {
  readonly start: number;
  readonly grid: Grid;
  size: number;
  minFirst: number;
  maxFirst: number;
  /** Customers counted in k directly. */
  readonly counts: number[];
  /** Range counts: +1 at k_from, −1 at k_to + 1. */
  readonly diff: number[];
}

function bump(array: number[], k: number, by: number): void {
  while (array.length <= k) array.push(0);
  array[k] = (array[k] as number) + by;
}

// ---------------------------------------------------------------------------------------------
// The matrix from counts (calendar mode, orders)

/** Per-cohort counts in calendar mode: cohorts are indexes into a grid of period starts. @internal */
export interface CohortCounts {
  /** Period starts of the grid, ascending (epoch ms). */
  readonly starts: readonly number[];
  /** Customers per cohort, by grid index of the cohort's period (0 when none). */
  readonly sizes: ArrayLike<number>;
  /** `active(c, k)`: customers of cohort `c` active in its period `k` (grid index c + k). */
  active(c: number, k: number): number;
  readonly customers: number;
  readonly excluded: number;
}

/**
 * The {@link CohortRetention} of calendar-mode order cohorts from counts, with the observation
 * rules of `cohortRetention`: a cell's count is given once its period has begun before
 * `asOf`, its fraction once the period has ended by `asOf`.
 * @internal
 */
export function cohortMatrix(
  counts: CohortCounts,
  options: {
    readonly interval: CalendarInterval;
    readonly timeZone: string;
    readonly asOf: number | undefined;
    readonly periods: number | undefined;
  },
): CohortRetention {
  const { interval, timeZone, asOf } = options;
  const base = {
    grouping: "cohorts",
    kind: "orders",
    mode: "calendar",
    interval,
    timeZone,
  } as const;
  if (asOf === undefined || counts.customers === 0) {
    return {
      ...base,
      asOf: asOf === undefined ? null : isoInZoneUnchecked(asOf, timeZone),
      periods: options.periods ?? 0,
      customers: 0,
      excluded: counts.excluded,
      cohorts: [],
    };
  }
  const cohorts: {
    readonly c: number;
    readonly begun: number;
    readonly startOf: (k: number) => number;
  }[] = [];
  for (let c = 0; c < counts.starts.length; c++) {
    if ((counts.sizes[c] ?? 0) === 0) continue;
    const origin = counts.starts[c] as number;
    const cache = new Map<number, number>();
    const startOf = (k: number): number => {
      if (k === 0) return origin;
      let start = cache.get(k);
      if (start === undefined) {
        start =
          timeZone === "UTC"
            ? addUtc(origin, interval, k)
            : addPeriodsUnchecked(origin, interval, k, timeZone);
        cache.set(k, start);
      }
      return start;
    };
    // Periods begun before asOf: the largest k with start_k < asOf, plus one.
    let begun = 0;
    while (startOf(begun) < asOf) begun++;
    cohorts.push({ c, begun, startOf });
  }
  let columns = options.periods ?? 0;
  if (options.periods === undefined)
    for (const { begun } of cohorts) columns = Math.max(columns, begun);
  const rows = cohorts.map(({ c, begun, startOf }): CohortRow => {
    const size = counts.sizes[c] as number;
    const retained: (number | null)[] = [];
    const retention: (number | null)[] = [];
    const complete: boolean[] = [];
    for (let k = 0; k < columns; k++) {
      const done = k < begun && startOf(k + 1) <= asOf;
      const count = counts.active(c, k);
      retained.push(k < begun ? count : null);
      retention.push(done ? count / size : null);
      complete.push(done);
    }
    return {
      cohort: {
        start: isoInZoneUnchecked(startOf(0), timeZone),
        end: isoInZoneUnchecked(startOf(1), timeZone),
        timeZone,
      },
      size,
      retained,
      retention,
      complete,
    };
  });
  return {
    ...base,
    asOf: isoInZoneUnchecked(asOf, timeZone),
    periods: columns,
    customers: counts.customers,
    excluded: counts.excluded,
    cohorts: rows,
  };
}

/**
 * `addIntervals(origin, interval, k, "UTC")` for a period start (midnight UTC; the 1st of the
 * month for months, quarters and years), by plain UTC arithmetic: the same instants date-fns
 * gives there (no DST in UTC, no day-of-month clamping on the 1st), without a TZDate per call.
 */
function addUtc(origin: number, interval: CalendarInterval, k: number): number {
  const day = 86_400_000;
  if (interval === "day") return origin + k * day;
  if (interval === "week") return origin + 7 * k * day;
  const d = new Date(origin);
  if (d.getUTCDate() !== 1 || origin % day !== 0)
    return addIntervalsUnchecked(origin, interval, k, "UTC");
  const months = interval === "month" ? k : interval === "quarter" ? 3 * k : 12 * k;
  return utcDate(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

// ---------------------------------------------------------------------------------------------
// Public entry point

/**
 * Cohort retention matrix from orders or subscriptions, in one pass.
 *
 * A customer's cohort is the calendar period (in `timeZone`) of their first activity: first
 * order, or first subscription start. For each cohort and k = 0, 1, …:
 * retention_k = (customers of the cohort retained in period k) / (customers of the cohort).
 *
 * "Active in a period" means, for orders, at least one order in it; for subscriptions, a
 * subscription `[start, end)` overlapping it (a subscription ending as it starts is active at
 * its start instant only). The periods depend on `mode` ({@link RetentionMode}):
 * - `"calendar"`: period k of a cohort starting at C is `[C + k, C + k + 1)` intervals;
 * - `"exact"`: period k of a customer first active at F is `[F + k, F + k + 1)` intervals;
 * - `"unbounded"`: retained in k when active at any time at or after F + k intervals.
 * Every period start is `addIntervals(origin, interval, k)`, computed in one step from the
 * origin, never by stepping from the previous one, so month ends do not drift (a customer
 * first active on 31 January has personal months starting 28 February, 31 March, …); a
 * calendar period start is taken to the start of its day (a day that begins at 01:00 after a DST
 * change at midnight does not shift the periods after it).
 *
 * Observation ends at `asOf` (exclusive). A cell's `retained` count is given once period k has
 * begun for some member, and its `retention` fraction once period k has ended for every member
 * (otherwise `null`, so that a half-observed last period does not read as a drop).
 *
 * Records are checked as {@link Order} / {@link Subscription} (a bad one throws naming it);
 * customers are kept in a `Map` by id (`1` and `"1"` are different customers).
 * @example
 * const orders = [
 *   { customerId: "a", date: "2025-01-05T10:00:00Z", amount: 10 },
 *   { customerId: "b", date: "2025-01-20T10:00:00Z", amount: 10 },
 *   { customerId: "a", date: "2025-02-03T10:00:00Z", amount: 10 },
 *   { customerId: "c", date: "2025-02-10T10:00:00Z", amount: 10 },
 * ];
 * const m = cohortRetention(orders, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
 * m.cohorts.map((row) => [row.cohort.start, row.size, row.retention])
 * //=> [["2025-01-01T00:00:00.000+00:00", 2, [1, 0.5]], ["2025-02-01T00:00:00.000+00:00", 1, [1, null]]]
 */
export function cohortRetention(
  records: readonly Order[] | readonly Subscription[],
  options: CohortRetentionOptions,
): CohortRetention {
  return cohortRetentionOf(records, options, true);
}

/**
 * {@link cohortRetention} without the one-pass path for calendar-mode orders: the general path
 * (per-customer lists of periods) that the one-pass path falls back to past 256 MB of bits. For
 * tests that show both give the same matrix.
 * @internal
 */
export function cohortRetentionGeneral(
  records: readonly Order[] | readonly Subscription[],
  options: CohortRetentionOptions,
): CohortRetention {
  return cohortRetentionOf(records, options, false);
}

function cohortRetentionOf(
  records: readonly Order[] | readonly Subscription[],
  options: CohortRetentionOptions,
  fast: boolean,
): CohortRetention {
  if (!Array.isArray(records)) throw inputError([], "expected an array of records");
  const parsed = parseWith(cohortRetentionOptionsSchema, options, ["options"]);
  const kind = parsed.kind;
  const interval = parsed.interval ?? "month";
  const mode = parsed.mode ?? "calendar";
  const timeZone = resolveTimeZone(parsed.timeZone, ["options", "timeZone"]);
  const bucketOptions = { timeZone, weekStartsOn: parsed.weekStartsOn ?? 1 };
  const bucket = createBucketerUnchecked(interval, bucketOptions);
  const givenAsOf =
    parsed.asOf === undefined ? undefined : requireEpochMs(parsed.asOf, ["options", "asOf"]);
  const keepMarks = mode !== "unbounded";
  const maxPeriods = parsed.maxPeriods ?? DEFAULT_MAX_PERIODS;
  if (parsed.periods !== undefined && parsed.periods > maxPeriods) {
    throw inputError(
      ["options", "periods"],
      `expected at most maxPeriods (${maxPeriods}) periods (else raise options.maxPeriods)`,
    );
  }
  if (fast && kind === "orders" && mode === "calendar") {
    const fast = calendarOrderCounts(records, interval, bucketOptions, givenAsOf, maxPeriods);
    if (fast !== null) {
      return cohortMatrix(fast.counts, {
        interval,
        timeZone,
        asOf: fast.asOf,
        periods: parsed.periods,
      });
    }
  }
  // The records with the earliest and the latest instant, to name one if the matrix is too wide.
  let earliest = Number.POSITIVE_INFINITY;
  let earliestPath: (string | number)[] = [];
  let latestPath: (string | number)[] = [];

  // One pass: per-customer state by id.
  const customers = new Map<unknown, CustomerState>();
  let excluded = 0;
  let latest = Number.NEGATIVE_INFINITY;
  const limit = givenAsOf ?? Number.POSITIVE_INFINITY;
  if (kind === "orders") {
    for (let i = 0; i < records.length; i++) {
      const record: unknown = records[i];
      const t = checkOrder(record, i);
      if (t >= limit) {
        excluded++;
        continue;
      }
      if (t > latest) {
        latest = t;
        latestPath = [i, "date"];
      }
      if (t < earliest) {
        earliest = t;
        earliestPath = [i, "date"];
      }
      const id = readField(record, "customerId");
      const mark = mode === "calendar" ? bucket(t) : t;
      let state = customers.get(id);
      if (state === undefined) {
        state = { first: t, last: t, marks: keepMarks ? [mark] : null };
        customers.set(id, state);
        continue;
      }
      if (t < state.first) state.first = t;
      if (t > state.last) state.last = t;
      const marks = state.marks;
      if (marks !== null && marks[marks.length - 1] !== mark) marks.push(mark);
    }
  } else {
    for (let i = 0; i < records.length; i++) {
      const record: unknown = records[i];
      const [start, rawEnd] = checkSubscription(record, i);
      if (start >= limit) {
        excluded++;
        continue;
      }
      // A subscription that ends as it starts is active at its start instant only.
      const end = rawEnd > start ? rawEnd : start + 1;
      if (start > latest) {
        latest = start;
        latestPath = [i, "start"];
      }
      if (rawEnd !== Number.POSITIVE_INFINITY && rawEnd > latest) {
        latest = rawEnd;
        latestPath = [i, "end"];
      }
      if (start < earliest) {
        earliest = start;
        earliestPath = [i, "start"];
      }
      const id = readField(record, "customerId");
      let state = customers.get(id);
      if (state === undefined) {
        state = { first: start, last: end, marks: keepMarks ? [start, end] : null };
        customers.set(id, state);
        continue;
      }
      if (start < state.first) state.first = start;
      if (end > state.last) state.last = end;
      state.marks?.push(start, end);
    }
  }

  const asOf = givenAsOf ?? (Number.isFinite(latest) ? latest + 1 : undefined);
  if (asOf === undefined || customers.size === 0) {
    return {
      grouping: "cohorts",
      kind,
      mode,
      interval,
      timeZone,
      asOf: asOf === undefined ? null : isoInZoneUnchecked(asOf, timeZone),
      periods: parsed.periods ?? 0,
      customers: 0,
      excluded,
      cohorts: [],
    };
  }

  // At most maxPeriods columns from the oldest cohort's start to asOf, checked in one calendar
  // step before any column is built. Blamed: the end farther from the customers' median start.
  const origin = bucket(earliest);
  checkMatrixWidth(
    origin,
    asOf,
    interval,
    timeZone,
    maxPeriods,
    () => [...customers.values()].map((state) => state.first),
    givenAsOf === undefined ? latestPath : ["options", "asOf"],
    earliestPath,
  );

  // Each customer to a cohort, and their active periods to the cohort's counts.
  const cohorts = new Map<number, CohortState>();
  for (const state of customers.values()) {
    const start = bucket(state.first);
    let cohort = cohorts.get(start);
    if (cohort === undefined) {
      cohort = {
        start,
        grid: makeGrid(start, interval, timeZone, true),
        size: 0,
        minFirst: state.first,
        maxFirst: state.first,
        counts: [],
        diff: [],
      };
      cohorts.set(start, cohort);
    }
    cohort.size++;
    if (state.first < cohort.minFirst) cohort.minFirst = state.first;
    if (state.first > cohort.maxFirst) cohort.maxFirst = state.first;
    const grid =
      mode === "calendar" ? cohort.grid : makeGrid(state.first, interval, timeZone, false);
    if (mode === "unbounded") {
      // Active at or after personal period k's start, before asOf: k ≤ index of the last activity.
      const last =
        kind === "orders" ? grid.indexOf(state.last) : grid.indexBefore(Math.min(state.last, asOf));
      bump(cohort.diff, 0, 1);
      bump(cohort.diff, last + 1, -1);
    } else if (kind === "orders") {
      countOrderPeriods(cohort, grid, state.marks ?? []);
    } else {
      countSubscriptionPeriods(cohort, grid, state.marks ?? [], asOf);
    }
  }

  // Rows, oldest cohort first, with observation limits.
  const sorted = [...cohorts.values()].sort((a, b) => a.start - b.start);
  const begun = sorted.map((cohort) => {
    const earliest =
      mode === "calendar" ? cohort.grid : makeGrid(cohort.minFirst, interval, timeZone, false);
    return earliest.indexBefore(asOf) + 1;
  });
  let columns = parsed.periods ?? 0;
  if (parsed.periods === undefined) for (const b of begun) columns = Math.max(columns, b);

  const rows = sorted.map((cohort, c): CohortRow => {
    const latestGrid =
      mode === "calendar" ? cohort.grid : makeGrid(cohort.maxFirst, interval, timeZone, false);
    const begunCount = begun[c] as number;
    const retained: (number | null)[] = [];
    const retention: (number | null)[] = [];
    const complete: boolean[] = [];
    let running = 0;
    for (let k = 0; k < columns; k++) {
      running += cohort.diff[k] ?? 0;
      const done = k < begunCount && latestGrid.startOf(k + 1) <= asOf;
      const count = running + (cohort.counts[k] ?? 0);
      retained.push(k < begunCount ? count : null);
      retention.push(done ? count / cohort.size : null);
      complete.push(done);
    }
    return {
      cohort: {
        start: isoInZoneUnchecked(cohort.start, timeZone),
        end: isoInZoneUnchecked(cohort.grid.startOf(1), timeZone),
        timeZone,
      },
      size: cohort.size,
      retained,
      retention,
      complete,
    };
  });
  return {
    grouping: "cohorts",
    kind,
    mode,
    interval,
    timeZone,
    asOf: isoInZoneUnchecked(asOf, timeZone),
    periods: columns,
    customers: customers.size,
    excluded,
    cohorts: rows,
  };
}

/** Records per block in the calendar-mode pass. */
const BLOCK = 2048;

/**
 * Customer ids to dense codes 0, 1, 2, … in order of first sight, with the equality of a `Map`
 * (SameValueZero). Ids that are small non-negative integers (the usual warehouse keys) go
 * through a table indexed by the id, kept at most 8 × (customers + 8,192) entries so memory
 * stays O(customers); other ids (strings, large or fractional numbers) through a `Map`.
 */
class CustomerCodes {
  size = 0;
  /** Whether the last {@link code} call gave a new code. */
  isNew = false;
  private table = new Int32Array(1024).fill(-1);
  private readonly others = new Map<unknown, number>();

  code(id: unknown): number {
    if (typeof id === "number" && (id | 0) === id && id >= 0) {
      if (id < this.table.length) {
        const c = this.table[id] as number;
        if (c >= 0) {
          this.isNew = false;
          return c;
        }
        return (this.table[id] = this.fromOthers(id));
      }
      const room = 8 * (this.size + 8192);
      if (id < room) {
        const grown = new Int32Array(Math.min(room, Math.max(2 * this.table.length, id + 1)));
        grown.fill(-1);
        grown.set(this.table);
        this.table = grown;
        return (this.table[id] = this.fromOthers(id));
      }
    }
    return this.fromOthers(id);
  }

  /** The code of an id kept in the map (an integer id may be there from before the table grew). */
  private fromOthers(id: unknown): number {
    const known = this.others.size === 0 ? undefined : this.others.get(id);
    if (known !== undefined) {
      this.isNew = false;
      return known;
    }
    const c = this.size++;
    this.isNew = true;
    if (!(typeof id === "number" && (id | 0) === id && id >= 0 && id < this.table.length)) {
      this.others.set(id, c);
    }
    return c;
  }
}

/**
 * Checks that a matrix from the oldest cohort's `origin` to `asOf` has at most `maxPeriods`
 * columns (one calendar step, before any column is built). When it has more, the error blames the
 * end farther from the median of the customers' first activity (`firsts()`, called only then):
 * `latePath` (the latest record, or `options.asOf` when given) or `earlyPath` (the earliest).
 * Shared by the record and column paths. @internal
 */
export function checkMatrixWidth(
  origin: number,
  asOf: number,
  interval: CalendarInterval,
  timeZone: string,
  maxPeriods: number,
  firsts: () => number[],
  latePath: readonly (string | number)[],
  earlyPath: readonly (string | number)[],
): void {
  if (
    !exceedsPeriods(origin, asOf, maxPeriods, (s, k) =>
      addPeriodsUnchecked(s, interval, k, timeZone),
    )
  ) {
    return;
  }
  const values = firsts();
  const median = weightedMedian(
    values,
    values.map(() => 1),
  );
  throw inputError(
    asOf - median >= median - origin ? latePath : earlyPath,
    `expected a matrix of at most maxPeriods (${maxPeriods}) ${interval}s from the oldest cohort to asOf: this date makes it wider (a mistyped date? else raise options.maxPeriods)`,
  );
}

/** The most 32-bit words the calendar-mode bitset may take (256 MB) before the general path. */
const MAX_BIT_WORDS = 1 << 26;

/**
 * Calendar-mode order cohorts in one pass over the records, with O(customers × periods / 32)
 * memory: each customer gets a row of bits, one per calendar period met (ids in order of
 * discovery), so no per-customer objects or per-order marks are kept. `null` when the bitset
 * would pass {@link MAX_BIT_WORDS} (very many customers × periods): the caller then takes the
 * general path, which checks the records again from the start (so errors are the same).
 */
function calendarOrderCounts(
  records: readonly unknown[],
  interval: CalendarInterval,
  bucketOptions: BucketOptions & { readonly timeZone: string },
  givenAsOf: number | undefined,
  maxPeriods: number,
): { readonly counts: CohortCounts; readonly asOf: number | undefined } | null {
  const { timeZone } = bucketOptions;
  const buckets = createBucketIndex(interval, bucketOptions);
  const limit = givenAsOf ?? Number.POSITIVE_INFINITY;
  const codes = new CustomerCodes();
  let words = 1;
  let capacity = 1024;
  let bits = new Uint32Array(capacity * words);
  let excluded = 0;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  let earliestIndex = -1;
  let latestIndex = -1;
  // Blocks of records, two loops each: the first checks records and finds customers (a hash
  // lookup that misses the cache), the second finds periods (a branchy search) and sets bits.
  // Kept apart, each runs at its own speed; together, the search's mispredicted branches stall
  // the lookups' memory loads.
  const blockCodes = new Int32Array(BLOCK);
  const blockTimes = new Float64Array(BLOCK);
  for (let from = 0; from < records.length; from += BLOCK) {
    const to = Math.min(records.length, from + BLOCK);
    for (let i = from; i < to; i++) {
      const record = records[i];
      const t = checkOrder(record, i);
      if (t >= limit) {
        excluded++;
        blockCodes[i - from] = -1;
        continue;
      }
      if (t > latest) {
        latest = t;
        latestIndex = i;
      }
      if (t < earliest) {
        earliest = t;
        earliestIndex = i;
      }
      // checkOrder has read and checked this field.
      const c = codes.code((record as { readonly customerId: unknown }).customerId);
      if (c === capacity) {
        if (2 * capacity * words > MAX_BIT_WORDS) return null;
        capacity *= 2;
        const grown = new Uint32Array(capacity * words);
        grown.set(bits);
        bits = grown;
      }
      blockCodes[i - from] = c;
      blockTimes[i - from] = t;
    }
    for (let j = 0; j < to - from; j++) {
      const c = blockCodes[j] as number;
      if (c < 0) continue;
      const b = buckets.index(blockTimes[j] as number);
      if (b >>> 5 >= words) {
        // A new period past the row width: re-lay the rows twice as wide.
        const wider = words * 2;
        if (capacity * wider > MAX_BIT_WORDS) return null;
        const next = new Uint32Array(capacity * wider);
        for (let row = 0; row < codes.size; row++) {
          next.set(bits.subarray(row * words, row * words + words), row * wider);
        }
        bits = next;
        words = wider;
      }
      const at = c * words + (b >>> 5);
      bits[at] = (bits[at] as number) | (1 << (b & 31));
    }
  }
  const asOf = givenAsOf ?? (Number.isFinite(latest) ? latest + 1 : undefined);
  const customers = codes.size;
  if (asOf === undefined || customers === 0) {
    return {
      counts: { starts: [], sizes: [], active: () => 0, customers: 0, excluded },
      asOf,
    };
  }

  // At most maxPeriods columns from the oldest cohort's start to asOf. Blamed: the end farther
  // from the customers' median first order.
  const origin = bucketStartUnchecked(earliest, interval, bucketOptions);
  checkMatrixWidth(
    origin,
    asOf,
    interval,
    timeZone,
    maxPeriods,
    () => {
      // Each customer's first order: a second pass, on the error path only.
      const firstOrders = new Array<number>(customers).fill(Number.POSITIVE_INFINITY);
      for (let i = 0; i < records.length; i++) {
        const record = records[i] as { readonly customerId: unknown; readonly date: unknown };
        const t = toEpochMs(record.date) as number;
        if (t >= limit) continue;
        const c = codes.code(record.customerId);
        if (t < (firstOrders[c] as number)) firstOrders[c] = t;
      }
      return firstOrders;
    },
    givenAsOf === undefined ? [latestIndex, "date"] : ["options", "asOf"],
    [earliestIndex, "date"],
  );

  // Each period met to its calendar index from the oldest cohort's period.
  const grid = makeGrid(origin, interval, timeZone, true);
  const ordinal = new Int32Array(buckets.size);
  let periods = 0;
  for (let b = 0; b < buckets.size; b++) {
    const g = grid.indexOf(buckets.start(b));
    ordinal[b] = g;
    if (g + 1 > periods) periods = g + 1;
  }
  const starts: number[] = [];
  for (let g = 0; g < periods; g++) starts.push(grid.startOf(g));

  return {
    counts: cohortCountsOfBits(bits, words, customers, starts, excluded, ordinal),
    asOf,
  };
}

/**
 * The {@link CohortCounts} of customers' period bitsets: row `r` holds `words` words, bit `b` set
 * when the customer was active in period `b`, which is grid index `ordinal[b]` (or `b` itself
 * when `ordinal` is `null`). A customer's cohort is their earliest grid index; each active
 * period counts once. Rows without a bit are not customers; `check(r)` runs once for each row
 * that is (it may throw). Cells are a dense `periods²` array up to 4M cells, else a map.
 * Shared by the record and the column paths. @internal
 */
export function cohortCountsOfBits(
  bits: Uint32Array,
  words: number,
  rows: number,
  starts: readonly number[],
  excluded: number,
  ordinal: Int32Array | null,
  check?: (row: number) => void,
): CohortCounts {
  const periods = starts.length;
  const sizes = new Float64Array(periods);
  const dense = periods * periods <= 1 << 22;
  const cells = dense ? new Float64Array(periods * periods) : null;
  const sparse = dense ? null : new Map<number, number>();
  let customers = 0;
  for (let r = 0; r < rows; r++) {
    let cohort = periods;
    for (let w = 0; w < words; w++) {
      let word = bits[r * words + w] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const b = w * 32 + (31 - Math.clz32(low));
        const g = ordinal === null ? b : (ordinal[b] as number);
        if (g < cohort) cohort = g;
      }
    }
    if (cohort === periods) continue;
    check?.(r);
    customers++;
    sizes[cohort] = (sizes[cohort] as number) + 1;
    for (let w = 0; w < words; w++) {
      let word = bits[r * words + w] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const b = w * 32 + (31 - Math.clz32(low));
        const cell = cohort * periods + ((ordinal === null ? b : (ordinal[b] as number)) - cohort);
        if (cells !== null) cells[cell] = (cells[cell] as number) + 1;
        else sparse?.set(cell, (sparse.get(cell) ?? 0) + 1);
      }
    }
  }
  return {
    starts,
    sizes,
    active: (c, k) => {
      if (c + k >= periods) return 0;
      const cell = c * periods + k;
      return cells !== null ? (cells[cell] as number) : (sparse?.get(cell) ?? 0);
    },
    customers,
    excluded,
  };
}

/** Orders: each distinct period k with an order counts the customer once. */
function countOrderPeriods(cohort: CohortState, grid: Grid, marks: number[]): void {
  if (marks.length > 1) marks.sort((a, b) => a - b);
  let previous = -1;
  let nextStart = Number.NEGATIVE_INFINITY;
  for (const t of marks) {
    // Marks in the same period as the previous one need no lookup.
    if (previous >= 0 && t < nextStart) continue;
    const k = grid.indexOf(t);
    nextStart = grid.startOf(k + 1);
    if (k === previous) continue;
    bump(cohort.counts, k, 1);
    previous = k;
  }
}

/** Subscriptions: the union of the periods each subscription overlaps counts the customer once. */
function countSubscriptionPeriods(
  cohort: CohortState,
  grid: Grid,
  marks: readonly number[],
  asOf: number,
): void {
  const ranges: [number, number][] = [];
  for (let j = 0; j < marks.length; j += 2) {
    const start = marks[j] as number;
    const end = Math.min(marks[j + 1] as number, asOf);
    ranges.push([grid.indexOf(start), grid.indexBefore(end)]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let from = -1;
  let to = -2;
  for (const [a, b] of ranges) {
    if (a > to + 1) {
      if (from >= 0) {
        bump(cohort.diff, from, 1);
        bump(cohort.diff, to + 1, -1);
      }
      from = a;
      to = b;
    } else if (b > to) to = b;
  }
  if (from >= 0) {
    bump(cohort.diff, from, 1);
    bump(cohort.diff, to + 1, -1);
  }
}

/** {@link cohortRetention} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCohortRetention(
  records: readonly Order[] | readonly Subscription[],
  options: CohortRetentionOptions,
): SafeResult<CohortRetention> {
  return attempt(() => cohortRetention(records, options));
}
