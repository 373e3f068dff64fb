// Shared helpers for the customer and value tests: fixtures, DuckDB and the common helpers
// (test/helpers.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

export * from "../helpers.ts";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Reads the named columns of a CSV without quoted fields (true of the fixtures used here). */
export function readSimpleCsv<K extends string>(
  path: string,
  columns: readonly K[],
): Record<K, string>[] {
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const header = (lines.shift() ?? "").split(",");
  const at = columns.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name} in ${path}`);
    return i;
  });
  return lines.map((line) => {
    const cells = line.split(",");
    if (cells.length !== header.length) throw new Error(`unexpected line: ${line}`);
    return Object.fromEntries(columns.map((name, k) => [name, cells[at[k] ?? -1] ?? ""])) as Record<
      K,
      string
    >;
  });
}

/** Runs SQL in a fresh in-memory DuckDB and returns the named columns as numbers or strings. */
export async function sql<K extends string>(
  query: string,
  columns: readonly K[],
): Promise<Record<K, string>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(query);
    return reader
      .getRowObjectsJson()
      .map(
        (row) => Object.fromEntries(columns.map((c) => [c, String(row[c])])) as Record<K, string>,
      );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal of a path. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
