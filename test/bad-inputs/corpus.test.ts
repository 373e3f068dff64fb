// Runs the bad-input corpus (cases.ts): every malformed call must end in a MetricsInputError
// naming the right path, or in the documented null result; never a TypeError, a NaN, a hang or a
// silent answer. The safe twin of each entry must agree.
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.ts";
import { formatPath, MetricsInputError } from "../../src/index.ts";
import { firstNonJson } from "../reliability/plain-json.ts";
import { type BadInputCase, CASES, safeName } from "./cases.ts";
import { deepFreeze } from "./fixtures.ts";

type AnyFunction = (...args: readonly unknown[]) => unknown;

/** The export named `name`, as a function. */
function exported(name: string): AnyFunction | undefined {
  const value: unknown = Reflect.get(api, name);
  return typeof value === "function" ? (value as AnyFunction) : undefined;
}

type Outcome =
  | { readonly kind: "returned"; readonly value: unknown }
  | { readonly kind: "threw"; readonly error: unknown };

function run(fn: AnyFunction, c: BadInputCase): Outcome {
  const args = c.args();
  const frozen = c.noFreeze === true ? args : deepFreeze(args);
  try {
    return { kind: "returned", value: fn(...frozen) };
  } catch (error) {
    return { kind: "threw", error };
  }
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === "threw") {
    const e = outcome.error;
    return e instanceof Error ? `threw ${e.name}: ${e.message}` : `threw ${String(e)}`;
  }
  const v = outcome.value;
  const text = JSON.stringify(v, (_key, x: unknown) =>
    typeof x === "number" && !Number.isFinite(x) ? String(x) : x,
  );
  return `returned ${text === undefined ? String(v) : text.slice(0, 300)}`;
}

function checkError(error: unknown, path: readonly (string | number)[], label: string): void {
  if (!(error instanceof MetricsInputError)) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    expect.fail(`${label}: expected a MetricsInputError at ${formatPath(path)}, got ${what}`);
  }
  expect(error.issues.length, label).toBeGreaterThan(0);
  expect(error.issues[0]?.path, label).toEqual(path);
  expect(error.message.startsWith(`${formatPath(path)}: `), `${label}: "${error.message}"`).toBe(
    true,
  );
  expect(error.name).toBe("MetricsInputError");
}

const TIMEOUT_MS = 10_000;

// Mutation runs (vitest.stryker.config.ts sets MUTATION_RUN=1) leave out the "huge" cases
// (10-million-element arrays, billion-period curves): under Stryker's instrumentation they miss
// their time limit, and the rest of the corpus is what pins the input checks' paths.
const RUN: readonly BadInputCase[] =
  process.env["MUTATION_RUN"] === "1" ? CASES.filter((c) => c.category !== "huge") : CASES;

describe("bad-input corpus", () => {
  for (const c of RUN) {
    const title = `${c.entry}: ${c.note} [${c.category}]`;
    it(
      title,
      () => {
        const fn = exported(c.entry);
        expect(fn, `${c.entry} is exported as a function`).toBeTypeOf("function");
        if (fn === undefined) return;
        const outcome = run(fn, c);
        const twin = exported(safeName(c.entry));

        if ("path" in c.expect) {
          const { path } = c.expect;
          if (outcome.kind === "returned") {
            expect.fail(
              `expected a MetricsInputError at ${formatPath(path)}, ${describeOutcome(outcome)}`,
            );
          } else {
            checkError(outcome.error, path, c.entry);
          }
          if (twin !== undefined) {
            const safe = run(twin, c);
            if (safe.kind === "threw") expect.fail(`${safeName(c.entry)} ${describeOutcome(safe)}`);
            else {
              const result = safe.value as { ok: boolean; error?: unknown };
              expect(result.ok, `${safeName(c.entry)}.ok`).toBe(false);
              checkError(result.error, path, safeName(c.entry));
              if (outcome.kind === "threw" && outcome.error instanceof Error) {
                expect((result.error as Error).message).toBe(outcome.error.message);
              }
            }
          }
          return;
        }

        const { nullReason, field = "value" } = c.expect;
        if (outcome.kind === "threw") {
          expect.fail(
            `expected ${field}: null (reason "${nullReason}"), ${describeOutcome(outcome)}`,
          );
          return;
        }
        const result = outcome.value as Record<string, unknown>;
        expect(result[field], `${field} of ${describeOutcome(outcome)}`).toBeNull();
        expect(result.reason).toBe(nullReason);
        expect(firstNonJson(result)).toBeNull();
        if (twin !== undefined) {
          const safe = run(twin, c);
          if (safe.kind === "threw") expect.fail(`${safeName(c.entry)} ${describeOutcome(safe)}`);
          else expect(safe.value).toEqual({ ok: true, value: result });
        }
      },
      TIMEOUT_MS,
    );
  }
});
