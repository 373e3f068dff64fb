// Executes examples/notebook.ipynb headlessly, the way Deno's Jupyter kernel would: the code
// cells run in order in one Deno module (cwd examples/, as Jupyter starts a kernel in the
// notebook's folder), and each cell's last expression is "displayed" through the same protocol
// the kernel uses, `value[Symbol.for("Jupyter.display")]()`. A cell that throws, or a display
// bundle that is not plain JSON with text/plain and text/html (and a Vega-Lite v5 spec with
// inline data when a chart is asked for), fails its test. The executed notebook, with the
// bundles as outputs, is written to reports/notebook.ipynb for a person to open.
// Run: node --test test/runtime/notebook.mjs   (after the build; uses node_modules/.bin/deno)
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "..", "..");
const NOTEBOOK = join(ROOT, "examples", "notebook.ipynb");
// Beside the repository root, so the notebook's "../dist/index.js" resolves as from examples/.
const SCRIPT = join(ROOT, ".tmp", "notebook-run.ts");
const EXECUTED = join(ROOT, "reports", "notebook.ipynb");
const DENO = join(ROOT, "node_modules", ".bin", "deno");
const MARK = "\u0000nb\u0000";

const VEGA = "application/vnd.vegalite.v5+json";

/** Rewrites a cell so its last expression statement is passed to __show(index, value). */
function instrument(source, index) {
  const file = ts.createSourceFile(
    "cell.ts",
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const last = file.statements.at(-1);
  let body = source;
  if (last !== undefined && ts.isExpressionStatement(last)) {
    const expression = last.expression.getText(file);
    body = `${source.slice(0, last.getStart(file))}__show(${index}, (${expression}));${source.slice(last.end)}`;
  }
  return `__begin(${index});\n${body}\n__end(${index});\n`;
}

const PRELUDE = `
const __MARK = ${JSON.stringify(MARK)};
const __emit = (event) => console.log(__MARK + JSON.stringify(event));
const __begin = (cell) => __emit({ cell, event: "begin" });
const __end = (cell) => __emit({ cell, event: "end" });
const __show = async (cell, value) => {
  const display = value?.[Symbol.for("Jupyter.display")];
  if (typeof display === "function") {
    __emit({ cell, event: "display", bundle: await display.call(value) });
  } else {
    __emit({ cell, event: "result", text: Deno.inspect(value, { depth: 2 }) });
  }
};
`;

let notebook;
let events = [];
let run;

before(() => {
  notebook = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
  const parts = [PRELUDE];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type === "code") parts.push(instrument(cell.source.join(""), index));
  });
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  writeFileSync(SCRIPT, parts.join("\n"));
  run = spawnSync(
    DENO,
    ["run", "--no-lock", "--no-prompt", `--allow-read=${ROOT}`, "--allow-env", SCRIPT],
    {
      cwd: join(ROOT, "examples"),
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      timeout: 120_000,
    },
  );
  events = run.stdout
    .split("\n")
    .filter((line) => line.startsWith(MARK))
    .map((line) => JSON.parse(line.slice(MARK.length)));
  writeExecutedNotebook();
});

function writeExecutedNotebook() {
  let count = 0;
  const cells = notebook.cells.map((cell, index) => {
    if (cell.cell_type !== "code") return cell;
    const outputs = events
      .filter((e) => e.cell === index && (e.event === "display" || e.event === "result"))
      .map((e) => ({
        output_type: "execute_result",
        execution_count: count + 1,
        metadata: {},
        data: e.event === "display" ? e.bundle : { "text/plain": e.text },
      }));
    count++;
    return { ...cell, execution_count: count, outputs };
  });
  mkdirSync(join(ROOT, "reports"), { recursive: true });
  writeFileSync(EXECUTED, `${JSON.stringify({ ...notebook, cells }, null, 1)}\n`);
}

test("notebook: every code cell runs in Deno and displays plain MIME bundles", async (t) => {
  const codeCells = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === "code");
  if (codeCells.length < 5) throw new Error(`only ${codeCells.length} code cells`);

  for (const { cell, index } of codeCells) {
    await t.test(`cell ${index}: ${cell.source[0]?.trim().slice(0, 60)}`, () => {
      const ended = events.some((e) => e.cell === index && e.event === "end");
      if (!ended) {
        throw new Error(`cell ${index} did not finish:\n${run.stderr || run.error || ""}`);
      }
      for (const event of events.filter((e) => e.cell === index && e.event === "display")) {
        const bundle = event.bundle;
        if (typeof bundle["text/plain"] !== "string" || typeof bundle["text/html"] !== "string") {
          throw new Error("a display bundle needs text/plain and text/html");
        }
        if (!bundle["text/html"].startsWith("<table")) throw new Error("text/html is no table");
        const spec = bundle[VEGA];
        if (spec !== undefined) {
          if (spec.$schema !== "https://vega.github.io/schema/vega-lite/v5.json") {
            throw new Error(`unexpected $schema ${spec.$schema}`);
          }
          if (!Array.isArray(spec.data?.values) || spec.data.values.length === 0) {
            throw new Error("the chart has no inline data");
          }
          if (spec.data.values.some((row) => typeof row.metric !== "string")) {
            throw new Error("chart rows without a metric");
          }
        }
      }
    });
  }

  await t.test("the notebook shows at least three charts and three tables", () => {
    const bundles = events.filter((e) => e.event === "display").map((e) => e.bundle);
    const charts = bundles.filter((b) => b[VEGA] !== undefined).length;
    if (bundles.length < 3 || charts < 3) {
      throw new Error(`${bundles.length} bundles, ${charts} charts`);
    }
  });
  console.log(`executed notebook: ${EXECUTED}`);
});
