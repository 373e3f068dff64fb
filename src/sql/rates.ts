import { attempt, type SafeResult } from "../errors.js";
// The channel rates (click-through, conversion, open, referral, SNS engagement) that also know
// their SQL. Row form: each row carries counts, summed per group (SUM), with the in-memory row
// checks (counts are non-negative integers, the numerator at most the denominator) written as
// a condition.
// Event form: each row is an event with a type, counted per list of types.

import {
  type ClickThroughRateOptions,
  type ClickThroughRateResult,
  type ClickThroughTally,
  clickThroughRateMetric,
} from "../engagement/click-through-rate.js";
import {
  type ConversionRateOptions,
  type ConversionRateResult,
  type ConversionTally,
  conversionRateMetric,
} from "../engagement/conversion-rate.js";
import {
  type OpenRateOptions,
  type OpenRateResult,
  type OpenRateTally,
  openRateMetric,
} from "../engagement/open-rate.js";
import type { RateState } from "../engagement/rate.js";
import {
  type ReferralRateOptions,
  type ReferralRateResult,
  type ReferralTally,
  referralRateMetric,
} from "../engagement/referral-rate.js";
import {
  type SnsEngagementRateOptions,
  type SnsEngagementRateResult,
  type SnsEngagementState,
  type SnsEngagementTally,
  type SnsInteraction,
  snsEngagementRateMetric,
} from "../engagement/sns-engagement-rate.js";
import { inputError } from "../errors.js";
import type { MetricSql, SqlContext, SqlMetric } from "./spec.js";

/** What a rate is called and counts by default (the in-memory rate's own names). */
interface RateNames {
  readonly numerator: string;
  readonly denominator: string;
  readonly numeratorEvents: readonly string[];
  readonly denominatorEvents: readonly string[];
}

/** Options as the SQL form reads them: accessors by key, event lists by the rate's names. */
type RateSqlOptions = object & { readonly events?: unknown };

function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A field name option (`key`), or `fallback` when omitted; a function has no column. */
function nameOption(options: object, key: string, fallback: string): string {
  const value: unknown = Reflect.get(options, key);
  if (value === undefined) return fallback;
  if (typeof value === "string") return value;
  throw inputError(
    ["options", key],
    "expected a field name (a column): an accessor function has no SQL form",
  );
}

/** `x` is a count: not NULL, not negative, an integer (FLOOR is in every engine). */
function isCount(x: string): string {
  return `${x} IS NOT NULL AND ${x} >= 0 AND ${x} = FLOOR(${x})`;
}

const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/**
 * The SQL form of a proportion rate. `denominator(c)` gives the SQL of the denominator and the
 * conditions that make it valid (the open rate's sent − bounced), or `undefined` for the plain
 * column named like the denominator.
 */
function rateSql<T>(
  names: RateNames,
  options: RateSqlOptions | undefined,
  toTally: (numerator: number, denominator: number, records: number) => T,
  denominator?: (c: SqlContext) => { readonly expression: string; readonly valid: string },
): MetricSql<T> {
  const given: RateSqlOptions = options ?? {};
  const events = Reflect.get(given, "events");
  const eventForm = Reflect.get(given, "type") !== undefined || events !== undefined;
  const limits = [
    { part: [names.numerator], whole: [names.denominator] },
    { part: ["records"], whole: "n" as const },
  ];
  const tally = (read: (alias: string) => number): T =>
    toTally(read(names.numerator), read(names.denominator), read("records"));

  if (eventForm) {
    const type = nameOption(given, "type", "type");
    const listOf = (key: string, fallback: readonly string[]): string[] => {
      const types: unknown =
        events !== null && typeof events === "object" ? Reflect.get(events, key) : undefined;
      // The metric factory has checked the lists (non-empty strings).
      if (typeof types === "string") return [types];
      if (Array.isArray(types)) return types.filter((t): t is string => typeof t === "string");
      return [...fallback];
    };
    const numeratorTypes = listOf(names.numerator, names.numeratorEvents);
    const denominatorTypes = listOf(names.denominator, names.denominatorEvents);
    const inList = (column: string, types: readonly string[]): string =>
      `${column} IN (${types.map(stringLiteral).join(", ")})`;
    return {
      level: "rows",
      aggregates(c) {
        const t = c.column(type);
        return [
          [names.numerator, count(inList(t, numeratorTypes))],
          [names.denominator, count(inList(t, denominatorTypes))],
          ["records", count(inList(t, [...new Set([...numeratorTypes, ...denominatorTypes])]))],
        ];
      },
      // Events of other types are ignored, but every row needs a type.
      invalid: (c) => `${c.column(type)} IS NULL OR ${c.column(type)} = ''`,
      expected: `an event type (a non-empty string) in ${JSON.stringify(type)}`,
      limits,
      tally,
    };
  }

  const numeratorField = nameOption(given, names.numerator, names.numerator);
  return {
    level: "rows",
    aggregates(c) {
      const numerator = c.column(numeratorField);
      const own = denominator?.(c);
      const base = c.column(nameOption(given, names.denominator, names.denominator));
      const expression = own?.expression ?? base;
      const valid = `${isCount(numerator)} AND ${own?.valid ?? isCount(base)} AND ${numerator} <= ${expression}`;
      return [
        [names.numerator, `SUM(CASE WHEN ${valid} THEN ${numerator} ELSE 0 END)`],
        [names.denominator, `SUM(CASE WHEN ${valid} THEN ${expression} ELSE 0 END)`],
        ["records", count(valid)],
      ];
    },
    // Every valid row is a record: the others are n minus the records.
    answered: (read) => read("records"),
    expected: `non-negative integer counts with ${names.numerator} <= ${names.denominator}`,
    limits,
    tally,
  };
}

/**
 * {@link clickThroughRateMetric} that also runs in SQL ({@link toSql}). Row form: per group
 * `SUM(clicks)`, `SUM(impressions)` and the rows, of rows whose counts are non-negative
 * integers with clicks ≤ impressions (any other row makes the group an error, as in memory).
 * Event form (`type` or `events`): the rows whose type is in each list. CTR = clicks /
 * impressions with its Wilson interval, as {@link clickThroughRate}. Accessors must be field
 * names (columns).
 * @example
 * const metric = clickThroughRateSqlMetric({ clicks: "clicks", impressions: "views" });
 * const rows = [{ n: 2, clickThroughRate__clicks: 5, clickThroughRate__impressions: 50, clickThroughRate__records: 2 }];
 * fromSqlRows(metric, rows).results.clickThroughRate.value
 * //=> 0.1
 */
export function clickThroughRateSqlMetric<R = Record<string, unknown>>(
  options?: ClickThroughRateOptions<R>,
): SqlMetric<R, RateState, ClickThroughTally, ClickThroughRateResult> {
  const metric = clickThroughRateMetric<R>(options);
  const names = {
    numerator: "clicks",
    denominator: "impressions",
    numeratorEvents: ["click"],
    denominatorEvents: ["impression"],
  };
  const sql = rateSql(names, options, (clicks, impressions, records) => ({
    clicks,
    impressions,
    records,
  }));
  return { ...metric, sql };
}

/**
 * {@link conversionRateMetric} that also runs in SQL: `SUM(conversions)` and `SUM(visitors)`
 * per group (row form, conversions ≤ visitors per row), or `conversion` and `visit` events;
 * conversion rate = conversions / visitors, as {@link conversionRate}.
 * @example
 * const metric = conversionRateSqlMetric({ type: "event" });
 * toSql(metric, { table: "events" }).includes(`SUM(CASE WHEN "event" IN ('visit') THEN 1 ELSE 0 END) AS "conversionRate__visitors"`)
 * //=> true
 */
export function conversionRateSqlMetric<R = Record<string, unknown>>(
  options?: ConversionRateOptions<R>,
): SqlMetric<R, RateState, ConversionTally, ConversionRateResult> {
  const metric = conversionRateMetric<R>(options);
  const names = {
    numerator: "conversions",
    denominator: "visitors",
    numeratorEvents: ["conversion"],
    denominatorEvents: ["visit"],
  };
  const sql = rateSql(names, options, (conversions, visitors, records) => ({
    conversions,
    visitors,
    records,
  }));
  return { ...metric, sql };
}

/**
 * {@link referralRateMetric} that also runs in SQL: `SUM(referred)` and `SUM(customers)` per
 * group (referred ≤ customers per row), or `referral` and `customer` events; referral rate =
 * referred / customers, as {@link referralRate}.
 * @example
 * const metric = referralRateSqlMetric();
 * const rows = [{ n: 1, referralRate__referred: 3, referralRate__customers: 12, referralRate__records: 1 }];
 * fromSqlRows(metric, rows).results.referralRate.value
 * //=> 0.25
 */
export function referralRateSqlMetric<R = Record<string, unknown>>(
  options?: ReferralRateOptions<R>,
): SqlMetric<R, RateState, ReferralTally, ReferralRateResult> {
  const metric = referralRateMetric<R>(options);
  const names = {
    numerator: "referred",
    denominator: "customers",
    numeratorEvents: ["referral"],
    denominatorEvents: ["customer"],
  };
  const sql = rateSql(names, options, (referred, customers, records) => ({
    referred,
    customers,
    records,
  }));
  return { ...metric, sql };
}

/**
 * {@link openRateMetric} that also runs in SQL: `SUM(opens)` and `SUM(delivered)` per group, or
 * with `sent` (and `bounced`) `SUM(sent − bounced)`, of rows whose counts are non-negative
 * integers with bounced ≤ sent and opens ≤ delivered; or `open` and `delivered` events. Open rate
 * = unique opens / delivered, as {@link openRate}. With `sent` and no `bounced` option, the
 * column `bounced` is read and NULL is 0, as in memory (map it with `columns: { bounced: "0" }`
 * when the table has none).
 * @example
 * const metric = openRateSqlMetric({ sent: "sent", bounced: "bounced" });
 * toSql(metric, { table: "campaigns" }).includes('SUM(CASE WHEN "opens" IS NOT NULL')
 * //=> true
 */
export function openRateSqlMetric<R = Record<string, unknown>>(
  options?: OpenRateOptions<R>,
): SqlMetric<R, RateState, OpenRateTally, OpenRateResult> {
  const metric = openRateMetric<R>(options);
  const names = {
    numerator: "opens",
    denominator: "delivered",
    numeratorEvents: ["open"],
    denominatorEvents: ["delivered"],
  };
  const given: object = options ?? {};
  const gross =
    Reflect.get(given, "sent") === undefined
      ? undefined
      : (c: SqlContext) => {
          const sent = c.column(nameOption(given, "sent", "sent"));
          const named = Reflect.get(given, "bounced") !== undefined;
          const column = c.column(nameOption(given, "bounced", "bounced"));
          // An omitted `bounced` reads the column `bounced`, NULL as 0 (as in memory).
          const bounced = named ? column : `COALESCE(${column}, 0)`;
          return {
            expression: `((${sent}) - (${bounced}))`,
            valid: `${isCount(sent)} AND ${isCount(bounced)} AND ${bounced} <= ${sent}`,
          };
        };
  const sql = rateSql(
    names,
    options,
    (opens, delivered, records) => ({ opens, delivered, records }),
    gross,
  );
  return { ...metric, sql };
}

const SNS_KINDS = [
  "likes",
  "shares",
  "comments",
  "urlClicks",
  "imageClicks",
  "videoPlays",
] as const satisfies readonly SnsInteraction[];

/** The default event type of each interaction kind and of impressions (the in-memory ones). */
const SNS_EVENTS: Readonly<Record<SnsInteraction | "impressions", string>> = {
  likes: "like",
  shares: "share",
  comments: "comment",
  urlClicks: "url_click",
  imageClicks: "image_click",
  videoPlays: "video_play",
  impressions: "impression",
};

function snsSql<R>(options: SnsEngagementRateOptions<R>): MetricSql<SnsEngagementTally> {
  const base = options.base;
  const tally = (read: (alias: string) => number): SnsEngagementTally => ({
    likes: read("likes"),
    shares: read("shares"),
    comments: read("comments"),
    urlClicks: read("urlClicks"),
    imageClicks: read("imageClicks"),
    videoPlays: read("videoPlays"),
    baseTotal: read("baseTotal"),
    records: read("records"),
  });
  const limits = [{ part: ["records"], whole: "n" as const }];

  if (options.type !== undefined || options.events !== undefined) {
    // The metric factory has checked: base "impressions", no count accessors.
    const type = nameOption(options, "type", "type");
    const events: object = options.events ?? {};
    const listOf = (kind: SnsInteraction | "impressions"): string[] => {
      const types: unknown = Reflect.get(events, kind);
      if (typeof types === "string") return [types];
      if (Array.isArray(types)) return types.filter((t): t is string => typeof t === "string");
      return [SNS_EVENTS[kind]];
    };
    const lists = [...SNS_KINDS, "impressions" as const].map(
      (kind) => [kind, listOf(kind)] as const,
    );
    const all = [...new Set(lists.flatMap(([, types]) => types))];
    const inList = (column: string, types: readonly string[]): string =>
      `${column} IN (${types.map(stringLiteral).join(", ")})`;
    return {
      level: "rows",
      aggregates(c) {
        const t = c.column(type);
        return [
          ...lists.map(
            ([kind, types]) =>
              [kind === "impressions" ? "baseTotal" : kind, count(inList(t, types))] as const,
          ),
          ["records", count(inList(t, all))],
        ];
      },
      invalid: (c) => `${c.column(type)} IS NULL OR ${c.column(type)} = ''`,
      expected: `an event type (a non-empty string) in ${JSON.stringify(type)}`,
      limits,
      tally,
    };
  }

  // Row form. Without `interactions`, every kind is read from its column, NULL as 0 (absent in
  // memory); with it, exactly the kinds named there, each a count on every row.
  const explicit = options.interactions;
  const kinds = SNS_KINDS.map((kind) => {
    if (explicit === undefined) return { kind, field: kind, implicit: true };
    const value: unknown = Reflect.get(explicit, kind);
    if (value === undefined) return { kind, field: undefined, implicit: false };
    if (typeof value !== "string") {
      throw inputError(
        ["options", "interactions", kind],
        "expected a field name (a column): an accessor function has no SQL form",
      );
    }
    return { kind, field: value, implicit: false };
  });
  const baseField = nameOption(options, base, base);
  return {
    level: "rows",
    aggregates(c) {
      const read = kinds.map(({ kind, field, implicit }) => {
        if (field === undefined) return { kind, expression: undefined };
        const column = c.column(field);
        return { kind, expression: implicit ? `COALESCE(${column}, 0)` : column };
      });
      const baseColumn = c.column(baseField);
      const valid = [
        ...read.flatMap(({ expression }) =>
          expression === undefined ? [] : [isCount(expression)],
        ),
        isCount(baseColumn),
      ].join(" AND ");
      const sum = (value: string): string => `SUM(CASE WHEN ${valid} THEN ${value} ELSE 0 END)`;
      return [
        ...read.map(
          ({ kind, expression }) =>
            [kind, expression === undefined ? "0" : sum(expression)] as const,
        ),
        ["baseTotal", sum(baseColumn)],
        ["records", count(valid)],
      ];
    },
    answered: (read) => read("records"),
    expected: `non-negative integer counts of interactions and ${base}`,
    limits,
    tally,
  };
}

/**
 * {@link snsEngagementRateMetric} that also runs in SQL: per group `SUM` of each interaction
 * kind (likes, shares, comments, URL clicks, image clicks, video plays) and of the base
 * (`impressions`, `reach` or `followers`), of rows whose counts are non-negative integers; or,
 * in the event form (base `"impressions"`), the events of each kind's types. Engagement rate =
 * interactions / base, as {@link snsEngagementRate} (a ratio above 1 is allowed, with a
 * warning and no interval). Without `interactions`, all six kind columns are read with NULL as
 * 0, as in memory where an absent property is 0: map the ones your table lacks to `"0"` with
 * `toSql`'s `columns`. Accessors must be field names.
 * @example
 * const metric = snsEngagementRateSqlMetric({ base: "reach", interactions: { likes: "likes", comments: "comments" } });
 * const rows = [{ n: 2, snsEngagementRate__likes: 35, snsEngagementRate__comments: 15, snsEngagementRate__baseTotal: 500, snsEngagementRate__records: 2 }];
 * fromSqlRows(metric, rows).results.snsEngagementRate.value
 * //=> 0.1
 */
export function snsEngagementRateSqlMetric<R = Record<string, unknown>>(
  options: SnsEngagementRateOptions<R>,
): SqlMetric<R, SnsEngagementState, SnsEngagementTally, SnsEngagementRateResult> {
  const metric = snsEngagementRateMetric<R>(options);
  return { ...metric, sql: snsSql(options) };
}

/** {@link clickThroughRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeClickThroughRateSqlMetric<R = Record<string, unknown>>(
  options?: ClickThroughRateOptions<R>,
): SafeResult<SqlMetric<R, RateState, ClickThroughTally, ClickThroughRateResult>> {
  return attempt(() => clickThroughRateSqlMetric<R>(options));
}

/** {@link conversionRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeConversionRateSqlMetric<R = Record<string, unknown>>(
  options?: ConversionRateOptions<R>,
): SafeResult<SqlMetric<R, RateState, ConversionTally, ConversionRateResult>> {
  return attempt(() => conversionRateSqlMetric<R>(options));
}

/** {@link openRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeOpenRateSqlMetric<R = Record<string, unknown>>(
  options?: OpenRateOptions<R>,
): SafeResult<SqlMetric<R, RateState, OpenRateTally, OpenRateResult>> {
  return attempt(() => openRateSqlMetric<R>(options));
}

/** {@link referralRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReferralRateSqlMetric<R = Record<string, unknown>>(
  options?: ReferralRateOptions<R>,
): SafeResult<SqlMetric<R, RateState, ReferralTally, ReferralRateResult>> {
  return attempt(() => referralRateSqlMetric<R>(options));
}

/** {@link snsEngagementRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSnsEngagementRateSqlMetric<R = Record<string, unknown>>(
  options: SnsEngagementRateOptions<R>,
): SafeResult<SqlMetric<R, SnsEngagementState, SnsEngagementTally, SnsEngagementRateResult>> {
  return attempt(() => snsEngagementRateSqlMetric<R>(options));
}
