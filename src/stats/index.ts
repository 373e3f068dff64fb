export {
  type CompareProportionsOptions,
  compareProportions,
  holmAdjust,
  type ProportionCounts,
  proportionCountsSchema,
  pValueSchema,
  safeCompareProportions,
} from "./compare.js";
export { zForLevel } from "./normal.js";
export type { SchemaOutput } from "./options.js";
export { waldInterval, wilsonInterval } from "./proportion.js";
export { twoSidedPValue } from "./pvalue.js";
export {
  addToSum,
  type CompensatedSum,
  compensatedSum,
  emptySum,
  mergeSums,
  sumValue,
} from "./sum.js";
