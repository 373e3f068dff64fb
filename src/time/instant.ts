import * as z from "zod/mini";
import { schemaError } from "../errors.js";

/**
 * An instant as callers hand it over: a `Date`, epoch milliseconds, or an ISO 8601 / RFC 3339
 * string **with** an offset (`2025-03-01T10:00:00Z`, `2025-03-01T10:00:00+05:30`, and the
 * `2025-03-01 10:00:00+00` that PostgreSQL and DuckDB print). A string without an offset is
 * rejected: it would be read in the machine's local zone, which differs per machine.
 */
export type DateInput = Date | number | string;

/**
 * ISO 8601 / RFC 3339 date-time with an offset: `T`, `t` or a space between date and time (RFC
 * 3339 §5.6, and what PostgreSQL and DuckDB print for `timestamptz`), seconds and up to nine
 * fraction digits optional, offset `Z`, `z`, `±hh:mm`, `±hhmm` or `±hh`. Groups: year, month,
 * day, hour, minute, second, fraction, offset sign, offset hours, offset minutes.
 */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(?:[Zz]|([+-])([01]\d|2[0-3])(?::?([0-5]\d))?)$/;

const DATE_MESSAGE =
  "expected a valid Date, epoch milliseconds, or an ISO 8601 string with an offset (Z or ±hh:mm), between years 0001 and 9999";

/** 0001-01-01T00:00:00.000Z, the first instant accepted. */
const MIN_EPOCH_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z, the last instant accepted. */
const MAX_EPOCH_MS = 253_402_300_799_999;

function inRange(t: number): number | undefined {
  return t >= MIN_EPOCH_MS && t <= MAX_EPOCH_MS ? t : undefined;
}

/**
 * `Date.UTC(year, month, day)` for every year: `Date.UTC` reads years 0-99 as 1900-1999, this
 * does not (month and day may overflow, as in `Date.UTC`). @internal
 */
export function utcDate(year: number, month: number, day: number): number {
  const d = new Date(0);
  return d.setUTCFullYear(year, month, day);
}

/**
 * Epoch milliseconds of a {@link DateInput}, or `undefined` when it is not a valid instant.
 * Instants are accepted from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (UTC), the years
 * of a four-digit ISO 8601 date, so that every calendar period around an instant (its year in
 * any zone) is a valid `Date` and one mistyped date cannot reach the edges of the `Date` range
 * (±8.64e15 ms, ECMA-262 §21.4.1.1).
 * This is the inline check; {@link dateInputSchema} accepts exactly the same values.
 * @example
 * toEpochMs("2025-03-01T00:00:00+01:00")
 * //=> 1740783600000
 * toEpochMs("2025-03-01 00:00:00+00")
 * //=> 1740787200000
 * toEpochMs("2025-03-01T00:00:00")
 * //=> undefined
 */
export function toEpochMs(value: unknown): number | undefined {
  // Years 0001-9999 UTC (NaN and ±Infinity fail the comparisons).
  if (typeof value === "number") return inRange(value);
  if (value instanceof Date) return inRange(value.getTime());
  if (typeof value !== "string") return undefined;
  const m = ISO_WITH_OFFSET.exec(value);
  if (m === null) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  // One Date, from the fields rather than Date.parse: engines differ on what Date.parse takes
  // beyond ECMA-262's own format (a space, `+hhmm`, `+hh`, more than three fraction digits), so
  // the same string could be an instant on one runtime and an error on another.
  // setUTCFullYear reads years 0-99 as such (Date.UTC would not); a day the month does not have
  // rolls over into the next month, which the day check catches.
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), month - 1, day);
  if (month < 1 || month > 12 || date.getUTCDate() !== day) return undefined;
  const offset = (Number(m[9] ?? 0) * 60 + Number(m[10] ?? 0)) * (m[8] === "-" ? -1 : 1);
  // Fraction digits beyond milliseconds are dropped (truncated), as V8 and SpiderMonkey do.
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  // "0000-…" and offsets that move 0001-01-01 / 9999-12-31 across a year boundary fall outside.
  return inRange(date.setUTCHours(Number(m[4]), Number(m[5]) - offset, Number(m[6] ?? 0), ms));
}

/** A {@link DateInput}, as a schema: what callers can validate at their own boundary. */
export const dateInputSchema: z.ZodMiniType<DateInput> = /* @__PURE__ */ z.custom<DateInput>(
  (value) => toEpochMs(value) !== undefined,
  { error: DATE_MESSAGE },
);

/**
 * Epoch milliseconds of a date, or a {@link MetricsInputError} naming `path`.
 * @internal
 */
export function requireEpochMs(value: unknown, path: readonly (string | number)[]): number {
  const t = toEpochMs(value);
  if (t === undefined) throw schemaError(dateInputSchema, value, path, DATE_MESSAGE);
  return t;
}
