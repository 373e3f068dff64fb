import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Accessor, Metric } from "../metric.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import {
  type CountReader,
  countReader,
  type EventTypes,
  emptyRateTally,
  engagementCountSchema,
  fieldPath,
  mergeRateTallies,
  namedRateMetric,
  namedRateOptionsSchema,
  parseRateCountsOptions,
  type RateOptions,
  type RateResult,
  type RateSpec,
  type RateState,
  rateOfCounts,
  runRate,
} from "./rate.js";

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Email counts for an open rate: `opens` with either `delivered`, or `sent` and optionally
 * `bounced` (delivered = sent − bounced). Non-negative integers, `bounced <= sent`,
 * `opens <= delivered`. Extra fields pass.
 */
export const openRateCountsSchema: z.ZodMiniType<{
  opens: number;
  delivered?: number | undefined;
  sent?: number | undefined;
  bounced?: number | undefined;
}> = /* @__PURE__ */ (() =>
  z
    .looseObject({
      opens: engagementCountSchema,
      delivered: z.optional(engagementCountSchema),
      sent: z.optional(engagementCountSchema),
      bounced: z.optional(engagementCountSchema),
    })
    .check(
      z.refine((c) => (c.delivered === undefined) !== (c.sent === undefined), {
        error: "expected either delivered, or sent (and bounced), not both",
        path: ["delivered"],
      }),
      z.refine((c) => c.bounced === undefined || c.sent !== undefined, {
        error: "bounced needs sent (delivered = sent - bounced)",
        path: ["bounced"],
      }),
      z.refine((c) => c.sent === undefined || (c.bounced ?? 0) <= c.sent, {
        error: "expected bounced <= sent",
        path: ["bounced"],
      }),
      z.refine((c) => c.opens <= (c.delivered ?? (c.sent ?? 0) - (c.bounced ?? 0)), {
        error: "expected opens <= delivered (sent - bounced)",
        path: ["opens"],
      }),
    ))();

const optionsSchema = /* @__PURE__ */ namedRateOptionsSchema("opens", "delivered", [
  "sent",
  "bounced",
]);

// ---------------------------------------------------------------------------------------------
// Types

/**
 * Email counts for an open rate: unique opens with either the delivered count, or the sent
 * count and the bounces (delivered = sent − bounced; bounced defaults to 0).
 */
export type OpenRateCounts =
  | { readonly opens: number; readonly delivered: number }
  | { readonly opens: number; readonly sent: number; readonly bounced?: number };

/** The sufficient statistics of an open rate. Mergeable by adding field by field. */
export interface OpenRateTally {
  /** Unique opens: recipients who opened at least once. */
  readonly opens: number;
  /** Delivered emails: sent − bounced. */
  readonly delivered: number;
  /** Rows or matching events tallied. */
  readonly records: number;
}

/** An open rate: unique opens ÷ delivered, with counts, Wilson interval and warnings. */
export type OpenRateResult = RateResult<"openRate", OpenRateTally>;

/**
 * Options of {@link openRateFromRecords} and {@link openRateMetric}.
 *
 * Row form (default): `opens` and `delivered` accessors (default the properties of those
 * names); or give `sent` (and `bounced`, default the property `bounced`, absent = 0) to have
 * delivered = sent − bounced per row. Event form (when `type` or `events` is given): one event
 * per record, `events.opens` (default `"open"`, one per recipient) and `events.delivered`
 * (default `"delivered"`).
 */
export interface OpenRateOptions<R = OpenRateCounts> extends RateOptions {
  readonly opens?: Accessor<R>;
  readonly delivered?: Accessor<R>;
  readonly sent?: Accessor<R>;
  readonly bounced?: Accessor<R>;
  readonly type?: Accessor<R>;
  readonly events?: { readonly opens?: EventTypes; readonly delivered?: EventTypes };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

const spec: RateSpec<"openRate", OpenRateTally, "opens", "delivered"> = {
  metric: "openRate",
  numerator: "opens",
  denominator: "delivered",
  numeratorEvents: ["open"],
  denominatorEvents: ["delivered"],
  toTally: (c) => ({ opens: c.numerator, delivered: c.denominator, records: c.records }),
  fromTally: (t) => ({ numerator: t.opens, denominator: t.delivered, records: t.records }),
};

/** The empty open-rate tally, identity of {@link mergeOpenRateTallies}. */
export function emptyOpenRateTally(): OpenRateTally {
  return emptyRateTally(spec);
}

/** What {@link mergeOpenRateTallies} accepts: every count finite and ≥ 0. */
const openRateTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["opens", "delivered", "records"]))();

/**
 * Merges two open-rate tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeOpenRateTallies({ opens: 20, delivered: 90, records: 1 }, { opens: 5, delivered: 10, records: 1 })
 * //=> { opens: 25, delivered: 100, records: 2 }
 */
export function mergeOpenRateTallies(a: OpenRateTally, b: OpenRateTally): OpenRateTally {
  return mergeCheckedTallies(openRateTallyCheck, a, b, (x, y) => mergeRateTallies(spec, x, y));
}

/** Delivered = sent − bounced for one row, with both checked. */
function grossReader<R>(sent: Accessor<R>, bounced: Accessor<R> | undefined): CountReader<R> {
  const readSent = countReader(sent, "sent");
  // An omitted `bounced` reads the property `bounced` when present, else 0.
  const readBounced = countReader(bounced, "bounced", bounced === undefined);
  return (record, index) => {
    const s = readSent(record, index);
    const b = readBounced(record, index);
    if (b > s) {
      throw inputError(
        fieldPath(bounced, "bounced", index),
        `bounced (${b}) exceed sent (${s}): expected bounced <= sent`,
      );
    }
    return s - b;
  };
}

/**
 * The open rate as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - Row or event form and the uncertainty settings; see {@link OpenRateOptions}.
 * @example
 * const metric = openRateMetric<{ sent: number; bounced: number; opens: number }>({ sent: "sent" });
 * runMetric(metric, [{ sent: 110, bounced: 10, opens: 25 }]).value
 * //=> 0.25
 */
export function openRateMetric<R = OpenRateCounts>(
  options?: OpenRateOptions<R>,
): Metric<R, RateState, OpenRateTally, OpenRateResult> {
  return namedRateMetric(spec, optionsSchema, options, () => {
    const sent = options?.sent;
    if (sent !== undefined && options?.delivered !== undefined) {
      throw inputError(
        ["options", "sent"],
        "give either delivered, or sent (and bounced), not both",
      );
    }
    if (sent === undefined && options?.bounced !== undefined) {
      throw inputError(["options", "bounced"], "bounced needs sent (delivered = sent - bounced)");
    }
    return sent === undefined ? undefined : grossReader(sent, options?.bounced);
  });
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Email open rate from counts: unique opens ÷ delivered, with delivered = sent − bounced, a
 * fraction in [0, 1] with a Wilson score interval.
 *
 * Source: Mailchimp ("the percentage of successfully delivered campaigns that registered as an
 * open") and Twilio SendGrid's glossary ("unique opens ÷ delivered messages"); most ESPs divide
 * by delivered, not sent. Opens are unique opens (total opens can exceed delivered and are not a
 * proportion). Note that privacy features (Apple Mail Privacy Protection) inflate opens.
 * @param counts - `{ opens, delivered }` or `{ opens, sent, bounced? }`.
 * @returns `value` is `null` with reason `"zero-denominator"` when nothing was delivered.
 * @example
 * openRate({ opens: 200, sent: 1000, bounced: 100 }).value // ≈ 0.2222
 * openRate({ opens: 45, delivered: 300 }).value
 * //=> 0.15
 */
export function openRate(counts: OpenRateCounts, options?: RateOptions): OpenRateResult {
  const opts = parseRateCountsOptions(options);
  const c = parseWith(openRateCountsSchema, counts, []);
  // The schema guarantees exactly one of delivered and sent.
  const delivered = c.delivered ?? (c.sent ?? 0) - (c.bounced ?? 0);
  return rateOfCounts(spec, c.opens, delivered, opts);
}

/**
 * Email open rate from records: one row per campaign, send or recipient, or one event per
 * record. Σopens ÷ Σdelivered, as {@link openRate}; every row is checked (`[4].opens` exceeding
 * its delivered count is an error).
 * @example
 * openRateFromRecords([
 *   { campaign: "may", sent: 500, bounced: 20, opens: 120 },
 *   { campaign: "june", sent: 520, bounced: 0, opens: 120 },
 * ], { sent: "sent" }).value
 * //=> 0.24
 */
export function openRateFromRecords<R = OpenRateCounts>(
  records: readonly R[],
  options?: OpenRateOptions<R>,
): OpenRateResult {
  return runRate(openRateMetric(options), records);
}

/** {@link openRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeOpenRate(
  counts: OpenRateCounts,
  options?: RateOptions,
): SafeResult<OpenRateResult> {
  return attempt(() => openRate(counts, options));
}

/** {@link openRateFromRecords} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeOpenRateFromRecords<R = OpenRateCounts>(
  records: readonly R[],
  options?: OpenRateOptions<R>,
): SafeResult<OpenRateResult> {
  return attempt(() => openRateFromRecords(records, options));
}

/** {@link mergeOpenRateTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeOpenRateTallies(
  a: OpenRateTally,
  b: OpenRateTally,
): SafeResult<OpenRateTally> {
  return attempt(() => mergeOpenRateTallies(a, b));
}

/** {@link openRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeOpenRateMetric<R = OpenRateCounts>(
  options?: OpenRateOptions<R>,
): SafeResult<Metric<R, RateState, OpenRateTally, OpenRateResult>> {
  return attempt(() => openRateMetric<R>(options));
}
