// Reading the rows a SQL driver returns. Drivers differ in how they type aggregates: DuckDB
// gives numbers or bigints (HUGEINT sums), PostgreSQL's SUM(bigint) is numeric and comes back
// as a string through psql or node-postgres, BigQuery's INT64 may be a string. Every form is
// normalised here, then checked: a count is a non-negative safe integer, a sum of money a
// finite number, a period index or bucket start an integer.
import { inputError, schemaError } from "../errors.js";
import { countSchema } from "../stats/options.js";

/** A path inside the rows: `[3, "churnRate__churned"]`. */
type Path = readonly (string | number)[];

const COUNT_MESSAGE = "expected a non-negative integer count";

/** The number a driver value stands for, or `undefined` when it is not a number in any form. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") {
    // Beyond ±2^53 a bigint has no exact number: leave it to the caller's integer check.
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : undefined;
  }
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return undefined;
}

/**
 * Reads a case-insensitive column of a row (engines fold unquoted aliases to upper or lower
 * case), or throws naming `[index]` when the row is not an object. @internal
 */
export function rowReader(row: unknown, index: number): (alias: string) => unknown {
  if (row === null || typeof row !== "object") throw inputError([index], "expected a row object");
  const byLower = new Map<string, unknown>();
  for (const key of Object.keys(row)) byLower.set(key.toLowerCase(), Reflect.get(row, key));
  return (alias) => byLower.get(alias.toLowerCase());
}

/**
 * A count column: a non-negative safe integer given as a number, a bigint or an integer-valued
 * numeric string (`"12"`, `"12.000"`). `NULL` is 0 (a `SUM` over no rows). Anything else (a
 * negative or fractional count, NaN, text) throws naming `path`, with {@link countSchema}'s
 * message: the inline check and the schema accept the same numbers. @internal
 */
export function readCount(value: unknown, path: Path): number {
  if (value === null || value === undefined) return 0;
  const n = numeric(value);
  // `+ 0` turns -0 into 0, so results never carry a negative zero.
  if (n !== undefined && Number.isSafeInteger(n) && n >= 0) return n + 0;
  throw schemaError(countSchema, n ?? value, path, COUNT_MESSAGE);
}

/**
 * A sum of money: a finite number (negative allowed, refunds), as a number, a bigint or a
 * numeric string; `NULL` is 0. @internal
 */
export function readAmount(value: unknown, path: Path): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "bigint" ? Number(value) : numeric(value);
  if (n !== undefined && Number.isFinite(n)) return n + 0;
  throw inputError(path, "expected a finite number (a sum of money from the query)");
}

/**
 * An integer key column (a period or cohort index, a bucket start in epoch ms), or `null` for
 * SQL `NULL`. Integer-valued numeric strings and safe bigints are read as numbers. @internal
 */
export function readInteger(value: unknown, path: Path, message: string): number | null {
  if (value === null || value === undefined) return null;
  const n = numeric(value);
  if (n !== undefined && Number.isSafeInteger(n)) return n + 0;
  throw inputError(path, message);
}
