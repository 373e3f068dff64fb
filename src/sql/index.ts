export {
  type CohortRetentionSqlOptions,
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
  cohortRetentionSqlOptionsSchema,
  safeCohortRetentionFromSqlRows,
} from "./cohort.js";
export {
  churnSqlMetric,
  repeatRateSqlMetric,
  retentionSqlMetric,
  safeChurnSqlMetric,
} from "./customers.js";
export { type SqlDialect, type SqlDialectName, sqlDialect } from "./dialect.js";
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
export type { MetricSql, SqlColumn, SqlContext, SqlCountLimit, SqlMetric } from "./spec.js";
