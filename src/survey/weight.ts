// A response's weight, shared by NPS and the rating scales (CSAT, CES). Internal module: only
// responseWeightSchema is public (re-exported by nps.ts).
import * as z from "zod/mini";
import { schemaError } from "../errors.js";
import { readField } from "../metric.js";

/** A response weight: a finite number ≥ 0. */
export const responseWeightSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .number({
      error: "expected a finite weight >= 0",
    })
    .check(z.gte(0, { error: "expected a finite weight >= 0" })))();

/** Whether `w` is a valid weight (what {@link responseWeightSchema} accepts). @internal */
export function isWeight(w: unknown): w is number {
  return typeof w === "number" && Number.isFinite(w) && w >= 0;
}

/**
 * A response's weight, read by field name or function and checked inline (finite, >= 0); else
 * the error naming `[index, field]` (or `[index]` for a function).
 * @internal
 */
export function readWeight<R>(
  record: R,
  index: number,
  weightKey: string | undefined,
  weightFn: ((record: R, index: number) => unknown) | undefined,
): number {
  const w = weightKey !== undefined ? readField(record, weightKey) : weightFn?.(record, index);
  if (isWeight(w)) return w;
  throw schemaError(
    responseWeightSchema,
    w,
    weightKey === undefined ? [index] : [index, weightKey],
    "expected a finite weight >= 0",
  );
}
