import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { type Accessor, readField } from "../metric.js";
import { accessorSchema, type SchemaOutput } from "../stats/options.js";
import { type DateInput, dateInputSchema, requireEpochMs } from "../time/instant.js";
import {
  addPeriodsUnchecked,
  type BucketOptions,
  type CalendarInterval,
  calendarIntervalSchema,
  createBucketerUnchecked,
  isoInZoneUnchecked,
  listBuckets,
  type PeriodBounds,
  resolveTimeZone,
} from "../time/period.js";
import {
  addToGroup,
  checkMetrics,
  DEFAULT_MAX_PERIODS,
  emptyTallies,
  exceedsPeriods,
  type GroupRow,
  type GroupState,
  groupRow,
  groupTallies,
  type MetricList,
  type MetricMap,
  maxPeriodsSchema,
  mergeTallies,
  minNSchema,
  newGroup,
  weekStartsOnSchema,
  weightedMedian,
} from "./route.js";

/** Options of {@link byPeriod}. */
export interface ByPeriodOptions<R> {
  /** When a record happened: a property name or `(record, index) => DateInput`. Required. */
  readonly date: Accessor<R>;
  /** Calendar unit of the series: `"day"`, `"week"`, `"month"`, `"quarter"` or `"year"`. Required. */
  readonly interval: CalendarInterval;
  /** IANA zone the calendar is read in. Default `"UTC"`. */
  readonly timeZone?: string;
  /** First day of a week, 0 Sunday … 6 Saturday. Default 1 (Monday, ISO 8601). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** The series starts with the period containing this instant. Default: the first record's. */
  readonly start?: DateInput;
  /** The series ends with the period containing the instant just before this one (exclusive). Default: the last record's period. */
  readonly end?: DateInput;
  /** Periods with fewer records are flagged (`flagged`, a `"small-group"` warning). Default 30. */
  readonly minN?: number;
  /**
   * The longest series allowed, in periods (empty ones included). Default 100,000. One
   * mistyped date (year 9999, a µs timestamp read as ms) would otherwise make a daily series
   * millions of periods long: a longer series is an error naming the record whose date
   * stretched it (or `options.end` when `start` and `end` set the range).
   */
  readonly maxPeriods?: number;
}

/** Options of {@link byPeriod}, as a schema (unknown keys are errors). */
export const byPeriodOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<ByPeriodOptions<unknown>, "date">> & { date: unknown }
> = /* @__PURE__ */ z.strictObject({
  date: accessorSchema,
  interval: calendarIntervalSchema,
  timeZone: z.optional(z.string()),
  weekStartsOn: weekStartsOnSchema,
  start: z.optional(dateInputSchema),
  end: z.optional(dateInputSchema),
  minN: minNSchema,
  maxPeriods: maxPeriodsSchema,
});

/** One period of a series: its bounds (half-open, ISO strings in the zone) and its group. */
export interface PeriodRow<M> extends GroupRow<M> {
  readonly period: PeriodBounds;
}

/** The result of {@link byPeriod}: plain JSON. */
export interface PeriodSeries<M> {
  readonly grouping: "periods";
  readonly metrics: readonly string[];
  readonly interval: CalendarInterval;
  readonly timeZone: string;
  readonly minN: number;
  /** Every period from the first to the last, empty ones included (their values are `null`). */
  readonly periods: readonly PeriodRow<M>[];
  /** Every record in the series: the merge of all period tallies. */
  readonly total: GroupRow<M>;
  /** Records outside `[start, end)`'s periods: dates checked, not passed to the metrics. */
  readonly excluded: number;
}

/**
 * Metrics per calendar period (day, week, month, quarter, year) in one pass, empty periods kept.
 *
 * Each record's date is read, checked and bucketed in `timeZone` (half-open periods: a record
 * exactly at a boundary belongs to the later period); its period's group gets the record, as in
 * {@link bySegment}. The series runs from the first to the last period with records, or over
 * the periods `start` and `end` select; a period without records is listed with the metrics'
 * empty results (value `null`). Period k starts `k` intervals after the first period's start,
 * computed in one step, so month ends do not drift. The total row merges every period's tally.
 * @param records - The records (not copied, not changed).
 * @param options - `date` accessor and `interval` (required), zone, week start, range.
 * @param metrics - Metrics by name.
 * @example
 * const rows = [
 *   { at: "2025-01-10T12:00:00Z", s: 10 },
 *   { at: "2025-03-02T09:00:00Z", s: 0 },
 * ];
 * const series = byPeriod(rows, { date: "at", interval: "month" }, {
 *   nps: npsMetric<{ at: string; s: number }>({ score: "s" }),
 * });
 * series.periods.map((row) => row.results.nps.value)
 * //=> [100, null, -100]
 * series.periods[1]?.period.start
 * //=> "2025-02-01T00:00:00.000+00:00"
 */
export function byPeriod<R, M extends MetricMap<R>>(
  records: readonly R[],
  options: ByPeriodOptions<R>,
  metrics: M,
): PeriodSeries<M> {
  if (!Array.isArray(records)) throw inputError([], "expected an array of records");
  const parsed = parseWith(byPeriodOptionsSchema, options, ["options"]);
  const list = checkMetrics<R>(metrics, ["metrics"]);
  const timeZone = resolveTimeZone(parsed.timeZone, ["options", "timeZone"]);
  const interval = parsed.interval;
  const bucketOptions = { timeZone, weekStartsOn: parsed.weekStartsOn ?? 1 };
  const bucket = createBucketerUnchecked(interval, bucketOptions);
  const minN = parsed.minN ?? 30;

  const startMs =
    parsed.start === undefined ? undefined : requireEpochMs(parsed.start, ["options", "start"]);
  const endMs =
    parsed.end === undefined ? undefined : requireEpochMs(parsed.end, ["options", "end"]);
  if (startMs !== undefined && endMs !== undefined && !(startMs < endMs)) {
    throw inputError(["options", "end"], "expected end after start: periods are half-open");
  }
  // Records are kept when their period is in the series: from the period containing `start`
  // to the last period that begins before `end`.
  const lowMs = startMs === undefined ? Number.NEGATIVE_INFINITY : bucket(startMs);
  const highMs = endMs === undefined ? Number.POSITIVE_INFINITY : endMs;

  const maxPeriods = parsed.maxPeriods ?? DEFAULT_MAX_PERIODS;
  const dateName = typeof options.date === "string" ? options.date : undefined;
  const dateFn = typeof options.date === "function" ? options.date : undefined;
  const datePath = (i: number): (string | number)[] =>
    dateName === undefined ? [i] : [i, dateName];
  const groups = new Map<number, GroupState>();
  let excluded = 0;
  // The records with the earliest and latest kept periods, to name one if the series is too long.
  let earliest = -1;
  let latest = -1;
  let earliestB = Number.POSITIVE_INFINITY;
  let latestB = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as R;
    const raw = dateFn === undefined ? readField(record, dateName ?? "") : dateFn(record, i);
    const t = requireEpochMs(raw, datePath(i));
    const b = bucket(t);
    if (b < lowMs || b >= highMs) {
      excluded++;
      continue;
    }
    if (b < earliestB) {
      earliestB = b;
      earliest = i;
    }
    if (b > latestB) {
      latestB = b;
      latest = i;
    }
    let group = groups.get(b);
    if (group === undefined) {
      group = newGroup(list);
      groups.set(b, group);
    }
    addToGroup(list, group, record, i);
  }

  const starts = seriesStarts(
    groups,
    startMs === undefined ? undefined : lowMs,
    endMs,
    interval,
    bucketOptions,
    maxPeriods,
    "options.maxPeriods",
    (late) =>
      late
        ? endMs === undefined
          ? datePath(latest)
          : ["options", "end"]
        : startMs === undefined
          ? datePath(earliest)
          : ["options", "start"],
  );

  // Tallies per listed period. A record's bucket is normally one of the listed starts; the
  // lookup by position is a safeguard for zones whose midnight does not exist on some day.
  const tallies: unknown[][] = starts.map(() => emptyTallies(list));
  const counts: number[] = starts.map(() => 0);
  const position = new Map<number, number>();
  starts.forEach((s, k) => {
    position.set(s, k);
  });
  for (const [b, group] of groups) {
    const k = position.get(b) ?? lastAtOrBefore(starts, b);
    if (k < 0) {
      excluded += group.n;
      continue;
    }
    tallies[k] = mergeTallies(list, tallies[k] as unknown[], groupTallies(list, group));
    counts[k] = (counts[k] as number) + group.n;
  }

  return periodSeries<M>(
    list,
    starts,
    starts.map((_, k) => ({ n: counts[k] as number, tallies: tallies[k] as unknown[] })),
    { interval, timeZone, minN, excluded },
  );
}

/** One group's record count and tallies (in metric order). @internal */
export interface TalliedGroup {
  readonly n: number;
  readonly tallies: readonly unknown[];
}

/**
 * The {@link PeriodSeries} of tallied periods (`groups[k]` is the period starting `starts[k]`,
 * `undefined` when empty): every period listed, empty ones included, and the total as the merge
 * of all periods. Shared by `byPeriod`, columnar input and the SQL path.
 * @internal
 */
export function periodSeries<M>(
  list: MetricList<never>,
  starts: readonly number[],
  groups: readonly (TalliedGroup | undefined)[],
  options: {
    readonly interval: CalendarInterval;
    readonly timeZone: string;
    readonly minN: number;
    readonly excluded: number;
  },
): PeriodSeries<M> {
  const { interval, timeZone, minN } = options;
  const firstStart = starts[0];
  let totalTallies = emptyTallies(list);
  let totalN = 0;
  const periods: PeriodRow<M>[] = starts.map((s, k) => {
    const group = groups[k];
    const tallies = group === undefined ? emptyTallies(list) : group.tallies;
    const n = group?.n ?? 0;
    totalTallies = mergeTallies(list, totalTallies, tallies);
    totalN += n;
    return {
      period: {
        start: isoInZoneUnchecked(s, timeZone),
        end: isoInZoneUnchecked(
          starts[k + 1] ?? addPeriodsUnchecked(firstStart ?? s, interval, starts.length, timeZone),
          timeZone,
        ),
        timeZone,
      },
      ...groupRow<never, M>(list, n, tallies, minN),
    };
  });
  return {
    grouping: "periods",
    metrics: [...list.names],
    interval,
    timeZone,
    minN,
    periods,
    total: groupRow<never, M>(list, totalN, totalTallies, minN),
    excluded: options.excluded,
  };
}

/**
 * The period starts of a series over the buckets met (`groups`: bucket start → its rows `n`):
 * from `low` (the first period's start, when given, else the first bucket) to the last period
 * that begins before `high` (exclusive, when given, else after the last bucket), every period
 * listed, empty ones included. A series longer than `maxPeriods` is an error, checked in one
 * calendar step before anything is listed; it names `blame(late)`, the end of the range farther
 * from the rows' weighted median period (`late`: the end). Shared by `byPeriod` and the SQL path.
 * @internal
 */
export function seriesStarts(
  groups: ReadonlyMap<number, { readonly n: number }>,
  low: number | undefined,
  high: number | undefined,
  interval: CalendarInterval,
  options: BucketOptions & { readonly timeZone: string },
  maxPeriods: number,
  maxOption: string,
  blame: (late: boolean) => readonly (string | number)[],
): number[] {
  let first = low ?? Number.POSITIVE_INFINITY;
  let upper = high ?? Number.NEGATIVE_INFINITY;
  for (const b of groups.keys()) {
    if (low === undefined && b < first) first = b;
    if (high === undefined && b + 1 > upper) upper = b + 1;
  }
  if (!(Number.isFinite(first) && Number.isFinite(upper) && first < upper)) return [];
  if (
    exceedsPeriods(first, upper, maxPeriods, (s, k) =>
      addPeriodsUnchecked(s, interval, k, options.timeZone),
    )
  ) {
    const keys = [...groups.keys()];
    const median =
      keys.length === 0
        ? first
        : weightedMedian(
            keys,
            keys.map((key) => (groups.get(key) as { readonly n: number }).n),
          );
    throw inputError(
      blame(upper - median >= median - first),
      `expected a series of at most maxPeriods (${maxPeriods}) ${interval}s: this date makes it longer (a mistyped date? else raise ${maxOption})`,
    );
  }
  return listBuckets(first, upper, interval, options);
}

/** Index of the last start ≤ `t` in an ascending array, or -1. */
function lastAtOrBefore(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** {@link byPeriod} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeByPeriod<R, M extends MetricMap<R>>(
  records: readonly R[],
  options: ByPeriodOptions<R>,
  metrics: M,
): SafeResult<PeriodSeries<M>> {
  return attempt(() => byPeriod(records, options, metrics));
}
