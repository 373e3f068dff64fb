import * as z from "zod/mini";
import { countRecordsByKey, groupTally } from "../columnar/histogram.js";
import { attempt, inputError, parseWith, type SafeResult, schemaError } from "../errors.js";
import { type Accessor, type HistogramSpec, readField } from "../metric.js";
import { accessorSchema, type SchemaOutput } from "../stats/options.js";
import {
  addToGroup,
  checkMetrics,
  emptyTallies,
  type GroupRow,
  type GroupState,
  groupRow,
  groupTallies,
  type MetricList,
  type MetricMap,
  mergeTallies,
  minNSchema,
  newGroup,
} from "./route.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** A segment key: any string (`"__proto__"` included) or a finite number. */
export type SegmentKey = string | number;

const KEY_MESSAGE = "expected a segment key: a string or a finite number";

/** A {@link SegmentKey}, as a schema: what the inline check in {@link bySegment} accepts. */
export const segmentKeySchema: z.ZodMiniType<SegmentKey> = /* @__PURE__ */ z.union(
  [z.string({ error: KEY_MESSAGE }), z.number({ error: KEY_MESSAGE })],
  { error: KEY_MESSAGE },
);

/** Sorting by a metric's `value`: `null` values last in either direction, ties by key. */
export interface SortByMetric {
  /** Name of a metric in the call's metric map. */
  readonly metric: string;
  /** Default `"desc"`. */
  readonly direction?: "asc" | "desc";
}

/**
 * Order of segment rows:
 * - `"key"` (default): numbers first, ascending, then strings by UTF-16 code units
 *   (locale-independent, the same on every machine);
 * - `"n-desc"` / `"n-asc"`: by number of records, ties by key;
 * - `{ metric, direction }`: by that metric's `value`, `null`s last, ties by key;
 * - an array of keys: those first in the given order, then the rest by key;
 * - a comparator of two rows.
 */
export type SegmentSort<M> =
  | "key"
  | "n-desc"
  | "n-asc"
  | SortByMetric
  | readonly SegmentKey[]
  | ((a: SegmentRow<M>, b: SegmentRow<M>) => number);

/** Options of {@link bySegment}. */
export interface BySegmentOptions<M> {
  /** Order of the rows. Default `"key"`; see {@link SegmentSort}. */
  readonly sort?: SegmentSort<M>;
  /** Segments with fewer records are flagged (`flagged`, a `"small-group"` warning). Default 30. */
  readonly minN?: number;
}

const SORT_MESSAGE =
  'expected "key", "n-desc", "n-asc", { metric, direction }, an array of keys or a comparator';

/** Options of {@link bySegment}, as a schema (unknown keys are errors). */
export const bySegmentOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<BySegmentOptions<unknown>, "sort">> & { sort?: unknown }
> = /* @__PURE__ */ z.strictObject({
  sort: z.optional(
    z.union(
      [
        z.enum(["key", "n-desc", "n-asc"]),
        z.strictObject({
          metric: z.string(),
          direction: z.optional(z.enum(["asc", "desc"], { error: 'expected "asc" or "desc"' })),
        }),
        z.array(segmentKeySchema),
        z.custom<(a: never, b: never) => number>((v) => typeof v === "function"),
      ],
      { error: SORT_MESSAGE },
    ),
  ),
  minN: minNSchema,
});

/** One segment: its key, records, results, tallies and small-sample flag. */
export interface SegmentRow<M> extends GroupRow<M> {
  readonly key: SegmentKey;
}

/** The result of {@link bySegment}: plain JSON. */
export interface SegmentTable<M> {
  readonly grouping: "segments";
  /** Metric names, in the caller's order. */
  readonly metrics: readonly string[];
  readonly minN: number;
  /** One row per segment that has records, in the requested order. */
  readonly segments: readonly SegmentRow<M>[];
  /** Every record: the merge of all segment tallies (not a recomputation). */
  readonly total: GroupRow<M>;
}

// ---------------------------------------------------------------------------------------------
// Routing

function isKey(key: unknown): key is SegmentKey {
  return typeof key === "string" || (typeof key === "number" && Number.isFinite(key));
}

/**
 * Compares segment keys: numbers first (ascending), then strings by UTF-16 code units.
 * @internal
 */
export function compareKeys(a: SegmentKey, b: SegmentKey): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Metrics per segment in one pass, with a total row.
 *
 * Each record goes to the segment `keyOf` names and is added to every metric's state there;
 * segment rows finalize their own tallies, and the total row finalizes the merge of all
 * segment tallies, so it equals the ungrouped metric (`runMetric`). Keys live in a `Map`, so any
 * string works as a key, `"__proto__"` and `"constructor"` included. Segments with fewer than
 * `minN` records are flagged.
 *
 * Each row carries its tallies (plain JSON): store them, merge them with the metric's `merge`
 * later, or hand them to {@link compareSegments}.
 * @param records - The records (not copied, not changed).
 * @param keyOf - Segment of a record: a property name or `(record, index) => key`.
 * @param metrics - Metrics by name, e.g. `{ nps: npsMetric({ score: "score" }) }`.
 * @example
 * const rows = [{ r: "EU", s: 10 }, { r: "US", s: 3 }, { r: "EU", s: 9 }];
 * const table = bySegment(rows, "r", { nps: npsMetric<{ r: string; s: number }>({ score: "s" }) });
 * table.segments.map((row) => [row.key, row.results.nps.value])
 * //=> [["EU", 100], ["US", -100]]
 * table.total.results.nps.value // ≈ 33.33
 */
export function bySegment<R, M extends MetricMap<R>>(
  records: readonly R[],
  keyOf: Accessor<R, SegmentKey>,
  metrics: M,
  options?: BySegmentOptions<M>,
): SegmentTable<M> {
  if (!Array.isArray(records)) throw inputError([], "expected an array of records");
  parseWith(accessorSchema, keyOf, ["keyOf"]);
  const list = checkMetrics<R>(metrics, ["metrics"]);
  const parsed = parseWith(bySegmentOptionsSchema, options ?? {}, ["options"]);
  const minN = parsed.minN ?? 30;
  const sort = options?.sort ?? "key";
  if (unknownSortMetric(sort, list.names)) {
    throw inputError(["options", "sort", "metric"], `expected one of: ${list.names.join(", ")}`);
  }

  // Metrics that all have a histogram (unweighted NPS, CSAT, CES): one counting pass, no
  // per-record call into the metrics (src/columnar/histogram.ts).
  const counted = countRecordsByKey(records, keyOf, list.metrics, (key, path) =>
    schemaError(segmentKeySchema, key, path, KEY_MESSAGE),
  );
  if (counted !== undefined) {
    const specs = list.metrics.map((metric) => metric.histogram as HistogramSpec<R, unknown>);
    const groups = new Map<SegmentKey, { readonly n: number; readonly code: number }>();
    counted.keys.forEach((key, code) => {
      groups.set(key, { n: counted.counts.rows[code] as number, code });
    });
    const talliesOf = (group: { readonly code: number }) =>
      specs.map((spec, m) =>
        groupTally(spec, counted.counts.counts[m] as Float64Array, group.code),
      );
    return segmentTableOf(list, groups, talliesOf, minN, sort);
  }
  const keyName = typeof keyOf === "string" ? keyOf : undefined;
  const keyFn = typeof keyOf === "function" ? keyOf : undefined;
  const groups = new Map<SegmentKey, GroupState>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as R;
    const key: unknown = keyFn === undefined ? readField(record, keyName ?? "") : keyFn(record, i);
    if (!isKey(key)) {
      throw schemaError(
        segmentKeySchema,
        key,
        keyName === undefined ? [i] : [i, keyName],
        KEY_MESSAGE,
      );
    }
    let group = groups.get(key);
    if (group === undefined) {
      group = newGroup(list);
      groups.set(key, group);
    }
    addToGroup(list, group, record, i);
  }
  return segmentTableOf(list, groups, (group) => groupTallies(list, group), minN, sort);
}

/**
 * The {@link SegmentTable} of grouped tallies, shared by {@link bySegment} (routed groups) and
 * the columnar and SQL inputs (pre-tallied groups): each row finalizes `talliesOf(group)`, the
 * total row the merge of all groups in iteration order, and the rows are sorted as `sort` says.
 * @internal
 */
export function segmentTableOf<R, M, G extends { readonly n: number }>(
  list: MetricList<R>,
  groups: ReadonlyMap<SegmentKey, G>,
  talliesOf: (group: G) => readonly unknown[],
  minN: number,
  sort: SegmentSort<M>,
): SegmentTable<M> {
  const segments: SegmentRow<M>[] = [];
  let totalTallies = emptyTallies(list);
  let totalN = 0;
  for (const [key, group] of groups) {
    const tallies = talliesOf(group);
    totalTallies = mergeTallies(list, totalTallies, tallies);
    totalN += group.n;
    segments.push({ key, ...groupRow<R, M>(list, group.n, tallies, minN) });
  }
  segments.sort(comparatorFor(sort));
  return {
    grouping: "segments",
    metrics: [...list.names],
    minN,
    segments,
    total: groupRow<R, M>(list, totalN, totalTallies, minN),
  };
}

/** Whether `sort` names a metric that is not in `names`. @internal */
export function unknownSortMetric<M>(sort: SegmentSort<M>, names: readonly string[]): boolean {
  return isSortByMetric(sort) && !names.includes(sort.metric);
}

function isSortByMetric<M>(sort: SegmentSort<M>): sort is SortByMetric {
  return typeof sort === "object" && sort !== null && !Array.isArray(sort);
}

function byKey<M>(a: SegmentRow<M>, b: SegmentRow<M>): number {
  return compareKeys(a.key, b.key);
}

function comparatorFor<M>(sort: SegmentSort<M>): (a: SegmentRow<M>, b: SegmentRow<M>) => number {
  if (typeof sort === "function") return sort;
  if (sort === "key") return byKey;
  if (sort === "n-desc") return (a, b) => b.n - a.n || byKey(a, b);
  if (sort === "n-asc") return (a, b) => a.n - b.n || byKey(a, b);
  if (!isSortByMetric(sort)) {
    const rank = new Map<SegmentKey, number>();
    sort.forEach((key, position) => {
      if (!rank.has(key)) rank.set(key, position);
    });
    return (a, b) => {
      const ra = rank.get(a.key) ?? Number.POSITIVE_INFINITY;
      const rb = rank.get(b.key) ?? Number.POSITIVE_INFINITY;
      return ra === rb ? byKey(a, b) : ra < rb ? -1 : 1;
    };
  }
  const { metric, direction } = sort;
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => {
    const va = resultValue(readField(a.results, metric));
    const vb = resultValue(readField(b.results, metric));
    if (va === null || vb === null) {
      return va === vb ? byKey(a, b) : va === null ? 1 : -1;
    }
    return sign * (va - vb) || byKey(a, b);
  };
}

/**
 * The `value` of a result (`result.value`, or the result itself when it is a number), or `null`.
 * @internal
 */
export function resultValue(result: unknown): number | null {
  if (typeof result === "number") return Number.isFinite(result) ? result : null;
  const value = readField(result, "value");
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** {@link bySegment} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBySegment<R, M extends MetricMap<R>>(
  records: readonly R[],
  keyOf: Accessor<R, SegmentKey>,
  metrics: M,
  options?: BySegmentOptions<M>,
): SafeResult<SegmentTable<M>> {
  return attempt(() => bySegment(records, keyOf, metrics, options));
}
