export {
  type CohortRetentionSqlOptions,
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
  cohortRetentionSqlOptionsSchema,
  safeCohortRetentionFromSqlRows,
} from "./cohort.js";
export {
  churnSqlMetric,
  customerRetentionSqlMetric,
  mrrChurnSqlMetric,
  repeatPurchaseRateSqlMetric,
  repeatRateSqlMetric,
  retentionSqlMetric,
  safeChurnSqlMetric,
} from "./customers.js";
export { type SqlDialect, type SqlDialectName, sqlDialect } from "./dialect.js";
export {
  arpuSqlMetric,
  averageOrderValueSqlMetric,
  purchaseFrequencySqlMetric,
} from "./order-value.js";
export {
  type FromSqlRowsOptions,
  fromSqlRows,
  type NamedMetrics,
  type SqlMetrics,
  type SqlPeriodOptions,
  type SqlResult,
  type SqlResultFor,
  type SqlRow,
  safeFromSqlRows,
  safeToSql,
  type ToSqlOptions,
  toSql,
  toSqlOptionsSchema,
} from "./query.js";
export {
  clickThroughRateSqlMetric,
  conversionRateSqlMetric,
  openRateSqlMetric,
  referralRateSqlMetric,
  snsEngagementRateSqlMetric,
} from "./rates.js";
export { reviewSummarySqlMetric } from "./reviews.js";
export type {
  MetricSql,
  SqlColumn,
  SqlContext,
  SqlCountLimit,
  SqlMetric,
  SqlRowProblem,
} from "./spec.js";
export { cesSqlMetric, csatSqlMetric, npsSqlMetric } from "./survey.js";
