// Guard for mutation testing (docs/mutation.md, "Results computed while a test file loads never
// see a mutant"): Stryker's vitest runner switches a mutant on in a beforeAll, after the test file
// has been imported, so a library result computed at module level or in a describe body is
// computed without the mutant and every test reading it passes against every mutant. This test
// parses every test file and fails on a call to a function imported from src/ made at load time.
// Exempt: metric factories (`…Metric(options)`), whose work runs in the functions they return,
// inside the tests; their option checks are tested inside tests elsewhere.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const TEST_ROOT = import.meta.dirname;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

/** `describe(...)`, `describe.each(...)(...)`, `describe.skip(...)`: their callbacks run at load. */
function isDescribeCallback(fn: ts.Node): boolean {
  const call = fn.parent;
  if (call === undefined || !ts.isCallExpression(call)) return false;
  let callee: ts.Expression = call.expression;
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee)) {
    callee = callee.expression;
  }
  return ts.isIdentifier(callee) && callee.text === "describe";
}

/** Calls of src/ functions that run while `file` is imported, as "line name". */
function loadTimeCalls(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const from = statement.moduleSpecifier;
    const bindings = statement.importClause?.namedBindings;
    if (!ts.isStringLiteral(from) || !/\/src\//.test(from.text) || bindings === undefined) continue;
    if (!ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (!element.isTypeOnly) imported.add(element.name.text);
    }
  }
  const calls: string[] = [];
  const visit = (node: ts.Node, atLoad: boolean): void => {
    if (ts.isFunctionLike(node)) {
      const stillAtLoad =
        atLoad &&
        (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
        isDescribeCallback(node);
      ts.forEachChild(node, (child) => visit(child, stillAtLoad));
      return;
    }
    if (
      atLoad &&
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      imported.has(node.expression.text) &&
      !node.expression.text.endsWith("Metric")
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      calls.push(`${line + 1} ${node.expression.text}`);
    }
    ts.forEachChild(node, (child) => visit(child, atLoad));
  };
  visit(source, true);
  return calls;
}

describe("no library result is computed while a test file loads", () => {
  it("finds a call at module level and in a describe body, not in tests or hooks", () => {
    const text = [
      'import { nps, npsMetric } from "../src/index.ts";',
      "const a = nps([10]);",
      'describe("x", () => {',
      "  const b = nps([9]);",
      "  const m = npsMetric();",
      "  beforeAll(() => { nps([8]); });",
      '  it("y", () => { nps([7]); });',
      "});",
    ].join("\n");
    expect(loadTimeCalls("example.test.ts", text)).toEqual(["2 nps", "4 nps"]);
  });

  for (const file of testFiles(TEST_ROOT)) {
    it(file.slice(TEST_ROOT.length + 1), () => {
      expect(loadTimeCalls(file, readFileSync(file, "utf8"))).toEqual([]);
    });
  }
});
