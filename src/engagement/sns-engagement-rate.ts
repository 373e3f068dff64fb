import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Accessor, Metric } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { accessorSchema } from "../stats/options.js";
import { wilsonInterval } from "../stats/proportion.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import {
  type CountReader,
  countError,
  countReader,
  type EventTypes,
  engagementCountSchema,
  eventList,
  eventTypeReader,
  eventTypesSchema,
  isCount,
  proportionWarnings,
  type RateOptions,
  type ResolvedRateOptions,
  rateOptionsShape,
  resolveRateOptions,
  runRate,
} from "./rate.js";

// ---------------------------------------------------------------------------------------------
// Schemas

/** The interaction kinds an SNS engagement rate adds up, in the order results list them. */
export const snsInteractionKinds: readonly SnsInteraction[] = [
  "likes",
  "shares",
  "comments",
  "urlClicks",
  "imageClicks",
  "videoPlays",
];

const DEFAULT_EVENTS: Readonly<Record<SnsInteraction | "impressions", string>> = {
  likes: "like",
  shares: "share",
  comments: "comment",
  urlClicks: "url_click",
  imageClicks: "image_click",
  videoPlays: "video_play",
  impressions: "impression",
};

const optionalCount = /* @__PURE__ */ z.optional(engagementCountSchema);

/**
 * SNS counts (a post, an account-day, a warehouse row): each interaction kind and each base is
 * an optional non-negative integer. Which base is required depends on `options.base`. Extra
 * fields pass.
 */
export const snsEngagementCountsSchema: z.ZodMiniType<{
  [K in SnsInteraction | SnsBase]?: number | undefined;
}> = /* @__PURE__ */ z.looseObject({
  likes: optionalCount,
  shares: optionalCount,
  comments: optionalCount,
  urlClicks: optionalCount,
  imageClicks: optionalCount,
  videoPlays: optionalCount,
  impressions: optionalCount,
  reach: optionalCount,
  followers: optionalCount,
});

const baseSchema = /* @__PURE__ */ z.enum(["impressions", "reach", "followers"], {
  error: 'expected "impressions", "reach" or "followers"',
});

const countsOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...rateOptionsShape,
    base: baseSchema,
  }))();

const optionalAccessor = /* @__PURE__ */ z.optional(accessorSchema);
const optionalEvents = /* @__PURE__ */ z.optional(eventTypesSchema);

const optionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...rateOptionsShape,
    base: baseSchema,
    interactions: z.optional(
      z.strictObject({
        likes: optionalAccessor,
        shares: optionalAccessor,
        comments: optionalAccessor,
        urlClicks: optionalAccessor,
        imageClicks: optionalAccessor,
        videoPlays: optionalAccessor,
      }),
    ),
    impressions: optionalAccessor,
    reach: optionalAccessor,
    followers: optionalAccessor,
    type: optionalAccessor,
    events: z.optional(
      z.strictObject({
        likes: optionalEvents,
        shares: optionalEvents,
        comments: optionalEvents,
        urlClicks: optionalEvents,
        imageClicks: optionalEvents,
        videoPlays: optionalEvents,
        impressions: optionalEvents,
      }),
    ),
  }))();

// ---------------------------------------------------------------------------------------------
// Types

/** A kind of interaction with a post. */
export type SnsInteraction =
  | "likes"
  | "shares"
  | "comments"
  | "urlClicks"
  | "imageClicks"
  | "videoPlays";

/** What interactions are divided by: impressions (views), reach (people) or followers. */
export type SnsBase = "impressions" | "reach" | "followers";

/** Interactions by kind, each optional (absent = not counted), and the bases. */
export type SnsEngagementCounts = { readonly [K in SnsInteraction | SnsBase]?: number };

/** The sufficient statistics of an SNS engagement rate. Mergeable by adding field by field. */
export interface SnsEngagementTally {
  readonly likes: number;
  readonly shares: number;
  readonly comments: number;
  readonly urlClicks: number;
  readonly imageClicks: number;
  readonly videoPlays: number;
  /** The base summed over records (impressions, reach or followers, as the options chose). */
  readonly baseTotal: number;
  /** Rows or matching events tallied. */
  readonly records: number;
}

/** An SNS engagement rate with its counts. */
export interface SnsEngagementRateResult extends SnsEngagementTally {
  readonly metric: "snsEngagementRate";
  /** Interactions ÷ base. Usually in [0, 1]; can exceed 1 (see warnings). `null` without a base. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** The base total. */
  readonly n: number;
  /** Which base `value` divides by. */
  readonly base: SnsBase;
  /** Sum of every interaction kind. */
  readonly interactions: number;
  /** Wilson interval, only while interactions ≤ base (a proper proportion); else `null`. */
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
}

/**
 * Options of the SNS engagement rate. `base` is required.
 *
 * Row form (default): each record is a post (or an account-day) with counts. Without
 * `interactions`, every kind is read from the property of its name and counts only when present
 * (`undefined`/`null` = not reported). With `interactions`, exactly the kinds named there are
 * read, and each must be a count. The base is read from `impressions`, `reach` or `followers`
 * (the one matching `base`; default the property of that name).
 * Event form (when `type` or `events` is given; base `"impressions"` only): one event per
 * record; default types `like`, `share`, `comment`, `url_click`, `image_click`, `video_play`
 * and `impression`, overridable per kind in `events`.
 */
export interface SnsEngagementRateOptions<R = SnsEngagementCounts> extends RateOptions {
  readonly base: SnsBase;
  readonly interactions?: { readonly [K in SnsInteraction]?: Accessor<R> };
  readonly impressions?: Accessor<R>;
  readonly reach?: Accessor<R>;
  readonly followers?: Accessor<R>;
  readonly type?: Accessor<R>;
  readonly events?: { readonly [K in SnsInteraction | "impressions"]?: EventTypes };
}

/** Options of {@link snsEngagementRate} (counts form). */
export interface SnsEngagementCountsOptions extends RateOptions {
  readonly base: SnsBase;
}

/** Mutable state while tallying: one slot per interaction kind, then the base. @internal */
export interface SnsEngagementState {
  readonly interactions: number[];
  baseTotal: number;
  records: number;
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty SNS engagement tally, identity of {@link mergeSnsEngagementTallies}. */
export function emptySnsEngagementTally(): SnsEngagementTally {
  return {
    likes: 0,
    shares: 0,
    comments: 0,
    urlClicks: 0,
    imageClicks: 0,
    videoPlays: 0,
    baseTotal: 0,
    records: 0,
  };
}

/** What {@link mergeSnsEngagementTallies} accepts: every count finite and ≥ 0. */
const snsEngagementTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema([
    "likes",
    "shares",
    "comments",
    "urlClicks",
    "imageClicks",
    "videoPlays",
    "baseTotal",
    "records",
  ]))();

/**
 * Merges two SNS engagement tallies (associative, commutative). Merge only tallies of the
 * same base.
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeSnsEngagementTallies(
 *   { ...emptySnsEngagementTally(), likes: 3, baseTotal: 100, records: 1 },
 *   { ...emptySnsEngagementTally(), likes: 1, comments: 2, baseTotal: 50, records: 1 },
 * ).likes
 * //=> 4
 */
export function mergeSnsEngagementTallies(
  a: SnsEngagementTally,
  b: SnsEngagementTally,
): SnsEngagementTally {
  return mergeCheckedTallies(snsEngagementTallyCheck, a, b, mergeSnsEngagementTalliesUnchecked);
}

/** {@link mergeSnsEngagementTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeSnsEngagementTalliesUnchecked(
  a: SnsEngagementTally,
  b: SnsEngagementTally,
): SnsEngagementTally {
  return {
    likes: a.likes + b.likes,
    shares: a.shares + b.shares,
    comments: a.comments + b.comments,
    urlClicks: a.urlClicks + b.urlClicks,
    imageClicks: a.imageClicks + b.imageClicks,
    videoPlays: a.videoPlays + b.videoPlays,
    baseTotal: a.baseTotal + b.baseTotal,
    records: a.records + b.records,
  };
}

function stateToTally(state: SnsEngagementState): SnsEngagementTally {
  const c = state.interactions;
  return {
    likes: c[0] ?? 0,
    shares: c[1] ?? 0,
    comments: c[2] ?? 0,
    urlClicks: c[3] ?? 0,
    imageClicks: c[4] ?? 0,
    videoPlays: c[5] ?? 0,
    baseTotal: state.baseTotal,
    records: state.records,
  };
}

/**
 * The SNS engagement rate as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - The base, the row or event form and the uncertainty settings.
 * @example
 * const metric = snsEngagementRateMetric<{ likes: number; comments: number; reach: number }>({
 *   base: "reach",
 * });
 * runMetric(metric, [{ likes: 30, comments: 10, reach: 400 }, { likes: 5, comments: 5, reach: 100 }]).value
 * //=> 0.1
 */
export function snsEngagementRateMetric<R = SnsEngagementCounts>(
  options: SnsEngagementRateOptions<R>,
): Metric<R, SnsEngagementState, SnsEngagementTally, SnsEngagementRateResult> {
  const parsed = parseWith(optionsSchema, options, ["options"]);
  const base = parsed.base;
  const opts = resolveRateOptions(parsed);
  const common = {
    name: "snsEngagementRate",
    init: (): SnsEngagementState => ({
      interactions: [0, 0, 0, 0, 0, 0],
      baseTotal: 0,
      records: 0,
    }),
    tally: stateToTally,
    empty: emptySnsEngagementTally,
    merge: mergeSnsEngagementTalliesUnchecked,
    finalize: (tally: SnsEngagementTally) => finalizeSns(tally, base, opts),
  };
  const rowAccessorKeys = (["interactions", "impressions", "reach", "followers"] as const).filter(
    (key) => options[key] !== undefined,
  );
  for (const key of ["impressions", "reach", "followers"] as const) {
    if (key !== base && options[key] !== undefined) {
      throw inputError(["options", key], `${key} is not read with base "${base}"`);
    }
  }

  if (options.type !== undefined || options.events !== undefined) {
    const first = rowAccessorKeys[0];
    if (first !== undefined) {
      throw inputError(
        ["options", first],
        "give either count accessors (the row form) or type/events (the event form), not both",
      );
    }
    if (base !== "impressions") {
      throw inputError(
        ["options", "base"],
        `${base} counts people, not events: give rows or counts for base "${base}"`,
      );
    }
    // Slot per event type: 0..5 the interaction kinds, 6 the impressions.
    const slots = new Map<string, number[]>();
    const kinds = [...snsInteractionKinds, "impressions"] as const;
    kinds.forEach((kind, slot) => {
      for (const t of eventList(options.events?.[kind], [DEFAULT_EVENTS[kind]])) {
        const list = slots.get(t);
        if (list === undefined) slots.set(t, [slot]);
        else list.push(slot);
      }
    });
    const typeOf = eventTypeReader(options.type);
    return {
      ...common,
      add(state, record, index) {
        const hit = slots.get(typeOf(record, index));
        if (hit === undefined) return;
        for (const slot of hit) {
          if (slot === 6) state.baseTotal++;
          else state.interactions[slot] = (state.interactions[slot] ?? 0) + 1;
        }
        state.records++;
      },
    };
  }

  const explicit = options.interactions;
  const readers: { readonly slot: number; readonly read: CountReader<R> }[] = [];
  snsInteractionKinds.forEach((kind, slot) => {
    if (explicit === undefined) readers.push({ slot, read: countReader(undefined, kind, true) });
    else if (explicit[kind] !== undefined) {
      readers.push({ slot, read: countReader(explicit[kind], kind) });
    }
  });
  const readBase = countReader(options[base], base);
  return {
    ...common,
    add(state, record, index) {
      for (const { slot, read } of readers) {
        state.interactions[slot] = (state.interactions[slot] ?? 0) + read(record, index);
      }
      state.baseTotal += readBase(record, index);
      state.records++;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Finalize

function finalizeSns(
  tally: SnsEngagementTally,
  base: SnsBase,
  opts: ResolvedRateOptions,
): SnsEngagementRateResult {
  let interactions = 0;
  for (const kind of snsInteractionKinds) interactions += tally[kind];
  const head = { metric: "snsEngagementRate" as const, ...tally, base, interactions };
  if (tally.records === 0 || tally.baseTotal === 0) {
    const reason: ReasonCode = tally.records === 0 ? "empty" : "zero-denominator";
    return {
      ...head,
      value: null,
      reason,
      n: tally.baseTotal,
      interval: null,
      warnings: [
        {
          code: reason,
          message:
            reason === "empty"
              ? "No records: the engagement rate is undefined."
              : `No ${base}: the engagement rate is undefined.`,
        },
      ],
    };
  }
  const value = interactions / tally.baseTotal;
  if (interactions > tally.baseTotal) {
    return {
      ...head,
      value,
      reason: null,
      n: tally.baseTotal,
      interval: null,
      warnings: [
        ...proportionWarnings(tally.baseTotal, base, null, opts),
        {
          code: "above-one",
          message: `Interactions (${interactions}) exceed ${base} (${tally.baseTotal}): some counted more than one interaction each. The value is a ratio above 1, with no interval.`,
        },
      ],
    };
  }
  const interval = wilsonInterval(interactions, tally.baseTotal, opts.level);
  return {
    ...head,
    value,
    reason: null,
    n: tally.baseTotal,
    interval,
    warnings: proportionWarnings(tally.baseTotal, base, interval, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * SNS engagement rate from counts: the sum of the interactions given (likes, shares, comments,
 * URL clicks, image clicks, video plays: whichever are present) ÷ the base the caller picks
 * (impressions, reach or followers).
 *
 * Source: Hootsuite, "How to calculate engagement rate": engagement rate by reach (ERR), by
 * impressions, and by followers ("ER post"). Over several posts this is the pooled ratio
 * Σinteractions ÷ Σbase (so it merges); Hootsuite's "average ERR" is instead the mean of the
 * per-post rates. With followers as the base, give each post its follower count at the time:
 * Σ then equals the average engagements per post ÷ followers.
 *
 * The value can exceed 1 (one person liking and sharing counts twice, and reach or followers
 * count people): it is then reported as is, with an `"above-one"` warning and no interval. The
 * Wilson interval is given only when interactions ≤ base; it treats each interaction as a
 * success of one unit of the base, an approximation for reach and followers.
 * @param counts - Interaction counts (absent kinds are not counted) and the chosen base.
 * @returns `value` is `null` with reason `"zero-denominator"` when the base is 0.
 * @example
 * snsEngagementRate({ likes: 120, comments: 30, shares: 10, reach: 4000 }, { base: "reach" }).value
 * //=> 0.04
 * snsEngagementRate({ likes: 90, shares: 30, followers: 100 }, { base: "followers" }).warnings[0].code
 * //=> "above-one"
 */
export function snsEngagementRate(
  counts: SnsEngagementCounts,
  options: SnsEngagementCountsOptions,
): SnsEngagementRateResult {
  const parsed = parseWith(countsOptionsSchema, options, ["options"]);
  const c = parseWith(snsEngagementCountsSchema, counts, []);
  const baseTotal = c[parsed.base];
  if (!isCount(baseTotal)) throw countError(baseTotal, [parsed.base]);
  if (snsInteractionKinds.every((kind) => c[kind] === undefined)) {
    throw inputError(
      [],
      `expected at least one interaction count (${snsInteractionKinds.join(", ")})`,
    );
  }
  const tally: SnsEngagementTally = {
    likes: c.likes ?? 0,
    shares: c.shares ?? 0,
    comments: c.comments ?? 0,
    urlClicks: c.urlClicks ?? 0,
    imageClicks: c.imageClicks ?? 0,
    videoPlays: c.videoPlays ?? 0,
    baseTotal,
    records: 1,
  };
  return finalizeSns(tally, parsed.base, resolveRateOptions(parsed));
}

/**
 * SNS engagement rate from records: posts (rows with counts) or events. Same formula as
 * {@link snsEngagementRate}: Σinteractions ÷ Σbase. Every count is checked (`[2].likes`).
 * @example
 * snsEngagementRateFromRecords(
 *   [
 *     { post: 1, likes: 40, shares: 5, impressions: 1000 },
 *     { post: 2, likes: 10, videoPlays: 45, impressions: 1000 },
 *   ],
 *   { base: "impressions" },
 * ).value
 * //=> 0.05
 */
export function snsEngagementRateFromRecords<R = SnsEngagementCounts>(
  records: readonly R[],
  options: SnsEngagementRateOptions<R>,
): SnsEngagementRateResult {
  return runRate(snsEngagementRateMetric(options), records);
}

/** {@link snsEngagementRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSnsEngagementRate(
  counts: SnsEngagementCounts,
  options: SnsEngagementCountsOptions,
): SafeResult<SnsEngagementRateResult> {
  return attempt(() => snsEngagementRate(counts, options));
}

/** {@link snsEngagementRateFromRecords} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeSnsEngagementRateFromRecords<R = SnsEngagementCounts>(
  records: readonly R[],
  options: SnsEngagementRateOptions<R>,
): SafeResult<SnsEngagementRateResult> {
  return attempt(() => snsEngagementRateFromRecords(records, options));
}

/** {@link mergeSnsEngagementTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeSnsEngagementTallies(
  a: SnsEngagementTally,
  b: SnsEngagementTally,
): SafeResult<SnsEngagementTally> {
  return attempt(() => mergeSnsEngagementTallies(a, b));
}

/** {@link snsEngagementRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSnsEngagementRateMetric<R = SnsEngagementCounts>(
  options: SnsEngagementRateOptions<R>,
): SafeResult<Metric<R, SnsEngagementState, SnsEngagementTally, SnsEngagementRateResult>> {
  return attempt(() => snsEngagementRateMetric<R>(options));
}
