import {
  attempt,
  inputError,
  MetricsInputError,
  parseWith,
  type SafeResult,
  schemaError,
} from "../errors.js";
import { checkMetrics, type MetricList, type MetricMap, mergeTallies } from "../group/route.js";
import {
  type BySegmentOptions,
  bySegmentOptionsSchema,
  type SegmentKey,
  type SegmentSort,
  type SegmentTable,
  segmentKeySchema,
} from "../group/segment.js";
import type { AnyMetric, HistogramSpec, Metric } from "../metric.js";
import {
  BLOCK,
  type ColumnRow,
  type ColumnTable,
  cellReader,
  type KeyColumn,
  keyColumn,
  numberColumn,
  pieceAt,
  type ResolvedTable,
  readCodes,
  resolveTable,
  toColumnPath,
} from "./columns.js";
import {
  type ColumnSpec,
  countColumns,
  type GroupCounts,
  groupTally,
  isUsableSpec,
} from "./histogram.js";
import { segmentTable, unknownSortMetric } from "./output.js";

const KEY_MESSAGE = "expected a segment key: a string or a finite number";

function isKey(key: unknown): key is SegmentKey {
  return typeof key === "string" || (typeof key === "number" && Number.isFinite(key));
}

/**
 * Splits metrics into those the counting kernel can run (a histogram the kernels can use, over a
 * named column) and the rest, which get rows as objects.
 */
function planMetrics<R>(
  table: ResolvedTable,
  list: MetricList<R>,
): { readonly fast: (ColumnSpec<R> & { readonly m: number })[]; readonly slow: number[] } {
  const fast: (ColumnSpec<R> & { readonly m: number })[] = [];
  const slow: number[] = [];
  list.metrics.forEach((metric, m) => {
    const spec: HistogramSpec<R, unknown> | undefined = metric.histogram;
    if (
      spec !== undefined &&
      spec.get === undefined &&
      spec.field !== undefined &&
      isUsableSpec(spec)
    ) {
      fast.push({ spec, column: numberColumn(table, spec.field), m });
    } else slow.push(m);
  });
  return { fast, slow };
}

/**
 * Runs the metrics without a fast path over rows given as small objects (one per row, not
 * kept), adding each to the state of its group. Errors name the column first.
 */
function addRows<R>(
  table: ResolvedTable,
  key: KeyColumn | null,
  list: MetricList<R>,
  slow: readonly number[],
  states: unknown[][],
): Float64Array {
  const readers = table.names.map((name) => [name, cellReader(table.column(name))] as const);
  const rows = new Float64Array(Math.max(1, key?.labels.length ?? 1));
  const scratch = new Int32Array(BLOCK);
  let counts = rows;
  try {
    for (let from = 0; from < table.rows; ) {
      let count = Math.min(BLOCK, table.rows - from);
      let codes: ArrayLike<number> | null = null;
      let offset = 0;
      if (key !== null) {
        const piece = pieceAt(key.pieces, from);
        count = Math.min(count, piece.start + piece.length - from);
        const read = readCodes(key, piece, from, count, scratch);
        codes = read.array;
        offset = read.offset;
      }
      for (let j = 0; j < count; j++) {
        const row = from + j;
        const code = codes === null ? 0 : (codes[offset + j] as number);
        if (!((code | 0) === code && code >= 0 && code < (key?.labels.length ?? 1))) {
          throw inputError([key?.name ?? "", row], "expected a code into the labels");
        }
        while (states.length <= code)
          states.push(slow.map((m) => (list.metrics[m] as AnyMetric<R>).init()));
        if (code >= counts.length) {
          const next = new Float64Array(Math.max(code + 1, 2 * counts.length));
          next.set(counts);
          counts = next;
        }
        counts[code] = (counts[code] as number) + 1;
        const record: Record<string, unknown> = {};
        for (const [name, read] of readers) record[name] = read(row);
        const group = states[code] as unknown[];
        for (let s = 0; s < slow.length; s++) {
          (list.metrics[slow[s] as number] as AnyMetric<R>).add(group[s], record as R, row);
        }
      }
      from += count;
    }
  } catch (error) {
    if (error instanceof MetricsInputError) throw toColumnPath(error);
    throw error;
  }
  return counts;
}

/** Tallies per group code: the fast metrics by counting, the others row by row. */
function tallyGroups<R>(
  table: ResolvedTable,
  key: KeyColumn | null,
  list: MetricList<R>,
): { readonly groups: number; readonly rows: ArrayLike<number>; tallies(code: number): unknown[] } {
  const { fast, slow } = planMetrics(table, list);
  // There is at least one metric (checkMetrics), so fast or slow is not empty.
  const counted: GroupCounts | null = fast.length > 0 ? countColumns(table.rows, key, fast) : null;
  const states: unknown[][] = [];
  const slowRows = slow.length > 0 ? addRows(table, key, list, slow, states) : null;
  const groups = key === null ? 1 : key.labels.length;
  const rows = counted?.rows ?? slowRows ?? new Float64Array(groups);
  return {
    groups,
    rows,
    tallies(code) {
      const tallies: unknown[] = new Array(list.metrics.length);
      fast.forEach(({ spec, m }, f) => {
        tallies[m] = groupTally(spec, (counted as GroupCounts).counts[f] as Float64Array, code);
      });
      slow.forEach((m, s) => {
        const metric = list.metrics[m] as AnyMetric<R>;
        const state = states[code]?.[s];
        tallies[m] = state === undefined ? metric.empty() : metric.tally(state);
      });
      return tallies;
    },
  };
}

/** The first row whose key has code `code` (for errors about its label). */
function firstRowOf(key: KeyColumn, code: number, rows: number): number {
  const scratch = new Int32Array(BLOCK);
  for (let from = 0; from < rows; ) {
    const piece = pieceAt(key.pieces, from);
    const count = Math.min(BLOCK, rows - from, piece.start + piece.length - from);
    const read = readCodes(key, piece, from, count, scratch);
    for (let j = 0; j < count; j++) if (read.array[read.offset + j] === code) return from + j;
    from += count;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Metrics per segment over columnar input: the same {@link SegmentTable} as `bySegment` gives
 * for the same rows as records, computed without materializing records.
 *
 * `table` is an object of equally long columns (`Float64Array`, `Uint8Array`, `number[]`, a
 * `{ codes, labels }` dictionary column, an array of strings) or an Apache Arrow table (read
 * through `getChild`, dictionary vectors through their codes; the library never imports Arrow).
 * Metrics name their columns the way they name record fields (`npsMetric({ score: "score" })`).
 *
 * Metrics with a histogram fast path (unweighted NPS, CSAT, CES) are counted straight from the
 * columns: answers go to one counter per segment and answer, folded into tallies at the end,
 * block by block with no per-row allocation. Other metrics get each row as a small object.
 * Every value is checked; an error names the column and the row: path `["score", 41]`.
 * @param table - The columns (not copied, not changed).
 * @param keyColumnName - Name of the segment column.
 * @param metrics - Metrics by name, e.g. `{ nps: npsMetric({ score: "score" }) }`.
 * @example
 * const table = {
 *   score: Uint8Array.of(10, 3, 9),
 *   region: { codes: Uint8Array.of(0, 1, 0), labels: ["EU", "US"] },
 * };
 * const result = bySegmentColumns(table, "region", { nps: npsMetric({ score: "score" }) });
 * result.segments.map((row) => [row.key, row.results.nps.value])
 * //=> [["EU", 100], ["US", -100]]
 */
export function bySegmentColumns<M extends MetricMap<ColumnRow>>(
  table: ColumnTable,
  keyColumnName: string,
  metrics: M,
  options?: BySegmentOptions<M>,
): SegmentTable<M> {
  const resolved = resolveTable(table);
  if (typeof keyColumnName !== "string") {
    throw inputError(["keyColumn"], "expected the name of the segment column");
  }
  const list = checkMetrics<never>(metrics, ["metrics"]);
  const parsed = parseWith(bySegmentOptionsSchema, options ?? {}, ["options"]);
  const minN = parsed.minN ?? 30;
  const sort: SegmentSort<M> = options?.sort ?? "key";
  if (unknownSortMetric(sort, list.names)) {
    throw inputError(["options", "sort", "metric"], `expected one of: ${list.names.join(", ")}`);
  }
  const key = keyColumn(resolved, keyColumnName);
  const groups = tallyGroups(resolved, key, list);

  // Codes to keys: labels are checked where used; two codes with one label are one segment.
  const byKey = new Map<SegmentKey, { n: number; tallies: unknown[] }>();
  for (let code = 0; code < groups.groups; code++) {
    const n = groups.rows[code] ?? 0;
    if (n === 0) continue;
    const label = key.labels[code];
    if (!isKey(label)) {
      const row = firstRowOf(key, code, resolved.rows);
      throw schemaError(segmentKeySchema, label, [keyColumnName, row], KEY_MESSAGE);
    }
    const tallies = groups.tallies(code);
    const seen = byKey.get(label);
    if (seen === undefined) byKey.set(label, { n, tallies });
    else byKey.set(label, { n: seen.n + n, tallies: mergeTallies(list, seen.tallies, tallies) });
  }
  return segmentTable<M>(list, byKey, minN, sort);
}

/**
 * Runs one metric over columnar input, ungrouped: the columnar twin of `runMetric`.
 * @example
 * runMetricColumns(npsMetric({ score: "score" }), { score: [10, 9, 3] }).value // ≈ 33.33
 */
export function runMetricColumns<S, T, Res>(
  metric: Metric<ColumnRow, S, T, Res>,
  table: ColumnTable,
): Res {
  const resolved = resolveTable(table);
  const list = checkMetrics<never>({ [metric.name]: metric }, ["metric"]);
  const groups = tallyGroups(resolved, null, list);
  return metric.finalize(groups.tallies(0)[0] as T);
}

/** {@link bySegmentColumns} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeBySegmentColumns<M extends MetricMap<ColumnRow>>(
  table: ColumnTable,
  keyColumnName: string,
  metrics: M,
  options?: BySegmentOptions<M>,
): SafeResult<SegmentTable<M>> {
  return attempt(() => bySegmentColumns(table, keyColumnName, metrics, options));
}

/** {@link runMetricColumns} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRunMetricColumns<S, T, Res>(
  metric: Metric<ColumnRow, S, T, Res>,
  table: ColumnTable,
): SafeResult<Res> {
  return attempt(() => runMetricColumns(metric, table));
}
