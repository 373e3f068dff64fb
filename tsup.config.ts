import { defineConfig, type Options } from "tsup";

// TypeScript is pinned to 5.9.3 in package.json: typescript@7 (the Go port) has no
// compiler API that tsup's declaration build (rollup-plugin-dts) can drive, so `dts`
// fails with it. 5.9 supports every flag we use, isolatedDeclarations included.
//
// ESM is emitted one file per source module (bundle: false). With `sideEffects: false`, an
// application's bundler then drops every module an import does not reach, so importing one
// metric does not pull in the others. Its declarations come from `tsc -p tsconfig.build.json`
// (per module too). CommonJS is one bundled file per entry, with bundled `.d.cts` types.
const shared: Pick<Options, "sourcemap" | "target" | "external"> = {
  sourcemap: true,
  target: "es2022",
  // Runtime dependencies stay external: they are `dependencies`, never bundled.
  external: [/^zod/, /^date-fns/, /^@date-fns\/tz/, /^@stdlib\//, /^@duckdb\//],
};

export default defineConfig([
  {
    ...shared,
    entry: ["src/**/*.ts"],
    format: ["esm"],
    bundle: false,
    dts: false,
    clean: false,
  },
  // One CommonJS config per entry, so each `.d.cts` is self-contained: a declaration chunk shared
  // between entries is imported as `./chunk.cjs`, which Deno's type check cannot follow.
  ...["index", "duckdb"].map(
    (name): Options => ({
      ...shared,
      entry: { [name]: `src/${name}.ts` },
      format: ["cjs"],
      platform: "neutral",
      dts: true,
      clean: false,
      treeshake: true,
    }),
  ),
]);
