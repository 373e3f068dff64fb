import * as z from "zod/mini";
import { inputError, schemaError } from "../errors.js";
import { type DateInput, dateInputSchema, toEpochMs } from "../time/instant.js";

/** A customer identifier: a non-empty string or a finite number. */
export type CustomerId = string | number;

/**
 * One order. Extra fields (region, channel, ...) are allowed and ignored, for segmenting.
 * `amount` is the order's revenue (≥ 0: net refunds out before, or drop them).
 */
export interface Order {
  readonly customerId: CustomerId;
  readonly date: DateInput;
  readonly amount: number;
  /** Gross margin of this order as a fraction of `amount`, in [0, 1]. */
  readonly margin?: number;
  /** Cost of goods of this order, ≥ 0 (margin = (amount − cost) / amount). */
  readonly cost?: number;
}

/**
 * One subscription: active from `start` until `end` (exclusive), or still active when `end` is
 * absent or `null`. `mrr` is its monthly recurring revenue.
 */
export interface Subscription {
  readonly customerId: CustomerId;
  readonly start: DateInput;
  readonly end?: DateInput | null;
  readonly mrr?: number;
}

const ID_MESSAGE = "expected a customer id: a non-empty string or a finite number";
const AMOUNT_MESSAGE = "expected a finite amount >= 0";

/** A customer id, as a schema. */
export const customerIdSchema: z.ZodMiniType<CustomerId> = /* @__PURE__ */ (() =>
  z.union(
    [
      z.string({ error: ID_MESSAGE }).check(z.minLength(1, { error: ID_MESSAGE })),
      z.number({ error: ID_MESSAGE }),
    ],
    { error: ID_MESSAGE },
  ))();

const amountSchema = /* @__PURE__ */ (() =>
  z.number({ error: AMOUNT_MESSAGE }).check(z.gte(0, { error: AMOUNT_MESSAGE })))();

/** An {@link Order}, as a schema: what every order-based metric accepts. Extra fields pass. */
export const orderSchema: z.ZodMiniType<{
  customerId: CustomerId;
  date: DateInput;
  amount: number;
  margin?: number | undefined;
  cost?: number | undefined;
}> = /* @__PURE__ */ (() =>
  z.looseObject({
    customerId: customerIdSchema,
    date: dateInputSchema,
    amount: amountSchema,
    margin: z.optional(
      z
        .number({ error: "expected a margin fraction in [0, 1]" })
        .check(
          z.gte(0, { error: "expected a margin fraction in [0, 1]" }),
          z.lte(1, { error: "expected a margin fraction in [0, 1]" }),
        ),
    ),
    cost: z.optional(
      z
        .number({ error: "expected a finite cost >= 0" })
        .check(z.gte(0, { error: "expected a finite cost >= 0" })),
    ),
  }))();

/** A {@link Subscription}, as a schema (every subscription-based metric also checks that end ≥ start). */
export const subscriptionSchema: z.ZodMiniType<{
  customerId: CustomerId;
  start: DateInput;
  end?: DateInput | null | undefined;
  mrr?: number | undefined;
}> = /* @__PURE__ */ (() =>
  z.looseObject({
    customerId: customerIdSchema,
    start: dateInputSchema,
    end: z.optional(z.nullable(dateInputSchema)),
    mrr: z.optional(
      z
        .number({ error: "expected a finite MRR >= 0" })
        .check(z.gte(0, { error: "expected a finite MRR >= 0" })),
    ),
  }))();

function isCustomerId(id: unknown): id is CustomerId {
  return (
    (typeof id === "string" && id.length > 0) || (typeof id === "number" && Number.isFinite(id))
  );
}

function isAmount(x: unknown): x is number {
  return typeof x === "number" && x >= 0 && x !== Number.POSITIVE_INFINITY;
}

/**
 * Checks one order inline (a few ns) and returns its instant in epoch ms; on failure throws the
 * {@link MetricsInputError} that {@link orderSchema} gives, under path `[index]`. Accepts exactly
 * what `orderSchema` accepts.
 * @internal
 */
export function checkOrder(record: unknown, index: number): number {
  if (record !== null && typeof record === "object") {
    const o: { readonly [K in keyof Order]?: unknown } = record;
    const t = toEpochMs(o.date);
    if (
      t !== undefined &&
      isCustomerId(o.customerId) &&
      isAmount(o.amount) &&
      (o.margin === undefined ||
        (typeof o.margin === "number" && o.margin >= 0 && o.margin <= 1)) &&
      (o.cost === undefined || isAmount(o.cost))
    ) {
      return t;
    }
  }
  throw schemaError(orderSchema, record, [index], "expected an order { customerId, date, amount }");
}

/**
 * Checks one subscription inline and returns `[startMs, endMs]` (`endMs` is `Infinity` while
 * active); on failure throws naming `[index]` and the field. End before start is an error.
 * @internal
 */
export function checkSubscription(record: unknown, index: number): readonly [number, number] {
  if (record !== null && typeof record === "object") {
    const s: { readonly [K in keyof Subscription]?: unknown } = record;
    const start = toEpochMs(s.start);
    const end = s.end === undefined || s.end === null ? Number.POSITIVE_INFINITY : toEpochMs(s.end);
    if (
      start !== undefined &&
      end !== undefined &&
      isCustomerId(s.customerId) &&
      (s.mrr === undefined || isAmount(s.mrr))
    ) {
      if (end < start) throw inputError([index, "end"], "expected end on or after start");
      return [start, end];
    }
  }
  throw schemaError(
    subscriptionSchema,
    record,
    [index],
    "expected a subscription { customerId, start, end?, mrr? }",
  );
}

/** Validates that `records` is an array, naming the argument. @internal */
export function requireArray(records: unknown, what: string): void {
  if (!Array.isArray(records)) throw inputError([], `expected an array of ${what}`);
}
