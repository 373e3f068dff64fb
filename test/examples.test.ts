// Runs every TSDoc `@example` in src/ so the docs cannot drift from the code.
//
// Grammar of an example (kept small on purpose):
//   expr            then a line `//=> expected`  deep equality (numbers to 1e-12 relative)
//   expr; //=> expected                          the same on one line
//   expr // ≈ 0.402   (or a line `// ≈ 0.402`)   numeric, to half a unit of the last digit shown
// Every other line runs as written (TypeScript is stripped first). Exported names are in scope.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.ts";

const SRC = join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function examplesOf(file: string): Example[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example/.test(lines[i] ?? "")) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (/^\s*\*\//.test(line) || /^\s*\*\s*@\w+/.test(line)) break;
      body.push(line.replace(/^\s*\* ?/, ""));
    }
    out.push({ file: relative(SRC, file), line: i + 1, code: body.join("\n") });
    i = j - 1;
  }
  return out;
}

function closeTo(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, k) => closeTo(actual[k], e))
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) =>
        closeTo((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
      )
    );
  }
  return Object.is(actual, expected);
}

function approx(actual: unknown, shown: string): boolean {
  const decimals = (shown.split(".")[1] ?? "").length;
  return (
    typeof actual === "number" && Math.abs(actual - Number(shown)) <= 0.5 * 10 ** -decimals + 1e-12
  );
}

/** Rewrites checks into calls of __eq / __approx and returns plain JavaScript. */
function compileExample(code: string): string {
  const lines = code.split("\n");
  const out: string[] = [];
  let pending: string[] = [];
  const flush = () => {
    out.push(...pending);
    pending = [];
  };
  for (const line of lines) {
    const alone = /^\s*\/\/(=>|\s*≈)\s*(.+)$/.exec(line);
    if (alone) {
      const expr = pending.join("\n").replace(/;\s*$/, "");
      pending = [];
      const [, kind, expected] = alone;
      out.push(
        kind === "=>"
          ? `__eq((\n${expr}\n), (${expected}), ${JSON.stringify(expr)});`
          : `__approx((\n${expr}\n), ${JSON.stringify(expected?.trim())}, ${JSON.stringify(expr)});`,
      );
      continue;
    }
    const inline = /^(\s*)(.+?);?\s*\/\/(=>|\s*≈)\s*(.+)$/.exec(line);
    if (inline) {
      flush();
      const [, indent, expr, kind, expected] = inline;
      out.push(
        kind === "=>"
          ? `${indent}__eq((${expr}), (${expected}), ${JSON.stringify(expr)});`
          : `${indent}__approx((${expr}), ${JSON.stringify(expected?.trim())}, ${JSON.stringify(expr)});`,
      );
      continue;
    }
    pending.push(line);
    if (/[;{}]\s*$/.test(line) || line.trim() === "") flush();
  }
  flush();
  return transformSync(out.join("\n"), { loader: "ts", format: "esm" }).code;
}

const examples = sourceFiles(SRC).flatMap(examplesOf);

describe("TSDoc @example blocks", () => {
  it("exist (at least one per exported function file)", () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  for (const example of examples) {
    it(`${example.file}:${example.line}`, async () => {
      const js = compileExample(example.code);
      let checks = 0;
      const __eq = (actual: unknown, expected: unknown, source: string) => {
        checks++;
        if (!closeTo(actual, expected)) {
          throw new Error(
            `${source}\n  gave ${JSON.stringify(actual)}\n  docs say ${JSON.stringify(expected)}`,
          );
        }
      };
      const __approx = (actual: unknown, shown: string, source: string) => {
        checks++;
        if (!approx(actual, shown))
          throw new Error(`${source}\n  gave ${String(actual)}\n  docs say ≈ ${shown}`);
      };
      const names = Object.keys(api);
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      const run = new AsyncFunction(...names, "__eq", "__approx", js);
      await run(...names.map((n) => (api as Record<string, unknown>)[n]), __eq, __approx);
      expect(checks, "an example must check at least one value").toBeGreaterThan(0);
    });
  }
});
