import { attempt, inputError, type MetricsInputError, type SafeResult } from "./errors.js";
import type { Interval, ReasonCode } from "./result.js";

/**
 * The difference between two groups' values of one metric (a − b), with its test, as a metric's
 * optional {@link Metric.compare} returns it. The unit is the metric's (points for NPS,
 * fractions for rates). Every field is `null` with a `reason` when either side is empty.
 */
export interface MetricComparison {
  /** Value of `a` minus value of `b`; `null` when either is undefined. */
  readonly difference: number | null;
  /** Why `difference` is `null`, else `null`. */
  readonly reason: ReasonCode | null;
  /** Standard error behind `z` (for proportions: the pooled one, under "no difference"). */
  readonly standardError: number | null;
  /** Test statistic, `difference / standardError`; `null` when the standard error is 0. */
  readonly z: number | null;
  /** Two-sided p-value of "no difference". */
  readonly pValue: number | null;
  /** Interval of the difference at the requested level. */
  readonly interval: Interval | null;
}

/**
 * The protocol every metric implements, and the one the segment, period and cohort helpers use:
 * records are added to a mutable state in one pass, the state becomes a plain tally, tallies merge
 * (associative, with {@link Metric.empty} as identity), and `finalize` applies the formula.
 *
 * The helpers in `group/` only route records to states by key; they know no formula.
 */
export interface Metric<R, S, T, Res> {
  /** Short name used in tidy rows (`"nps"`, `"csat"`, `"churnRate"`). */
  readonly name: string;
  /** A fresh accumulation state. */
  init(): S;
  /** Adds one record; `index` is its position in the caller's array, used in error paths. */
  add(state: S, record: R, index: number): void;
  /** The state as a plain, JSON-safe tally. */
  tally(state: S): T;
  /** The identity tally: `merge(empty(), t)` equals `t`. */
  empty(): T;
  /** Combines two tallies of disjoint record sets. */
  merge(a: T, b: T): T;
  /** The formula: tally to result. */
  finalize(tally: T): Res;
  /**
   * Optional: compares two tallies of disjoint (independent) groups, `a − b`, at a confidence
   * `level` (0.95). Metrics that have it can be used by `compareSegments`.
   */
  compare?(a: T, b: T, level: number): MetricComparison;
  /**
   * Optional fast path, for metrics whose tally depends only on how many records give each
   * integer answer `min..max` (unweighted NPS, CSAT, CES). Group helpers, columnar input and SQL
   * count answers into one typed array per group and call `fromCounts` once per group, instead of
   * calling `add` per record. It must give the same tally as `add` + `tally`.
   */
  readonly histogram?: HistogramSpec<R, T>;
}

/**
 * A metric that is a function of the answer counts of one integer field: see
 * {@link Metric.histogram}. Answers are valid when they are integers from `min` to `max`.
 */
export interface HistogramSpec<R, T> {
  /** Property holding the answer, or `undefined` when `get` reads it or records are answers. */
  readonly field: string | undefined;
  /**
   * Reads the answer when it is not a plain property; `undefined` otherwise. (Declared through a
   * method type so that, like `add`, it is bivariant in `R`: a metric of `{ score: number }`
   * records can be used where any record type is accepted.)
   */
  readonly get: { reader(record: R, index: number): unknown }["reader"] | undefined;
  /** Lowest valid answer, an integer. */
  readonly min: number;
  /** Highest valid answer, an integer ≥ `min`. */
  readonly max: number;
  /** The tally of `counts`, where `counts[k]` is the number of answers equal to `min + k`. */
  fromCounts(counts: ArrayLike<number>): T;
  /** The input error for an answer that is not an integer `min..max`, located at `path`. */
  invalid(value: unknown, path: readonly (string | number)[]): MetricsInputError;
}

/** Any metric, for helpers that accept several at once. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous map of metrics needs an open type.
export type AnyMetric<R> = Metric<R, any, any, any>;

/** The result type a metric finalizes to. */
export type ResultOf<M> = M extends Metric<infer _R, infer _S, infer _T, infer Res> ? Res : never;

/** The tally type of a metric. */
export type TallyOf<M> = M extends Metric<infer _R, infer _S, infer T, infer _Res> ? T : never;

/**
 * Reads a field of a record: a property name, or a function of the record and its index.
 * A name gives precise error paths (`[41].score`); a function gives `[41]`.
 */
export type Accessor<R, V = unknown> =
  | (R extends object ? keyof R & string : never)
  | ((record: R, index: number) => V);

/**
 * Runs a metric over an array in one pass: init, add each record, tally, finalize.
 * @example
 * runMetric(npsMetric(), [10, 9, 3]).value
 * //=> 33.33333333333333
 */
export function runMetric<R, S, T, Res>(metric: Metric<R, S, T, Res>, records: ArrayLike<R>): Res {
  const m: unknown = metric;
  if (
    m === null ||
    typeof m !== "object" ||
    !["init", "add", "tally", "finalize"].every((f) => typeof Reflect.get(m, f) === "function")
  ) {
    throw inputError(["metric"], "expected a Metric (from a factory such as npsMetric)");
  }
  const list: unknown = records;
  const length: unknown =
    list !== null && typeof list === "object" ? Reflect.get(list, "length") : undefined;
  if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0) {
    throw inputError(["records"], "expected an array of records");
  }
  const state = metric.init();
  for (let i = 0; i < records.length; i++) metric.add(state, records[i] as R, i);
  return metric.finalize(metric.tally(state));
}

/** Turns an accessor into a getter and the path segment it reads. @internal */
export function resolveAccessor<R>(accessor: Accessor<R> | undefined): {
  readonly get: ((record: R, index: number) => unknown) | undefined;
  readonly key: string | undefined;
} {
  if (accessor === undefined) return { get: undefined, key: undefined };
  if (typeof accessor === "function") return { get: accessor, key: undefined };
  const key = accessor;
  return { get: (record: R) => readField(record, key), key };
}

/**
 * Reads `record[key]` without ever reaching into `Object.prototype`: a field named `__proto__`,
 * `constructor` or `toString` is read only when the record has it as its own property.
 * @internal
 */
export function readField(record: unknown, key: string): unknown {
  if (record === null || typeof record !== "object") return undefined;
  if (Object.hasOwn(record, key)) return Reflect.get(record, key);
  return key in Object.prototype ? undefined : Reflect.get(record, key);
}

/** {@link runMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRunMetric<R, S, T, Res>(
  metric: Metric<R, S, T, Res>,
  records: ArrayLike<R>,
): SafeResult<Res> {
  return attempt(() => runMetric<R, S, T, Res>(metric, records));
}
