// Survey metrics (NPS, CSAT, CES) that also know their SQL, weighted or not. Unweighted, the
// tally is the answer histogram (histogramSql). Weighted, it is, per answer, the number of
// answers and the sum of their weights, plus Σw² over all answers (the Kish effective n): the
// unweighted metric's own `fromCounts` turns the weight sums into the weighted group sums
// (promoters, counts per answer), exactly as its `add` step accumulates them in memory.
import { attempt, inputError, type MetricsInputError, type SafeResult } from "../errors.js";
import type { HistogramSpec } from "../metric.js";
import { type CesOptions, type CesResult, type CesTally, cesMetric } from "../survey/ces.js";
import { type CsatOptions, type CsatResult, type CsatTally, csatMetric } from "../survey/csat.js";
import {
  type NpsOptions,
  type NpsResult,
  type NpsState,
  type NpsTally,
  npsMetric,
} from "../survey/nps.js";
import type { RatingState } from "../survey/scale.js";
import { histogramSql, type MetricSql, type SqlColumn, type SqlMetric } from "./spec.js";

type Path = readonly (string | number)[];

function fieldError(key: string): MetricsInputError {
  return inputError(
    ["options", key],
    `expected the name of the ${key} field (a column): an accessor function has no SQL form`,
  );
}

/** The field name of an accessor, required for SQL (a function has no column). */
function fieldName(accessor: unknown, key: string): string {
  if (typeof accessor === "string") return accessor;
  throw fieldError(key);
}

function answerAlias(answer: number): string {
  return answer < 0 ? `answer_m${-answer}` : `answer_${answer}`;
}

function weightAlias(answer: number): string {
  return answer < 0 ? `weight_m${-answer}` : `weight_${answer}`;
}

/** The tally fields a weighted survey tally adds to its answer counts. */
interface WeightedTally {
  readonly responses: number;
  readonly sumSquaredWeights: number;
}

/**
 * The SQL form of a weighted survey metric, from the histogram of its unweighted twin (same
 * options without `weight`). Per answer `k`: `answer_k` = answers with a valid weight,
 * `weight_k` = Σ of their weights; `sumSquaredWeights` = Σw² over valid answers. A row with an
 * answer outside `min..max` or a NULL or negative weight is invalid (`n` minus the answers).
 */
function weightedSurveySql<T extends WeightedTally>(
  spec: HistogramSpec<never, T>,
  field: string,
  weight: string,
  path: Path,
): MetricSql<T> {
  // The histogram's own checks (integer answers, at most 1,000 of them).
  const base = histogramSql(spec, field, path);
  const { min, max } = spec;
  const weightSums = (): string[] => {
    const out: string[] = [];
    for (let answer = min; answer <= max; answer++) out.push(weightAlias(answer));
    return out;
  };
  return {
    level: "rows",
    aggregates(c) {
      const column = c.column(field);
      const w = c.column(weight);
      const valid = `${w} IS NOT NULL AND ${w} >= 0`;
      const out: SqlColumn[] = [];
      for (let answer = min; answer <= max; answer++) {
        const when = `${column} = ${answer} AND ${valid}`;
        out.push([answerAlias(answer), `SUM(CASE WHEN ${when} THEN 1 ELSE 0 END)`]);
        out.push([weightAlias(answer), `SUM(CASE WHEN ${when} THEN ${w} ELSE 0 END)`]);
      }
      out.push([
        "sumSquaredWeights",
        `SUM(CASE WHEN ${column} >= ${min} AND ${column} <= ${max} AND ${column} = FLOOR(${column}) AND ${valid} THEN (${w}) * (${w}) ELSE 0 END)`,
      ]);
      return out;
    },
    ...(base.answered === undefined ? {} : { answered: base.answered }),
    expected: `an integer ${min}-${max} in ${JSON.stringify(field)} and a weight >= 0 in ${JSON.stringify(weight)}`,
    amounts: [...weightSums(), "sumSquaredWeights"],
    nonNegative: [...weightSums(), "sumSquaredWeights"],
    check(read) {
      let weighted = false;
      for (let answer = min; answer <= max; answer++) {
        const sum = read(weightAlias(answer));
        if (sum > 0 && read(answerAlias(answer)) === 0) {
          return {
            column: weightAlias(answer),
            message: `expected 0: no answer ${answer} is counted in ${answerAlias(answer)}, so its weights cannot sum to ${sum}`,
          };
        }
        if (sum > 0) weighted = true;
      }
      if (weighted && !(read("sumSquaredWeights") > 0)) {
        return {
          column: "sumSquaredWeights",
          message: "expected a positive sum of squared weights when some weights are positive",
        };
      }
      return null;
    },
    tally(read) {
      const sums = new Float64Array(max - min + 1);
      let responses = 0;
      for (let answer = min; answer <= max; answer++) {
        sums[answer - min] = read(weightAlias(answer));
        responses += read(answerAlias(answer));
      }
      // The unweighted tally of the weight sums has the weighted group sums; its raw count and
      // Σw² are those of the weights, so they are replaced by the answers' own.
      return {
        ...spec.fromCounts(sums),
        responses,
        sumSquaredWeights: read("sumSquaredWeights"),
      };
    },
  };
}

/**
 * The SQL form of a survey metric: its histogram (from the unweighted twin, whose answer field
 * is a name), weighted by `weight` when given.
 */
function surveySql<R, T extends WeightedTally>(
  histogram: HistogramSpec<R, T> | undefined,
  field: string,
  weight: string | undefined,
  key: string,
): MetricSql<T> {
  if (histogram === undefined) {
    throw inputError(["options", key], "expected the name of the answer field (a column)");
  }
  return weight === undefined
    ? histogramSql(histogram, field, ["options"])
    : weightedSurveySql(histogram, field, weight, ["options"]);
}

/** The answer and weight fields (names), and the options without the weight. */
function fields<O extends { readonly weight?: unknown }>(
  options: O | undefined,
  key: string,
): {
  readonly field: string;
  readonly weight: string | undefined;
  readonly unweighted: Omit<O, "weight">;
} {
  // The metric factory has checked the options: an object, or absent (undefined or null).
  if (options === undefined || options === null) throw fieldError(key);
  const field = fieldName(Reflect.get(options, key), key);
  const weight = options.weight === undefined ? undefined : fieldName(options.weight, "weight");
  const { weight: _weight, ...unweighted } = options;
  return { field, weight, unweighted };
}

/**
 * {@link npsMetric} that also runs in SQL ({@link toSql}), weighted or not. Unweighted, the
 * tally is the count of each score (`nps__answer_0 … nps__answer_10`). With `weight` (a field
 * name), per score `k`: `nps__answer_k` = `SUM(CASE WHEN score = k AND weight >= 0 THEN 1 ELSE 0 END)`
 * and `nps__weight_k` = the same `SUM` of the weight, plus `nps__sumSquaredWeights` = Σw²;
 * promoters are Σ weight_k over k ≥ `promoterMin`, detractors over k ≤ `detractorMax`, the
 * Kish effective n (Σw)²/Σw² (Kish 1965), as {@link nps} computes them in memory. Rows with a
 * score outside 0-10 or a NULL or negative weight make the group invalid, as in memory.
 * `score` and `weight` must be field names (columns; rename with `toSql`'s `columns`).
 * @example
 * const metric = npsSqlMetric({ score: "score", weight: "w" });
 * const rows = [{ n: 2, nps__answer_10: 1, nps__weight_10: 3, nps__answer_0: 1, nps__weight_0: 1, nps__sumSquaredWeights: 10 }];
 * fromSqlRows(metric, rows, { minN: 0 }).results.nps.value
 * //=> 50
 */
export function npsSqlMetric<R = Record<string, unknown>>(
  options: NpsOptions<R>,
): SqlMetric<R, NpsState, NpsTally, NpsResult> {
  const metric = npsMetric<R>(options);
  const { field, weight, unweighted } = fields(options, "score");
  const sql = surveySql(npsMetric<R>(unweighted).histogram, field, weight, "score");
  return { ...metric, sql };
}

/**
 * {@link csatMetric} that also runs in SQL, weighted or not: the count of each rating
 * (`csat__answer_k`), and with `weight` (a field name) the sum of the weights of each rating
 * (`csat__weight_k`) and Σw² (`csat__sumSquaredWeights`), the {@link RatingTally} that
 * {@link csat} builds in memory (weighted counts, raw responses, Kish effective n).
 * `rating` and `weight` must be field names.
 * @example
 * const metric = csatSqlMetric({ rating: "stars", weight: "w" });
 * toSql(metric, { table: "answers" }).includes('SUM(CASE WHEN "stars" = 5 AND "w" IS NOT NULL AND "w" >= 0 THEN "w" ELSE 0 END) AS "csat__weight_5"')
 * //=> true
 */
export function csatSqlMetric<R = Record<string, unknown>>(
  options: CsatOptions<R>,
): SqlMetric<R, RatingState, CsatTally, CsatResult> {
  const metric = csatMetric<R>(options);
  const { field, weight, unweighted } = fields(options, "rating");
  const sql = surveySql(csatMetric<R>(unweighted).histogram, field, weight, "rating");
  return { ...metric, sql };
}

/**
 * {@link cesMetric} that also runs in SQL, weighted or not: as {@link csatSqlMetric}, with the
 * answer in `score` (`ces__answer_k`, `ces__weight_k`, `ces__sumSquaredWeights`).
 * @example
 * const metric = cesSqlMetric({ score: "effort", weight: "w" });
 * const rows = [{ n: 2, ces__answer_7: 1, ces__weight_7: 3, ces__answer_1: 1, ces__weight_1: 1, ces__sumSquaredWeights: 10 }];
 * fromSqlRows(metric, rows, { minN: 0 }).results.ces.value
 * //=> 5.5
 */
export function cesSqlMetric<R = Record<string, unknown>>(
  options: CesOptions<R>,
): SqlMetric<R, RatingState, CesTally, CesResult> {
  const metric = cesMetric<R>(options);
  const { field, weight, unweighted } = fields(options, "score");
  const sql = surveySql(cesMetric<R>(unweighted).histogram, field, weight, "score");
  return { ...metric, sql };
}

/** {@link cesSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCesSqlMetric<R = Record<string, unknown>>(
  options: CesOptions<R>,
): SafeResult<SqlMetric<R, RatingState, CesTally, CesResult>> {
  return attempt(() => cesSqlMetric<R>(options));
}

/** {@link csatSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCsatSqlMetric<R = Record<string, unknown>>(
  options: CsatOptions<R>,
): SafeResult<SqlMetric<R, RatingState, CsatTally, CsatResult>> {
  return attempt(() => csatSqlMetric<R>(options));
}

/** {@link npsSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeNpsSqlMetric<R = Record<string, unknown>>(
  options: NpsOptions<R>,
): SafeResult<SqlMetric<R, NpsState, NpsTally, NpsResult>> {
  return attempt(() => npsSqlMetric<R>(options));
}
