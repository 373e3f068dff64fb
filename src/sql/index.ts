export {
  type CohortRetentionSqlOptions,
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
  cohortRetentionSqlOptionsSchema,
  safeCohortRetentionFromSqlRows,
  safeCohortRetentionSql,
} from "./cohort.js";
export {
  churnSqlMetric,
  customerRetentionSqlMetric,
  mrrChurnSqlMetric,
  repeatPurchaseRateSqlMetric,
  repeatRateSqlMetric,
  retentionSqlMetric,
  safeChurnSqlMetric,
  safeCustomerRetentionSqlMetric,
  safeMrrChurnSqlMetric,
  safeRepeatPurchaseRateSqlMetric,
  safeRepeatRateSqlMetric,
  safeRetentionSqlMetric,
} from "./customers.js";
export { type SqlDialect, type SqlDialectName, safeSqlDialect, sqlDialect } from "./dialect.js";
export {
  arpuSqlMetric,
  averageOrderValueSqlMetric,
  purchaseFrequencySqlMetric,
  safeArpuSqlMetric,
  safeAverageOrderValueSqlMetric,
  safePurchaseFrequencySqlMetric,
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
  safeClickThroughRateSqlMetric,
  safeConversionRateSqlMetric,
  safeOpenRateSqlMetric,
  safeReferralRateSqlMetric,
  safeSnsEngagementRateSqlMetric,
  snsEngagementRateSqlMetric,
} from "./rates.js";
export { reviewSummarySqlMetric, safeReviewSummarySqlMetric } from "./reviews.js";
export type {
  MetricSql,
  SqlColumn,
  SqlContext,
  SqlCountLimit,
  SqlMetric,
  SqlRowProblem,
} from "./spec.js";
export {
  cesSqlMetric,
  csatSqlMetric,
  npsSqlMetric,
  safeCesSqlMetric,
  safeCsatSqlMetric,
  safeNpsSqlMetric,
} from "./survey.js";
