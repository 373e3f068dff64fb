// The grouped results (SegmentTable, PeriodSeries) built from per-group tallies, with the same
// code bySegment and byPeriod use: shared by columnar input and the SQL path.

import type { TalliedGroup } from "../group/period.js";
import type { MetricList } from "../group/route.js";
import {
  type SegmentKey,
  type SegmentSort,
  type SegmentTable,
  segmentTableOf,
} from "../group/segment.js";

export { periodSeries, type TalliedGroup } from "../group/period.js";
export { unknownSortMetric } from "../group/segment.js";

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
