export * from "./ces.js";
export * from "./csat.js";
export * from "./nps.js";
export {
  type AnswerCount,
  type RatingCounts,
  type RatingState,
  type RatingTally,
  ratingCountsSchema,
} from "./scale.js";
