export * from "./errors.js";
export * from "./metric.js";
export type * from "./result.js";
export * from "./stats/index.js";
export * from "./survey/index.js";
export * from "./time/index.js";
