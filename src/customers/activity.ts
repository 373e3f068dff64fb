import { inputError } from "../errors.js";
import type { Subscription } from "./records.js";
import { checkSubscription } from "./records.js";

// Customer activity over one period [S, E), from subscriptions grouped by customer. Shared by
// customer churn/retention and MRR churn.
//
// A subscription [start, end) is active at instant t when start <= t < end. A customer is in the
// snapshot at a boundary B (S or E) when they are active at B AND were active just before B:
// some subscription has start <= B < end and some (maybe another) has start < B <= end. So a
// subscription renewed back to back at B keeps the customer in, one that starts exactly at B makes
// a new customer of that period (start included), and one that ends exactly at E has churned in
// [S, E) (end excluded: the customer is not active at any instant of the next period).
// The snapshot at E is the snapshot at the next period's start, so period counts chain exactly.

/** Bit flags of one customer's activity. @internal */
export const ACTIVE_AT_START = 1;
/** @internal */
export const BEFORE_START = 2;
/** @internal */
export const ACTIVE_AT_END = 4;
/** @internal */
export const BEFORE_END = 8;
/** Active at some instant of [S, E). @internal */
export const IN_PERIOD = 16;
/** A subscription active in the period ended in (S, E]. @internal */
export const ENDED_IN_PERIOD = 32;
/** A subscription started before S (the customer had been a subscriber). @internal */
export const EARLIER = 64;

/** One customer's activity in a period. @internal */
export interface CustomerActivity {
  flags: number;
  /** Σ MRR of subscriptions active at S. */
  mrrAtStart: number;
  /** Σ MRR of subscriptions active at E. */
  mrrAtEnd: number;
  /** Earliest start in [S, E) (entry instant of a new customer); Infinity if none. */
  firstStartInPeriod: number;
  /** Flat [start0, end0, start1, end1, ...] of in-period subscriptions, when gaps matter. */
  intervals: number[] | undefined;
}

/** Mutable state: activity per customer id. @internal */
export interface ActivityState {
  readonly customers: Map<unknown, CustomerActivity>;
}

/** What the ledger must keep besides flags. @internal */
export interface ActivityNeeds {
  readonly mrr: boolean;
  readonly intervals: boolean;
}

/** A fresh activity state. @internal */
export function emptyActivityState(): ActivityState {
  return { customers: new Map() };
}

/**
 * Checks one subscription (inline, naming `[index]`) and folds it into its customer's activity.
 * Zero-length subscriptions (start = end) are never active and change nothing. @internal
 */
export function addSubscription(
  state: ActivityState,
  record: Subscription,
  index: number,
  startMs: number,
  endMs: number,
  needs: ActivityNeeds,
): void {
  const [s, e] = checkSubscription(record, index);
  let mrr = 0;
  if (needs.mrr) {
    const m: unknown = record.mrr;
    if (typeof m !== "number") {
      throw inputError(
        [index, "mrr"],
        "expected a finite MRR >= 0 (revenue churn needs mrr on every subscription)",
      );
    }
    mrr = m;
  }
  if (!(s < e)) return;
  let flags = 0;
  if (s <= startMs && startMs < e) flags |= ACTIVE_AT_START;
  if (s < startMs && startMs <= e) flags |= BEFORE_START;
  if (s <= endMs && endMs < e) flags |= ACTIVE_AT_END;
  if (s < endMs && endMs <= e) flags |= BEFORE_END;
  const inPeriod = s < endMs && e > startMs;
  if (inPeriod) flags |= IN_PERIOD;
  if (inPeriod && e <= endMs) flags |= ENDED_IN_PERIOD;
  if (s < startMs) flags |= EARLIER;
  const id: unknown = record.customerId;
  let activity = state.customers.get(id);
  if (activity === undefined) {
    activity = {
      flags: 0,
      mrrAtStart: 0,
      mrrAtEnd: 0,
      firstStartInPeriod: Number.POSITIVE_INFINITY,
      intervals: needs.intervals ? [] : undefined,
    };
    state.customers.set(id, activity);
  }
  activity.flags |= flags;
  // mrr is 0 unless needs.mrr.
  if (flags & ACTIVE_AT_START) activity.mrrAtStart += mrr;
  if (flags & ACTIVE_AT_END) activity.mrrAtEnd += mrr;
  if (s >= startMs && s < endMs && s < activity.firstStartInPeriod) activity.firstStartInPeriod = s;
  // Every subscription is kept: those ended before S or begun after E never change the coverage
  // that coveredWithoutGap measures from S (or a later first start) to E.
  if (activity.intervals !== undefined) activity.intervals.push(s, e);
}

/** In the snapshot at S: active at S and just before it. @internal */
export function inStartSnapshot(flags: number): boolean {
  return (flags & (ACTIVE_AT_START | BEFORE_START)) === (ACTIVE_AT_START | BEFORE_START);
}

/** In the snapshot at E: active at E and just before it. @internal */
export function inEndSnapshot(flags: number): boolean {
  return (flags & (ACTIVE_AT_END | BEFORE_END)) === (ACTIVE_AT_END | BEFORE_END);
}

/** New in the period: active at some instant of [S, E) but not in the start snapshot. @internal */
export function isNewCustomer(flags: number): boolean {
  return (flags & IN_PERIOD) !== 0 && !inStartSnapshot(flags);
}

/**
 * Whether the customer's subscriptions cover every instant of [from, E] without a gap
 * (back-to-back subscriptions count as continuous). @internal
 */
export function coveredWithoutGap(
  intervals: readonly number[],
  from: number,
  endMs: number,
): boolean {
  const order: number[] = [];
  for (let k = 0; k < intervals.length; k += 2) order.push(k);
  order.sort((a, b) => (intervals[a] as number) - (intervals[b] as number));
  let reach = from;
  for (const k of order) {
    const s = intervals[k] as number;
    if (s > reach) break;
    reach = Math.max(reach, intervals[k + 1] as number);
  }
  // Stryker disable next-line EqualityOperator: reach = E exactly is unobservable. Callers ask
  // only for customers in the end snapshot, whose subscriptions reach past E, and a
  // subscription that reaches E is followed by one that starts at E (or coverage stops before).
  return reach > endMs;
}
