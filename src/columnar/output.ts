// The grouped results (SegmentTable, PeriodSeries) built from per-group tallies, exactly as
// bySegment and byPeriod build them from their routed groups: shared by columnar input and SQL.

import type { PeriodRow, PeriodSeries } from "../group/period.js";
import { emptyTallies, groupRow, type MetricList, mergeTallies } from "../group/route.js";
import {
  type SegmentKey,
  type SegmentSort,
  type SegmentTable,
  segmentTableOf,
} from "../group/segment.js";
import { addIntervals, type CalendarInterval, isoInZone } from "../time/period.js";

export { unknownSortMetric } from "../group/segment.js";

/** One group's record count and tallies (in metric order). @internal */
export interface TalliedGroup {
  readonly n: number;
  readonly tallies: readonly unknown[];
}

/**
 * The {@link SegmentTable} of tallied groups: rows finalized, total = merge of all groups in
 * iteration order, rows sorted as `sort` says (as `bySegment` does, with the same code).
 * @internal
 */
export function segmentTable<M>(
  list: MetricList<never>,
  groups: ReadonlyMap<SegmentKey, TalliedGroup>,
  minN: number,
  sort: SegmentSort<M>,
): SegmentTable<M> {
  return segmentTableOf<never, M, TalliedGroup>(list, groups, (group) => group.tallies, minN, sort);
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
