import * as z from "zod/mini";
import { inputError, type MetricsInputError, schemaError } from "../../errors.js";
import { type Accessor, readField } from "../../metric.js";
import type { ModelTimeUnit } from "./common.js";
import type { RfmSummary } from "./rfm.js";

/** A customer's purchase history as the models read it (an `RfmRow` has these fields). */
export interface CustomerHistory {
  /** Repeat purchases x (an integer ≥ 0). */
  readonly frequency: number;
  /** Time of the last purchase since the first, tₓ (0 when x = 0). */
  readonly recency: number;
  /** Time since the first purchase, T ≥ recency. */
  readonly T: number;
}

/** What the model functions accept as customers: an {@link rfmSummary} result, or rows. */
export type SummaryInput<R> = RfmSummary | readonly R[];

/** Where the fields are in caller rows. Defaults are the {@link RfmRow} names. */
export interface HistoryAccessors<R> {
  /** Repeat purchases. Default `"frequency"`. */
  readonly frequency?: Accessor<R>;
  /** Recency. Default `"recency"`. */
  readonly recency?: Accessor<R>;
  /** Age T. Default `"T"`. */
  readonly T?: Accessor<R>;
  /** Row weight: how many identical customers the row stands for. Default 1 for every row. */
  readonly weight?: Accessor<R>;
}

/** One row of a purchase history, as a schema (extra fields pass). */
export const customerHistorySchema: z.ZodMiniType<CustomerHistory> = /* @__PURE__ */ (() =>
  z.looseObject({
    frequency: z
      .int({ error: "expected an integer frequency >= 0" })
      .check(z.gte(0, { error: "expected an integer frequency >= 0" })),
    recency: z
      .number({ error: "expected a finite recency >= 0" })
      .check(z.gte(0, { error: "expected a finite recency >= 0" })),
    T: z
      .number({ error: "expected a finite T >= 0" })
      .check(z.gte(0, { error: "expected a finite T >= 0" })),
  }))();

const weightSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a finite weight >= 0" })
    .check(z.gte(0, { error: "expected a finite weight >= 0" })))();

/** Rows and the time unit they are in (`null` when plain rows were given). @internal */
export interface ResolvedInput<R> {
  readonly rows: readonly R[];
  readonly timeUnit: ModelTimeUnit | null;
}

function isRfmSummary(value: unknown): value is RfmSummary {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Reflect.get(value, "metric") === "rfmSummary" &&
    Array.isArray(Reflect.get(value, "customers"))
  );
}

/**
 * Accepts an rfmSummary result or an array of rows; `path` names the argument in errors
 * (`["customers"]`; the default `[]` for a function's first argument). @internal
 */
export function resolveInput<R>(
  input: SummaryInput<R> | unknown,
  what: string,
  path: readonly (string | number)[] = [],
): ResolvedInput<R> {
  if (Array.isArray(input)) return { rows: input, timeUnit: null };
  if (isRfmSummary(input)) {
    // An RfmSummary's rows are RfmRow; the accessors default to its field names.
    const rows: readonly unknown[] = input.customers;
    return { rows: rows as readonly R[], timeUnit: input.timeUnit };
  }
  throw inputError(path, `expected an rfmSummary result or an array of ${what}`);
}

/** A reader of one numeric field: value, and the path segment for errors. @internal */
export interface FieldReader<R> {
  readonly read: (row: R, index: number) => unknown;
  readonly key: string | undefined;
}

/** Turns an accessor (or the default field name) into a reader. @internal */
export function fieldReader<R>(
  accessor: Accessor<R> | undefined,
  fallback: string,
): FieldReader<R> {
  if (typeof accessor === "function") return { read: accessor, key: undefined };
  const key = accessor ?? fallback;
  return { read: (row: R) => readField(row, key), key };
}

function pathOf(
  index: number,
  key: string | undefined,
  prefix: readonly (string | number)[] = [],
): (string | number)[] {
  return key === undefined ? [...prefix, index] : [...prefix, index, key];
}

/** A numeric field failed its check: the error from `schema`, at the field's path. @internal */
export function fieldError(
  schema: z.ZodMiniType,
  value: unknown,
  index: number,
  key: string | undefined,
  fallback: string,
  prefix: readonly (string | number)[] = [],
): MetricsInputError {
  return schemaError(schema, value, pathOf(index, key, prefix), fallback);
}

/**
 * The weight of a row: 1 without a weight reader, else the field, checked to be a finite
 * number ≥ 0 (an error at the field's path, under `prefix`). @internal
 */
export function rowWeight<R>(
  weight: FieldReader<R> | undefined,
  row: R,
  index: number,
  prefix: readonly (string | number)[] = [],
): number {
  if (weight === undefined) return 1;
  const w = weight.read(row, index);
  if (typeof w !== "number" || !(w >= 0) || w === Number.POSITIVE_INFINITY) {
    throw fieldError(weightSchema, w, index, weight.key, "expected a finite weight >= 0", prefix);
  }
  return w;
}

const frequencyFieldSchema = /* @__PURE__ */ (() =>
  z
    .int({ error: "expected an integer frequency >= 0" })
    .check(z.gte(0, { error: "expected an integer frequency >= 0" })))();
const recencyFieldSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a finite recency >= 0" })
    .check(z.gte(0, { error: "expected a finite recency >= 0" })))();
const ageFieldSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a finite T >= 0" })
    .check(z.gte(0, { error: "expected a finite T >= 0" })))();

/**
 * Reads and checks (x, tₓ, T, weight) of every row, in one pass, calling `visit` for each.
 * Error paths are `[...prefix, offset + i, field]`.
 * @internal
 */
export function forEachHistory<R>(
  rows: readonly R[],
  accessors: HistoryAccessors<R> | undefined,
  visit: (x: number, recency: number, age: number, weight: number, index: number) => void,
  prefix: readonly (string | number)[] = [],
  offset = 0,
): void {
  const fx = fieldReader(accessors?.frequency, "frequency");
  const fr = fieldReader(accessors?.recency, "recency");
  const ft = fieldReader(accessors?.T, "T");
  const fw = accessors?.weight === undefined ? undefined : fieldReader(accessors.weight, "weight");
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as R;
    const i = offset + j;
    const x = fx.read(row, i);
    if (typeof x !== "number" || !(x >= 0) || !Number.isSafeInteger(x)) {
      throw fieldError(
        frequencyFieldSchema,
        x,
        i,
        fx.key,
        "expected an integer frequency >= 0",
        prefix,
      );
    }
    const recency = fr.read(row, i);
    if (typeof recency !== "number" || !(recency >= 0) || recency === Number.POSITIVE_INFINITY) {
      throw fieldError(
        recencyFieldSchema,
        recency,
        i,
        fr.key,
        "expected a finite recency >= 0",
        prefix,
      );
    }
    const age = ft.read(row, i);
    if (typeof age !== "number" || !(age >= 0) || age === Number.POSITIVE_INFINITY) {
      throw fieldError(ageFieldSchema, age, i, ft.key, "expected a finite T >= 0", prefix);
    }
    if (recency > age) {
      throw inputError(pathOf(i, fr.key, prefix), `expected recency (${recency}) <= T (${age})`);
    }
    if (x === 0 && recency !== 0) {
      throw inputError(pathOf(i, fr.key, prefix), "expected recency 0 when frequency is 0");
    }
    visit(x, recency, age, rowWeight(fw, row, i, prefix), i);
  }
}

/** The time unit shared by the model and the data, or an error when they disagree. @internal */
export function agreeTimeUnits(
  units: readonly {
    readonly unit: ModelTimeUnit | null;
    readonly path: readonly (string | number)[];
  }[],
): ModelTimeUnit | null {
  let found: { unit: ModelTimeUnit; path: readonly (string | number)[] } | null = null;
  for (const entry of units) {
    if (entry.unit === null) continue;
    if (found === null) found = { unit: entry.unit, path: entry.path };
    else if (found.unit !== entry.unit) {
      throw inputError(
        entry.path,
        `time unit "${entry.unit}" does not match "${found.unit}": recency, T and the model's rates must be in the same unit (refit, or re-summarise the orders)`,
      );
    }
  }
  return found === null ? null : found.unit;
}
