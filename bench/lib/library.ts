// The library as the benchmarks use it: the BUILT package (dist/, through the package's own
// name), typed from the sources. Run `npx tsup` (or `npm run bench`, which builds) first.
import type * as Columnar from "../../src/columnar/index.ts";
import type * as Api from "../../src/index.ts";
import type * as Sql from "../../src/sql/index.ts";

/** The public API, including the columnar and SQL modules. */
export type Library = typeof Api & typeof Columnar & typeof Sql;

/**
 * The module the benchmarks import: the built package by name, or `BENCH_LIBRARY` (a file URL
 * or path of another build of it) when set.
 */
export const LIBRARY: string = process.env["BENCH_LIBRARY"] ?? "engagement-metrics";

/** Imports the built package by name (a variable specifier keeps the type check off dist/). */
export async function library(): Promise<Library> {
  const specifier = LIBRARY;
  const lib = (await import(specifier)) as Library;
  if (typeof lib.bySegmentColumns !== "function") {
    throw new Error(
      'dist/ has no columnar API: add `export * from "./columnar/index.js"` to src/index.ts and run `npx tsup`',
    );
  }
  return lib;
}
