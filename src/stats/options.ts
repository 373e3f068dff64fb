import * as z from "zod/mini";

/** A confidence level strictly between 0 and 1. @internal */
export const levelSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .number()
    .check(
      z.gt(0, { error: "expected a confidence level strictly between 0 and 1" }),
      z.lt(1, { error: "expected a confidence level strictly between 0 and 1" }),
    ))();

/** A non-negative finite number. @internal */
export const nonNegativeSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.number().check(z.gte(0, { error: "expected a non-negative number" })))();

/** A strictly positive finite number. @internal */
export const positiveSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.number().check(z.gt(0, { error: "expected a positive number" })))();

/** A non-negative integer count. @internal */
export const countSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .int({
      error: "expected a non-negative integer count",
    })
    .check(z.gte(0, { error: "expected a non-negative integer count" })))();

const ACCESSOR_MESSAGE = "expected a property name or a function (record, index) => value";

/** A property name or a function `(record, index) => value`. @internal */
export const accessorSchema: z.ZodMiniUnion<
  readonly [z.ZodMiniString<string>, z.ZodMiniCustom<(record: never, index: number) => unknown>]
> = /* @__PURE__ */ (() =>
  z.union(
    [
      z.string({ error: ACCESSOR_MESSAGE }),
      z.custom<(record: never, index: number) => unknown>((v) => typeof v === "function", {
        error: ACCESSOR_MESSAGE,
      }),
    ],
    { error: ACCESSOR_MESSAGE },
  ))();

/**
 * `T` with `undefined` allowed in its optional fields, which is what a zod schema of `T` outputs
 * under `exactOptionalPropertyTypes`. Used to type exported schemas. @internal
 */
export type SchemaOutput<T> = {
  [K in keyof T]: Record<never, never> extends Pick<T, K> ? T[K] | undefined : T[K];
};
