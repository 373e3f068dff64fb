import * as z from "zod/mini";
import { inputError, parseWith, schemaError } from "../errors.js";
import { type Accessor, readField } from "../metric.js";
import { accessorSchema, countSchema } from "../stats/options.js";

// The options of the composite engagement score (components, missing-value policy, tiers, id)
// and the one pass that reads and checks every customer's indicators into columns. Shared by
// fitEngagementScale and engagementScore.

// ---------------------------------------------------------------------------------------------
// Types

/** How a component's raw values become 0–100 scores. */
export type EngagementNormalization = "min-max" | "z-score" | "percentile" | "target";

/** What to do with a customer's missing indicator (`undefined` or `null`). */
export type EngagementMissingPolicy = "skip-and-reweight" | "zero";

/** One indicator of the composite engagement score. */
export interface EngagementComponent<R> {
  /** Unique, non-empty label, used in results and to match the entry of a fitted scale. */
  readonly name: string;
  /** Where the value is: a property name or `(customer, index) => value`. Default: the property `name`. */
  readonly value?: Accessor<R>;
  /** Relative weight, ≥ 0. Weights are normalised to sum to 1; they cannot all be 0. */
  readonly weight: number;
  /** `false` for indicators where less is better (complaints, days since last visit). Default `true`. */
  readonly higherIsBetter?: boolean;
  /** Normalisation to 0–100; see {@link EngagementNormalization}. */
  readonly normalize: EngagementNormalization;
  /** For `"target"` only: the value that earns full marks (> 0). */
  readonly target?: number;
}

/** Tiers by fixed score thresholds, or by quantiles of the scores. Give exactly one. */
export interface EngagementTiers {
  /** Strictly increasing cut points on the 0–100 score: k cuts make k + 1 tiers. */
  readonly thresholds?: readonly number[];
  /** Strictly increasing probabilities in (0, 1); cut points are their type-7 quantiles. */
  readonly quantiles?: readonly number[];
  /**
   * Tier labels from lowest to highest, one more than the cuts. Default `["low", "high"]` for
   * one cut, `["low", "medium", "high"]` for two, else `"tier 1"`, `"tier 2"`, ...
   */
  readonly labels?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Schemas

const VALUE_MESSAGE = "expected a finite number, or null/undefined when missing";

/**
 * One indicator value of a customer: a finite number, or `null`/`undefined` for a missing
 * value. NaN and ±Infinity are input errors. The inline check accepts exactly these values.
 */
export const engagementValueSchema: z.ZodMiniType<number | null | undefined> =
  /* @__PURE__ */ (() => z.nullish(z.number({ error: VALUE_MESSAGE })))();

const ID_MESSAGE = "expected a customer id: a non-empty string or a finite number";

const idSchema = /* @__PURE__ */ (() =>
  z.union(
    [
      z.string({ error: ID_MESSAGE }).check(z.minLength(1, { error: ID_MESSAGE })),
      z.number({ error: ID_MESSAGE }),
    ],
    { error: ID_MESSAGE },
  ))();

const nonEmpty = (error: string) => z.string({ error }).check(z.minLength(1, { error }));

const componentSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    name: nonEmpty("expected a non-empty component name"),
    value: z.optional(accessorSchema),
    weight: z
      .number({ error: "expected a finite weight >= 0" })
      .check(z.gte(0, { error: "expected a finite weight >= 0" })),
    higherIsBetter: z.optional(z.boolean({ error: "expected true or false" })),
    normalize: z.enum(["min-max", "z-score", "percentile", "target"], {
      error: 'expected "min-max", "z-score", "percentile" or "target"',
    }),
    target: z.optional(
      z
        .number({ error: "expected a finite target > 0" })
        .check(z.gt(0, { error: "expected a finite target > 0" })),
    ),
  }))();

const tiersSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    thresholds: z.optional(
      z
        .array(
          z
            .number({ error: "expected a score threshold from 0 to 100" })
            .check(
              z.gte(0, { error: "expected a score threshold from 0 to 100" }),
              z.lte(100, { error: "expected a score threshold from 0 to 100" }),
            ),
        )
        .check(z.minLength(1, { error: "expected at least one threshold" })),
    ),
    quantiles: z.optional(
      z
        .array(
          z
            .number({ error: "expected a probability strictly between 0 and 1" })
            .check(
              z.gt(0, { error: "expected a probability strictly between 0 and 1" }),
              z.lt(1, { error: "expected a probability strictly between 0 and 1" }),
            ),
        )
        .check(z.minLength(1, { error: "expected at least one quantile" })),
    ),
    labels: z.optional(z.array(nonEmpty("expected a non-empty label"))),
  }))();

const nullableNumber = /* @__PURE__ */ (() =>
  z.nullable(z.number({ error: "expected a finite number or null" })))();

/** The schema of a fitted scale (plain JSON). @internal */
export const scaleShapeSchema: z.ZodMiniType<{
  version: 1;
  components: {
    name: string;
    n: number;
    min: number | null;
    max: number | null;
    mean: number | null;
    sd: number | null;
    distribution: { values: number[]; counts: number[] } | null;
  }[];
}> = /* @__PURE__ */ (() =>
  z.strictObject({
    version: z.literal(1, { error: "expected version 1" }),
    components: z.array(
      z.strictObject({
        name: nonEmpty("expected a non-empty component name"),
        n: countSchema,
        min: nullableNumber,
        max: nullableNumber,
        mean: nullableNumber,
        sd: z.nullable(
          z
            .number({ error: "expected a finite sd >= 0 or null" })
            .check(z.gte(0, { error: "expected a finite sd >= 0 or null" })),
        ),
        distribution: z.nullable(
          z.strictObject({
            values: z.array(z.number({ error: "expected a finite number" })),
            counts: z.array(
              z
                .int({ error: "expected a positive integer count" })
                .check(z.gte(1, { error: "expected a positive integer count" })),
            ),
          }),
        ),
      }),
    ),
  }))();

/** Options shared by the score and the fit, as a schema. */
const scoreOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    components: z
      .array(componentSchema)
      .check(z.minLength(1, { error: "expected at least one component" })),
    missing: z.optional(
      z.enum(["skip-and-reweight", "zero"], { error: 'expected "skip-and-reweight" or "zero"' }),
    ),
    tiers: z.optional(tiersSchema),
    id: z.optional(accessorSchema),
    scale: z.optional(scaleShapeSchema),
  }))();

// ---------------------------------------------------------------------------------------------
// Resolved options

/** A component after validation, with its reader. @internal */
export interface ResolvedComponent<R> {
  readonly name: string;
  readonly read: (record: R, index: number) => unknown;
  /** The property read, for error paths; `undefined` for a function accessor. */
  readonly key: string | undefined;
  readonly weight: number;
  readonly higherIsBetter: boolean;
  readonly normalize: EngagementNormalization;
  /** Target of a `"target"` component, else 0. */
  readonly target: number;
}

/** Tiers after validation. @internal */
export interface ResolvedTiers {
  readonly method: "thresholds" | "quantiles";
  /** Thresholds or quantile probabilities, strictly increasing. */
  readonly cuts: readonly number[];
  readonly labels: readonly string[];
}

/** Validated score options. @internal */
export interface ResolvedScoreOptions<R> {
  readonly components: readonly ResolvedComponent<R>[];
  readonly missing: EngagementMissingPolicy;
  readonly tiers: ResolvedTiers | null;
  readonly readId: ((record: R, index: number) => unknown) | undefined;
  readonly idKey: string | undefined;
}

/** The options as the caller types them (accessors are functions or names). @internal */
export interface ScoreOptionsInput<R> {
  readonly components: readonly EngagementComponent<R>[];
  readonly missing?: EngagementMissingPolicy;
  readonly tiers?: EngagementTiers;
  readonly id?: Accessor<R>;
}

function defaultLabels(tiers: number): string[] {
  if (tiers === 2) return ["low", "high"];
  if (tiers === 3) return ["low", "medium", "high"];
  return Array.from({ length: tiers }, (_, i) => `tier ${i + 1}`);
}

function increasing(values: readonly number[]): number {
  for (let i = 1; i < values.length; i++) {
    if (!((values[i] as number) > (values[i - 1] as number))) return i;
  }
  return -1;
}

/**
 * Validates the score options: the schema, then what it cannot say (unique names, not all
 * weights zero, target iff "target", increasing tier cuts, one label per tier). @internal
 */
export function resolveScoreOptions<R>(options: ScoreOptionsInput<R>): ResolvedScoreOptions<R> {
  const parsed = parseWith(scoreOptionsSchema, options, ["options"]);
  const seen = new Set<string>();
  let totalWeight = 0;
  const components = options.components.map((component, i): ResolvedComponent<R> => {
    const path = ["options", "components", i];
    const p = parsed.components[i];
    if (p === undefined) throw inputError(path, "expected a component");
    if (seen.has(p.name))
      throw inputError([...path, "name"], `duplicate component name "${p.name}"`);
    seen.add(p.name);
    if (p.normalize === "target" && p.target === undefined) {
      throw inputError([...path, "target"], 'expected a target > 0 for normalize: "target"');
    }
    if (p.normalize !== "target" && p.target !== undefined) {
      throw inputError([...path, "target"], 'target is only used with normalize: "target"');
    }
    totalWeight += p.weight;
    const accessor = component.value;
    const key = typeof accessor === "function" ? undefined : (accessor ?? p.name);
    return {
      name: p.name,
      read:
        typeof accessor === "function" ? accessor : (record: R) => readField(record, key ?? p.name),
      key,
      weight: p.weight,
      higherIsBetter: p.higherIsBetter ?? true,
      normalize: p.normalize,
      target: p.target ?? 0,
    };
  });
  if (!(totalWeight > 0) || !Number.isFinite(totalWeight)) {
    throw inputError(
      ["options", "components"],
      "expected at least one weight > 0 (and a finite total)",
    );
  }

  let tiers: ResolvedTiers | null = null;
  if (parsed.tiers !== undefined) {
    const { thresholds, quantiles, labels } = parsed.tiers;
    if ((thresholds === undefined) === (quantiles === undefined)) {
      throw inputError(["options", "tiers"], "expected either thresholds or quantiles");
    }
    const method = thresholds !== undefined ? "thresholds" : "quantiles";
    const cuts = thresholds ?? quantiles ?? [];
    const bad = increasing(cuts);
    if (bad >= 0)
      throw inputError(
        ["options", "tiers", method, bad],
        "expected strictly increasing cut points",
      );
    if (labels !== undefined && labels.length !== cuts.length + 1) {
      throw inputError(
        ["options", "tiers", "labels"],
        `expected ${cuts.length + 1} labels (one more than the ${cuts.length} cut points)`,
      );
    }
    const chosen = labels ?? defaultLabels(cuts.length + 1);
    const dup = chosen.findIndex((label, i) => chosen.indexOf(label) !== i);
    if (dup >= 0) throw inputError(["options", "tiers", "labels", dup], "expected unique labels");
    tiers = { method, cuts, labels: chosen };
  }

  const id = options.id;
  const idKey = typeof id === "string" ? id : undefined;
  return {
    components,
    missing: parsed.missing ?? "skip-and-reweight",
    tiers,
    readId:
      id === undefined
        ? undefined
        : typeof id === "function"
          ? id
          : (record: R) => readField(record, idKey ?? ""),
    idKey,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Customer indicators by component, NaN where missing, and the ids. @internal */
export interface Columns {
  readonly values: readonly Float64Array[];
  readonly ids: readonly (string | number)[] | null;
}

/**
 * Reads and checks every customer's indicators in one pass, into one column per component
 * (NaN marks a missing value; NaN given by the caller is an error). @internal
 */
export function readColumns<R>(customers: readonly R[], opts: ResolvedScoreOptions<R>): Columns {
  if (!Array.isArray(customers)) throw inputError([], "expected an array of customers");
  const n = customers.length;
  const { components, readId, idKey } = opts;
  const needsObject = idKey !== undefined || components.some((c) => c.key !== undefined);
  const values = components.map(() => new Float64Array(n));
  const ids: (string | number)[] | null = readId === undefined ? null : new Array(n);
  for (let i = 0; i < n; i++) {
    const record = customers[i] as R;
    if (needsObject && (record === null || typeof record !== "object")) {
      throw inputError([i], "expected a customer record (an object)");
    }
    for (let c = 0; c < components.length; c++) {
      const component = components[c] as ResolvedComponent<R>;
      const v = component.read(record, i);
      let x: number;
      // + 0 turns -0 into 0, so results survive JSON unchanged.
      if (typeof v === "number" && Number.isFinite(v)) x = v + 0;
      else if (v === undefined || v === null) x = Number.NaN;
      else {
        throw schemaError(
          engagementValueSchema,
          v,
          component.key === undefined ? [i] : [i, component.key],
          VALUE_MESSAGE,
        );
      }
      (values[c] as Float64Array)[i] = x;
    }
    if (ids !== null && readId !== undefined) {
      const id = readId(record, i);
      if (
        (typeof id === "string" && id.length > 0) ||
        (typeof id === "number" && Number.isFinite(id))
      ) {
        ids[i] = id;
      } else {
        throw schemaError(idSchema, id, idKey === undefined ? [i] : [i, idKey], ID_MESSAGE);
      }
    }
  }
  return { values, ids };
}
