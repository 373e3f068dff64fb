import * as z from "zod/mini";
import { inputError, type MetricsInputError, parseWith, schemaError } from "../errors.js";
import { type Accessor, type Metric, readField } from "../metric.js";
import type { Interval, ReasonCode, UncertaintyOptions, Warning } from "../result.js";
import {
  accessorSchema,
  levelSchema,
  nonNegativeSchema,
  positiveSchema,
} from "../stats/options.js";
import { wilsonInterval } from "../stats/proportion.js";

// The one core behind every proportion rate of this folder (click-through, open, conversion,
// referral): records are either rows that carry counts (read through accessors) or events that
// carry a type; both become a numerator, a denominator and a record count; the finalize step is
// the proportion with its Wilson interval. Each named rate is a thin wrapper that maps these
// generic counts to the user's words (clicks, impressions, ...).

// ---------------------------------------------------------------------------------------------
// Schemas

const COUNT_MESSAGE = "expected a non-negative integer count";
const TYPE_MESSAGE = "expected an event type (a non-empty string)";

/**
 * One count in a rate's input (clicks, impressions, opens, ...): a non-negative safe integer.
 * The inline checks of every rate accept exactly what this schema accepts.
 */
export const engagementCountSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.int({ error: COUNT_MESSAGE }).check(z.gte(0, { error: COUNT_MESSAGE })))();

/**
 * One event record for the event form of the rates: an object whose `type` is a non-empty
 * string (other fields pass). Events of a type no option names are ignored.
 */
export const engagementEventSchema: z.ZodMiniType<{ type: string }> = /* @__PURE__ */ (() =>
  z.looseObject({
    type: z.string({ error: TYPE_MESSAGE }).check(z.minLength(1, { error: TYPE_MESSAGE })),
  }))();

/** An event type read through a custom accessor: a non-empty string. @internal */
export const eventTypeSchema: z.ZodMiniString<string> = /* @__PURE__ */ (() =>
  z.string({ error: TYPE_MESSAGE }).check(z.minLength(1, { error: TYPE_MESSAGE })))();

/** One event type or a list of them, as a schema. @internal */
export const eventTypesSchema: z.ZodMiniType<string | readonly string[]> = /* @__PURE__ */ (() =>
  z.union(
    [
      z.string().check(z.minLength(1, { error: "expected a non-empty event type" })),
      z
        .array(z.string().check(z.minLength(1, { error: "expected a non-empty event type" })))
        .check(z.minLength(1, { error: "expected at least one event type" })),
    ],
    { error: "expected an event type or a list of event types" },
  ))();

/** The options every rate shares (uncertainty and warnings), as a zod shape. @internal */
export const rateOptionsShape: {
  level: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
  minSampleSize: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
  maxMargin: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
} = {
  level: /* @__PURE__ */ z.optional(levelSchema),
  minSampleSize: /* @__PURE__ */ z.optional(nonNegativeSchema),
  maxMargin: /* @__PURE__ */ z.optional(positiveSchema),
};

/** Options of the counts forms: only the uncertainty settings. @internal */
export const rateCountsOptionsSchema: z.ZodMiniType<{
  level?: number | undefined;
  minSampleSize?: number | undefined;
  maxMargin?: number | undefined;
}> = /* @__PURE__ */ z.strictObject(rateOptionsShape);

// ---------------------------------------------------------------------------------------------
// Types

/** Options shared by every rate: interval level and the warnings' thresholds. */
export interface RateOptions extends UncertaintyOptions {
  /**
   * An interval half-width above this (a fraction, 0.05 = ±5 percentage points) adds a
   * `"wide-interval"` warning. Default 0.05.
   */
  readonly maxMargin?: number;
}

/** One event type, or several that count the same (`["click", "tap"]`). */
export type EventTypes = string | readonly string[];

/**
 * A rate's result: `value` is the proportion (a fraction in [0, 1]) with its Wilson interval.
 * `T` holds the counts under their own names (`clicks`, `impressions`) and `records`.
 */
export type RateResult<M extends string, T> = {
  readonly metric: M;
  /** Numerator ÷ denominator, in [0, 1]; `null` when there is nothing to divide. */
  readonly value: number | null;
  /** `"empty"` (no records) or `"zero-denominator"` when `value` is `null`, else `null`. */
  readonly reason: ReasonCode | null;
  /** Sample size of the proportion: the denominator (impressions, delivered, ...). */
  readonly n: number;
  /** Wilson score interval at `level`; `null` when `value` is `null`. */
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
} & T;

/** Resolved uncertainty settings. @internal */
export interface ResolvedRateOptions {
  readonly level: number;
  readonly minSampleSize: number;
  readonly maxMargin: number;
}

/** The generic counts a rate is computed from. @internal */
export interface RateCounts {
  readonly numerator: number;
  readonly denominator: number;
  readonly records: number;
}

/** Mutable state while tallying a rate. @internal */
export interface RateState {
  numerator: number;
  denominator: number;
  records: number;
}

/**
 * Reads one count of a record and validates it, throwing a {@link MetricsInputError} that names
 * the record and field. @internal
 */
export type CountReader<R> = (record: R, index: number) => number;

/** How a rate reads records, after its options are validated. @internal */
export interface RateReading<R> {
  /** Accessor of the numerator count (row form); default: the property named like the numerator. */
  readonly numerator?: Accessor<R> | undefined;
  /** Accessor of the denominator count (row form). */
  readonly denominator?: Accessor<R> | undefined;
  /** A full reader of the denominator, replacing `denominator` (open rate: sent − bounced). */
  readonly denominatorReader?: CountReader<R> | undefined;
  /** Where the event type is (event form). Giving it or any event list selects the event form. */
  readonly type?: Accessor<R> | undefined;
  /** Event types that count toward the numerator; default `spec.numeratorEvents`. */
  readonly numeratorEvents?: EventTypes | undefined;
  /** Event types that count toward the denominator; default `spec.denominatorEvents`. */
  readonly denominatorEvents?: EventTypes | undefined;
}

/** What a named rate tells the core. @internal */
export interface RateSpec<
  M extends string,
  T,
  N extends string = string,
  D extends string = string,
> {
  /** Metric name in results (`"clickThroughRate"`). */
  readonly metric: M;
  /** The numerator's name in options, tallies and paths (`"clicks"`). */
  readonly numerator: N;
  /** The denominator's name (`"impressions"`). */
  readonly denominator: D;
  /** Default event types of the numerator and the denominator. */
  readonly numeratorEvents: readonly string[];
  readonly denominatorEvents: readonly string[];
  /** The named tally from generic counts, and back. */
  toTally(counts: RateCounts): T;
  fromTally(tally: T): RateCounts;
}

/**
 * The options of a named rate's record forms, in its own words: count accessors named like the
 * numerator and denominator (`clicks`, `impressions`), the event `type`, and the `events` lists
 * under the same two names. @internal
 */
export type NamedRateOptions<R, N extends string, D extends string> = RateOptions & {
  readonly [K in N | D]?: Accessor<R>;
} & {
  readonly type?: Accessor<R>;
  readonly events?: { readonly [K in N | D]?: EventTypes };
};

// ---------------------------------------------------------------------------------------------
// Options

/** Validates the shared settings and applies defaults. @internal */
export function resolveRateOptions(parsed: {
  readonly level?: number | undefined;
  readonly minSampleSize?: number | undefined;
  readonly maxMargin?: number | undefined;
}): ResolvedRateOptions {
  return {
    level: parsed.level ?? 0.95,
    minSampleSize: parsed.minSampleSize ?? 30,
    maxMargin: parsed.maxMargin ?? 0.05,
  };
}

/**
 * The options schema of a named rate (unknown keys are errors): the shared settings, optional
 * accessors named like the numerator, the denominator and then each of `extra` (open rate:
 * `sent`, `bounced`), the event `type`, and `events` lists under the numerator's and the
 * denominator's names. @internal
 */
export function namedRateOptionsSchema(
  numerator: string,
  denominator: string,
  extra: readonly string[] = [],
): z.ZodMiniType<unknown> {
  const accessors: Record<string, z.ZodMiniOptional<typeof accessorSchema>> = {};
  for (const key of [numerator, denominator, ...extra]) accessors[key] = z.optional(accessorSchema);
  return z.strictObject({
    ...rateOptionsShape,
    ...accessors,
    type: z.optional(accessorSchema),
    events: z.optional(
      z.strictObject({
        [numerator]: z.optional(eventTypesSchema),
        [denominator]: z.optional(eventTypesSchema),
      }),
    ),
  });
}

/** Parses the options of a counts form. @internal */
export function parseRateCountsOptions(options: unknown): ResolvedRateOptions {
  return resolveRateOptions(parseWith(rateCountsOptionsSchema, options ?? {}, ["options"]));
}

// ---------------------------------------------------------------------------------------------
// Reading records

/** Whether `value` is a valid count; {@link engagementCountSchema} accepts exactly these. @internal */
export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** The error for a bad count at `path`. @internal */
export function countError(value: unknown, path: readonly (string | number)[]): MetricsInputError {
  return schemaError(engagementCountSchema, value, path, COUNT_MESSAGE);
}

/**
 * A reader for one count field: the accessor, or the property `defaultKey` when it is omitted.
 * With `absentIsZero`, `undefined` and `null` read as 0 (a field that is simply not reported).
 * @internal
 */
export function countReader<R>(
  accessor: Accessor<R> | undefined,
  defaultKey: string,
  absentIsZero = false,
): CountReader<R> {
  if (typeof accessor === "function") {
    return (record, index) => {
      const v = accessor(record, index);
      if (isCount(v)) return v;
      if (absentIsZero && (v === undefined || v === null)) return 0;
      throw countError(v, [index]);
    };
  }
  const key = accessor ?? defaultKey;
  return (record, index) => {
    const v = readField(record, key);
    if (isCount(v)) return v;
    if (absentIsZero && (v === undefined || v === null)) return 0;
    throw countError(v, [index, key]);
  };
}

/** The path segment an accessor reads: `[index, key]` for a name, `[index]` for a function. @internal */
export function fieldPath<R>(
  accessor: Accessor<R> | undefined,
  defaultKey: string,
  index: number,
): (string | number)[] {
  return typeof accessor === "function" ? [index] : [index, accessor ?? defaultKey];
}

/**
 * A reader for the event type of a record (`options.type`, default the property `"type"`).
 * The inline check accepts exactly what {@link engagementEventSchema} accepts for `type`.
 * @internal
 */
export function eventTypeReader<R>(
  accessor: Accessor<R> | undefined,
): (record: R, index: number) => string {
  if (typeof accessor === "function") {
    return (record, index) => {
      const t = accessor(record, index);
      if (typeof t === "string" && t.length > 0) return t;
      throw schemaError(eventTypeSchema, t, [index], TYPE_MESSAGE);
    };
  }
  const key = accessor ?? "type";
  return (record, index) => {
    const t = readField(record, key);
    if (typeof t === "string" && t.length > 0) return t;
    if (key === "type") throw schemaError(engagementEventSchema, record, [index], TYPE_MESSAGE);
    throw schemaError(eventTypeSchema, t, [index, key], TYPE_MESSAGE);
  };
}

/** A list of event types from one type or a list. @internal */
export function eventList(types: EventTypes | undefined, fallback: readonly string[]): string[] {
  if (types === undefined) return [...fallback];
  return typeof types === "string" ? [types] : [...types];
}

// ---------------------------------------------------------------------------------------------
// The generic metric

/** Bit flags of what an event type counts toward. */
const NUMERATOR = 1;
const DENOMINATOR = 2;

/**
 * The proportion core as a {@link Metric}: rows with counts, or events with a type.
 * @internal
 */
export function rateMetric<R, M extends string, T>(
  spec: RateSpec<M, T>,
  reading: RateReading<R>,
  opts: ResolvedRateOptions,
): Metric<R, RateState, T, RateResult<M, T>> {
  const base = {
    name: spec.metric,
    init: (): RateState => ({ numerator: 0, denominator: 0, records: 0 }),
    tally: (state: RateState): T => spec.toTally(state),
    empty: (): T => emptyRateTally(spec),
    merge: (a: T, b: T): T => mergeRateTallies(spec, a, b),
    finalize: (tally: T): RateResult<M, T> =>
      finalizeRate(spec, spec.fromTally(tally), tally, opts),
  };
  const eventForm =
    reading.type !== undefined ||
    reading.numeratorEvents !== undefined ||
    reading.denominatorEvents !== undefined;

  if (eventForm) {
    if (
      reading.numerator !== undefined ||
      reading.denominator !== undefined ||
      reading.denominatorReader !== undefined
    ) {
      throw inputError(
        ["options", reading.type !== undefined ? "type" : "events"],
        "give either count accessors (the row form) or type/events (the event form), not both",
      );
    }
    const flags = new Map<string, number>();
    // The map is empty before this loop, so a numerator type's flags are just NUMERATOR.
    for (const t of eventList(reading.numeratorEvents, spec.numeratorEvents)) {
      flags.set(t, NUMERATOR);
    }
    for (const t of eventList(reading.denominatorEvents, spec.denominatorEvents)) {
      flags.set(t, (flags.get(t) ?? 0) | DENOMINATOR);
    }
    const typeOf = eventTypeReader(reading.type);
    return {
      ...base,
      add(state, record, index) {
        const f = flags.get(typeOf(record, index));
        if (f === undefined) return;
        if (f & NUMERATOR) state.numerator++;
        if (f & DENOMINATOR) state.denominator++;
        state.records++;
      },
    };
  }

  const readNumerator = countReader(reading.numerator, spec.numerator);
  const readDenominator =
    reading.denominatorReader ?? countReader(reading.denominator, spec.denominator);
  return {
    ...base,
    add(state, record, index) {
      const numerator = readNumerator(record, index);
      const denominator = readDenominator(record, index);
      if (numerator > denominator) {
        throw inputError(
          fieldPath(reading.numerator, spec.numerator, index),
          exceedMessage(spec, numerator, denominator),
        );
      }
      state.numerator += numerator;
      state.denominator += denominator;
      state.records++;
    },
  };
}

/**
 * A named rate as a {@link Metric}, from the caller's options: they are checked with `schema`
 * (see {@link namedRateOptionsSchema}), then the accessors and event lists named like the
 * spec's numerator and denominator are handed to {@link rateMetric}. `denominatorReader`, called
 * after the options passed the schema, may replace the denominator's reader (open rate).
 * @internal
 */
export function namedRateMetric<R, M extends string, T, N extends string, D extends string>(
  spec: RateSpec<M, T, N, D>,
  schema: z.ZodMiniType<unknown>,
  options: NamedRateOptions<R, N, D> | undefined,
  denominatorReader?: () => CountReader<R> | undefined,
): Metric<R, RateState, T, RateResult<M, T>> {
  parseWith(schema, options ?? {}, ["options"]);
  // The schema passed: the settings are numbers in range (it has no transforms).
  const opts = resolveRateOptions(options ?? {});
  return rateMetric(
    spec,
    {
      numerator: options?.[spec.numerator],
      denominator: options?.[spec.denominator],
      denominatorReader: denominatorReader?.(),
      type: options?.type,
      numeratorEvents: options?.events?.[spec.numerator],
      denominatorEvents: options?.events?.[spec.denominator],
    },
    opts,
  );
}

/** The empty tally of a named rate. @internal */
export function emptyRateTally<M extends string, T>(spec: RateSpec<M, T>): T {
  return spec.toTally({ numerator: 0, denominator: 0, records: 0 });
}

/** Merges two tallies of a named rate by adding field by field. @internal */
export function mergeRateTallies<M extends string, T>(spec: RateSpec<M, T>, a: T, b: T): T {
  return spec.toTally(addRateCounts(spec.fromTally(a), spec.fromTally(b)));
}

/** Adds two generic counts field by field. @internal */
export function addRateCounts(a: RateCounts, b: RateCounts): RateCounts {
  return {
    numerator: a.numerator + b.numerator,
    denominator: a.denominator + b.denominator,
    records: a.records + b.records,
  };
}

function exceedMessage(
  spec: { readonly numerator: string; readonly denominator: string },
  numerator: number,
  denominator: number,
): string {
  return `${spec.numerator} (${numerator}) exceed ${spec.denominator} (${denominator}): a proportion needs ${spec.numerator} <= ${spec.denominator}`;
}

/**
 * Runs a rate metric over records in one pass; `records` must be an array.
 * @internal
 */
export function runRate<R, S, T, Res>(metric: Metric<R, S, T, Res>, records: readonly R[]): Res {
  if (!Array.isArray(records)) throw inputError([], "expected an array of records");
  const state = metric.init();
  for (let i = 0; i < records.length; i++) metric.add(state, records[i] as R, i);
  return metric.finalize(metric.tally(state));
}

// ---------------------------------------------------------------------------------------------
// Finalize

/**
 * A named rate from one row of counts (the counts forms): the options are checked first, then
 * the counts against `schema` (errors at the counts' own paths), then the proportion of the
 * fields named like the spec's numerator and denominator.
 * @internal
 */
export function rateFromCounts<M extends string, T, N extends string, D extends string>(
  spec: RateSpec<M, T, N, D>,
  schema: z.ZodMiniType<{ readonly [K in N | D]: number }>,
  counts: unknown,
  options: RateOptions | undefined,
): RateResult<M, T> {
  const opts = parseRateCountsOptions(options);
  const c = parseWith(schema, counts, []);
  return rateOfCounts(spec, c[spec.numerator], c[spec.denominator], opts);
}

/** A named rate of one numerator and denominator already checked (one record). @internal */
export function rateOfCounts<M extends string, T>(
  spec: RateSpec<M, T>,
  numerator: number,
  denominator: number,
  opts: ResolvedRateOptions,
): RateResult<M, T> {
  const generic: RateCounts = { numerator, denominator, records: 1 };
  return finalizeRate(spec, generic, spec.toTally(generic), opts);
}

/**
 * The proportion with its Wilson interval, reasons and warnings.
 * @internal
 */
export function finalizeRate<M extends string, T>(
  spec: { readonly metric: M; readonly numerator: string; readonly denominator: string },
  counts: RateCounts,
  named: T,
  opts: ResolvedRateOptions,
): RateResult<M, T> {
  const { numerator, denominator, records } = counts;
  if (numerator > denominator) {
    // Only events or hand-made tallies get here: rows are checked one by one.
    throw inputError([spec.numerator], exceedMessage(spec, numerator, denominator));
  }
  const head = { metric: spec.metric, ...named };
  if (records === 0 || denominator === 0) {
    const reason: ReasonCode = records === 0 ? "empty" : "zero-denominator";
    return {
      ...head,
      value: null,
      reason,
      n: denominator,
      interval: null,
      warnings: [
        {
          code: reason,
          message:
            reason === "empty"
              ? `No records: the ${spec.metric} is undefined.`
              : `No ${spec.denominator}: the ${spec.metric} is undefined.`,
        },
      ],
    };
  }
  const interval = wilsonInterval(numerator, denominator, opts.level);
  return {
    ...head,
    value: numerator / denominator,
    reason: null,
    n: denominator,
    interval,
    warnings: proportionWarnings(denominator, spec.denominator, interval, opts),
  };
}

/**
 * The `"small-sample"` and `"wide-interval"` warnings of a proportion, naming its unit
 * (impressions, delivered emails, ...). @internal
 */
export function proportionWarnings(
  n: number,
  unit: string,
  interval: Interval | null,
  opts: ResolvedRateOptions,
): Warning[] {
  const warnings: Warning[] = [];
  if (n > 0 && n < opts.minSampleSize) {
    warnings.push({
      code: "small-sample",
      message: `Only ${n} ${unit} (fewer than ${opts.minSampleSize}): treat the value as indicative.`,
    });
  }
  if (interval !== null) {
    const half = (interval.upper - interval.lower) / 2;
    if (half > opts.maxMargin) {
      warnings.push({
        code: "wide-interval",
        message: `The ${Math.round(interval.level * 100)}% interval is ±${round4(half)} wide (more than ±${opts.maxMargin}).`,
      });
    }
  }
  return warnings;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
