import * as z from "zod/mini";
import { schemaError } from "../errors.js";

/**
 * An instant as callers hand it over: a `Date`, epoch milliseconds, or an ISO 8601 string
 * **with** an offset (`2025-03-01T10:00:00Z`, `2025-03-01T10:00:00+05:30`). A string without an
 * offset is rejected: it would be read in the machine's local zone, which differs per machine.
 */
export type DateInput = Date | number | string;

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

const DATE_MESSAGE =
  "expected a valid Date, epoch milliseconds, or an ISO 8601 string with an offset (Z or ±hh:mm)";

const MAX_EPOCH_MS = 8.64e15;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch milliseconds of a {@link DateInput}, or `undefined` when it is not a valid instant.
 * This is the inline check; {@link dateInputSchema} accepts exactly the same values.
 * @example
 * toEpochMs("2025-03-01T00:00:00+01:00")
 * //=> 1740783600000
 * toEpochMs("2025-03-01T00:00:00")
 * //=> undefined
 */
export function toEpochMs(value: unknown): number | undefined {
  // ±8.64e15 ms is the range of a JavaScript Date (ECMA-262 §21.4.1.1); beyond it no calendar exists.
  if (typeof value === "number") return Math.abs(value) <= MAX_EPOCH_MS ? value : undefined;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value !== "string") return undefined;
  const m = ISO_WITH_OFFSET.exec(value);
  if (m === null) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(m[1]), month))
    return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
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
