import { defineConfig } from "tsup";

// TypeScript is pinned to 5.9.3 in package.json: typescript@7 (the Go port) has no
// compiler API that tsup's declaration build (rollup-plugin-dts) can drive, so `dts`
// fails with it. 5.9 supports every flag we use, isolatedDeclarations included.
export default defineConfig({
  entry: { index: "src/index.ts", duckdb: "src/duckdb.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: "es2022",
  platform: "neutral",
  // Runtime dependencies stay external: they are `dependencies`, never bundled.
  external: [/^zod/, /^date-fns/, /^@date-fns\/tz/, /^@stdlib\//, /^@duckdb\//],
});
