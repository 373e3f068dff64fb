export {
  type CompareProportionsOptions,
  compareProportions,
  holmAdjust,
  type ProportionCounts,
  proportionCountsSchema,
  pValueSchema,
  safeCompareProportions,
  safeHolmAdjust,
} from "./compare.js";
export { safeZForLevel, zForLevel } from "./normal.js";
export type { SchemaOutput } from "./options.js";
export {
  safeWaldInterval,
  safeWilsonInterval,
  waldInterval,
  wilsonInterval,
} from "./proportion.js";
export { safeTwoSidedPValue, twoSidedPValue } from "./pvalue.js";
export {
  addToSum,
  type CompensatedSum,
  compensatedSum,
  emptySum,
  mergeSums,
  safeAddToSum,
  safeCompensatedSum,
  safeMergeSums,
  safeSumValue,
  sumValue,
} from "./sum.js";
