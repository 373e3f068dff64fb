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
import { inputError, parseWith } from "../errors.js";
import { type DateInput, dateInputSchema, requireEpochMs } from "./instant.js";

/** Calendar units that periods are bucketed by. */
export type CalendarInterval = "day" | "week" | "month" | "quarter" | "year";

/** The calendar intervals, as a schema. */
export const calendarIntervalSchema: z.ZodMiniEnum<{
  day: "day";
  week: "week";
  month: "month";
  quarter: "quarter";
  year: "year";
}> = /* @__PURE__ */ z.enum(["day", "week", "month", "quarter", "year"], {
  error: 'expected "day", "week", "month", "quarter" or "year"',
});

/** A half-open period `[start, end)`: `start` is in it, `end` is not. */
export interface Period {
  readonly start: DateInput;
  readonly end: DateInput;
}

/** A {@link Period}, as a schema (the functions that take a period also check that start is before end). */
export const periodSchema: z.ZodMiniType<Period> = /* @__PURE__ */ z.strictObject({
  start: dateInputSchema,
  end: dateInputSchema,
});

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
export const timeZoneSchema: z.ZodMiniType<string> = /* @__PURE__ */ z
  .string()
  .check(
    z.refine(isTimeZone, { error: 'expected an IANA time zone such as "UTC" or "Europe/Paris"' }),
  );

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

/**
 * ISO 8601 string of an instant, with the offset of `timeZone` (`2025-03-01T00:00:00.000+01:00`).
 * @example
 * isoInZone(Date.UTC(2025, 2, 1), "Asia/Kolkata")
 * //=> "2025-03-01T05:30:00.000+05:30"
 */
export function isoInZone(ms: number, timeZone: string): string {
  return new TZDate(ms, timeZone).toISOString();
}

/** Result bounds of a resolved period. @internal */
export function periodBounds(period: ResolvedPeriod, timeZone: string): PeriodBounds {
  return {
    start: isoInZone(period.startMs, timeZone),
    end: isoInZone(period.endMs, timeZone),
    timeZone,
  };
}

/**
 * Start of the calendar period containing `ms`, read in `timeZone` (date-fns + @date-fns/tz).
 * @example
 * bucketStart(Date.UTC(2025, 0, 31, 23), "month", { timeZone: "Asia/Tokyo" }) === Date.UTC(2025, 0, 31, 15)
 * //=> true
 */
export function bucketStart(
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
 * A fast bucketer: maps an instant to the start of its calendar period, caching by 15-minute
 * slot (every zone offset in use is a multiple of 15 minutes, so no boundary falls inside one).
 * @example
 * const bucket = createBucketer("month", { timeZone: "UTC" });
 * bucket(Date.UTC(2025, 4, 17)) === Date.UTC(2025, 4, 1)
 * //=> true
 */
export function createBucketer(
  interval: CalendarInterval,
  options?: BucketOptions,
): (ms: number) => number {
  // slot -> bucket start, and bucket start -> bucket end: date-fns runs once per bucket (and
  // once per 15-minute slot seen), not once per record, even when records come unsorted.
  const startOfSlot = new Map<number, number>();
  const endOfBucket = new Map<number, number>();
  let lastStart = Number.NaN;
  let lastEnd = Number.NaN;
  const timeZone = options?.timeZone ?? "UTC";
  return (ms: number): number => {
    if (ms >= lastStart && ms < lastEnd) return lastStart;
    const slot = Math.floor(ms / 900_000);
    let start = startOfSlot.get(slot);
    if (start === undefined) {
      start = bucketStart(ms, interval, options);
      startOfSlot.set(slot, start);
    }
    let end = endOfBucket.get(start);
    if (end === undefined) {
      end = addIntervals(start, interval, 1, timeZone);
      endOfBucket.set(start, end);
    }
    lastStart = start;
    lastEnd = end;
    return start;
  };
}

/**
 * Every bucket start from the bucket containing `startMs` up to `endMs` (exclusive), each
 * computed as `add(first, k)`, so empty periods are listed too.
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
  const first = bucketStart(from, unit, options);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const t = addIntervals(first, unit, k, timeZone);
    if (!(t < to)) break;
    out.push(t);
  }
  return out;
}
