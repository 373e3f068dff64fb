// The public API: re-exports only. Helpers marked @internal in their modules are not listed here.
export * from "./columnar/index.js";
export * from "./customers/index.js";
export * from "./display/index.js";
export * from "./engagement/index.js";
export {
  attempt,
  formatPath,
  MetricsInputError,
  type MetricsIssue,
  type SafeResult,
} from "./errors.js";
export * from "./group/index.js";
export {
  type Accessor,
  type AnyMetric,
  type HistogramSpec,
  type Metric,
  type MetricComparison,
  type ResultOf,
  runMetric,
  safeRunMetric,
  type TallyOf,
} from "./metric.js";
export type * from "./result.js";
export * from "./sql/index.js";
export * from "./stats/index.js";
export * from "./survey/index.js";
export * from "./time/index.js";
export * from "./value/index.js";
export * from "./value/models/index.js";
