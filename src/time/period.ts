import { TZDate } from "@date-fns/tz";
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  startOfDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from "date-fns";
import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { type DateInput, dateInputSchema, requireEpochMs } from "./instant.js";

type Path = readonly (string | number)[];

/** Calendar units that periods are bucketed by. */
export type CalendarInterval = "day" | "week" | "month" | "quarter" | "year";

/** The calendar intervals, as a schema. */
export const calendarIntervalSchema: z.ZodMiniEnum<{
  day: "day";
  week: "week";
  month: "month";
  quarter: "quarter";
  year: "year";
}> = /* @__PURE__ */ (() =>
  z.enum(["day", "week", "month", "quarter", "year"], {
    error: 'expected "day", "week", "month", "quarter" or "year"',
  }))();

/** A half-open period `[start, end)`: `start` is in it, `end` is not. */
export interface Period {
  readonly start: DateInput;
  readonly end: DateInput;
}

/** A {@link Period}, as a schema (the functions that take a period also check that start is before end). */
export const periodSchema: z.ZodMiniType<Period> = /* @__PURE__ */ (() =>
  z.strictObject({
    start: dateInputSchema,
    end: dateInputSchema,
  }))();

/** A period resolved to epoch milliseconds, `[startMs, endMs)`. @internal */
export interface ResolvedPeriod {
  readonly startMs: number;
  readonly endMs: number;
}

/** A period as it appears in results: ISO strings in the period's time zone. */
export interface PeriodBounds {
  /** First instant of the period, ISO 8601 with offset. */
  readonly start: string;
  /** First instant after the period (half-open), ISO 8601 with offset. */
  readonly end: string;
  readonly timeZone: string;
}

/** Options for bucketing instants into calendar periods. */
export interface BucketOptions {
  /** IANA time zone the calendar is read in. Default `"UTC"`. */
  readonly timeZone?: string;
  /** First day of the week for `"week"`: 0 Sunday … 6 Saturday. Default 1 (Monday, ISO 8601). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** An IANA time zone name that this runtime knows, as a schema. */
export const timeZoneSchema: z.ZodMiniType<string> = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.refine(isTimeZone, { error: 'expected an IANA time zone such as "UTC" or "Europe/Paris"' }),
    ))();

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a time zone and returns it, or throws naming `path`. @internal
 */
export function resolveTimeZone(zone: unknown, path: readonly (string | number)[]): string {
  if (zone === undefined) return "UTC";
  return parseWith(timeZoneSchema, zone, path);
}

// The last zone the exported helpers accepted: checking a zone builds an Intl.DateTimeFormat
// (microseconds), and callers pass the same zone call after call.
let lastCheckedZone = "UTC";

/** `zone` when it is a time zone this runtime knows, else an input error naming `path`. */
function checkZone(zone: unknown, path: Path): string {
  if (zone === lastCheckedZone) return zone;
  const checked = parseWith(timeZoneSchema, zone, path);
  lastCheckedZone = checked;
  return checked;
}

const WEEKDAY_MESSAGE = "expected an integer 0-6 (0 Sunday … 6 Saturday)";

/** {@link BucketOptions}, as a schema (unknown keys are errors; the zone is checked apart). */
const bucketOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    timeZone: z.optional(z.unknown()),
    weekStartsOn: z.optional(z.literal([0, 1, 2, 3, 4, 5, 6], { error: WEEKDAY_MESSAGE })),
  }))();

/** The bucket options of the exported helpers, checked: a known zone, a weekday 0-6. */
function checkBucketOptions(options: unknown): Required<BucketOptions> {
  const parsed = parseWith(bucketOptionsSchema, options ?? {}, ["options"]);
  const timeZone =
    parsed.timeZone === undefined ? "UTC" : checkZone(parsed.timeZone, ["options", "timeZone"]);
  return { timeZone, weekStartsOn: parsed.weekStartsOn ?? 1 };
}

/** The largest |epoch ms| of a valid `Date` (ECMA-262 §21.4.1.1). */
const DATE_LIMIT_MS = 8.64e15;

/** `ms` when it is the time value of a valid `Date`, else an input error naming `path`. */
function checkTimeValue(ms: unknown, path: Path): number {
  if (typeof ms !== "number" || !(Math.abs(ms) <= DATE_LIMIT_MS))
    throw inputError(path, "expected epoch milliseconds of a valid Date (at most ±8.64e15)");
  return ms;
}

/**
 * Validates a period: both bounds valid instants, start strictly before end. @internal
 */
export function resolvePeriod(period: unknown, path: readonly (string | number)[]): ResolvedPeriod {
  const p = parseWith(periodSchema, period, path);
  const startMs = requireEpochMs(p.start, [...path, "start"]);
  const endMs = requireEpochMs(p.end, [...path, "end"]);
  if (!(startMs < endMs))
    throw inputError(
      [...path, "end"],
      "expected end after start: periods are half-open [start, end)",
    );
  return { startMs, endMs };
}

/** {@link isoInZone} without checks, for instants and zones already validated. @internal */
export function isoInZoneUnchecked(ms: number, timeZone: string): string {
  return new TZDate(ms, timeZone).toISOString();
}

/**
 * ISO 8601 string of an instant, with the offset of `timeZone` (`2025-03-01T00:00:00.000+01:00`).
 * `ms` must be the time value of a valid `Date` (finite, at most ±8.64e15) and `timeZone` an IANA
 * zone: else a {@link MetricsInputError} at `ms` / `timeZone`.
 * @example
 * isoInZone(Date.UTC(2025, 2, 1), "Asia/Kolkata")
 * //=> "2025-03-01T05:30:00.000+05:30"
 */
export function isoInZone(ms: number, timeZone: string): string {
  const t = checkTimeValue(ms, ["ms"]);
  return isoInZoneUnchecked(t, checkZone(timeZone, ["timeZone"]));
}

/** Result bounds of a resolved period. @internal */
export function periodBounds(period: ResolvedPeriod, timeZone: string): PeriodBounds {
  return {
    start: isoInZoneUnchecked(period.startMs, timeZone),
    end: isoInZoneUnchecked(period.endMs, timeZone),
    timeZone,
  };
}

/**
 * Start of the calendar period containing `ms`, read in `timeZone` (date-fns + @date-fns/tz).
 * `ms` must be a valid instant (years 0001-9999, as {@link toEpochMs} accepts), `interval` a
 * {@link CalendarInterval} and `options` valid {@link BucketOptions}: else a
 * {@link MetricsInputError} at `ms`, `interval` or `options…`.
 * @example
 * bucketStart(Date.UTC(2025, 0, 31, 23), "month", { timeZone: "Asia/Tokyo" }) === Date.UTC(2025, 0, 31, 15)
 * //=> true
 */
export function bucketStart(
  ms: number,
  interval: CalendarInterval,
  options?: BucketOptions,
): number {
  const t = requireEpochMs(ms, ["ms"]);
  const unit = parseWith(calendarIntervalSchema, interval, ["interval"]);
  return bucketStartUnchecked(t, unit, checkBucketOptions(options));
}

/** {@link bucketStart} without checks, for instants and options already validated. @internal */
export function bucketStartUnchecked(
  ms: number,
  interval: CalendarInterval,
  options?: BucketOptions,
): number {
  const date = new TZDate(ms, options?.timeZone ?? "UTC");
  switch (interval) {
    case "day":
      return startOfDay(date).getTime();
    case "week":
      return startOfWeek(date, { weekStartsOn: options?.weekStartsOn ?? 1 }).getTime();
    case "month":
      return startOfMonth(date).getTime();
    case "quarter":
      return startOfQuarter(date).getTime();
    case "year":
      return startOfYear(date).getTime();
  }
}

/**
 * The instant `k` calendar intervals after `startMs`, computed from the start in one step
 * (`addMonths(start, k)`), never by stepping, so month ends do not drift.
 * `startMs` must be the time value of a valid `Date` (finite, at most ±8.64e15), `interval` a
 * {@link CalendarInterval}, `k` a safe integer and `timeZone` an IANA zone: else a
 * {@link MetricsInputError} at `startMs`, `interval`, `k` or `timeZone`. A `k` that leads beyond
 * the range of `Date` is an error at `k`.
 * @example
 * addIntervals(Date.UTC(2025, 0, 31), "month", 1) === Date.UTC(2025, 1, 28)
 * //=> true
 */
export function addIntervals(
  startMs: number,
  interval: CalendarInterval,
  k: number,
  timeZone = "UTC",
): number {
  const start = checkTimeValue(startMs, ["startMs"]);
  const unit = parseWith(calendarIntervalSchema, interval, ["interval"]);
  if (!Number.isSafeInteger(k)) throw inputError(["k"], "expected an integer number of intervals");
  const t = addIntervalsUnchecked(start, unit, k, checkZone(timeZone, ["timeZone"]));
  if (!(Math.abs(t) <= DATE_LIMIT_MS))
    throw inputError(["k"], "expected a step that stays within the range of Date (±8.64e15 ms)");
  return t;
}

/** {@link addIntervals} without checks, for arguments already validated. @internal */
export function addIntervalsUnchecked(
  startMs: number,
  interval: CalendarInterval,
  k: number,
  timeZone = "UTC",
): number {
  const date = new TZDate(startMs, timeZone);
  switch (interval) {
    case "day":
      return addDays(date, k).getTime();
    case "week":
      return addWeeks(date, k).getTime();
    case "month":
      return addMonths(date, k).getTime();
    case "quarter":
      return addQuarters(date, k).getTime();
    case "year":
      return addYears(date, k).getTime();
  }
}

/**
 * The start of the calendar period `k` intervals after the period that starts at
 * `periodStartMs`: `add(start, k)` taken back to the start of its day in `timeZone`. Every
 * period starts at the start of a day; a period that begins late (01:00, after a DST change at
 * midnight) would otherwise carry that hour into every period after it, which would then start
 * an hour into the calendar period. Other starts are unchanged.
 * @internal
 */
export function addPeriodsUnchecked(
  periodStartMs: number,
  interval: CalendarInterval,
  k: number,
  timeZone = "UTC",
): number {
  const t = addIntervalsUnchecked(periodStartMs, interval, k, timeZone);
  return k === 0 ? t : startOfDay(new TZDate(t, timeZone)).getTime();
}

/**
 * Calendar periods met so far, each with a stable id in order of discovery. `index(ms)` is the
 * id of the period containing `ms`; `start(id)` its start. Periods are kept as a sorted list of
 * `[start, end)` searched by bisection, so date-fns runs twice per distinct period (its start,
 * and the next period's start as its end), not once per record, even when records come
 * unsorted. A period's end is the start of the period that follows it (so a day that begins at
 * 01:00 after a DST change at midnight ends where the next day begins).
 * @internal
 */
export interface BucketIndex {
  index(ms: number): number;
  start(id: number): number;
  /** Number of distinct periods met. */
  readonly size: number;
}

/** A {@link BucketIndex} for `interval` in `options.timeZone` (default UTC). @internal */
export function createBucketIndex(
  interval: CalendarInterval,
  options?: BucketOptions,
): BucketIndex {
  const timeZone = options?.timeZone ?? "UTC";
  // sortedStarts[i] < sortedEnds[i] <= sortedStarts[i + 1], with sortedIds[i] the period's id.
  const sortedStarts: number[] = [];
  const sortedEnds: number[] = [];
  const sortedIds: number[] = [];
  const startById: number[] = [];
  let lastStart = Number.NaN;
  let lastEnd = Number.NaN;
  let lastId = -1;
  return {
    index(ms: number): number {
      if (ms >= lastStart && ms < lastEnd) return lastId;
      // The first period whose end is after ms.
      let lo = 0;
      let hi = sortedEnds.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sortedEnds[mid] as number) <= ms) lo = mid + 1;
        else hi = mid;
      }
      const found = sortedStarts[lo];
      if (found !== undefined && found <= ms) {
        lastStart = found;
        lastEnd = sortedEnds[lo] as number;
        lastId = sortedIds[lo] as number;
        return lastId;
      }
      const start = bucketStartUnchecked(ms, interval, options);
      const end = bucketStartUnchecked(
        addIntervalsUnchecked(start, interval, 1, timeZone),
        interval,
        options,
      );
      const id = startById.length;
      startById.push(start);
      sortedStarts.splice(lo, 0, start);
      sortedEnds.splice(lo, 0, end);
      sortedIds.splice(lo, 0, id);
      lastStart = start;
      lastEnd = end;
      lastId = id;
      return id;
    },
    start: (id: number): number => startById[id] as number,
    get size(): number {
      return startById.length;
    },
  };
}

/**
 * A fast bucketer: maps an instant to the start of its calendar period. date-fns runs twice per
 * distinct period, not once per record, even when records come unsorted (see
 * the internal bucket index). `interval` and `options` are checked once (else a
 * {@link MetricsInputError} at `interval` or `options…`); each instant given to the bucketer
 * must be a valid instant (years 0001-9999), else an error at `ms`.
 * @example
 * const bucket = createBucketer("month", { timeZone: "UTC" });
 * bucket(Date.UTC(2025, 4, 17)) === Date.UTC(2025, 4, 1)
 * //=> true
 */
export function createBucketer(
  interval: CalendarInterval,
  options?: BucketOptions,
): (ms: number) => number {
  const unit = parseWith(calendarIntervalSchema, interval, ["interval"]);
  const buckets = createBucketIndex(unit, checkBucketOptions(options));
  return (ms: number): number => buckets.start(buckets.index(requireEpochMs(ms, ["ms"])));
}

/** {@link createBucketer} without checks, for tallying loops over validated instants. @internal */
export function createBucketerUnchecked(
  interval: CalendarInterval,
  options?: BucketOptions,
): (ms: number) => number {
  const buckets = createBucketIndex(interval, options);
  return (ms: number): number => buckets.start(buckets.index(ms));
}

/**
 * Every bucket start from the bucket containing `startMs` up to `endMs` (exclusive), each
 * computed from the first as `add(first, k)` (at the start of its day), so empty periods are
 * listed too.
 * @example
 * listBuckets(Date.UTC(2025, 0, 15), Date.UTC(2025, 3, 1), "month").length
 * //=> 3
 */
export function listBuckets(
  startMs: number,
  endMs: number,
  interval: CalendarInterval,
  options?: BucketOptions,
): number[] {
  // Checked once per call (a bad instant, interval or zone would otherwise loop without end).
  const from = requireEpochMs(startMs, ["startMs"]);
  const to = requireEpochMs(endMs, ["endMs"]);
  const unit = parseWith(calendarIntervalSchema, interval, ["interval"]);
  const timeZone = resolveTimeZone(options?.timeZone, ["options", "timeZone"]);
  const first = bucketStartUnchecked(from, unit, options);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const t = addPeriodsUnchecked(first, unit, k, timeZone);
    if (!(t < to)) break;
    out.push(t);
  }
  return out;
}

/** {@link addIntervals} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeAddIntervals(
  startMs: number,
  interval: CalendarInterval,
  k: number,
  timeZone?: string,
): SafeResult<number> {
  return attempt(() => addIntervals(startMs, interval, k, timeZone));
}

/** {@link bucketStart} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBucketStart(
  ms: number,
  interval: CalendarInterval,
  options?: BucketOptions,
): SafeResult<number> {
  return attempt(() => bucketStart(ms, interval, options));
}

/**
 * {@link createBucketer} that returns `{ ok, value }` or `{ ok: false, error }` instead of
 * throwing; the bucketer it returns does the same for each instant.
 */
export function safeCreateBucketer(
  interval: CalendarInterval,
  options?: BucketOptions,
): SafeResult<(ms: number) => SafeResult<number>> {
  return attempt(() => {
    const bucket = createBucketer(interval, options);
    return (ms: number) => attempt(() => bucket(ms));
  });
}

/** {@link isoInZone} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeIsoInZone(ms: number, timeZone: string): SafeResult<string> {
  return attempt(() => isoInZone(ms, timeZone));
}

/** {@link listBuckets} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeListBuckets(
  startMs: number,
  endMs: number,
  interval: CalendarInterval,
  options?: BucketOptions,
): SafeResult<number[]> {
  return attempt(() => listBuckets(startMs, endMs, interval, options));
}
