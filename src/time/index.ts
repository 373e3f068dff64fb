export { type DateInput, dateInputSchema, toEpochMs } from "./instant.js";
export {
  addIntervals,
  type BucketOptions,
  bucketStart,
  type CalendarInterval,
  calendarIntervalSchema,
  createBucketer,
  isoInZone,
  listBuckets,
  type Period,
  type PeriodBounds,
  periodSchema,
  timeZoneSchema,
} from "./period.js";
