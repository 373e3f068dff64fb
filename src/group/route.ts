// The one mechanism behind bySegment, byPeriod and compareSegments: a group is a list of metric
// states; records are routed to a group by key and added to each state; groups become tallies,
// tallies merge, and each metric's finalize gives the results. No formula lives here.
import * as z from "zod/mini";
import { inputError } from "../errors.js";
import type { AnyMetric, ResultOf, TallyOf } from "../metric.js";
import type { Warning } from "../result.js";
import { nonNegativeSchema } from "../stats/options.js";

/** Several metrics by name: `{ nps: npsMetric(...), csat: csatMetric(...) }`. */
export type MetricMap<R> = { readonly [name: string]: AnyMetric<R> };

/** The results of a {@link MetricMap}, by metric name. */
export type GroupResults<M> = { readonly [K in keyof M]: ResultOf<M[K]> };

/** The tallies of a {@link MetricMap}, by metric name: plain JSON, to store and merge later. */
export type GroupTallies<M> = { readonly [K in keyof M]: TallyOf<M[K]> };

/** One group (segment, period, total): its records' count, results and tallies. */
export interface GroupRow<M> {
  /** Number of records routed to the group. */
  readonly n: number;
  /** Each metric's result, finalized from its tally. */
  readonly results: GroupResults<M>;
  /** Each metric's tally: merge these to combine groups. */
  readonly tallies: GroupTallies<M>;
  /** `true` when `n` is below `minN`: read the group's results as indicative only. */
  readonly flagged: boolean;
  /** `"small-group"` when flagged. */
  readonly warnings: readonly Warning[];
}

/** Minimum records per group before it is flagged, as a schema. @internal */
export const minNSchema: z.ZodMiniOptional<z.ZodMiniNumber<number>> = /* @__PURE__ */ z.optional(
  nonNegativeSchema,
);

const MAX_PERIODS_MESSAGE = "expected an integer number of periods >= 1";

/** Default cap on the length of a period series (`maxPeriods`): 100,000. @internal */
export const DEFAULT_MAX_PERIODS = 100_000;

/** The `maxPeriods` option of byPeriod and cohortRetention, as a schema. @internal */
export const maxPeriodsSchema: z.ZodMiniOptional<z.ZodMiniNumber<number>> =
  /* @__PURE__ */ z.optional(
    z.int({ error: MAX_PERIODS_MESSAGE }).check(z.gte(1, { error: MAX_PERIODS_MESSAGE })),
  );

/**
 * Whether the periods `[first + k, first + k + 1)` intervals (k = 0, 1, …) that begin before
 * `upper` are more than `maxPeriods`: one calendar step, so it is checked before a series is
 * built. @internal
 */
export function exceedsPeriods(
  first: number,
  upper: number,
  maxPeriods: number,
  step: (start: number, k: number) => number,
): boolean {
  // No calendar period is shorter than 12 hours (a day shortened by a DST change is 22-23), so
  // a range of at most maxPeriods · 12 h cannot hold more than maxPeriods: answered without the
  // step, which for a huge maxPeriods would reach beyond the range of Date.
  if (upper - first <= maxPeriods * 43_200_000) return false;
  return step(first, maxPeriods) < upper;
}

/**
 * The weighted median of `values` (ascending order not required), for naming the outlying end
 * of a range that is too long. @internal
 */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  const order = values
    .map((_, i) => i)
    .sort((a, b) => (values[a] as number) - (values[b] as number));
  let total = 0;
  for (const w of weights) total += w;
  let seen = 0;
  for (const i of order) {
    seen += weights[i] as number;
    if (seen * 2 >= total) return values[i] as number;
  }
  return values[order[0] ?? 0] ?? 0;
}

const WEEKDAY_MESSAGE = "expected an integer 0-6 (0 Sunday … 6 Saturday)";

/** First day of a week, 0 Sunday … 6 Saturday, as a schema. @internal */
export const weekStartsOnSchema: z.ZodMiniOptional<z.ZodMiniType<0 | 1 | 2 | 3 | 4 | 5 | 6>> =
  /* @__PURE__ */ z.optional(
    z.union(
      [
        z.literal(0),
        z.literal(1),
        z.literal(2),
        z.literal(3),
        z.literal(4),
        z.literal(5),
        z.literal(6),
      ],
      { error: WEEKDAY_MESSAGE },
    ),
  );

/** The metrics of a call, checked, in the caller's order. @internal */
export interface MetricList<R> {
  readonly names: readonly string[];
  readonly metrics: readonly AnyMetric<R>[];
}

const METHODS = ["init", "add", "tally", "empty", "merge", "finalize"] as const;

/**
 * Checks that `metrics` is an object of at least one metric, each with the protocol's methods.
 * @internal
 */
export function checkMetrics<R>(
  metrics: unknown,
  path: readonly (string | number)[],
): MetricList<R> {
  if (metrics === null || typeof metrics !== "object" || Array.isArray(metrics)) {
    throw inputError(path, "expected an object of metrics, e.g. { nps: npsMetric() }");
  }
  const names = Object.keys(metrics);
  if (names.length === 0) throw inputError(path, "expected at least one metric");
  const list: AnyMetric<R>[] = [];
  for (const name of names) {
    const metric: unknown = Reflect.get(metrics, name);
    if (!isMetric<R>(metric)) {
      throw inputError(
        [...path, name],
        "expected a metric (an object with init, add, tally, empty, merge and finalize), e.g. npsMetric()",
      );
    }
    list.push(metric);
  }
  return { names, metrics: list };
}

function isMetric<R>(value: unknown): value is AnyMetric<R> {
  if (value === null || typeof value !== "object") return false;
  for (const method of METHODS) {
    if (typeof Reflect.get(value, method) !== "function") return false;
  }
  return true;
}

/** A group while records are routed to it. @internal */
export interface GroupState {
  n: number;
  readonly states: unknown[];
}

/** A fresh group: one state per metric. @internal */
export function newGroup<R>(list: MetricList<R>): GroupState {
  const states: unknown[] = new Array(list.metrics.length);
  for (let m = 0; m < list.metrics.length; m++)
    states[m] = (list.metrics[m] as AnyMetric<R>).init();
  return { n: 0, states };
}

/** Adds one record to every metric of a group. @internal */
export function addToGroup<R>(
  list: MetricList<R>,
  group: GroupState,
  record: R,
  index: number,
): void {
  group.n++;
  const metrics = list.metrics;
  for (let m = 0; m < metrics.length; m++) {
    (metrics[m] as AnyMetric<R>).add(group.states[m], record, index);
  }
}

/** A group's states as tallies, in metric order. @internal */
export function groupTallies<R>(list: MetricList<R>, group: GroupState): unknown[] {
  return list.metrics.map((metric, m) => metric.tally(group.states[m]));
}

/** The empty tallies (identity of merge), in metric order. @internal */
export function emptyTallies<R>(list: MetricList<R>): unknown[] {
  return list.metrics.map((metric) => metric.empty());
}

/** Merges two lists of tallies, metric by metric. @internal */
export function mergeTallies<R>(
  list: MetricList<R>,
  a: readonly unknown[],
  b: readonly unknown[],
): unknown[] {
  return list.metrics.map((metric, m) => metric.merge(a[m], b[m]));
}

/**
 * Finalizes tallies into a {@link GroupRow}. Result and tally objects are built with
 * `Object.fromEntries`, so a metric named `"__proto__"` is an own property, never a prototype.
 * @internal
 */
export function groupRow<R, M>(
  list: MetricList<R>,
  n: number,
  tallies: readonly unknown[],
  minN: number,
): GroupRow<M> {
  const results = list.metrics.map((metric, m) => metric.finalize(tallies[m]));
  const flagged = n < minN;
  return {
    n,
    results: fromPairs<GroupResults<M>>(list.names, results),
    tallies: fromPairs<GroupTallies<M>>(list.names, tallies),
    flagged,
    warnings: flagged
      ? [
          {
            code: "small-group",
            message:
              n === 0
                ? "No records in this group."
                : `Only ${n} records in this group (fewer than ${minN}): treat its results as indicative.`,
          },
        ]
      : [],
  };
}

function fromPairs<T>(names: readonly string[], values: readonly unknown[]): T {
  // The mapped result types cannot be built key by key in TypeScript; the pairs are the metric
  // names of M and their values, so the object has exactly the shape T describes.
  return Object.fromEntries(names.map((name, m) => [name, values[m]])) as T;
}

/**
 * Reads the tallies of `names` from a stored group (`row.tallies`), naming the path of a
 * missing one. @internal
 */
export function readTallies(
  tallies: unknown,
  names: readonly string[],
  path: readonly (string | number)[],
): unknown[] {
  if (tallies === null || typeof tallies !== "object") {
    throw inputError(path, "expected an object of tallies by metric name");
  }
  return names.map((name) => {
    if (!Object.hasOwn(tallies, name)) throw inputError([...path, name], "expected a tally");
    return Reflect.get(tallies, name);
  });
}
