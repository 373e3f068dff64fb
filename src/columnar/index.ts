export {
  type CohortColumns,
  type CohortRetentionColumnsOptions,
  cohortRetentionColumns,
  safeCohortRetentionColumns,
} from "./cohort.js";
export {
  type ArrowDataLike,
  type ArrowTableLike,
  type ArrowTypeLike,
  type ArrowVectorLike,
  type CodedColumn,
  type Column,
  type ColumnKey,
  type ColumnRow,
  type ColumnTable,
  isColumnTable,
} from "./columns.js";
export {
  bySegmentColumns,
  runMetricColumns,
  safeBySegmentColumns,
  safeRunMetricColumns,
} from "./segments.js";
