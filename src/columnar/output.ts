// The grouped results (SegmentTable, PeriodSeries) built from per-group tallies, exactly as
// bySegment and byPeriod build them from their routed groups: shared by columnar input and SQL.

import type { PeriodRow, PeriodSeries } from "../group/period.js";
import {
  emptyTallies,
  type GroupRow,
  groupRow,
  type MetricList,
  mergeTallies,
} from "../group/route.js";
import {
  compareKeys,
  resultValue,
  type SegmentKey,
  type SegmentRow,
  type SegmentSort,
  type SegmentTable,
  type SortByMetric,
} from "../group/segment.js";
import { readField } from "../metric.js";
import { addIntervals, type CalendarInterval, isoInZone } from "../time/period.js";

/** One group's record count and tallies (in metric order). @internal */
export interface TalliedGroup {
  readonly n: number;
  readonly tallies: readonly unknown[];
}

/**
 * The {@link SegmentTable} of tallied groups: rows finalized, total = merge of all groups in
 * iteration order, rows sorted as `sort` says (as `bySegment` does).
 * @internal
 */
export function segmentTable<M>(
  list: MetricList<never>,
  groups: ReadonlyMap<SegmentKey, TalliedGroup>,
  minN: number,
  sort: SegmentSort<M>,
): SegmentTable<M> {
  const segments: SegmentRow<M>[] = [];
  let totalTallies = emptyTallies(list);
  let totalN = 0;
  for (const [key, group] of groups) {
    totalTallies = mergeTallies(list, totalTallies, group.tallies);
    totalN += group.n;
    segments.push({ key, ...groupRow<never, M>(list, group.n, group.tallies, minN) });
  }
  segments.sort(comparatorFor(sort));
  const total: GroupRow<M> = groupRow<never, M>(list, totalN, totalTallies, minN);
  return { grouping: "segments", metrics: [...list.names], minN, segments, total };
}

/**
 * The {@link PeriodSeries} of tallied periods (`groups[k]` is the period starting `starts[k]`,
 * `undefined` when empty), as `byPeriod` lists them: every period, empty ones included.
 * @internal
 */
export function periodSeries<M>(
  list: MetricList<never>,
  starts: readonly number[],
  groups: readonly (TalliedGroup | undefined)[],
  options: {
    readonly interval: CalendarInterval;
    readonly timeZone: string;
    readonly minN: number;
    readonly excluded: number;
  },
): PeriodSeries<M> {
  const { interval, timeZone, minN } = options;
  const firstStart = starts[0];
  let totalTallies = emptyTallies(list);
  let totalN = 0;
  const periods: PeriodRow<M>[] = starts.map((s, k) => {
    const group = groups[k];
    const tallies = group === undefined ? emptyTallies(list) : group.tallies;
    const n = group?.n ?? 0;
    totalTallies = mergeTallies(list, totalTallies, tallies);
    totalN += n;
    return {
      period: {
        start: isoInZone(s, timeZone),
        end: isoInZone(
          starts[k + 1] ?? addIntervals(firstStart ?? s, interval, starts.length, timeZone),
          timeZone,
        ),
        timeZone,
      },
      ...groupRow<never, M>(list, n, tallies, minN),
    };
  });
  return {
    grouping: "periods",
    metrics: [...list.names],
    interval,
    timeZone,
    minN,
    periods,
    total: groupRow<never, M>(list, totalN, totalTallies, minN),
    excluded: options.excluded,
  };
}

function isSortByMetric<M>(sort: SegmentSort<M>): sort is SortByMetric {
  return typeof sort === "object" && sort !== null && !Array.isArray(sort);
}

/** Whether `sort` names a metric that is not in `names`. @internal */
export function unknownSortMetric<M>(sort: SegmentSort<M>, names: readonly string[]): boolean {
  return isSortByMetric(sort) && !names.includes(sort.metric);
}

function byKeyOrder<M>(a: SegmentRow<M>, b: SegmentRow<M>): number {
  return compareKeys(a.key, b.key);
}

function comparatorFor<M>(sort: SegmentSort<M>): (a: SegmentRow<M>, b: SegmentRow<M>) => number {
  if (typeof sort === "function") return sort;
  if (sort === "key") return byKeyOrder;
  if (sort === "n-desc") return (a, b) => b.n - a.n || byKeyOrder(a, b);
  if (sort === "n-asc") return (a, b) => a.n - b.n || byKeyOrder(a, b);
  if (!isSortByMetric(sort)) {
    const rank = new Map<SegmentKey, number>();
    sort.forEach((key, position) => {
      if (!rank.has(key)) rank.set(key, position);
    });
    return (a, b) => {
      const ra = rank.get(a.key) ?? Number.POSITIVE_INFINITY;
      const rb = rank.get(b.key) ?? Number.POSITIVE_INFINITY;
      return ra === rb ? byKeyOrder(a, b) : ra < rb ? -1 : 1;
    };
  }
  const { metric, direction } = sort;
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => {
    const va = resultValue(readField(a.results, metric));
    const vb = resultValue(readField(b.results, metric));
    if (va === null || vb === null) return va === vb ? byKeyOrder(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byKeyOrder(a, b);
  };
}
