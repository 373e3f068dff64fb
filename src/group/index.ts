export {
  type CohortRetention,
  type CohortRetentionOptions,
  type CohortRow,
  cohortRetention,
  cohortRetentionOptionsSchema,
  type RetentionMode,
  safeCohortRetention,
} from "./cohort.js";
export {
  type CompareSegmentsOptions,
  compareSegments,
  compareSegmentsOptionsSchema,
  type SegmentBaseline,
  type SegmentComparison,
  type SegmentComparisonRow,
  safeCompareSegments,
} from "./compare.js";
export {
  type ByPeriodOptions,
  byPeriod,
  byPeriodOptionsSchema,
  type PeriodRow,
  type PeriodSeries,
  safeByPeriod,
} from "./period.js";
export type { GroupResults, GroupRow, GroupTallies, MetricMap } from "./route.js";
export {
  type GroupedResult,
  safeToRows,
  type TidyRow,
  type ToRowsOptions,
  toRows,
} from "./rows.js";
export {
  type BySegmentOptions,
  bySegment,
  bySegmentOptionsSchema,
  type SegmentKey,
  type SegmentRow,
  type SegmentSort,
  type SegmentTable,
  type SortByMetric,
  safeBySegment,
  segmentKeySchema,
} from "./segment.js";
