import * as z from "zod/mini";

/** One problem found in the input: where it is and what was expected. */
export interface MetricsIssue {
  /** zod's issue code (`invalid_type`, `too_big`, `custom`, ...). */
  readonly code: string;
  /** Path from the argument's root: `[41, "score"]` is record 41's `score`; options start with `"options"`. */
  readonly path: readonly (string | number)[];
  /** What was expected, in plain words. */
  readonly message: string;
}

/**
 * The one error the library throws: the input (records, counts or options) is invalid.
 *
 * It carries the zod issues with their paths, and a message naming the first of them,
 * for example `[41].score: expected an integer 0-10`. Undefined results (empty input,
 * a zero denominator) are never errors: they are `null` values with a reason code.
 * @example
 * try {
 *   nps([9, 11]);
 * } catch (error) {
 *   error instanceof MetricsInputError; //=> true
 *   error.message; //=> "[1]: expected an integer 0-10"
 * }
 */
export class MetricsInputError extends Error {
  /** Every issue found, each with its path. */
  readonly issues: readonly MetricsIssue[];

  constructor(issues: readonly MetricsIssue[]) {
    const first = issues[0];
    const head =
      first === undefined ? "invalid input" : `${formatPath(first.path)}: ${first.message}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(head + more);
    this.name = "MetricsInputError";
    this.issues = issues;
  }
}

/** The result of a `safe` entry point: the value, or the input error it would have thrown. */
export type SafeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: MetricsInputError };

/**
 * Runs `compute` and returns `{ ok: true, value }`, or `{ ok: false, error }` when it throws a
 * {@link MetricsInputError}. Any other error is a bug and is rethrown.
 * @example
 * attempt(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 })).ok
 * //=> false
 */
export function attempt<T>(compute: () => T): SafeResult<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof MetricsInputError) return { ok: false, error };
    throw error;
  }
}

/**
 * Formats a path as `[41].score`, `options.promoterMin` or `(root)` (also for a value that is not
 * an array, so formatting an error never throws).
 * @example
 * formatPath([41, "score"])
 * //=> "[41].score"
 * formatPath(null)
 * //=> "(root)"
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (!Array.isArray(path)) return "(root)";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part !== "string") out += `[${String(part)}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** The error for zod's issues, each path prefixed with `prefix`. */
function issuesError(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[],
): MetricsInputError {
  return new MetricsInputError(
    issues.map((issue) => ({
      code: issue.code,
      path: [
        ...prefix,
        ...issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
      ],
      message: issueMessage(issue),
    })),
  );
}

/**
 * The issue's own message, or, where zod/mini has only its default "Invalid input" (it loads no
 * locale), one that says what was expected: unknown keys by name, the expected type or values.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.message !== "Invalid input") return issue.message;
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(" or ")}`;
    default:
      return issue.message;
  }
}

/**
 * Builds the error for a value the inline check rejected, using the exported zod schema so
 * that the message and issue codes are zod's. `prefix` locates the value (`[41]`).
 * @internal
 */
export function schemaError(
  schema: z.ZodMiniType,
  value: unknown,
  prefix: readonly (string | number)[],
  fallback: string,
): MetricsInputError {
  const parsed = z.safeParse(schema, value);
  // When the schema accepts the value, the inline check and the schema disagree: report the
  // inline verdict rather than pretend the value is fine. A property test keeps the two in step.
  return parsed.success ? inputError(prefix, fallback) : issuesError(parsed.error.issues, prefix);
}

/**
 * Validates `value` against `schema` and returns zod's output, or throws a
 * {@link MetricsInputError} with paths under `prefix` (`["options"]` for options).
 * For small inputs only (options, counts): records are checked inline.
 * @internal
 */
export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  prefix: readonly (string | number)[],
): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  throw issuesError(parsed.error.issues, prefix);
}

/** An input error for one path, for checks a schema cannot express. @internal */
export function inputError(path: readonly (string | number)[], message: string): MetricsInputError {
  return new MetricsInputError([{ code: "custom", path: [...path], message }]);
}
