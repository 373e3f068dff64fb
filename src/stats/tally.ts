import * as z from "zod/mini";
import { inputError, parseWith } from "../errors.js";
import { nonNegativeSchema } from "./options.js";

/** A compensated sum `{ sum, carry }` inside a tally: two finite numbers. @internal */
export const compensatedSumSchema: z.ZodMiniType<{ sum: number; carry: number }> =
  /* @__PURE__ */ (() => z.object({ sum: z.number(), carry: z.number() }))();

/** Weights or counts per period (sBG `lost` / `censored`): finite numbers ≥ 0. @internal */
export const nonNegativeArraySchema: z.ZodMiniType<number[]> = /* @__PURE__ */ (() =>
  z.array(nonNegativeSchema))();

/**
 * The schema of a tally whose `fields` are all counts or weights (finite, ≥ 0); other fields
 * are left to the caller's schema. For module-level schemas, inside a pure IIFE. @internal
 */
export function countFieldsSchema(
  fields: readonly string[],
  extra: Readonly<Record<string, z.ZodMiniType>> = {},
): z.ZodMiniType<Record<string, unknown>> {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const field of fields) shape[field] = nonNegativeSchema;
  return z.object({ ...shape, ...extra });
}

/** The path below `value` of its first number that is not finite, or `undefined`. */
function nonFinitePath(value: unknown, depth = 0): (string | number)[] | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : [];
  if (typeof value !== "object" || value === null || depth > 3) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const below = nonFinitePath(item, depth + 1);
    if (below !== undefined) return [Array.isArray(value) ? Number(key) : key, ...below];
  }
  return undefined;
}

/**
 * The merge behind an exported `mergeXxxTallies`: both tallies are checked with `schema`
 * (errors at `a…` / `b…`), merged with the unchecked `merge` the metric uses, and a merged
 * number that overflows to ±Infinity is an error at the field in `b`. @internal
 */
export function mergeCheckedTallies<T>(
  schema: z.ZodMiniType,
  a: T,
  b: T,
  merge: (a: T, b: T) => T,
): T {
  parseWith(schema, a, ["a"]);
  parseWith(schema, b, ["b"]);
  const merged = merge(a, b);
  const bad = nonFinitePath(merged);
  if (bad !== undefined) {
    throw inputError(
      ["b", ...bad],
      "the merged tally overflows: expected counts and sums whose totals stay finite",
    );
  }
  return merged;
}
