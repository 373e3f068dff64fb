export * from "./ces.js";
export * from "./csat.js";
export * from "./nps.js";
export {
  type AnswerCount,
  type RatingCounts,
  ratingCountsSchema,
  type RatingState,
  type RatingTally,
} from "./scale.js";
